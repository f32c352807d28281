"""What each migration ran, recorded as ``migrate`` runs it.

With ``"ebb.django"`` in ``INSTALLED_APPS``, every ``migrate`` on a database records, for each
migration it applies, the SQL Django executed for it in ``ebb_schema_revisions`` (the table
and rows the ebb CLI uses; ``ebb migrate status`` lists them, described as ``app.name``). A
revert then replays exactly what ran — table rebuilds, data steps, what Django asked the
database before choosing a statement — without rebuilding the history in a scratch database.
Django unapplying a migration itself (``migrate APP TARGET``) removes its row.

The statements are collected by a ``connection.execute_wrapper`` between ``pre_migrate`` and
the first ``post_migrate`` of the run: a migration's statements are those executed since the
previous migration was recorded, and Django's own ``INSERT INTO django_migrations`` for it
closes them. Reads (``SELECT``, ``PRAGMA``) and transaction control are left out.
"""
import time
from typing import Any, List, Optional

from ebb import _record

DIALECTS = {"postgresql": "postgres", "mysql": "mysql", "sqlite": "sqlite"}


def statement_text(editor, sql: str, params) -> Optional[str]:
    """The statement as SQL text with its parameters inlined, or None for what is not part of
    a migration's effect (reads, transaction control, Django's own bookkeeping)."""
    if not _record.recordable(sql, ("django_migrations",)):
        return None
    if params:
        sql = sql % tuple(editor.quote_value(p) for p in params)
    return sql.rstrip().rstrip(";") + ";"


def ebb_table() -> str:
    return _record.TABLE


def Statements(connection) -> _record.RevisionTable:  # noqa: N802 - reads as the table it is
    """The revision table through a Django connection (``%s`` placeholders, every backend)."""

    def execute(sql, params):
        with connection.cursor() as c:
            c.execute(sql, params or None)

    def query(sql):
        with connection.cursor() as c:
            c.execute(sql)
            return c.fetchall()

    return _record.RevisionTable(DIALECTS[connection.vendor], execute, query)


class Recorder:
    """The execute wrapper: collects statements, records them when Django records a
    migration as applied, forgets its row when Django records one as unapplied."""

    def __init__(self, connection):
        self.connection = connection
        self.table = Statements(connection)
        self.editor = connection.SchemaEditorClass(connection, collect_sql=True)
        self.pending: List[str] = []
        self.started = time.monotonic()
        self.busy = False

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if self.busy or not isinstance(sql, str):
            return result
        head = sql.lstrip()[:12].upper()
        if "django_migrations" in sql and params and len(params) >= 2:
            app, name = params[0], params[1]
            if head.startswith("INSERT"):
                self.record(f"{app}.{name}")
            elif head.startswith("DELETE"):
                self.forget(f"{app}.{name}")
            return result
        if many:
            # executemany: one statement per parameter set.
            for p in params or []:
                text = statement_text(self.editor, sql, p)
                if text:
                    self.pending.append(text)
            return result
        text = statement_text(self.editor, sql, params)
        if text:
            self.pending.append(text)
        return result

    def _own(self, f) -> None:
        self.busy = True
        try:
            f()
        finally:
            self.busy = False

    def record(self, description: str) -> None:
        sql = "\n".join(self.pending) + ("\n" if self.pending else "")
        millis = int((time.monotonic() - self.started) * 1000)
        self._own(lambda: self.table.save(description, sql, millis))
        self.pending = []
        self.started = time.monotonic()

    def forget(self, description: str) -> None:
        self._own(lambda: self.table.delete(description))
        self.pending = []
        self.started = time.monotonic()


def install(using: str, **_: Any) -> None:
    """``pre_migrate``: start recording on the database ``migrate`` runs on (once per run)."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor not in DIALECTS:
        return
    if not any(isinstance(w, Recorder) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(Recorder(connection))


def uninstall(using: str, **_: Any) -> None:
    """``post_migrate``: every migration of the run has been recorded."""
    from django.db import connections

    connection = connections[using]
    connection.execute_wrappers[:] = [w for w in connection.execute_wrappers if not isinstance(w, Recorder)]
