"""Computed downgrades for Alembic: write ``upgrade()`` only.

In a revision file::

    import ebb.alembic

    def downgrade():
        ebb.alembic.revert()

``revert()`` takes the SQL every revision from the base up to this one executed (see
"Recording what ran" below), inspects the live database through Alembic's connection, plans the way back to the down revision with ebb's core, runs the plan's
data checks (raising :class:`ebb.CheckFailed` before any change when a step would lose rows)
and executes the statements in Alembic's transaction. Under ``alembic downgrade --sql`` it
prints the plan computed from the history alone.

Recording what ran: in ``env.py``'s online mode, configure the context with
``context.configure(connection=connection, **ebb.alembic.recording(connection))``; every
``alembic upgrade`` then records the SQL each revision executed in ``ebb_schema_revisions``
(described ``alembic:<revision>``; ``ebb migrate status`` lists them), and a downgrade replays
exactly that — batch-mode table rebuilds, data steps that use ``op.get_bind()``, whatever
``upgrade()`` asked the database. Revisions applied before recording existed are run again,
online, in an empty scratch database of the same kind (SQLite in memory; on PostgreSQL/MySQL a
database ebb creates and drops). Only ``--sql`` (offline) renders ``upgrade()`` without a
database, and names the revision it cannot render.

Histories must be linear (one head, no merges).
"""
import inspect as _inspect
import io
import re
import time
import uuid
from datetime import date, datetime, time as dtime
from typing import Any, Dict, List, Optional, Tuple

from alembic import op
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import Script, ScriptDirectory

import ebb
from ebb import _record

_DIALECTS = {"postgresql": "postgres", "mysql": "mysql", "mariadb": "mysql", "sqlite": "sqlite"}


def _dialect(name: str) -> str:
    try:
        return _DIALECTS[name]
    except KeyError:
        raise ebb.InputError(f"ebb does not support the {name} dialect of SQLAlchemy") from None


def chain(script: ScriptDirectory, head: str) -> List[Script]:
    """Revisions from the base up to ``head``, oldest first."""
    revs = list(script.walk_revisions("base", head))
    revs.reverse()
    for r in revs:
        if isinstance(r.down_revision, (tuple, list)) and len(r.down_revision) > 1:
            raise ebb.InputError(f"revision {r.revision} merges branches: ebb.alembic needs a linear history")
    return revs


def upgrade_sql(rev: Script, dialect_name: str) -> str:
    """The SQL ``rev.upgrade()`` emits for a dialect (offline mode, literal values)."""
    buf = io.StringIO()
    ctx = MigrationContext.configure(
        dialect_name=dialect_name,
        opts={"as_sql": True, "output_buffer": buf, "literal_binds": True},
    )
    # Alembic's `op` is one module-level proxy: ours for the capture, then the running
    # migration's again (Operations.context would leave none).
    _with_proxy(Operations(ctx), rev.module.upgrade)
    return buf.getvalue()


def _literal(v: Any, dialect: str) -> str:
    """A bound value as SQL text, for recording a statement the driver ran with parameters."""
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return ("1" if v else "0") if dialect == "sqlite" else ("TRUE" if v else "FALSE")
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return "X'" + bytes(v).hex() + "'"
    if isinstance(v, (datetime, date, dtime)):
        v = v.isoformat(sep=" ") if isinstance(v, datetime) else v.isoformat()
    return "'" + str(v).replace("'", "''") + "'"


def _inline(statement: str, parameters: Any, paramstyle: str, dialect: str) -> str:
    """``statement`` with the driver's parameters written in (qmark, format or pyformat)."""
    if not parameters:
        return statement
    if isinstance(parameters, dict):
        return re.sub(r"%\((\w+)\)s|%%", lambda m: _literal(parameters[m.group(1)], dialect)
                      if m.group(1) else "%", statement)
    values = iter(parameters)
    pattern = r"\?" if paramstyle == "qmark" else r"%s|%%"
    return re.sub(pattern, lambda m: "%" if m.group(0) == "%%" else _literal(next(values), dialect),
                  statement)


