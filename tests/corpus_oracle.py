#!/usr/bin/env python3
"""The corpus oracle: every down plan of every corpus app, checked on a real database.

For each app of tests/corpus/<dialect>/<app>/ and every pair of versions N > K (K = 0 included:
"revert everything"):

1. a fresh database (see `Backend.reset`), `ebb migrate apply N` (SQLite: a copy of the file
   the reference at N was applied to), then sample rows in every table that takes them (three
   per table, parents first, values derived from the column types; a row the database refuses
   is left out);
2. `ebb migrate down --to-version K`; when a data check refuses, the refusal must name a table
   that exists, its query must really be false on the database, and after that table (and every
   table whose foreign keys reach it) is emptied the same check must pass; then run again;
3. the result must equal a database applied to K by `ebb migrate apply K`, compared twice:
   ebb's own inspection (read the same as the fresh database's, else `ebb schema diff` says
   equal) and the database's own tools (pg_dump --schema-only;
   SHOW CREATE TABLE and information_schema; SQLite's pragmas), see scenario_plans_live.py for
   what each dump leaves out and why; `ebb migrate status` must report K;
4. rows of every table and column that exist at both N and K with the same name and type are
   unchanged (tables emptied in step 2 excepted, they must be empty; a table the revert
   replaced by the older table of its name, as told by its PostgreSQL oid or InnoDB table id,
   is not the same table).

Prints one summary line per dialect and the first failing pair's diff; exits 1 on any failure.
SQLite always runs; PostgreSQL/MariaDB when EBB_TEST_POSTGRES_URL / EBB_TEST_MYSQL_URL is set
(a set variable whose server is unreachable fails). The `ebb` binary is $EBB_BIN, else the debug
build in $CARGO_TARGET_DIR (or ./target).

On MySQL/MariaDB, where a down runs one version at a time, the pairs are a chosen subset (see
`chosen_pairs`); `--all-pairs` runs all of them.

usage: tests/corpus_oracle.py [postgres|mysql|sqlite ...] [--app NAME] [--jobs N] [--all-pairs]
"""
import argparse
import concurrent.futures as cf
import difflib
import glob
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import scenario_plans_live as live  # noqa: E402  (the independent dumps)

REVISIONS = "ebb_schema_revisions"
OIDS = "\x1f oids"  # a heading no table has (snapshot; \x1e would split lines)
ROWS = 3


def ebb_binary():
    if os.environ.get("EBB_BIN"):
        return os.environ["EBB_BIN"]
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(HERE, "..", "target")
    return os.path.join(target, "debug", "ebb")


EBB = ebb_binary()


def ebb(*args):
    return subprocess.run([EBB, *args], capture_output=True, text=True)


def versions(app_dir):
    return [os.path.basename(f).split("_")[0] for f in sorted(glob.glob(os.path.join(app_dir, "*.sql")))]


# --- sample rows ---------------------------------------------------------------------------

def parent_first(tables):
    """Tables ordered so that every table comes after the tables its foreign keys point to."""
    by_name = {t["name"]: t for t in tables}
    done, out = set(), []

    def visit(name, path):
        if name in done or name in path or name not in by_name:
            return
        for fk in by_name[name].get("foreign_keys", []):
            visit(fk["ref_table"], path | {name})
        done.add(name)
        out.append(by_name[name])

    for t in tables:
        visit(t["name"], set())
    return out


def text_value(name, ty, i):
    m = re.search(r"\((\d+)\)", ty)
    limit = int(m.group(1)) if m else 40
    if "email" in name:
        s = f"u{i}@example.com"
    else:
        # Upper case and the row number last, so that a length limit keeps rows distinct and
        # checks like `sku = upper(sku)` hold.
        s = name.upper()
        s = s[: max(0, limit - len(str(i)))] + str(i)
    return s[:limit]


