"""Computed downgrades for Alembic: write ``upgrade()`` only.

In a revision file::

    import ebb.alembic

    def downgrade():
        ebb.alembic.revert()

``revert()`` takes the SQL that ``upgrade()`` of every revision from the base up to this one
emits (Alembic's offline mode, for the database's dialect), inspects the live database through
Alembic's connection, plans the way back to the down revision with ebb's core, runs the plan's
data checks (raising :class:`ebb.CheckFailed` before any change when a step would lose rows)
and executes the statements in Alembic's transaction. Under ``alembic downgrade --sql`` it
prints the plan computed from the history alone.

Histories must be linear (one head, no merges).
"""
import inspect as _inspect
import io
from typing import Any, List, Optional, Tuple

from alembic import op
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import Script, ScriptDirectory

import ebb

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
    # Alembic's `op` is one module-level proxy: install ours for the capture and put back the
    # one of the migration that is running (Operations.context would leave none).
    from alembic import op as op_module

    previous = getattr(op_module, "_proxy", None)
    ops = Operations(ctx)
    ops._install_proxy()
    try:
        rev.module.upgrade()
    finally:
        if previous is not None:
            previous._install_proxy()
        else:
            ops._remove_proxy()
    return buf.getvalue()


def history(script: ScriptDirectory, head: str, dialect_name: str) -> Tuple[ebb.MigrationDir, List[Script]]:
    """The revisions up to ``head`` as an ebb directory: version ``0001`` is the first."""
    revs = chain(script, head)
    files = [(f"{i + 1:04d}_{r.revision}.sql", upgrade_sql(r, dialect_name)) for i, r in enumerate(revs)]
    return ebb.MigrationDir.from_files(files), revs


def _version(revs: List[Script], rev: Optional[str]) -> str:
    if rev is None:
        return "0"
    for i, r in enumerate(revs):
        if r.revision == rev:
            return f"{i + 1:04d}"
    raise ebb.VersionError(f"revision {rev} is not in the history")


def compute(script: ScriptDirectory, current: str, target: Optional[str], dialect_name: str,
            dbapi_connection: Any = None, version_table: str = "alembic_version") -> ebb.DownPlan:
    """The plan that takes a database at revision ``current`` to ``target`` (None: base)."""
    dialect = _dialect(dialect_name)
    d, revs = history(script, current, dialect_name)
    revisions = ebb.revisions_up_to(d, dialect, _version(revs, current))
    actual = None
    if dbapi_connection is not None:
        actual = ebb.inspect(dbapi_connection, dialect).without_tables([version_table])
    return ebb.plan_down(d, revisions, _version(revs, target), dialect=dialect, actual=actual)


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
    raw = bind.connection.dbapi_connection
    plan = compute(script, current, down, bind.dialect.name, raw, version_table)
    ebb.execute(plan, bind.exec_driver_sql, lambda sql: bind.exec_driver_sql(sql).scalar())


def main(argv: Optional[List[str]] = None) -> int:
    """``python -m ebb.alembic downgrade -c alembic.ini TARGET [--sql] [--url URL]``: compute
    the revert of the database's current revision to TARGET (a revision or ``base``) and print
    it (``--sql``) or run it (checks first) and stamp the version table. Works whatever the
    revision files' ``downgrade()`` say."""
    import argparse
    import sys

    import sqlalchemy

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
    d.add_argument("--sql", action="store_true", help="print the plan; change nothing")
    args = ap.parse_args(argv)

    from alembic.config import Config

    try:
        cfg = Config(args.config)
        script = ScriptDirectory.from_config(cfg)
        url = args.url or cfg.get_main_option("sqlalchemy.url")
        engine = sqlalchemy.create_engine(url)
        target = None if args.target == "base" else script.get_revision(args.target).revision
        with engine.begin() as conn:
            mctx = MigrationContext.configure(conn)
            current = mctx.get_current_revision()
            if current is None:
                print("Nothing to revert: the database has no Alembic revision")
                return 0
            plan = compute(script, current, target, conn.dialect.name, conn.connection.dbapi_connection,
                           mctx.version_table)
            if args.sql:
                print(plan.to_sql(), end="")
                return 0
            ebb.execute(plan, conn.exec_driver_sql, lambda s: conn.exec_driver_sql(s).scalar())
            mctx.stamp(script, target or "base")
        print(f"Reverted {current} -> {target or 'base'}: {len(plan.statements)} statement(s)")
        return 0
    except ebb.CheckFailed as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except ebb.EbbError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    finally:
        try:
            engine.dispose()
        except NameError:
            pass


if __name__ == "__main__":
    raise SystemExit(main())