class _Recorder:
    """Collects the statements a SQLAlchemy connection runs (``before_cursor_execute``); with
    a revision table, records them per revision as Alembic reports each applied."""

    def __init__(self, connection, version_table: str = "alembic_version", table: bool = True):
        self.connection = connection
        self.dialect = _dialect(connection.dialect.name)
        self.paramstyle = connection.dialect.paramstyle
        self.version_table = version_table
        self.pending: List[str] = []
        self.started = time.monotonic()
        self.busy = False
        self.table = None
        if table:
            placeholder = "?" if self.paramstyle == "qmark" else "%s"
            self.table = _record.RevisionTable(
                self.dialect, lambda sql, params: connection.exec_driver_sql(sql, tuple(params)),
                lambda sql: connection.exec_driver_sql(sql).fetchall(), placeholder)

    def before(self, conn, cursor, statement, parameters, context, executemany):
        if self.busy or not _record.recordable(statement, (self.version_table,)):
            return
        for p in (parameters if executemany else [parameters]):
            self.pending.append(_inline(statement, p, self.paramstyle, self.dialect).rstrip().rstrip(";") + ";")

    def take(self) -> str:
        sql = "\n".join(self.pending) + ("\n" if self.pending else "")
        self.pending = []
        self.started = time.monotonic()
        return sql

    def on_version_apply(self, ctx, step, heads, run_args) -> None:
        millis = int((time.monotonic() - self.started) * 1000)
        sql = self.take()
        self.busy = True
        try:
            if step.is_upgrade:
                self.table.save(f"alembic:{step.up_revision_id}", sql, millis)
            else:
                self.table.delete(f"alembic:{step.up_revision_id}")
        finally:
            self.busy = False


def recording(connection, version_table: str = "alembic_version") -> Dict[str, Any]:
    """Arguments for ``context.configure`` in env.py's online mode that record each
    revision's executed SQL as Alembic applies it::

        context.configure(connection=connection, **ebb.alembic.recording(connection))
    """
    from sqlalchemy import event

    rec = _Recorder(connection, version_table)
    event.listen(connection, "before_cursor_execute", rec.before)
    return {"on_version_apply": rec.on_version_apply}


def _with_proxy(ops: Operations, f):
    """Run ``f`` with Alembic's module-level ``op`` pointing at ``ops``; the running
    migration's proxy is put back after."""
    from alembic import op as op_module

    previous = getattr(op_module, "_proxy", None)
    ops._install_proxy()
    try:
        return f()
    finally:
        if previous is not None:
            previous._install_proxy()
        else:
            ops._remove_proxy()


def executed_sql(revs: List[Script], bind) -> List[str]:
    """What each revision's ``upgrade()`` executes, run online in an empty scratch database of
    the kind ``bind`` is connected to (SQLite in memory; PostgreSQL/MySQL a database created
    beside it and dropped after), so that batch mode, ``op.get_bind()`` and reflection work."""
    import sqlalchemy
    from sqlalchemy import event, pool

    url = bind.engine.url
    drop = None
    if bind.dialect.name == "sqlite":
        scratch_url = url.set(database=":memory:")
    else:
        name = "ebb_scratch_" + uuid.uuid4().hex[:12]
        admin = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
        quoted = bind.dialect.identifier_preparer.quote(name)
        try:
            with admin.connect() as c:
                c.exec_driver_sql(f"CREATE DATABASE {quoted}")
        except Exception as e:  # noqa: BLE001 - any driver's error, named in ours
            admin.dispose()
            raise ebb.EbbError(
                f"ebb runs the revisions in a scratch database on the same server and could not "
                f"create one ({e}); grant the database user the right to create databases "
                f"(PostgreSQL: ALTER ROLE … CREATEDB; MySQL: GRANT CREATE, DROP ON *.*)") from e

        def drop_scratch():
            with admin.connect() as c:
                c.exec_driver_sql(f"DROP DATABASE IF EXISTS {quoted}")
            admin.dispose()

        drop = drop_scratch

        scratch_url = url.set(database=name)
    engine = sqlalchemy.create_engine(scratch_url, poolclass=pool.StaticPool if drop is None else pool.NullPool)
    out = []
    try:
        with engine.connect() as conn:
            rec = _Recorder(conn, table=False)
            event.listen(conn, "before_cursor_execute", rec.before)
            ops = Operations(MigrationContext.configure(conn))
            for r in revs:
                rec.take()
                with conn.begin():
                    try:
                        _with_proxy(ops, r.module.upgrade)
                    except Exception as e:
                        raise ebb.EbbError(f"revision {r.revision} ({r.path}) failed when ebb ran it in a "
                                           f"scratch database to see what it executes: {e}") from e
                out.append(rec.take())
    finally:
        engine.dispose()
        if drop is not None:
            drop()
    return out


