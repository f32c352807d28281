"""`pg_dump --schema-only` output in a form two databases with the same schema print alike:
one entry per statement, sorted (pg_dump orders objects by name and dependency, and a revert
leaves objects with other OIDs), columns of a CREATE TABLE in sorted order (see
`columns_unordered`). Shared by the real-app suites."""


def statements_sorted(lines):
    """pg_dump's statements in a stable order (it orders by name and dependency; a revert may
    leave objects with other OIDs, which changes nothing about the schema)."""
    stmts, cur = [], []
    for ln in lines:
        cur.append(ln)
        if ln.rstrip().endswith(";"):
            stmts.append("\n".join(cur))
            cur = []
    if cur:
        stmts.append("\n".join(cur))
    return sorted(columns_unordered(st) for st in stmts)


def columns_unordered(statement):
    """A CREATE TABLE with its column lines sorted: PostgreSQL cannot place a column, so one a
    revert re-adds comes last, as after Django's own reverse (ebb's comparison ignores
    PostgreSQL column order for the same reason). Everything else compares as printed."""
    lines = statement.split("\n")
    if not lines[0].startswith("CREATE TABLE ") or len(lines) < 3:
        return statement
    body = sorted(ln.strip().rstrip(",") for ln in lines[1:-1])
    return "\n".join([lines[0], *body, lines[-1]])
