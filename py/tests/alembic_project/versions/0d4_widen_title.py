"""posts.title widened (SQLite, which Alembic cannot alter in place: a tags table instead)"""
import sqlalchemy as sa
from alembic import op

import ebb.alembic

revision = "0d4"
down_revision = "0c3"


def upgrade():
    if op.get_context().dialect.name == "sqlite":
        op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True), sa.Column("label", sa.String(30)))
    else:
        op.alter_column("posts", "title", type_=sa.String(300), existing_type=sa.String(200))


def downgrade():
    ebb.alembic.revert()