def history(script: ScriptDirectory, head: str, dialect_name: str, bind=None) -> Tuple[ebb.MigrationDir, List[Script]]:
    """The revisions up to ``head`` as an ebb directory (version ``0001`` is the first): the
    SQL each recorded as it ran; else, with a live ``bind``, what it executes in a scratch
    database; else (``--sql``) what ``upgrade()`` renders offline."""
    revs = chain(script, head)
    found: List[Optional[str]] = [None] * len(revs)
    if bind is not None:
        rec = _Recorder(bind)
        rows = rec.table.rows()
        found = [rows.get(f"alembic:{r.revision}", (None, None))[1] for r in revs]
        if any(sql is None for sql in found):
            again = executed_sql(revs, bind)
            found = [sql if sql is not None else a for sql, a in zip(found, again)]
    else:
        for i, r in enumerate(revs):
            try:
                found[i] = upgrade_sql(r, dialect_name)
            except Exception as e:
                raise ebb.EbbError(f"revision {r.revision} ({r.path}) cannot be rendered without a "
                                   f"database (--sql): {e}; run the downgrade against the database") from e
    files = [(f"{i + 1:04d}_{r.revision}.sql", sql) for i, (r, sql) in enumerate(zip(revs, found))]
    return ebb.MigrationDir.from_files(files), revs


def _version(revs: List[Script], rev: Optional[str]) -> str:
    if rev is None:
        return "0"
    for i, r in enumerate(revs):
        if r.revision == rev:
            return f"{i + 1:04d}"
    raise ebb.VersionError(f"revision {rev} is not in the history")


def compute(script: ScriptDirectory, current: str, target: Optional[str], dialect_name: str,
            bind: Any = None, version_table: str = "alembic_version") -> ebb.DownPlan:
    """The plan that takes a database at revision ``current`` to ``target`` (None: base);
    ``bind`` is the live SQLAlchemy connection (None: plan from the history alone)."""
    dialect = _dialect(dialect_name)
    names = {f"{i + 1:04d}_{r.revision}.sql": f"revision {r.revision} ({r.path})"
             for i, r in enumerate(chain(script, current))}
    try:
        d, revs = history(script, current, dialect_name, bind)
        revisions = ebb.revisions_up_to(d, dialect, _version(revs, current))
        actual = None
        if bind is not None:
            actual = ebb.inspect(bind.connection.dbapi_connection, dialect).without_tables(
                [version_table, _record.TABLE])
        return ebb.plan_down(d, revisions, _version(revs, target), dialect=dialect, actual=actual)
    except ebb.EbbError as e:
        # The file names are ebb's own: say which revision, as the user knows it.
        raise ebb._named(e, names) from e


def revert() -> None:
    """Revert the revision whose ``downgrade()`` calls this (see the module's doc)."""
    caller = _inspect.currentframe().f_back.f_globals
    current, down = caller["revision"], caller.get("down_revision")
    if isinstance(down, (tuple, list)):
        raise ebb.InputError(f"revision {current} merges branches: ebb.alembic needs a linear history")
    ctx = op.get_context()
    script = ctx.environment_context.script if ctx.environment_context else None
    if script is None:
        raise ebb.InputError("ebb.alembic.revert() runs inside an Alembic migration (env.py context)")
    version_table = ctx.version_table
    if ctx.as_sql:
        plan = compute(script, current, down, ctx.dialect.name)
        for st in plan.statements:
            op.execute(st)
        return
    bind = op.get_bind()
    plan = compute(script, current, down, bind.dialect.name, bind, version_table)
    # Inside Alembic's transaction, which also moves its version table.
    ebb.execute(plan, bind.connection.dbapi_connection, unapplied=lambda version: None,
                ignore_tables=[version_table, _record.TABLE], in_transaction=True)


