"""users.name becomes users.full_name"""
from alembic import op

import ebb.alembic

revision = "0c3"
down_revision = "0b2"


def upgrade():
    op.alter_column("users", "name", new_column_name="full_name")


def downgrade():
    ebb.alembic.revert()
