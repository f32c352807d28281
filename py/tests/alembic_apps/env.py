"""env.py of the real-project check: a project's usual online env.py with ebb's one-line
recording hook. The revisions are optuna's own (its installed package's versions directory,
given as version_locations); nothing of optuna is copied here."""
from alembic import context
from sqlalchemy import engine_from_config, pool

import ebb.alembic

config = context.config


def run_online():
    engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.",
                                poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, **ebb.alembic.recording(connection))
        with context.begin_transaction():
            context.run_migrations()


run_online()
