"""ebb: schema migrations whose down migrations are computed, not written.

The computation is ebb's Rust core (the same one behind the `ebb` command); this package runs
its catalog queries through any DB-API 2.0 connection, so it needs no database driver of its
own. Errors are subclasses of :class:`EbbError`; SQL errors carry ``file``, ``line`` and
``column``.

    >>> import ebb
    >>> a = ebb.Schema.from_sql("CREATE TABLE t (id int PRIMARY KEY);", "sqlite")
    >>> b = ebb.Schema.from_sql("CREATE TABLE t (id int PRIMARY KEY, note text);", "sqlite")
    >>> ebb.plan(a, b).statements
    ['ALTER TABLE "t" ADD COLUMN "note" text']
"""

import json as _json
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from ._ebb import (  # noqa: F401  (re-exported)
    CheckFailed,
    DirectoryError,
    DownPlan,
    EbbError,
    InputError,
    InspectError,
    MigrationDir,
    ParseError,
    Plan,
    Schema,
    SemanticError,
    UnsupportedError,
    VersionError,
    __version__,
)
from . import _ebb

__all__ = [
    "Schema", "Plan", "DownPlan", "MigrationDir", "diff", "plan", "plan_down", "inspect",
    "revisions_up_to", "lint", "lint_codes", "to_dict", "execute", "EbbError", "ParseError", "UnsupportedError", "SemanticError",
    "DirectoryError", "VersionError", "InspectError", "InputError", "CheckFailed",
]

DIALECTS = ("postgres", "mysql", "sqlite")


def to_dict(obj: Union[Schema, Plan, DownPlan]) -> Dict[str, Any]:
    """The JSON form of a schema or plan as Python data."""
    return _json.loads(obj.to_json())


def diff(a: Schema, b: Schema) -> List[Dict[str, Any]]:
    """The changes that take schema ``a`` to ``b``: ``[{"description": str, "change": dict}]``.

    Objects are matched by name (a schema built from SQL has no history, so a renamed column
    shows as a drop and an add)."""
    return _json.loads(_ebb.diff_json(a, b))


def plan(a: Schema, b: Schema) -> Plan:
    """The checks and statements that take a database at ``a`` to ``b``."""
    return _ebb.plan(a, b)


def revisions_up_to(directory: MigrationDir, dialect: str, version: str) -> List[Dict[str, Any]]:
    """Revision rows of a database that applied every file of ``directory`` up to ``version``
    (for planning without a live database)."""
    return _json.loads(_ebb.revisions_up_to_json(directory, dialect, version))


def lint(
    directory: MigrationDir,
    dialect: str,
    latest: int = 1,
    versions: Optional[Sequence[str]] = None,
    ignore: Sequence[str] = (),
) -> List[Dict[str, Any]]:
    """What the newest ``latest`` files of ``directory`` (or the files of ``versions``) destroy,
    lock or cannot undo, and what rolling each back would do — ``ebb migrate lint`` without a
    database.

    One dict per file: ``version``, ``file``, ``findings`` (each ``code``, ``severity`` —
    ``"error"``, ``"warning"`` or ``"note"`` —, ``file``, ``line``, ``col``, ``message``),
    ``revert`` (the statements of the file's rollback) and ``ignored`` (findings silenced by
    ``ignore`` or the file's ``-- ebb:lint ignore CODE``). :func:`lint_codes` explains each code.
    An unknown code in ``ignore`` raises :class:`InputError`."""
    if versions is None:
        versions = list(directory.versions)[-latest:] if latest > 0 else []
    return _json.loads(_ebb.lint_json(directory, dialect, [str(v) for v in versions], [str(c) for c in ignore]))


def lint_codes() -> List[Dict[str, str]]:
    """Every code :func:`lint` reports: ``code``, ``severity``, ``title``, ``explanation``."""
    return _json.loads(_ebb.lint_codes_json())


