"""users and posts"""
import sqlalchemy as sa
from alembic import op

import ebb.alembic

revision = "0a1"
down_revision = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
    )
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("title", sa.String(200), nullable=False),
    )


def downgrade():
    ebb.alembic.revert()
