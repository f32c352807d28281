"""Real databases for the Python suite: SQLite always; PostgreSQL (psycopg) and MariaDB
(pymysql) when EBB_TEST_POSTGRES_URL / EBB_TEST_MYSQL_URL are set. A set variable whose server
is unreachable fails the test that needs it; each test gets a database of its own."""
import os
import sqlite3
import urllib.parse
import uuid

import pytest


def _servers():
    out = ["sqlite"]
    if os.environ.get("EBB_TEST_POSTGRES_URL"):
        out.append("postgres")
    if os.environ.get("EBB_TEST_MYSQL_URL"):
        out.append("mysql")
    return out


@pytest.fixture(params=_servers())
def db(request):
    """(dialect, DB-API connection with autocommit) on a fresh database."""
    kind = request.param
    name = "ebb_py_" + uuid.uuid4().hex[:10]
    if kind == "sqlite":
        conn = sqlite3.connect(":memory:", isolation_level=None)
        yield kind, conn
        conn.close()
        return
    if kind == "postgres":
        import psycopg

        admin_url = os.environ["EBB_TEST_POSTGRES_URL"]
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        u = urllib.parse.urlparse(admin_url)
        conn = psycopg.connect(urllib.parse.urlunparse(u._replace(path="/" + name)), autocommit=True)
        yield kind, conn
        conn.close()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
        return
    import pymysql

    u = urllib.parse.urlparse(os.environ["EBB_TEST_MYSQL_URL"])
    kw = dict(host=u.hostname, port=u.port or 3306, user=u.username or "root", password=u.password or "")
    admin = pymysql.connect(autocommit=True, **kw)
    admin.cursor().execute(f"CREATE DATABASE {name}")
    conn = pymysql.connect(database=name, autocommit=True, **kw)
    yield kind, conn
    conn.close()
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {name}")
    admin.close()


def run_script(conn, sql):
    """Execute `;`-separated statements (no bodies with semicolons in these tests)."""
    cur = conn.cursor()
    for st in sql.split(";"):
        if st.strip():
            cur.execute(st)
    cur.close()


class ScratchDb:
    """A database of its own on SQLite (a file) or PostgreSQL (EBB_TEST_POSTGRES_URL's server),
    for the integration tests that hand a URL to another tool (Alembic, Django)."""

    def __init__(self, kind, tmp_path, version_table):
        self.kind = kind
        self.version_table = version_table
        self.name = "ebb_it_" + uuid.uuid4().hex[:10]
        if kind == "sqlite":
            self.path = tmp_path / f"{self.name}.db"
            self.dialect = "sqlite"
            self.dsn = None
            return
        import psycopg

        self.admin = os.environ["EBB_TEST_POSTGRES_URL"]
        with psycopg.connect(self.admin, autocommit=True) as a:
            a.execute(f"CREATE DATABASE {self.name}")
        u = urllib.parse.urlparse(self.admin)
        self.dsn = urllib.parse.urlunparse(u._replace(path="/" + self.name))
        self.dialect = "postgres"

    def connect(self):
        if self.kind == "sqlite":
            return sqlite3.connect(self.path, isolation_level=None)
        import psycopg

        return psycopg.connect(self.dsn, autocommit=True)

    def rows(self, sql):
        c = self.connect()
        try:
            cur = c.cursor()
            cur.execute(sql)
            return [tuple(r) for r in cur.fetchall()] if cur.description else []
        finally:
            c.close()

    def schema(self):
        """The live schema without the tool's own version table."""
        import ebb

        c = self.connect()
        try:
            return ebb.inspect(c, self.dialect).without_tables([self.version_table])
        finally:
            c.close()

    def drop(self):
        if self.kind == "postgres":
            import psycopg

            with psycopg.connect(self.admin, autocommit=True) as a:
                a.execute(f"DROP DATABASE IF EXISTS {self.name}")


def scratch_kinds():
    return ["sqlite"] + (["postgres"] if os.environ.get("EBB_TEST_POSTGRES_URL") else [])


def scratch_factory(kind, tmp_path, version_table, made):
    def make():
        d = ScratchDb(kind, tmp_path, version_table)
        made.append(d)
        return d

    return make


def pytest_collection_modifyitems(items):
    """The real-app suites take minutes each: they go first, so that the workers of
    `pytest -n 2` (scripts/test) share them instead of one finding them last."""
    items.sort(key=lambda i: 0 if i.module.__name__ in ("test_django_apps", "test_alembic_apps") else 1)