def plan_down(
    directory: MigrationDir,
    revisions: Sequence[Dict[str, Any]],
    target: str,
    dialect: Optional[str] = None,
    actual: Optional[Schema] = None,
    exact: bool = False,
    fills: Optional[Dict[Tuple[str, str], str]] = None,
) -> DownPlan:
    """Plan the revert of ``directory`` to version ``target`` ("0": everything).

    ``revisions`` are the applied files (rows of ``ebb_schema_revisions``, or
    :func:`revisions_up_to`); ``actual`` is the inspected live schema (None: the database is
    assumed to be exactly what the history says). The dialect defaults to ``actual``'s.

    The plan undoes only what the reverted files did: what ``actual`` has that they never
    touched (a hand-made index, a hotfix table) stays, reported as an ``EW010`` warning.
    ``exact=True`` makes the database equal the target version instead, drift included.

    ``fills`` maps ``(table, column)`` to an SQL value for the rows already there where the plan
    re-adds that column NOT NULL without a default, or makes it NOT NULL again: what the
    framework's own reverse would write (``ebb.django`` passes each field's default). Those
    plans then run instead of refusing with EB109/EB103."""
    if dialect is None:
        if actual is None:
            raise InputError("plan_down needs dialect= when no actual schema is given")
        dialect = actual.dialect
    fills_json = None
    if fills:
        fills_json = _json.dumps([{"table": t, "column": c, "value": v} for (t, c), v in fills.items()])
    return _ebb.plan_down_json(directory, _json.dumps(list(revisions)), str(target), dialect, actual, exact,
                               fills_json)


def execute(
    plan: DownPlan,
    connection: Any,
    *,
    unapplied: Optional[Callable[[str], None]] = None,
    ignore_tables: Iterable[str] = (),
    in_transaction: bool = False,
    dry_run: bool = False,
) -> int:
    """Run a down plan through a DB-API 2.0 ``connection`` exactly as ``ebb migrate down``
    runs it (the order is the core's, one for every surface), and return the number of
    statements that ran:

    1. every data check before any change — all of them, so that :class:`CheckFailed` names
       every refusal (``.failed``; ``.table``, ``.column``, ``.code`` of the first) and nothing
       is changed;
    2. PostgreSQL and SQLite: the statements, SQLite's ``PRAGMA foreign_key_check``, the
       revision rows and a verification that the database now is the target version, in one
       transaction (SQLite's ``PRAGMA foreign_keys`` outside it, where it means something);
       any failure rolls everything back. MySQL: one version at a time, its progress in the
       revision row after every statement; a later version's checks run again before it;
    3. each reverted version is removed from ``ebb_schema_revisions`` (where the table is
       there); ``unapplied(version)`` replaces that for a framework with its own bookkeeping
       (``ebb.django``, ``ebb.alembic``), inside the transaction where there is one.

    The connection must not be inside a transaction: ebb opens and ends its own (Django's
    connections are in autocommit mode; SQLAlchemy: ``isolation_level="AUTOCOMMIT"``), unless
    ``in_transaction=True`` says the caller's transaction holds the run (then nothing runs
    outside it). ``ignore_tables`` are left out of the verification (a framework's own
    tables, left out of the plan's inspection too). ``dry_run=True`` runs only the checks, in
    a read-only transaction: :class:`CheckFailed` when the real run would be refused, else 0."""
    if not in_transaction and getattr(connection, "in_transaction", False):
        raise InputError("ebb.execute opens its own transaction: commit or roll back the connection's "
                         "first, or pass in_transaction=True to run inside it")
    dialect = plan.target_schema.dialect
    cur = connection.cursor()
    table = None
    rows: List[List[Optional[str]]] = []
    if unapplied is None:
        from ._record import RevisionTable

        def run_bound(sql, params):
            cur.execute(sql, params)

        def query(sql):
            cur.execute(sql)
            return cur.fetchall()

        table = RevisionTable(dialect, run_bound, query, _placeholder(connection))
        reverted = {v["version"] for s in plan.steps for v in s["versions"]}
        rows = [r for r in table.raw_rows() if r[0] in reverted]
    run = _ebb.DownRun(plan, rows, in_transaction, "", dry_run)
    reply: Tuple[str, Any] = ("ok", None)
    error: Optional[BaseException] = None
    ignored = list(ignore_tables)
    try:
        while True:
            op = run.next(*reply)
            if op is None:
                break
            kind, reply = op["op"], ("ok", None)
            try:
                if kind in ("session", "begin", "statement"):
                    cur.execute(op["sql"])
                elif kind in ("commit", "rollback"):
                    cur.execute(kind.upper())
                elif kind == "check":
                    cur.execute(op["check"]["sql"])
                    row = cur.fetchone()
                    reply = ("value", _text(row[0]) if row else None)
                elif kind == "verify":
                    cur.execute(op["sql"])
                    reply = ("rows", [[_text(v) for v in r] for r in cur.fetchall()])
                elif kind == "inspect":
                    reply = ("schema", inspect(connection, dialect).without_tables(ignored))
                elif kind == "unapplied":
                    if unapplied is not None:
                        unapplied(op["version"])
                    elif table is not None:
                        table.delete_version(op["version"])
                elif kind == "save_revision" and table is not None:
                    table.execute(table.sql["upsert"], op["values"])
            except Exception as e:  # noqa: BLE001 - the driver's error goes to the core
                error = e
                reply = ("failed", str(e).strip())
    finally:
        try:
            cur.close()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass
    out = run.outcome()
    if out["ok"]:
        return out["statements"]
    if out["refused"]:
        failed = out["refused"]
        err = CheckFailed(out["message"])
        first = failed[0]
        err.table, err.column, err.code = first["table"], first.get("column"), first["code"]
        err.failed = [{"code": c["code"], "table": c["table"], "column": c.get("column")} for c in failed]
        raise err
    raise EbbError(out["message"]) from error


