"""The revision table ``ebb_schema_revisions`` as the Python surfaces write it when they record
what another tool ran (a Django migration, an Alembic revision): one row per migration,
described by the tool's own name for it, holding the SQL it executed. The CLI reads the same
rows (``ebb migrate status``). The statements come from the core; this only runs them."""
import json
from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ebb import _ebb

TABLE = "ebb_schema_revisions"
# Reads and transaction control: not part of what a migration did to the schema.
NOT_RECORDED = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SHOW")


def recordable(sql: str, bookkeeping: Sequence[str]) -> bool:
    """Whether an executed statement belongs in a migration's recorded SQL: not a read, not
    transaction control, not the tools' own bookkeeping tables (``bookkeeping``) or ours."""
    words = sql.lstrip().split(None, 1)
    if not words or words[0].upper() in NOT_RECORDED:
        return False
    return not any(name in sql for name in (*bookkeeping, TABLE))


class RevisionTable:
    """The revision table through any connection: ``execute(sql, params)`` runs a statement,
    ``query(sql)`` returns its rows; ``placeholder`` is the driver's (``%s`` or ``?``)."""

    def __init__(self, dialect: str, execute: Callable[[str, Sequence[Any]], Any],
                 query: Callable[[str], Sequence[Sequence[Any]]], placeholder: str = "%s"):
        self.dialect = dialect
        self.execute = execute
        self.query = query
        self.sql = _ebb.revision_statements(dialect, placeholder)

    def rows(self) -> Dict[str, Tuple[str, Optional[str]]]:
        """``{description: (version, sql)}`` of every row; none when the table is not there."""
        if not self.query(self.sql["exists"])[0][0]:
            return {}
        return {r[1]: (r[0], r[12]) for r in self.query(self.sql["select_all"])}

    def raw_rows(self) -> List[List[Optional[str]]]:
        """Every row, every value as text (what the core reads a row from)."""
        if not self.query(self.sql["exists"])[0][0]:
            return []
        return [[None if v is None else (bytes(v).decode() if isinstance(v, (bytes, bytearray, memoryview))
                                         else str(v)) for v in r]
                for r in self.query(self.sql["select_all"])]

    def delete_version(self, version: str) -> None:
        """Remove the row of ``version`` (nothing when the table is not there)."""
        if self.query(self.sql["exists"])[0][0]:
            self.execute(self.sql["delete"], [version])

    def save(self, description: str, sql: str, millis: int) -> None:
        """Record ``sql`` as what ``description`` ran (the next version number; the same row
        again when it is recorded already)."""
        self.execute(self.sql["create"], ())
        rows = self.rows()
        versions = [int(v) for v, _ in rows.values() if str(v).isdigit()]
        version = rows[description][0] if description in rows else f"{max(versions, default=0) + 1:05d}"
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        values = json.loads(_ebb.recorded_revision_values_json(
            self.dialect, version, description, sql, now, millis))
        self.execute(self.sql["upsert"], values)

    def delete(self, description: str) -> None:
        row = self.rows().get(description)
        if row is not None:
            self.execute(self.sql["delete"], [row[0]])