def sample_value(dialect, col, i, enums):
    """A literal for row i (1-based) of a column, or None when no literal fits the type."""
    ty, name = col["type"].lower(), col["name"].lower()
    bare = ty.split(".")[-1].strip('"')
    if bare in enums:
        labels = enums[bare]
        return lit(labels[i % len(labels)])
    if ty.startswith("enum("):
        labels = re.findall(r"'((?:[^']|'')*)'", col["type"])
        return lit(labels[i % len(labels)].replace("''", "'"))
    if ty.endswith("[]"):
        return "'{}'"
    if ty.startswith("tinyint(1)") or "bool" in ty:
        return ("true" if i % 2 else "false") if dialect == "postgres" else str(i % 2)
    if re.match(r"(tiny|small|medium|big)?int|integer|serial|smallserial|bigserial", ty):
        return str(i)
    if re.match(r"numeric|decimal|real|double|float", ty):
        return f"{i}.5"
    if "timestamp" in ty or "datetime" in ty:
        return f"'2026-01-0{i} 10:00:00'"
    if ty.startswith("date"):
        return f"'2026-01-0{i}'"
    if ty.startswith("time"):
        return f"'10:00:0{i}'"
    if "json" in ty:
        return lit(json.dumps({"kind": f"k{i}", "n": i}))
    if ty == "uuid":
        return f"'00000000-0000-4000-8000-{i:012d}'"
    if ty == "bytea":
        return "'\\x0102'"
    if "blob" in ty or "binary" in ty:
        return "X'0102'"
    if re.search(r"char|text|clob|string", ty) or ty == "":
        return lit(text_value(name, ty, i))
    return None


def lit(s):
    return "'" + s.replace("'", "''") + "'"


def sample_rows(dialect, schema, quote):
    """INSERT statements for ROWS rows per table, parents first."""
    enums = {e["name"].split(".")[-1]: e["values"] for e in schema.get("enums", [])}
    out = []
    for t in parent_first(schema["tables"]):
        fk_of = {}
        for fk in t.get("foreign_keys", []):
            for c, rc in zip(fk["columns"], fk["ref_columns"]):
                fk_of[c] = (fk["ref_table"], rc, fk["ref_columns"])
        for i in range(1, ROWS + 1):
            cols, vals = [], []
            for c in t["columns"]:
                default = (c.get("default") or "").lower()
                if c.get("generated") or c.get("identity") or c.get("auto_increment") or "nextval" in default:
                    continue
                if c["name"] in fk_of:
                    ref, rc, all_rc = fk_of[c["name"]]
                    order = ", ".join(quote(x) for x in all_rc)
                    v = f"(SELECT {quote(rc)} FROM {quote(ref)} ORDER BY {order} LIMIT 1 OFFSET {i - 1})"
                else:
                    v = sample_value(dialect, c, i, enums)
                if v is None:
                    if c["nullable"]:
                        continue
                    v = "NULL"  # the row fails and is left out
                cols.append(quote(c["name"]))
                vals.append(v)
            if cols:
                out.append(f"INSERT INTO {quote(t['name'])} ({', '.join(cols)}) VALUES ({', '.join(vals)})")
    return out


def comparable(schema_n, schema_k):
    """{table: [columns]} that exist at both versions with the same name and type.

    An enum type is the same type only with the same labels: renaming a label back (ALTER TYPE
    … RENAME VALUE) rightly changes how the stored values read."""
    def typ(schema):
        labels = {e["name"]: e["values"] for e in schema.get("enums", [])}
        return lambda c: (c["type"], labels.get(c["type"].strip('"')))
    tn, tk = typ(schema_n), typ(schema_k)
    at_k = {t["name"]: {c["name"]: tk(c) for c in t["columns"]} for t in schema_k["tables"]}
    out = {}
    for t in schema_n["tables"]:
        cols_k = at_k.get(t["name"])
        if cols_k is None:
            continue
        cols = [c["name"] for c in t["columns"] if cols_k.get(c["name"]) == tn(c) and not c.get("generated")]
        if cols:
            out[t["name"]] = cols
    return out


def same_reading(dialect, a, b):
    """Whether two inspections read the same, column order aside on PostgreSQL (a re-added
    column lands last and cannot be moved; pg_dump's comparison ignores it too) and SQLite's
    stored texts aside (the dump compares their spelling)."""
    def plain(s):
        s = json.loads(json.dumps(s))
        for t in s["tables"]:
            t.pop("written", None)
            for i in t.get("indexes", []):
                i.pop("written", None)
            if dialect == "postgres":
                t["columns"].sort(key=lambda c: c["name"])
        for v in s.get("views", []):
            v.pop("written", None)
        return s
    return plain(a) == plain(b)


def referencing_closure(schema, table):
    """`table` and every table whose foreign keys reach it, directly or not."""
    out, todo = {table}, [table]
    while todo:
        cur = todo.pop()
        for t in schema["tables"]:
            if t["name"] not in out and any(fk["ref_table"] == cur for fk in t.get("foreign_keys", [])):
                out.add(t["name"])
                todo.append(t["name"])
    return out


# --- backends ------------------------------------------------------------------------------

def pg_quote(name):
    return ".".join('"' + p.replace('"', '""') + '"' for p in name.split("."))


