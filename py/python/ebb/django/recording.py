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
import json
import time
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

import ebb

DIALECTS = {"postgresql": "postgres", "mysql": "mysql", "sqlite": "sqlite"}
SKIP = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SHOW")


def statement_text(editor, sql: str, params) -> Optional[str]:
    """The statement as SQL text with its parameters inlined, or None for what is not part of
    a migration's effect (reads, transaction control, Django's own bookkeeping)."""
    words = sql.lstrip().split(None, 1)
    if not words or words[0].upper() in SKIP or "django_migrations" in sql or ebb_table() in sql:
        return None
    if params:
        sql = sql % tuple(editor.quote_value(p) for p in params)
    return sql.rstrip().rstrip(";") + ";"


def ebb_table() -> str:
    return "ebb_schema_revisions"


class Statements:
    """The revision table through a Django connection (``%s`` placeholders)."""

    def __init__(self, connection):
        self.connection = connection
        self.dialect = DIALECTS[connection.vendor]
        self.sql = ebb._ebb.revision_statements(self.dialect)

    def exists(self, cursor) -> bool:
        cursor.execute(self.sql["exists"])
        return bool(cursor.fetchone()[0])

    def rows(self, cursor) -> Dict[str, Tuple[str, Optional[str]]]:
        """``{"app.name": (version, sql)}`` of every recorded migration."""
        if not self.exists(cursor):
            return {}
        cursor.execute(self.sql["select_all"])
        return {r[1]: (r[0], r[12]) for r in cursor.fetchall()}

    def save(self, cursor, description: str, sql: str, millis: int) -> None:
        cursor.execute(self.sql["create"])
        cursor.execute(f"SELECT version FROM {self.connection.ops.quote_name(ebb_table())}")
        versions = [int(v) for (v,) in cursor.fetchall() if str(v).isdigit()]
        existing = self.rows(cursor).get(description)
        version = existing[0] if existing else f"{max(versions, default=0) + 1:05d}"
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        values = json.loads(ebb._ebb.recorded_revision_values_json(
            self.dialect, version, description, sql, now, millis))
        cursor.execute(self.sql["upsert"], values)

    def delete(self, cursor, description: str) -> None:
        row = self.rows(cursor).get(description)
        if row is not None:
            cursor.execute(self.sql["delete"], [row[0]])


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
            with self.connection.cursor() as c:
                f(c)
        finally:
            self.busy = False

    def record(self, description: str) -> None:
        sql = "\n".join(self.pending) + ("\n" if self.pending else "")
        millis = int((time.monotonic() - self.started) * 1000)
        self._own(lambda c: self.table.save(c, description, sql, millis))
        self.pending = []
        self.started = time.monotonic()

    def forget(self, description: str) -> None:
        self._own(lambda c: self.table.delete(c, description))
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
