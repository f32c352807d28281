#!/usr/bin/env python3
"""Run every snapshotted down plan of core/tests/scenarios on a real database.

For each scenario and each target version K in its snapshot: apply all files to a fresh
database A and files 1..K to a fresh database B, run the plan on A, then compare A and B with
the database's own tools (pg_dump --schema-only; SHOW CREATE TABLE and information_schema on
MariaDB/MySQL; pragmas on SQLite). The core proves each plan against its own model; this proves
the SQL against the servers.

SQLite always runs (Python's sqlite3). PostgreSQL runs when EBB_TEST_POSTGRES_URL is set and
MariaDB/MySQL when EBB_TEST_MYSQL_URL is set; a set variable whose server is unreachable fails.
Scenarios with a partially applied last file (`-- ebb-test:applied N`) are left out: a plain
client cannot stop a file half-way; the CLI's suites cover them.

usage: tests/scenario_plans_live.py [postgres|mysql|sqlite ...]
"""
import concurrent.futures as cf
import difflib
import functools
import glob
import os
import re
import sqlite3
import subprocess
import sys
import urllib.parse
import uuid

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "tests")


def cases(dialect):
    """(scenario, files, target, plan sql) for every snapshotted target."""
    out = []
    for sc in sorted(os.listdir(os.path.join(ROOT, "scenarios", dialect))):
        files = sorted(glob.glob(os.path.join(ROOT, "scenarios", dialect, sc, "*.sql")))
        if any("-- ebb-test:applied" in open(f).read() for f in files):
            continue
        snap = open(os.path.join(ROOT, "snapshots", dialect, sc + ".snap")).read()
        parts = re.split(r"^==== down to (\d+) ====$", snap, flags=re.M)
        for i in range(1, len(parts), 2):
            plan = "\n".join(
                l for l in parts[i + 1].splitlines()
                if not l.startswith("-- ") and not l.startswith("warning ")
            )
            out.append((sc, files, parts[i], plan))
    return out


def version(f):
    return int(os.path.basename(f).split("_")[0])


def no_tx(sql):
    return "-- ebb:txmode none" in sql