def innodb_file_name(name):
    """A table name as InnoDB spells it in its dictionary: characters other than ASCII letters,
    digits and `_` as `@` and four hex digits."""
    return "".join(c if c.isascii() and (c.isalnum() or c == "_") else f"@{ord(c):04x}" for c in name)


def my_quote(name):
    return "`" + name.replace("`", "``") + "`"


def lite_quote(name):
    return '"' + name.replace('"', '""') + '"'


# Removes every object a migration can create, so a reused database is as good as a new one
# (DROP DATABASE costs a checkpoint on PostgreSQL: ~1.8 s each on this machine, too slow for
# thousands of pairs). The public schema itself stays: recreating it changes its owner.
PG_RESET = r"""
DO $reset$
DECLARE r record;
BEGIN
  FOR r IN SELECT nspname FROM pg_namespace
           WHERE nspname !~ '^pg_' AND nspname NOT IN ('information_schema', 'public') LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
  FOR r IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP
    EXECUTE format('DROP EXTENSION %I CASCADE', r.extname);
  END LOOP;
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') LOOP
    EXECUTE format('DROP %s IF EXISTS public.%I CASCADE',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                     WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.relname);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'S' LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS public.%I CASCADE', r.relname);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS sig, p.prokind FROM pg_proc p
           JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE',
      CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, r.sig);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm')
              OR (n.nspname = 'public' AND t.typtype = 'c'
                  AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c') LOOP
    EXECUTE format('DROP TYPE IF EXISTS public.%I CASCADE', r.typname);
  END LOOP;
END
$reset$;
"""


class Pool:
    """Databases are reused from app to app (reset before each use): creating and dropping
    hundreds of them would cost more than the pairs themselves."""
    _lock = threading.Lock()

    # Whether a database is a file that `copy` can clone (a fresh apply is then done once
    # per version, for the reference, instead of once per pair).
    copies = False

    def snapshot(self, db, cols_by_table, tables):
        """The rows of these columns, and which table each of `tables` is (PostgreSQL: an oid,
        MariaDB: InnoDB's table id; {} where the server cannot tell)."""
        return self.rows(db, cols_by_table), {}

    def take(self):
        with self._lock:
            free = self.__dict__.setdefault("free", [])
            if free:
                return free.pop()
        return self.new()

    def give(self, db):
        with self._lock:
            self.__dict__.setdefault("free", []).append(db)


try:  # the Python suite's virtual environment has them (scripts/test runs the oracle there)
    import psycopg
except ImportError:  # plain python3: every query through psql
    psycopg = None
try:
    import pymysql
except ImportError:  # plain python3: every query through the mysql client
    pymysql = None


def batch_text(rows):
    """Rows as `mysql -N -B` prints them: tab between values, NULL for NULL, backslash,
    newline and tab escaped, a newline after each row."""
    def one(v):
        if v is None:
            return "NULL"
        if isinstance(v, bytes):
            v = v.decode("utf-8", "replace")
        return str(v).replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    return "".join("\t".join(one(v) for v in r) + "\n" for r in rows)


