"""users.email and an index on posts.title"""
import sqlalchemy as sa
from alembic import op

import ebb.alembic

revision = "0b2"
down_revision = "0a1"


def upgrade():
    op.add_column("users", sa.Column("email", sa.String(100)))
    op.create_index("ix_posts_title", "posts", ["title"])


def downgrade():
    ebb.alembic.revert()
