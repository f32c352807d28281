"""What the real-app suites (django_apps/check.py, alembic_apps/check.py) share: how a reverted
database is compared with its reference.

`pg_dump --schema-only` output is read in a form two databases with the same schema print
alike: one entry per statement, sorted (pg_dump orders objects by name and dependency, and a
revert leaves objects with other OIDs), columns of a CREATE TABLE in sorted order (see
`columns_unordered`)."""
import re
import json


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


def dump_problems(after, reference):
    """A problem line when two dumps (lists of entries) differ, naming the entries each has
    alone; none when they are equal."""
    if after == reference:
        return []
    a, b = set(after), set(reference)
    return ["dump differs: only after the revert: " + json.dumps(sorted(a - b))
            + "; only in the reference: " + json.dumps(sorted(b - a))]


def row_problems(before, after, emptied):
    """Tables whose rows changed in a column both sides have ({table: {column: sorted
    values}}), leaving out the tables a case emptied to accept a refusal and tables that were
    not there before."""
    out = []
    for t, cols in after.items():
        if t in emptied or t not in before:
            continue
        lost = [c for c, vals in cols.items() if c in before[t] and vals != before[t][c]]
        if lost:
            out.append(f"rows of {t} changed in {lost}")
    return out


def dependents_first(refs, tables):
    """`tables` and every table whose rows reference them (`refs`: {table: tables it
    references}), referencing tables first: accepting the loss of a table's rows loses the
    rows that point at them too, and nothing may be left dangling."""
    order, seen = [], set()

    def visit(t):
        if t in seen:
            return
        seen.add(t)
        for child, parents in refs.items():
            if t in parents and child != t:
                visit(child)
        order.append(t)

    for t in tables:
        visit(t)
    return order


def copy_mysql(c, source, target):
    """A copy of a MariaDB database (no TEMPLATE there): each table as SHOW CREATE TABLE
    gives it, then its rows, keys checked only at the end."""
    c.execute("SET FOREIGN_KEY_CHECKS = 0")
    c.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
              "AND table_type = 'BASE TABLE'", [source])
    tables = [t for (t,) in c.fetchall()]
    c.execute(f"USE `{target}`")
    for t in tables:
        c.execute(f"SHOW CREATE TABLE `{source}`.`{t}`")
        c.execute(implicit_indexes_left_out(c.fetchone()[1]))
        c.execute(f"INSERT INTO `{target}`.`{t}` SELECT * FROM `{source}`.`{t}`")
    c.execute("SET FOREIGN_KEY_CHECKS = 1")


def keys_unordered(create):
    """SHOW CREATE TABLE with its keys and constraints in sorted order: MariaDB lists them in
    the order they were made, and a revert makes them again in another (the oracle compares
    MariaDB the same way). Columns keep their order; it is part of the table."""
    lines = create.split("\n")
    kinds = ("KEY ", "UNIQUE KEY ", "FULLTEXT KEY ", "SPATIAL KEY ", "CONSTRAINT ")
    keys = sorted(ln.strip().rstrip(",") for ln in lines[1:-1] if ln.strip().startswith(kinds))
    rest = [ln.rstrip(",") for ln in lines[1:-1] if not ln.strip().startswith(kinds)]
    return "\n".join([lines[0], *rest, *keys, lines[-1]])


def implicit_indexes_left_out(create):
    """SHOW CREATE TABLE without the indexes InnoDB made for a foreign key (named after the
    constraint): written out, they would be indexes of their own, which InnoDB keeps when a
    later index could serve the key; left out, InnoDB makes them again, implicit as before."""
    keys = set(re.findall(r"CONSTRAINT `([^`]+)` FOREIGN KEY", create))
    lines = [ln for ln in create.split("\n")
             if not any(ln.strip().startswith(f"KEY `{k}` ") for k in keys)]
    return "\n".join(lines)