class PgBackend(Pool):
    dialect = "postgres"
    quote = staticmethod(pg_quote)

    def __init__(self, url):
        self.base = url
        self.server = live.Postgres(url)  # exits when unreachable
        # The servers are local: TLS only adds a handshake per connection (~170 ms in a debug
        # build of ebb, there are a dozen connections per pair).
        self.server.env["PGSSLMODE"] = "disable"
        self.owned = []
        # With psycopg, one connection per worker database (autocommit, so it holds no lock
        # between queries) instead of a psql process per query: about a fifth of a pair's time.
        self.conns = {}

    def sql(self, db):
        """A connection to `db` (None without psycopg)."""
        if psycopg is None:
            return None
        c = self.conns.get(db)
        if c is None or c.closed:
            c = self.conns[db] = psycopg.connect(self.url(db), autocommit=True, prepare_threshold=None)
        return c

    def each(self, db, stmts):
        """Run each statement on its own; for each, its rows as text lines (\x1f between
        values, <null> for NULL, as `psql -At` prints them) or None when it fails."""
        c, out = self.sql(db), []
        for st in stmts:
            try:
                cur = c.execute(st)
                rows = cur.fetchall() if cur.description else []
                out.append(["\x1f".join("<null>" if v is None else str(v) for v in r) for r in rows])
            except psycopg.Error:
                out.append(None)
        return out

    def url(self, db):
        u = urllib.parse.urlparse(self.base)
        return urllib.parse.urlunparse(u._replace(path="/" + db, query="sslmode=disable"))

    def new(self):
        db = self.server.create()
        self.owned.append(db)
        # Throw-away databases need not wait for the disk at each commit (this database only;
        # pg_dump --schema-only does not show it).
        self.server.psql(self.server.admin_db, "-c", f"ALTER DATABASE {db} SET synchronous_commit TO off")
        return db

    def reset(self, db):
        if self.sql(db) is not None:
            try:
                self.sql(db).execute(PG_RESET)
                return
            except psycopg.Error as e:
                raise RuntimeError(f"cannot reset {db}: {e}") from e
        r = self.server.psql(db, "-c", PG_RESET)
        if r.returncode:
            raise RuntimeError(f"cannot reset {db}: {r.stderr}")

    def close(self):
        for c in self.conns.values():
            c.close()
        with cf.ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(self.server.drop, self.owned))

    def execute_each(self, db, stmts):
        # Every statement on its own; refused rows are left out.
        if self.sql(db) is not None:
            self.each(db, stmts)
            return
        subprocess.run([live.pg_tool("psql"), "-X", "-q", *self.server.conn, "-d", db],
                       input=";\n".join(stmts) + ";\n", capture_output=True, text=True, env=self.server.env)

    def falsities(self, db, sqls):
        """Which of these one-value queries return false (an error is not false)."""
        if self.sql(db) is not None:
            return [r == ["False"] for r in self.each(db, [f"SELECT ({q})" for q in sqls])]
        r = self.server.psql(db, "-At", stdin="".join(f"SELECT {i}, ({q});\n" for i, q in enumerate(sqls)))
        got = dict(l.split("|", 1) for l in r.stdout.splitlines() if "|" in l)
        return [got.get(str(i)) in ("f", "false") for i in range(len(sqls))]

    def empty(self, db, tables):
        sql = "TRUNCATE " + ", ".join(pg_quote(t) for t in tables)
        if self.sql(db) is not None:
            self.sql(db).execute(sql)
            return
        r = self.server.psql(db, "-c", sql)
        if r.returncode:
            raise RuntimeError(r.stderr)

    def snapshot(self, db, cols_by_table, tables):
        """Rows, and each table's oid (a table the revert replaces by another of its name gets a
        new one), in one client call: a connection costs more than these queries."""
        script = []
        for t, cols in sorted(cols_by_table.items()):
            script.append(f"SELECT '@@ ' || {lit(t)};")
            script.append("SELECT " + ", ".join(f"CAST({pg_quote(c)} AS text)" for c in cols)
                          + f" FROM {pg_quote(t)};")
        if tables:
            script.append(f"SELECT '@@ ' || {lit(OIDS)};")
            script.append(" UNION ALL ".join(
                f"SELECT {lit(t)}, CAST(to_regclass({lit(pg_quote(t))}) AS oid)::text" for t in sorted(tables)) + ";")
        if not script:
            return {}, {}
        if self.sql(db) is not None:
            lines = [l for out in self.each(db, script) for l in (out or [])]
            rows = parse_rows("\n".join(lines))
        else:
            r = self.server.psql(db, "-At", "-F", "\x1f", "-P", "null=<null>", stdin="\n".join(script))
            rows = parse_rows(r.stdout)
        oids = rows.pop(OIDS, [])
        return rows, dict(l.split("\x1f", 1) for l in oids if "\x1f" in l)

    def dump(self, db):
        return self.server.dump(db, exclude=(REVISIONS,))


