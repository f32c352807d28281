"""ebb.inspect through real DB-API connections: the schema read back equals the schema the
SQL describes, and a down plan computed against it takes the database to the target."""
import pytest

import ebb
from conftest import run_script

SQL = {
    "001_init.sql": "CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n"
    "CREATE INDEX users_name ON users (name);\n",
    "002_orders.sql": "CREATE TABLE orders (id integer PRIMARY KEY, user_id integer, total integer NOT NULL DEFAULT 0,\n"
    "  FOREIGN KEY (user_id) REFERENCES users (id));\n"
    "ALTER TABLE users ADD COLUMN email varchar(100);\n",
}


def test_inspect_reads_back_what_the_sql_built(db):
    dialect, conn = db
    run_script(conn, SQL["001_init.sql"] + SQL["002_orders.sql"])
    live = ebb.inspect(conn, dialect)
    assert live == ebb.Schema.from_sql(SQL["001_init.sql"] + SQL["002_orders.sql"], dialect)
    assert live.tables == ["orders", "users"]


def test_a_down_plan_against_the_live_schema_reaches_the_target(db):
    dialect, conn = db
    d = ebb.MigrationDir.from_files(list(SQL.items()))
    run_script(conn, SQL["001_init.sql"] + SQL["002_orders.sql"])
    revs = ebb.revisions_up_to(d, dialect, "002")
    p = ebb.plan_down(d, revs, "001", actual=ebb.inspect(conn, dialect))
    assert p.target == "001"
    cur = conn.cursor()
    for st in p.statements:
        cur.execute(st)
    assert ebb.inspect(conn, dialect) == d.schema(dialect, "001")


def test_inspect_rejects_an_unknown_dialect(db):
    _, conn = db
    with pytest.raises(ebb.InputError):
        ebb.inspect(conn, "oracle")


def test_inspect_leaves_the_connection_s_settings_as_it_found_them(db):
    # On PostgreSQL the catalog queries run with JIT off (compiling them cost more than running
    # them); the caller's own setting comes back afterwards, whichever it was.
    dialect, conn = db
    run_script(conn, SQL["001_init.sql"])
    if dialect != "postgres":
        # No session settings there: inspection runs the queries as they are.
        assert ebb._ebb.inspect_settings(dialect) == []
        assert ebb.inspect(conn, dialect).tables == ["users"]
        return
    assert ebb._ebb.inspect_settings("postgres") == [("jit", "off")]
    for mine in ("on", "off"):
        conn.execute(f"SET jit = {mine}")
        assert ebb.inspect(conn, dialect).tables == ["users"]
        assert conn.execute("SHOW jit").fetchone()[0] == mine
