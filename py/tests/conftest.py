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