class MyBackend(Pool):
    dialect = "mysql"
    quote = staticmethod(my_quote)

    def __init__(self, url):
        self.base = url
        self.server = live.Mysql(url)
        self.owned = []
        # With pymysql, one connection per worker thread (autocommit) instead of a client
        # process per query: a dump alone is a dozen of them.
        self.local = threading.local()
        self.conns = []

    def sql(self, db):
        """This thread's connection, on `db` (None without pymysql)."""
        if pymysql is None:
            return None
        c = getattr(self.local, "conn", None)
        if c is None:
            u = urllib.parse.urlparse(self.base)
            c = pymysql.connect(host=u.hostname or "127.0.0.1", port=u.port or 3306, user=u.username or "root",
                                password=u.password or "", autocommit=True)
            self.local.conn = c
            with self._lock:
                self.conns.append(c)
        if db:
            c.select_db(db)
        return c

    def each(self, db, stmts):
        """Each statement on its own: its rows, or None when it fails."""
        c, out = self.sql(db), []
        with c.cursor() as cur:
            for st in stmts:
                try:
                    cur.execute(st)
                    out.append(cur.fetchall())
                except pymysql.MySQLError:
                    out.append(None)
        return out

    def url(self, db):
        u = urllib.parse.urlparse(self.base)
        return urllib.parse.urlunparse(u._replace(path="/" + db, query="ssl-mode=disabled"))

    def new(self):
        db = self.server.create()
        self.owned.append(db)
        return db

    def reset(self, db):
        if self.sql(None) is not None:
            with self.sql(None).cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS {db}")
                cur.execute(f"CREATE DATABASE {db}")
            return
        r = self.server.mysql(None, "-e", f"DROP DATABASE IF EXISTS {db}; CREATE DATABASE {db}")
        if r.returncode:
            raise RuntimeError(r.stderr)

    def close(self):
        for c in self.conns:
            c.close()
        for db in self.owned:
            self.server.drop(db)

    def execute_each(self, db, stmts):
        if self.sql(db) is not None:
            self.each(db, stmts)
            return
        self.server.mysql(db, "--force", stdin=";\n".join(stmts) + ";\n")

    def falsities(self, db, sqls):
        """Which of these one-value queries return false (an error is not false)."""
        if self.sql(db) is not None:
            return [r is not None and str(r[0][0]) == "0" for r in self.each(db, [f"SELECT ({q})" for q in sqls])]
        r = self.server.mysql(db, stdin="".join(f"SELECT {i}, ({q});\n" for i, q in enumerate(sqls)))
        got = dict(l.split("\t", 1) for l in r.stdout.splitlines() if "\t" in l)
        return [got.get(str(i)) == "0" for i in range(len(sqls))]

    def empty(self, db, tables):
        if self.sql(db) is not None:
            # (the session's setting, put back: the connection serves the next pair)
            with self.sql(db).cursor() as cur:
                cur.execute("SET FOREIGN_KEY_CHECKS = 0")
                try:
                    for t in tables:
                        cur.execute(f"DELETE FROM {my_quote(t)}")
                finally:
                    cur.execute("SET FOREIGN_KEY_CHECKS = 1")
            return
        sql = "SET FOREIGN_KEY_CHECKS = 0; " + " ".join(f"DELETE FROM {my_quote(t)};" for t in tables)
        r = self.server.mysql(db, "-e", sql)
        if r.returncode:
            raise RuntimeError(r.stderr)

    def snapshot(self, db, cols_by_table, tables):
        """Rows, and each table's InnoDB table id (kept by RENAME TABLE: a table the revert
        replaces by the backup renamed back gets another)."""
        rows = self.rows(db, cols_by_table)
        encoded = {f"{db}/{innodb_file_name(t)}": t for t in tables}
        if not encoded:
            return rows, {}
        sql = ("SELECT NAME, TABLE_ID FROM information_schema.INNODB_SYS_TABLES "
               "WHERE NAME IN (" + ", ".join(lit(n) for n in sorted(encoded)) + ")")
        if self.sql(None) is not None:
            text = batch_text(self.each(None, [sql])[0] or [])
        else:
            text = self.server.mysql(None, "-e", sql).stdout
        ids = {}
        for line in text.splitlines():
            name, _, tid = line.partition("\t")
            if name in encoded:
                ids[encoded[name]] = tid
        return rows, ids

    def rows(self, db, cols_by_table):
        script = []
        for t, cols in sorted(cols_by_table.items()):
            script.append(f"SELECT CONCAT('@@ ', {lit(t)});")
            script.append("SELECT CONCAT_WS(CHAR(31), " + ", ".join(
                f"IFNULL(CAST({my_quote(c)} AS CHAR), '<null>')" for c in cols) + f") FROM {my_quote(t)};")
        if not script:
            return {}
        if self.sql(db) is not None:
            return parse_rows("\n".join(str(r[0]) for out in self.each(db, script) for r in (out or [])))
        r = self.server.mysql(db, "-r", stdin="\n".join(script))
        return parse_rows(r.stdout)

    def dump(self, db):
        if self.sql(db) is None:
            return self.server.dump(db, exclude=(REVISIONS,))

        def query(sql):
            rows = self.each(db, [sql])[0]
            if rows is None:
                raise RuntimeError(f"dump query failed: {sql}")
            return batch_text(rows)
        return self.server.dump(db, exclude=(REVISIONS,), query=query)