def _placeholder(connection: Any) -> str:
    """The placeholder of a DB-API connection's driver: ``?`` (qmark: sqlite3) or ``%s``. The
    driver is the module of the connection's class or of a class it derives from (Django's
    SQLite connection is a subclass of sqlite3's)."""
    import sys

    for cls in type(connection).__mro__:
        module = sys.modules.get(cls.__module__.split(".")[0])
        style = getattr(module, "paramstyle", None)
        if style is not None:
            return "?" if style == "qmark" else "%s"
    return "%s"


def _named(err: EbbError, names: Dict[str, str]) -> EbbError:
    """``err`` (from SQL ebb was handed under made-up file names) naming what the user knows
    instead: ``names`` maps each file name to its migration (``socialaccount.0005_…``,
    ``alembic revision 3f2a (versions/3f2a_x.py)``). The same error class, with ``.file`` set
    to that name and ``.line``/``.column`` kept (they count in the SQL the migration ran)."""
    msg = str(err)
    file = getattr(err, "file", None)
    for made_up, label in names.items():
        if made_up in msg or made_up == file:
            line, col = getattr(err, "line", None), getattr(err, "column", None)
            where = f"{made_up}:{line}:{col}" if line is not None else made_up
            msg = msg.replace(where, f"{label} (line {line} of the SQL it ran)" if line is not None else label)
            msg = msg.replace(made_up, label)
            out = type(err)(msg)
            for attr in ("line", "column", "version", "table", "column", "code", "failed"):
                if hasattr(err, attr):
                    setattr(out, attr, getattr(err, attr))
            out.file = label
            return out
    return err


def _text(v: Any) -> Optional[str]:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).decode("utf-8", "replace")
    return str(v)


def inspect(connection: Any, dialect: str) -> Schema:
    """Read the live schema through a DB-API 2.0 ``connection`` (sqlite3, psycopg, pymysql,
    Django's or SQLAlchemy's raw connection) with the core's catalog queries: a fixed number of
    queries whatever the number of tables. Nothing is written."""
    if dialect not in DIALECTS:
        raise InputError(f"unknown dialect {dialect!r}: use postgres, mysql or sqlite")
    results = []
    cur = connection.cursor()
    previous = []
    try:
        # The core's session settings for the queries (PostgreSQL: JIT off), the connection's
        # own put back after. Values are the server's own or the core's: no user text.
        for name, value in _ebb.inspect_settings(dialect):
            cur.execute(f"SELECT current_setting('{name}')")
            previous.append((name, cur.fetchone()[0]))
            cur.execute(f"SELECT set_config('{name}', '{value}', false)")
            cur.fetchall()
        for qid, sql in _ebb.inspect_queries(dialect):
            # No parameters: drivers with pyformat placeholders leave `%` alone then.
            cur.execute(sql)
            # The driver's values as they come: the core reads them as text in Rust.
            results.append((qid, cur.fetchall()))
        for name, value in previous:
            cur.execute(f"SELECT set_config('{name}', '{value}', false)")
            cur.fetchall()
    finally:
        try:
            cur.close()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass
    return _ebb.inspect_build(dialect, results)