def main(argv: Optional[List[str]] = None) -> int:
    """``python -m ebb.alembic downgrade -c alembic.ini TARGET [--sql] [--url URL]``: compute
    the revert of the database's current revision to TARGET (a revision or ``base``) and print
    it (``--sql``) or run it (checks first) and stamp the version table. Works whatever the
    revision files' ``downgrade()`` say."""
    import argparse
    import sys

    ap = argparse.ArgumentParser(
        prog="python -m ebb.alembic",
        description="Computed downgrades for an Alembic project: ebb plans the way back from "
        "the live database and the SQL of every upgrade(), and refuses to lose data.",
    )
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("downgrade", help="revert the database to TARGET (a revision id or base)")
    d.add_argument("target")
    d.add_argument("-c", "--config", default="alembic.ini", help="Alembic configuration file")
    d.add_argument("--url", help="database URL (default: sqlalchemy.url of the configuration)")
    d.add_argument("--sql", action="store_true",
                   help="print the plan and run its checks (read-only); change nothing")
    args = ap.parse_args(argv)

    try:
        plan, current = downgrade(args.config, args.target, url=args.url, sql=args.sql)
        if plan is None:
            print("Nothing to revert: the database has no Alembic revision")
        elif args.sql:
            print(plan.to_sql(), end="")
        else:
            print(f"Reverted {current} -> {args.target}: {len(plan.statements)} statement(s)")
        return 0
    except ebb.CheckFailed as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except ebb.EbbError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


def downgrade(config: Any, target: str, url: Optional[str] = None,
              sql: bool = False) -> Tuple[Optional[ebb.DownPlan], Optional[str]]:
    """Revert the database of an Alembic project (``config``: the path of its alembic.ini or
    an ``alembic.config.Config``) to ``target`` (a revision or ``base``): checks first (raising
    :class:`ebb.CheckFailed`, nothing changed), then the plan, the version table stamped and
    the reverted revisions' recorded SQL removed, in one transaction. ``sql=True`` computes
    the plan and runs its checks only (read-only), changing nothing. Returns the plan and the revision it started from (None,
    None when the database has no revision)."""
    import sqlalchemy
    from alembic.config import Config

    cfg = config if isinstance(config, Config) else Config(config)
    script = ScriptDirectory.from_config(cfg)
    engine = sqlalchemy.create_engine(url or cfg.get_main_option("sqlalchemy.url"))
    try:
        goal = None if target == "base" else script.get_revision(target).revision
        with engine.connect() as conn:
            mctx = MigrationContext.configure(conn)
            current = mctx.get_current_revision()
            if current is None:
                return None, None
            plan = compute(script, current, goal, conn.dialect.name, conn, mctx.version_table)
            conn.commit()
            # ebb opens and ends the transaction (the order of a run is the core's, the
            # CLI's too): the driver in autocommit mode, so that its BEGIN is the only one.
            conn.execution_options(isolation_level="AUTOCOMMIT")
            ignored = [mctx.version_table, _record.TABLE]
            if sql:
                # The checks are read-only: they run, so that the plan printed is one that
                # would run (CheckFailed otherwise).
                ebb.execute(plan, conn.connection.dbapi_connection, unapplied=lambda version: None,
                            ignore_tables=ignored, dry_run=True)
                return plan, current
            revs = chain(script, current)
            by_version = {f"{i + 1:04d}": r for i, r in enumerate(revs)}
            table = _Recorder(conn).table
            prep = conn.dialect.identifier_preparer
            versions = prep.quote(mctx.version_table)
            if mctx.version_table_schema:
                versions = f"{prep.quote_schema(mctx.version_table_schema)}.{versions}"

            def unapplied(version: str) -> None:
                # In the revert's transaction: the version table names the revision before.
                r = by_version[version]
                conn.exec_driver_sql(f"DELETE FROM {versions}")
                if r.down_revision:
                    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
                    conn.exec_driver_sql(f"INSERT INTO {versions} (version_num) VALUES ({mark})",
                                         (r.down_revision,))
                table.delete(f"alembic:{r.revision}")

            ebb.execute(plan, conn.connection.dbapi_connection, unapplied=unapplied,
                        ignore_tables=ignored)
        return plan, current
    finally:
        engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
