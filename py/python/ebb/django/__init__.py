"""Computed reverts for Django migrations: add ``"ebb.django"`` to ``INSTALLED_APPS`` and run

    python manage.py ebb_migrate_down APP TARGET [--dry-run]

The command reverts APP to migration TARGET (``zero``: everything) the way ``migrate APP
TARGET`` would — the same migrations, dependents in other apps included — but computes the
statements: it collects every applied migration's SQL from Django's schema editor (as
``sqlmigrate`` does), replays it with ebb, inspects the live database through Django's
connection, runs the plan's data checks before any change, executes the plan and records the
migrations as unapplied. Migrations Django calls irreversible (``RunSQL`` without
``reverse_sql``) revert like any other.
"""
from typing import Any, List, Optional, Tuple

import ebb


_DIALECTS = {"postgresql": "postgres", "mysql": "mysql", "sqlite": "sqlite"}


def _sql_of(loader, migration) -> str:
    statements = loader.collect_sql([(migration, False)])
    out = []
    for st in statements:
        s = st.strip()
        if s.upper() in ("BEGIN;", "COMMIT;"):
            continue
        if s and not s.startswith("--") and not s.endswith(";"):
            s += ";"
        out.append(s)
    return "\n".join(out) + "\n"


_SKIP = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")


def _executed_sql(loader, connection, order) -> List[str]:
    """SQLite: the SQL each migration really runs, captured by applying them to a scratch
    in-memory database. (What `sqlmigrate` prints for SQLite table rebuilds orders columns
    differently from what Django executes, and column order is part of a SQLite schema.)"""
    from django.db import connections

    alias = "ebb_scratch"
    connections.settings[alias] = {**connection.settings_dict, "NAME": ":memory:"}
    scratch = connections[alias]
    from django.db.migrations.executor import MigrationExecutor

    per: dict = {}
    current: list = [None]

    def progress(action, migration=None, fake=False):
        if action == "apply_start":
            current[0] = (migration.app_label, migration.name)
            per[current[0]] = []

    def capture(execute, sql, params, many, context):
        if current[0] is not None:
            per[current[0]].append((sql, params))
        return execute(sql, params, many, context)

    out = []
    try:
        # Applied the way `migrate` applies them, so that the SQL is what Django runs.
        executor = MigrationExecutor(scratch, progress_callback=progress)
        with scratch.execute_wrapper(capture):
            executor.migrate([(m.app_label, m.name) for m in order], plan=[(m, False) for m in order])
        with scratch.schema_editor() as editor:
            for m in order:
                lines = []
                for sql, params in per.get((m.app_label, m.name), []):
                    if sql.lstrip().split(None, 1)[0].upper() in _SKIP or "django_migrations" in sql:
                        continue
                    if params:
                        sql = sql % tuple(editor.quote_value(p) for p in params)
                    lines.append(sql.rstrip().rstrip(";") + ";")
                out.append("\n".join(lines) + "\n")
    finally:
        scratch.close()
        del connections[alias]
        del connections.settings[alias]
    return out


def compute(app_label: str, target: Optional[str], connection: Any) -> Tuple[ebb.DownPlan, List[Tuple[str, str]], List[str]]:
    """The plan that reverts ``app_label`` to ``target`` (None: zero) on ``connection``.

    Returns the plan, the migrations it unapplies ``(app, name)`` (the ones ``migrate`` would),
    and the tables found live that no migration created (left alone: they are not planned)."""
    from django.db.migrations.executor import MigrationExecutor

    dialect = _DIALECTS.get(connection.vendor)
    if dialect is None:
        raise ebb.InputError(f"ebb does not support the {connection.vendor} database backend")
    executor = MigrationExecutor(connection)
    loader = executor.loader
    if target is not None:
        target = loader.get_migration_by_prefix(app_label, target).name
    backwards = executor.migration_plan([(app_label, target)])
    if any(not b for _, b in backwards):
        raise ebb.VersionError(f"{app_label} {target} is ahead of the database: nothing to revert")
    revert = {(m.app_label, m.name) for m, _ in backwards}
    applied = set(loader.applied_migrations)
    # Every applied migration in an order Django could have applied them, the ones to revert
    # last: they are closed under dependents, so this order respects every dependency.
    forwards = [m for m, _ in executor.migration_plan(loader.graph.leaf_nodes(), clean_start=True)
                if (m.app_label, m.name) in applied]
    kept = [m for m in forwards if (m.app_label, m.name) not in revert]
    gone = [m for m in forwards if (m.app_label, m.name) in revert]
    order = kept + gone
    if dialect == "sqlite":
        sqls = _executed_sql(loader, connection, order)
    else:
        sqls = [_sql_of(loader, m) for m in order]
    files = [(f"{i + 1:05d}_{m.app_label}_{m.name}.sql", sql) for i, (m, sql) in enumerate(zip(order, sqls))]
    d = ebb.MigrationDir.from_files(files)
    current = f"{len(order):05d}"
    revisions = ebb.revisions_up_to(d, dialect, current)
    expected = d.schema(dialect)
    connection.ensure_connection()
    live = ebb.inspect(connection.connection, dialect).without_tables(["django_migrations"])
    foreign = [t for t in live.tables if t not in expected.tables]
    live = live.without_tables(foreign)
    to = f"{len(kept):05d}" if kept else "0"
    if not gone:
        raise ebb.VersionError(f"{app_label} is already at {target or 'zero'}: nothing to revert")
    plan = ebb.plan_down(d, revisions, to, dialect=dialect, actual=live)
    return plan, [(m.app_label, m.name) for m in reversed(gone)], foreign


def run(plan: ebb.DownPlan, connection: Any) -> None:
    """Checks first, then the statements, in one transaction where the database allows."""
    from django.db import transaction

    with transaction.atomic(using=connection.alias, savepoint=False):
        with connection.cursor() as c:

            def scalar(sql):
                c.execute(sql)
                return c.fetchone()[0]

            ebb.execute(plan, c.execute, scalar)
