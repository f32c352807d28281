"""Computed reverts for Django migrations: add ``"ebb.django"`` to ``INSTALLED_APPS`` and run

    python manage.py ebb_migrate_down APP TARGET [--dry-run]

The command reverts APP to migration TARGET (``zero``: everything) the way ``migrate APP
TARGET`` would — the same migrations, dependents in other apps included — but computes the
statements: it captures the SQL every applied migration runs by applying them to an empty
scratch database of the same kind, replays that SQL with ebb, inspects the live database
through Django's connection, runs the plan's data checks before any change, executes the plan
and records the migrations as unapplied. Migrations Django calls irreversible (``RunSQL`` without
``reverse_sql``) revert like any other.
"""
import uuid
from typing import Any, Dict, List, Optional, Tuple

import ebb
from ebb.django import recording


_DIALECTS = {"postgresql": "postgres", "mysql": "mysql", "sqlite": "sqlite"}


def _executed_sql(loader, connection, order) -> List[str]:
    """The SQL each migration really runs, captured by applying them, in ``order``, to an
    empty scratch database of the same kind: SQLite in memory, PostgreSQL/MySQL a database on
    the same server that ebb creates and drops. (Rendering them offline, as ``sqlmigrate``
    does, asks the live database at its current state what to drop: a removed
    ``unique_together`` is not found there, a dropped constraint is lost. On SQLite the columns
    of a rebuilt table also come out in another order than Django runs them.)"""
    from django.db import connections

    alias = "ebb_scratch"
    settings = dict(connection.settings_dict)
    drop = None
    if connection.vendor == "sqlite":
        settings["NAME"] = ":memory:"
    else:
        name = "ebb_scratch_" + uuid.uuid4().hex[:12]
        quoted = connection.ops.quote_name(name)
        try:
            with connection._nodb_cursor() as c:
                c.execute(f"CREATE DATABASE {quoted}")
        except Exception as e:  # noqa: BLE001 - any driver's error, named in ours
            raise ebb.EbbError(
                f"ebb replays the migrations in a scratch database on the same server and could "
                f"not create one ({e}); grant the database user the right to create databases "
                f"(PostgreSQL: ALTER ROLE … CREATEDB; MySQL: GRANT CREATE, DROP ON *.*)"
            ) from e
        settings["NAME"] = name

        def drop_scratch():
            with connection._nodb_cursor() as c:
                c.execute(f"DROP DATABASE IF EXISTS {quoted}")

        drop = drop_scratch

    connections.settings[alias] = settings
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
        editor = scratch.SchemaEditorClass(scratch, collect_sql=True)
        for m in order:
            lines = [recording.statement_text(editor, sql, params)
                     for sql, params in per.get((m.app_label, m.name), [])]
            out.append("\n".join(x for x in lines if x) + "\n")
    finally:
        scratch.close()
        del connections[alias]
        del connections.settings[alias]
        if drop is not None:
            drop()
    return out


def _fills(loader, states, connection) -> Dict[Tuple[str, str], str]:
    """Each NOT NULL column of the models as they are in ``states`` (lists of applied
    migrations; a later state's value wins), with the value Django's schema editor gives rows
    that exist when such a column is added or made NOT NULL (the field's default; for a text
    field without one, the empty text): a revert re-adding it writes the same, as Django's own
    reverse would, instead of refusing; a revert dropping it counts only other values as data."""
    out = {}
    editor = connection.SchemaEditorClass(connection, collect_sql=True)
    for migrations in states:
        nodes = [(m.app_label, m.name) for m in migrations]
        if nodes:
            out.update(_fills_at(loader.project_state(nodes, at_end=True), editor))
    return out


def _fills_at(state, editor) -> Dict[Tuple[str, str], str]:
    out = {}
    for model in state.apps.get_models():
        for field in model._meta.local_concrete_fields:
            if field.null or not field.column or getattr(field, "generated", False):
                continue
            try:
                value = editor.effective_default(field)
            except Exception:  # noqa: BLE001 - a default Django cannot compute here: no fill
                continue
            if value is None and field.empty_strings_allowed:
                # A text column re-added NOT NULL without a default: Django's own reverse
                # re-adds it and lets a RunPython fill it (contenttypes 0002 does); the values
                # went with the column's drop, so the empty text loses nothing.
                value = ""
            if value is None:
                continue
            out[(model._meta.db_table, field.column)] = editor.quote_value(value)
    return out