class LiteBackend(Pool):
    dialect = "sqlite"
    quote = staticmethod(lite_quote)

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="ebb-oracle-")

    def url(self, db):
        return "sqlite://" + db

    def new(self):
        return os.path.join(self.dir, uuid.uuid4().hex[:10] + ".db")

    def reset(self, db):
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)

    copies = True

    def copy(self, src, db):
        self.reset(db)
        shutil.copyfile(src, db)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def connect(self, db):
        return sqlite3.connect(db, isolation_level=None)

    def execute_each(self, db, stmts):
        con = self.connect(db)
        for s in stmts:
            try:
                con.execute(s)
            except sqlite3.Error:
                pass
        con.close()

    def falsities(self, db, sqls):
        con = self.connect(db)
        try:
            return [con.execute(q).fetchone()[0] == 0 for q in sqls]
        finally:
            con.close()

    def empty(self, db, tables):
        con = self.connect(db)
        for t in tables:
            con.execute(f"DELETE FROM {lite_quote(t)}")
        con.close()

    def rows(self, db, cols_by_table):
        con = self.connect(db)
        out = {}
        for t, cols in cols_by_table.items():
            q = "SELECT " + ", ".join(f"quote({lite_quote(c)})" for c in cols) + f" FROM {lite_quote(t)}"
            out[t] = sorted("\x1f".join(str(v) for v in r) for r in con.execute(q))
        con.close()
        return out

    def dump(self, db):
        con = self.connect(db)
        try:
            return live.sqlite_dump(con, exclude=(REVISIONS,))
        finally:
            con.close()


def parse_rows(text):
    out, cur = {}, None
    for line in text.splitlines():
        if line.startswith("@@ "):
            cur = line[3:]
            out[cur] = []
        elif cur is not None:
            out[cur].append(line)
    return {t: sorted(v) for t, v in out.items()}


# --- the oracle ----------------------------------------------------------------------------

class Failure(Exception):
    pass


PHASES = {}
STATS = {}
PHASE_LOCK = threading.Lock()