# --- PostgreSQL -------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def pg_tool(name):
    """Debian's psql/pg_dump are a Perl wrapper that picks a cluster (~40 ms a call); the
    newest real binary, where there is one, starts at once."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                   key=lambda p: int(re.search(r"/(\d+)/bin/", p).group(1)))
    return found[-1] if found else name


class Postgres:
    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.conn = ["-h", u.hostname or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres"]
        self.admin_db = (u.path or "/")[1:] or "postgres"
        self.env = dict(os.environ, PGPASSWORD=u.password or "")
        r = self.psql(self.admin_db, "-c", "SELECT 1")
        if r.returncode:
            sys.exit(f"EBB_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {r.stderr.strip()}")

    def psql(self, db, *args, stdin=None):
        return subprocess.run([pg_tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", *self.conn, "-d", db, *args],
                              input=stdin, capture_output=True, text=True, env=self.env)

    def create(self):
        db = "ebb_live_" + uuid.uuid4().hex[:10]
        r = self.psql(self.admin_db, "-c", f"CREATE DATABASE {db}")
        if r.returncode:
            raise RuntimeError(r.stderr)
        return db

    def drop(self, db):
        self.psql(self.admin_db, "-c", f"DROP DATABASE IF EXISTS {db}")

    def run(self, db, sql):
        args = [] if no_tx(sql) or "CONCURRENTLY" in sql else ["-1"]
        return self.psql(db, *args, stdin=sql)

    def dump(self, db, exclude=()):
        skip = [a for t in exclude for a in ("--exclude-table", t)]
        r = subprocess.run([pg_tool("pg_dump"), *self.conn, "--schema-only", "--no-owner", *skip, db],
                           capture_output=True, text=True, env=self.env)
        keep = []
        for l in r.stdout.splitlines():
            if not l or l.startswith("--") or l.startswith("SET ") or l.startswith("\\") or "set_config" in l:
                continue
            # Column order is not part of a PostgreSQL schema (a re-added column lands last).
            keep.append(l.rstrip(","))
        return sorted(keep)


# --- MariaDB / MySQL --------------------------------------------------------------------

class Mysql:
    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.conn = ["-h", u.hostname or "127.0.0.1", "-P", str(u.port or 3306), "-u", u.username or "root"]
        if u.password:
            self.conn.append("-p" + u.password)
        r = self.mysql(None, "-e", "SELECT 1")
        if r.returncode:
            sys.exit(f"EBB_TEST_MYSQL_URL is set but the server is unreachable: {r.stderr.strip()}")

    def mysql(self, db, *args, stdin=None):
        cmd = ["mysql", *self.conn, "-N", "-B", *args] + ([db] if db else [])
        return subprocess.run(cmd, input=stdin, capture_output=True, text=True)

    def create(self):
        db = "ebb_live_" + uuid.uuid4().hex[:10]
        r = self.mysql(None, "-e", f"CREATE DATABASE {db}")
        if r.returncode:
            raise RuntimeError(r.stderr)
        return db

    def drop(self, db):
        self.mysql(None, "-e", f"DROP DATABASE IF EXISTS {db}")

    def run(self, db, sql):
        return self.mysql(db, stdin=sql)

    def dump(self, db, exclude=(), query=None):
        """`query(sql)`: the rows as `mysql -N -B` prints them (default: that client)."""
        def q(sql):
            return query(sql) if query else self.mysql(db, "-e", sql).stdout
        out = []
        for line in q("SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
                      "WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1").splitlines():
            name, kind = line.split("\t")
            if name in exclude:
                continue
            lit = name.replace("\\", "\\\\").replace("'", "''")
            if kind == "VIEW":
                body = q(f"SELECT VIEW_DEFINITION FROM information_schema.VIEWS "
                         f"WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{lit}'")
                out.append(f"VIEW {name} {body.replace(f'`{db}`.', '')}")
            else:
                ddl = q("SHOW CREATE TABLE `" + name.replace("`", "``") + "`")
                out.append(mysql_table(re.sub(r" AUTO_INCREMENT=\d+", "", ddl)))
        out.append(q("SELECT TRIGGER_NAME, ACTION_STATEMENT FROM information_schema.TRIGGERS "
                     "WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1"))
        out.append(q("SELECT ROUTINE_NAME, ROUTINE_DEFINITION FROM information_schema.ROUTINES "
                     "WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY 1"))
        return "\n".join(out).splitlines()


def mysql_table(ddl):
    """SHOW CREATE TABLE with its index and constraint lines in name order.

    InnoDB lists secondary indexes and foreign keys in the order they were created; a down
    plan that must drop and recreate one (or re-add a foreign key whose index it drops) can
    only create it after the others. The order carries no meaning to the server, so it is the
    one thing set aside: every line still has to be there, spelled the same."""
    body = ddl.split("\\n")
    keyed = ("  KEY ", "  UNIQUE KEY ", "  FULLTEXT KEY ", "  SPATIAL KEY ", "  CONSTRAINT ")
    keys = sorted(l.rstrip(",") for l in body if l.startswith(keyed))
    rest = [l.rstrip(",") for l in body if not l.startswith(keyed)]
    return "\\n".join(rest[:-1] + keys + rest[-1:]) if rest else ddl


# --- SQLite -----------------------------------------------------------------------------

def spelling(text):
    """An expression as SQLite keeps it, minus case and spaces outside string literals.

    SQLite stores each CREATE TABLE as written; when ebb rebuilds a table it writes the
    canonical spelling of the same types, defaults and CHECKs (`varchar(64)`,
    `current_timestamp`, `in ('a','b')`).
    Only that spelling is set aside here: names, literals and structure still compare."""
    if text is None:
        return None
    out, quote = [], None
    for ch in str(text):
        if quote == "'":
            out.append(ch)
            if ch == quote:
                quote = None
        elif quote == '"':
            # SQLite's RENAME COLUMN rewrites every reference as a quoted identifier
            # (`"on_hand"`); an identifier means the same with or without its quotes.
            if ch == '"':
                quote = None
            else:
                out.append(ch.lower())
        elif ch in "'\"":
            quote = ch
            if ch == "'":
                out.append(ch)
        elif not ch.isspace():
            out.append(ch.lower())
    return "".join(out)


QUOTED_NAME = re.compile(r'"((?:[^"]|"")+)"')


def written(typ, sql):
    """A `sqlite_master` text as the spelling a revert must keep: the case of types, keywords
    and defaults, the order of everything, bare or quoted names. What may differ: spacing (a
    `DROP COLUMN` cuts from the comma before the column to the closing parenthesis, so the
    newline before it goes), and double quotes around names (SQLite's `RENAME TO`, also the
    last step of a rebuild as SQLite documents it, writes the new name quoted in the table's
    text and in every text naming it). Views too: replay follows SQLite's rewrite of a view's
    text when a table or column it reads is renamed, so a re-created view reads as the server
    held it."""
    flat = re.sub(r"\s+", " ", QUOTED_NAME.sub(lambda m: m.group(1), sql))
    return re.sub(r"\s*([(),])\s*", r"\1", flat)


def sqlite_dump(con, exclude=()):
    out = []
    for typ, name, tbl, sql in con.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master "
            "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"):
        if tbl in exclude:
            continue
        out.append(f"{typ} {name} on {tbl}")
        out.append("  text " + written(typ, sql))
        if typ != "table":
            continue
        # Declared types too: SQLite reads them case-insensitively (type affinity).
        out += [f"  column {r[:2] + (spelling(r[2]), r[3], spelling(r[4])) + r[5:]}"
                for r in con.execute("SELECT * FROM pragma_table_xinfo(?)", (name,))]
        out += [f"  foreign key {r[2:]}" for r in con.execute("SELECT * FROM pragma_foreign_key_list(?)", (name,))]
        for iname, unique, origin, partial in sorted(con.execute(
                'SELECT name, "unique", origin, partial FROM pragma_index_list(?)', (name,))):
            keys = list(con.execute("SELECT seqno, cid, name, desc FROM pragma_index_xinfo(?) WHERE key", (iname,)))
            label = "(automatic)" if iname.startswith("sqlite_autoindex") else iname
            out.append(f"  index {label} unique={unique} origin={origin} partial={partial} {keys}")
        # The pragmas do not show CHECK constraints or table options; read them from the DDL.
        flat = re.sub(r"\s+", " ", sql)
        checks = sorted(spelling(m) for m in re.findall(r"CHECK ?\(((?:[^()]|\([^()]*\))*)\)", flat, flags=re.I))
        tail = flat.upper().rsplit(")", 1)[-1]
        out.append(f"  checks {checks} strict={'STRICT' in tail} without_rowid={'WITHOUT ROWID' in tail} "
                   f"autoincrement={'AUTOINCREMENT' in flat.upper()}")
        out.append(f"  on conflict {conflict_clauses(flat)}")
        out.append(f"  deferrable {deferrable_keys(flat)}")
    return out


def table_items(ddl):
    """The comma-separated items of a CREATE TABLE body (columns and constraints)."""
    body = ddl[ddl.index("(") + 1:ddl.rindex(")")]
    items, depth, cur = [], 0, ""
    for ch in body:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    return items


def deferrable_keys(ddl):
    """Each foreign key's referenced table and when it is checked: `deferred` (at commit),
    `immediate` (DEFERRABLE, at each statement unless deferred) or `no`. No pragma shows it,
    and it decides whether a transaction may violate the key until it commits."""
    out = []
    for item in table_items(ddl):
        m = re.search(r"REFERENCES\s+(\"[^\"]+\"|`[^`]+`|\[[^\]]+\]|\S+?)\s*\(", item, flags=re.I)
        if not m:
            continue
        up = item.upper()
        if re.search(r"NOT\s+DEFERRABLE", up):
            mode = "no"
        elif re.search(r"DEFERRABLE\s+INITIALLY\s+DEFERRED", up):
            mode = "deferred"
        elif "DEFERRABLE" in up:
            mode = "immediate"
        else:
            mode = "no"
        out.append((m.group(1).strip('"`[]').lower(), mode))
    return sorted(out)


def conflict_clauses(ddl):
    """The `ON CONFLICT` clauses of a CREATE TABLE: (constraint, columns, resolution).

    No pragma shows them, and they change what an INSERT does (REPLACE deletes the row in
    the way). A column's `UNIQUE ON CONFLICT R` and a table's `UNIQUE (col) ON CONFLICT R`
    are the same constraint, so both read as (unique, col, R); `ABORT` is what SQLite does
    without a clause, so it is left out like an absent one."""
    out = []
    for item in table_items(ddl):
        first = item.split()[0] if item.split() else ""
        for m in re.finditer(r"(PRIMARY\s+KEY|UNIQUE|NOT\s+NULL)(?:\s+(?:ASC|DESC))?\s*(\([^)]*\))?"
                             r"\s+ON\s+CONFLICT\s+(\w+)", item, flags=re.I):
            if m.group(3).upper() == "ABORT":
                continue
            cols = m.group(2)[1:-1] if m.group(2) else first
            kind = " ".join(m.group(1).lower().split())
            out.append((kind, spelling(cols), m.group(3).upper()))
    return sorted(out)


def run_file(con, path):
    """Run a migration file as in a session of its own: its temporary tables end with it (the
    in-memory database cannot be reopened)."""
    con.executescript(open(path).read())
    for (name,) in list(con.execute("SELECT name FROM temp.sqlite_master WHERE type = 'table'")):
        con.execute('DROP TABLE temp."%s"' % name.replace('"', '""'))


def sqlite_case(case):
    sc, files, target, plan = case
    a, b = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    for f in files:
        run_file(a, f)
        if version(f) <= int(target):
            run_file(b, f)
    try:
        a.executescript(plan)
    except sqlite3.Error as e:
        return f"{sc} -> {target}: the plan fails: {e}"
    return compare(sc, target, sqlite_dump(b), sqlite_dump(a))


def server_case(db, case):
    sc, files, target, plan = case
    a, b = db.create(), db.create()
    try:
        for f in files:
            sql = open(f).read()
            r = db.run(a, sql)
            if r.returncode:
                return f"{sc}: {os.path.basename(f)} does not apply: {r.stderr.strip()}"
            if version(f) <= int(target):
                db.run(b, sql)
        r = db.run(a, plan)
        if r.returncode:
            return f"{sc} -> {target}: the plan fails: {r.stderr.strip()}"
        return compare(sc, target, db.dump(b), db.dump(a))
    finally:
        db.drop(a)
        db.drop(b)


def compare(sc, target, want, got):
    if want == got:
        return None
    d = "\n".join("    " + l for l in difflib.unified_diff(want, got, "target", "after plan", lineterm="", n=1))
    return f"{sc} -> {target}: the schema after the plan differs from version {target}:\n{d}"


def main():
    wanted = sys.argv[1:] or ["sqlite", "postgres", "mysql"]
    failures, total = [], 0
    servers = {"postgres": ("EBB_TEST_POSTGRES_URL", Postgres), "mysql": ("EBB_TEST_MYSQL_URL", Mysql)}
    for dialect in wanted:
        if dialect == "sqlite":
            run = sqlite_case
        elif dialect in servers:
            var, server = servers[dialect]
            url = os.environ.get(var)
            if not url:
                print(f"{dialect}: {var} not set, not run")
                continue
            db = server(url)  # exits non-zero when the server is unreachable
            run = lambda c, db=db: server_case(db, c)
        else:
            sys.exit(f"unknown dialect {dialect}")
        cs = cases(dialect)
        with cf.ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(run, cs))
        bad = [r for r in results if r]
        print(f"{dialect}: {len(cs) - len(bad)}/{len(cs)} down plans give the target schema on the server")
        failures += bad
        total += len(cs)
    for f in failures:
        print("FAIL", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