def _sql_that_ran(loader, connection, order) -> List[str]:
    """The SQL of each migration of ``order``: as recorded when it ran (see
    :mod:`ebb.django.recording`); for a history applied before recording existed, rebuilt by
    applying the migrations to a scratch database (:func:`_executed_sql`)."""
    recorded = recording.Statements(connection).rows()
    found = [recorded.get(f"{m.app_label}.{m.name}", (None, None))[1] for m in order]
    if all(sql is not None for sql in found):
        return found
    rebuilt = _executed_sql(loader, connection, order)
    return [sql if sql is not None else again for sql, again in zip(found, rebuilt)]


def compute(app_label: str, target: Optional[str], connection: Any
            ) -> Tuple[ebb.DownPlan, Dict[str, Tuple[str, str]], Dict[str, str]]:
    """The plan that reverts ``app_label`` to ``target`` (None: zero) on ``connection``, the
    migrations it unapplies ``{plan version: (app, name)}``, newest first (the ones
    ``migrate`` would), and the name of each
    migration by the file name ebb gave its SQL (for warnings). What the database has that no
    migration made (a hand-made index, a table of an app without migrations) is left alone and
    named by the plan's EW010 warnings."""
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
    if not gone:
        raise ebb.VersionError(f"{app_label} is already at {target or 'zero'}: nothing to revert")
    order = kept + gone
    sqls = _sql_that_ran(loader, connection, order)
    files = [(f"{i + 1:05d}_{m.app_label}_{m.name}.sql", sql) for i, (m, sql) in enumerate(zip(order, sqls))]
    names = {f: f"migration {m.app_label}.{m.name}" for (f, _), m in zip(files, order)}
    try:
        d = ebb.MigrationDir.from_files(files)
        revisions = ebb.revisions_up_to(d, dialect, f"{len(order):05d}")
        connection.ensure_connection()
        # Tables no migration created stay as they are: the plan undoes only what the reverted
        # migrations did, and names such drift in an EW010 warning.
        live = ebb.inspect(connection.connection, dialect).without_tables(
            ["django_migrations", recording.ebb_table()])
        to = f"{len(kept):05d}" if kept else "0"
        plan = ebb.plan_down(d, revisions, to, dialect=dialect, actual=live,
                             fills=_fills(loader, [forwards, kept], connection))
    except ebb.EbbError as e:
        # The files are made up: say which migration, as the user knows it.
        raise ebb._named(e, names) from e
    versions = {f"{i + 1:05d}": (m.app_label, m.name) for i, m in enumerate(order)}
    newest_first = dict(reversed([(v, am) for v, am in versions.items() if int(v) > len(kept)]))
    return plan, newest_first, names


def run(plan: ebb.DownPlan, connection: Any, unapplied: Dict[str, Tuple[str, str]]) -> int:
    """Run the plan as ``ebb migrate down`` runs one (:func:`ebb.execute`: checks first, one
    transaction where the database allows, verified against the target before the commit),
    recording each migration of ``unapplied`` (by the plan's version) as unapplied inside it.
    Returns the number of statements that ran."""
    from django.db.migrations.recorder import MigrationRecorder

    if connection.in_atomic_block or not connection.get_autocommit():
        raise ebb.InputError("ebb reverts in a transaction of its own: run it outside transaction.atomic "
                             "and with AUTOCOMMIT on")
    recorded = recording.Statements(connection)
    table = connection.ops.quote_name(MigrationRecorder.Migration._meta.db_table)

    def record(version: str) -> None:
        app, name = unapplied[version]
        with connection.cursor() as c:
            c.execute(f"DELETE FROM {table} WHERE app = %s AND name = %s", [app, name])
        recorded.delete(f"{app}.{name}")

    connection.ensure_connection()
    return ebb.execute(plan, connection.connection, unapplied=record,
                       ignore_tables=["django_migrations", recording.ebb_table()])


def check(plan: ebb.DownPlan, connection: Any) -> None:
    """Run the plan's checks only, read-only (a dry run): :class:`ebb.CheckFailed` names what
    the real run would refuse."""
    connection.ensure_connection()
    ebb.execute(plan, connection.connection, unapplied=lambda version: None, dry_run=True,
                ignore_tables=["django_migrations", recording.ebb_table()])