class phase:
    """Time spent per phase, printed with EBB_ORACLE_PROFILE=1 (to see where a run goes)."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.t0 = time.perf_counter()

    def __exit__(self, *exc):
        with PHASE_LOCK:
            PHASES[self.name] = PHASES.get(self.name, 0.0) + time.perf_counter() - self.t0


class App:
    def __init__(self, backend, app_dir):
        self.b = backend
        self.dir = app_dir
        self.name = os.path.basename(app_dir)
        self.versions = versions(app_dir)
        self.refs, self.dumps, self.schemas, self.samples = {}, {}, {}, {}

    def apply(self, db, n):
        r = ebb("migrate", "apply", str(n), "--dir", self.dir, "--url", self.b.url(db))
        if r.returncode:
            raise Failure(f"apply {n} fails: {r.stderr.strip()}")

    def inspect(self, db):
        r = ebb("schema", "inspect", "--url", self.b.url(db), "--format", "json")
        if r.returncode:
            raise Failure(f"inspection fails: {r.stderr.strip()}")
        return json.loads(r.stdout)

    def build_reference(self, k):
        """A database applied to version index k (0 = nothing applied), only read from then."""
        db = self.b.take()
        self.b.reset(db)
        if k:
            self.apply(db, k)
        self.refs[k] = db
        self.dumps[k] = self.b.dump(db)
        self.schemas[k] = self.inspect(db)
        self.samples[k] = sample_rows(self.b.dialect, self.schemas[k], self.b.quote)

    def pair(self, db, n, k):
        vk = self.versions[k - 1] if k else "0"
        b = self.b
        if b.copies:
            with phase("copy"):
                b.copy(self.refs[n], db)
        else:
            with phase("reset"):
                b.reset(db)
            with phase("apply"):
                self.apply(db, n)
        with phase("samples"):
            b.execute_each(db, self.samples[n])
        keep = comparable(self.schemas[n], self.schemas[k])
        with phase("rows"):
            # Every table at N, by identity: a table the revert renames back is one of them.
            before, was = b.snapshot(db, keep, {t["name"] for t in self.schemas[n]["tables"]})
        emptied, seen, refusals = set(), set(), 0
        while True:
            with phase("down"):
                r = ebb("migrate", "down", "--to-version", vk, "--dir", self.dir, "--url", b.url(db), "--format", "json")
            if r.returncode == 0:
                break
            try:
                doc = json.loads(r.stdout)
            except ValueError:
                raise Failure(f"down fails without a JSON report: {r.stderr.strip()}")
            failed = [c for s in doc.get("steps", []) for c in s.get("checks", []) if not c.get("ok")]
            if not failed:
                raise Failure(f"down fails: {doc.get('error') or r.stderr.strip()}")
            first_step = not doc["steps"][0].get("statements") and any(
                not c.get("ok") for c in doc["steps"][0].get("checks", []))
            # Checks run before their step's statements: a refusal in the first step leaves
            # the schema at N (emptied rows aside); later steps (MySQL, one per version) may
            # have run, so the database is inspected again.
            now = self.schemas[n] if first_step else self.inspect(db)
            tables = {t["name"]: t for t in now["tables"]}
            # ebb reports every check that refused; each is proven right before any table
            # is emptied, then all of them are resolved at once.
            closure = set()
            false = b.falsities(db, [f["check"]["sql"] for f in failed])
            # A check is one table's by identity: on MySQL, where each version is a step and a
            # later step's check runs again before it, one name can be two tables (the table a
            # step drops, then the backup an earlier step renamed back to its name).
            _, ids = b.snapshot(db, {}, {f["check"]["table"] for f in failed})
            this_round = set()  # (two steps' checks may refuse on one table in one round)
            for f, is_false in zip(failed, false):
                check = f["check"]
                key = (check["code"], check["table"], check.get("column"), ids.get(check["table"]))
                if key in seen:
                    raise Failure(f"check {key} still refuses after its table was emptied")
                this_round.add(key)
                if check["table"] not in tables:
                    raise Failure(f"check {check['code']} names table {check['table']}, which does not exist")
                col = check.get("column")
                if check["code"] in ("EB102",) and col not in {c["name"] for c in tables[check["table"]]["columns"]}:
                    raise Failure(f"check {check['code']} names column {check['table']}.{col}, which does not exist")
                if not is_false:
                    raise Failure(f"check {check['code']} refused but its query holds: {check['sql']}")
                said = f"{doc.get('error') or ''} {r.stderr}"
                if f"{check['code']} " not in said or check["table"] not in said:
                    raise Failure(f"the error does not name check {check['code']} on {check['table']}: "
                                  f"{said.strip()}")
                closure |= referencing_closure(now, check["table"])
                refusals += 1
            seen |= this_round
            b.empty(db, sorted(closure))
            emptied |= closure
        # 3. the schema, twice
        with phase("ebb diff"):
            # The fresh database's inspection is kept: where the two read the same, they are
            # equal without inspecting it again; otherwise `schema diff` decides and explains.
            same = same_reading(b.dialect, self.inspect(db), self.schemas[k])
            if not same:
                with PHASE_LOCK:
                    STATS["pairs whose inspection differs (schema diff decided)"] = \
                        STATS.get("pairs whose inspection differs (schema diff decided)", 0) + 1
                r = ebb("schema", "diff", "--from", b.url(db), "--to", b.url(self.refs[k]))
        if not same and (r.returncode or "the schemas are equal" not in r.stdout):
            raise Failure("ebb's inspection sees a difference from the fresh database at "
                          f"{vk} (statements that would close it):\n" + indent(r.stdout + r.stderr))
        with phase("dump"):
            got = b.dump(db)
        if got != self.dumps[k]:
            d = difflib.unified_diff(self.dumps[k], got, f"fresh at {vk}", "after down", lineterm="", n=1)
            raise Failure("the database's own dump differs from the fresh database:\n" + indent("\n".join(d)))
        with phase("status"):
            r = ebb("migrate", "status", "--dir", self.dir, "--url", b.url(db), "--format", "json")
        st = json.loads(r.stdout) if r.stdout.strip().startswith("{") else {}
        if st.get("current") != vk:
            raise Failure(f"migrate status says {st.get('current')!r}, not {vk}: {r.stderr.strip()}")
        # 4. rows
        with phase("rows"):
            after, now_is = b.snapshot(db, keep, keep)
        for t in sorted(keep):
            if t in was and was[t] != now_is.get(t) and now_is.get(t) in was.values():
                # The history replaced this table by another of its name (the old one renamed
                # to a backup) and the revert renamed the old one back: its rows are the old
                # table's, not these. (A table dropped and re-created gets a new identity that
                # was nobody's before, and is compared.)
                continue
            want = [] if t in emptied else before.get(t, [])
            if after.get(t, []) != want:
                d = difflib.unified_diff(want, after.get(t, []), "before down", "after down", lineterm="", n=0)
                raise Failure(f"rows of {t} ({', '.join(keep[t])}) changed:\n" + indent("\n".join(d)))
        return refusals


def indent(s):
    return "\n".join("    " + l for l in s.strip().splitlines()[:60])


def chosen_pairs(dialect, count, all_pairs):
    """The pairs (N, K) the oracle runs, longest histories first.

    PostgreSQL and SQLite revert N→K with one plan computed for that pair: every pair is its own
    computation, and every pair runs. MySQL/MariaDB cannot roll DDL back, so ebb reverts one
    version at a time, N→N-1→…→K, each step planned and verified on its own: N→K runs the first
    N-K steps of N→0. What a shorter span adds is the row comparison over it and refusals met
    midway, so each N runs its single step (N-1), two steps (N-2), the middle (N/2) and the
    whole way (0); `--all-pairs` runs every pair there too."""
    everything = [(n, k) for n in range(count, 0, -1) for k in range(n - 1, -1, -1)]
    if all_pairs or dialect != "mysql":
        return everything
    return [(n, k) for n, k in everything if k in (n - 1, n - 2, n // 2, 0)]


def run_dialect(backend, apps, jobs, all_pairs=False):
    tried = exact = refusals = 0
    failures = []
    lock = threading.Lock()
    started = time.time()
    for app_dir in apps:
        app = App(backend, app_dir)
        count = len(app.versions)
        with cf.ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(app.build_reference, range(count + 1)))
        pairs = chosen_pairs(backend.dialect, count, all_pairs)
        workers = [backend.take() for _ in range(jobs)]
        free = list(workers)

        def one(p):
            nonlocal tried, exact, refusals
            with lock:
                db = free.pop()
            try:
                got = app.pair(db, *p)
                ok, msg = True, None
            except Exception as e:  # noqa: BLE001 (every error is a failed pair, reported)
                ok, msg, got = False, f"{type(e).__name__}: {e}" if not isinstance(e, Failure) else str(e), 0
            finally:
                with lock:
                    free.append(db)
            with lock:
                tried += 1
                refusals += got
                if ok:
                    exact += 1
                else:
                    n, k = p
                    vk = app.versions[k - 1] if k else "0"
                    failures.append(f"{backend.dialect}/{app.name}: {app.versions[n - 1]} -> {vk}: {msg}")

        with cf.ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(one, pairs))
        for db in workers + list(app.refs.values()):
            backend.give(db)
    print(f"{backend.dialect:<9}| {len(apps)} apps | {tried:>5} pairs tried | {exact:>5} exact | "
          f"{len(failures):>4} failed | {refusals:>5} check refusals resolved | {time.time() - started:.0f} s",
          flush=True)
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dialects", nargs="*", default=["sqlite", "postgres", "mysql"])
    ap.add_argument("--app", action="append", help="only this app (repeatable)")
    ap.add_argument("--all-pairs", action="store_true",
                    help="MySQL/MariaDB: every pair N > K, not only the spans chosen_pairs keeps")
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("EBB_ORACLE_JOBS", "3")))
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"),
                    help="root holding <dialect>/<app>/ (tests/corpus-pending for apps not yet exact)")
    args = ap.parse_args()
    if not os.path.exists(EBB):
        sys.exit(f"no ebb binary at {EBB}: build it with `cargo build -p ebb-cli` or set EBB_BIN")
    servers = {"postgres": ("EBB_TEST_POSTGRES_URL", PgBackend), "mysql": ("EBB_TEST_MYSQL_URL", MyBackend)}
    failures = []
    print("dialect  | apps   | pairs tried       | exact       | failed      | refusals", flush=True)
    for dialect in args.dialects:
        if dialect == "sqlite":
            backend = LiteBackend()
        elif dialect in servers:
            var, cls = servers[dialect]
            if not os.environ.get(var):
                print(f"{dialect}: {var} not set, not run")
                continue
            backend = cls(os.environ[var])
        else:
            sys.exit(f"unknown dialect {dialect}")
        apps = sorted(d for d in glob.glob(os.path.join(args.corpus, dialect, "*")) if os.path.isdir(d))
        if args.app:
            apps = [a for a in apps if os.path.basename(a) in args.app]
        try:
            bad = run_dialect(backend, apps, args.jobs, args.all_pairs)
        finally:
            backend.close()
        if bad:
            print(f"  first failure of {len(bad)}: {bad[0]}")
        failures += bad
    if os.environ.get("EBB_ORACLE_PROFILE"):
        for name, secs in sorted(PHASES.items(), key=lambda x: -x[1]):
            print(f"  {name:<9} {secs:7.1f} s (summed over workers)")
        for name, count in STATS.items():
            print(f"  {name}: {count}")
    if os.environ.get("EBB_ORACLE_ALL_FAILURES"):
        for f in failures[1:]:
            print("FAIL", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
