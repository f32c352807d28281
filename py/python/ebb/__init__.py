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
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

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
    "revisions_up_to", "to_dict", "execute", "EbbError", "ParseError", "UnsupportedError", "SemanticError",
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


def execute(plan: DownPlan, run_sql, scalar) -> None:
    """Run a down plan through any connection: every data check first (``scalar(sql)`` returns
    the first value of the query's first row), raising :class:`CheckFailed` before any change
    when any fails, then every statement with ``run_sql(sql)``. Transactions are the caller's.

    All checks run, so the error names every refusal: ``.table``, ``.column`` and ``.code`` are
    the first's, ``.failed`` lists each as ``{"code", "table", "column"}``. On MySQL, where a
    plan has a step per version, each step's checks run again before it: a check on a table an
    earlier step re-creates can only run then."""
    steps = getattr(plan, "steps", None)
    if steps is None:
        _refuse_unless_held(plan.checks, scalar, "nothing was changed")
        for st in plan.statements:
            run_sql(st)
        return
    _refuse_unless_held([c for s in steps for c in s.get("early_checks", [])], scalar,
                        "nothing was changed")
    for i, s in enumerate(steps):
        if i > 0:
            _refuse_unless_held(s["plan"]["checks"], scalar,
                                f"the steps before version {s['versions'][0]['version']} ran")
        for st in s["plan"]["statements"]:
            run_sql(st)


def _refuse_unless_held(checks, scalar, outcome: str) -> None:
    failed = []
    for c in checks:
        v = scalar(c["sql"])
        if not (str(v).lower() in ("1", "t", "true") if isinstance(v, str) else bool(v)):
            failed.append(c)
    if failed:
        def where(c):
            return c["table"] + (f".{c['column']}" if c.get("column") else "")

        first, rest = failed[0], failed[1:]
        places = ", ".join(c["code"] + " on " + where(c) for c in rest)
        more = f" (and {len(rest)} more: {places})" if rest else ""
        err = CheckFailed(f"check {first['code']} failed on {where(first)}: {first['reason']}{more}; "
                          f"{outcome}")
        err.table, err.column, err.code = first["table"], first.get("column"), first["code"]
        err.failed = [{"code": c["code"], "table": c["table"], "column": c.get("column")} for c in failed]
        raise err


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
    try:
        for qid, sql in _ebb.inspect_queries(dialect):
            # No parameters: drivers with pyformat placeholders leave `%` alone then.
            cur.execute(sql)
            rows = [[_text(v) for v in row] for row in cur.fetchall()]
            results.append((qid, rows))
    finally:
        try:
            cur.close()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass
    return _ebb.inspect_build(dialect, results)

