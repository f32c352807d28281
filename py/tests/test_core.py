"""The core through Python, without a database: schemas, plans, directories, down plans and
the errors users get."""
import json
import os

import pytest

import ebb

HISTORY = {
    "001_init.sql": "CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n",
    "002_email.sql": "ALTER TABLE users ADD COLUMN email varchar(100);\n"
    "ALTER TABLE users RENAME COLUMN name TO full_name;\n",
    "003_orders.sql": "CREATE TABLE orders (id integer PRIMARY KEY, user_id integer REFERENCES users (id));\n",
}


def test_a_schema_from_sql_round_trips_through_its_sql_and_json():
    s = ebb.Schema.from_sql(HISTORY["001_init.sql"] + HISTORY["003_orders.sql"], "postgres")
    assert s.tables == ["orders", "users"]
    assert s.dialect == "postgres"
    again = ebb.Schema.from_sql(s.to_sql(), "postgres")
    assert again == s
    assert ebb.Schema.from_json(s.to_json()) == s
    d = ebb.to_dict(s)
    assert {t["name"] for t in d["tables"]} == {"orders", "users"}
    assert s.to_dict() == d


def test_plan_and_diff_between_two_schemas():
    a = ebb.Schema.from_sql(HISTORY["001_init.sql"], "sqlite")
    b = ebb.Schema.from_sql(
        "CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL, note text);", "sqlite"
    )
    p = ebb.plan(a, b)
    # Spelled as the target's text spells it (SQLite keeps it in sqlite_master).
    assert p.statements == ['ALTER TABLE "users" ADD COLUMN note text']
    back = ebb.plan(b, a)
    checks = ebb.to_dict(back)["checks"]
    assert [(c["table"], c["column"]) for c in checks] == [("users", "note")]
    assert "-- check EB102" in back.to_sql()
    changes = ebb.diff(a, b)
    assert [c["description"] for c in changes] == ["add column users.note"]


def test_plan_down_of_a_directory_renames_back_and_checks(tmp_path):
    for name, sql in HISTORY.items():
        (tmp_path / name).write_text(sql)
    d = ebb.MigrationDir(str(tmp_path))
    assert d.versions == ["001", "002", "003"]
    revs = ebb.revisions_up_to(d, "postgres", "003")
    p = ebb.plan_down(d, revs, "001", dialect="postgres")
    assert (p.current, p.target) == ("003", "001")
    sql = "\n".join(p.statements)
    assert 'RENAME COLUMN "full_name" TO "name"' in sql
    assert 'DROP TABLE "orders"' in sql
    doc = json.loads(p.to_json())
    checks = [(c["code"], c["table"]) for s in doc["steps"] for c in s["plan"]["checks"]]
    assert ("EB101", "orders") in checks
    assert [v["version"] for v in doc["steps"][0]["versions"]] == ["003", "002"]
    assert p.target_schema == d.schema("postgres", "001")
    assert [(c["code"], c["table"]) for c in p.checks] == checks
    assert p.steps[0]["to_version"] == "001"
    assert p.warnings == []


def test_a_down_keeps_what_the_reverted_files_never_made_unless_exact(tmp_path):
    for name, sql in HISTORY.items():
        (tmp_path / name).write_text(sql)
    d = ebb.MigrationDir(str(tmp_path))
    revs = ebb.revisions_up_to(d, "postgres", "003")
    # The database as it is: the history plus a table and an index made by hand.
    actual = ebb.Schema.from_sql(
        "".join(HISTORY.values())
        + "CREATE TABLE hotfix (id integer PRIMARY KEY);\n"
        + "CREATE INDEX users_email_hand ON users (email);\n",
        "postgres",
    )
    p = ebb.plan_down(d, revs, "002", actual=actual)
    assert 'DROP TABLE "orders"' in p.statements
    assert not [st for st in p.statements if "hotfix" in st or "users_email_hand" in st]
    assert "hotfix" in p.target_schema.tables
    assert [w["code"] for w in p.warnings] == ["EW010", "EW010"]
    exact = ebb.plan_down(d, revs, "002", actual=actual, exact=True)
    assert 'DROP TABLE "hotfix"' in exact.statements
    assert 'DROP INDEX "users_email_hand"' in exact.statements
    assert exact.target_schema == d.schema("postgres", "002")


def _applied(tmp_path):
    """A SQLite file database with HISTORY applied and a revision row per file, as the CLI
    leaves one."""
    import sqlite3
    from ebb import _ebb

    for name, sql in HISTORY.items():
        (tmp_path / name).write_text(sql)
    d = ebb.MigrationDir(str(tmp_path))
    con = sqlite3.connect(str(tmp_path / "app.db"), isolation_level=None)
    for sql in HISTORY.values():
        con.executescript(sql)
    q = _ebb.revision_statements("sqlite", "?")
    con.execute(q["create"])
    for name, sql in HISTORY.items():
        version, description = name[:3], name[4:-4]
        values = json.loads(_ebb.recorded_revision_values_json("sqlite", version, description, sql,
                                                               "2026-01-01T00:00:00Z", 1))
        con.execute(q["upsert"], values)
    return d, con


def _versions(con):
    return [r[0] for r in con.execute("SELECT version FROM ebb_schema_revisions ORDER BY version")]


def test_execute_names_every_refused_check_and_changes_nothing(tmp_path):
    d, con = _applied(tmp_path)
    con.execute("INSERT INTO users (id, full_name, email) VALUES (1, 'Ada', 'ada@example.org')")
    con.execute("INSERT INTO orders (id, user_id) VALUES (1, 1)")
    p = ebb.plan_down(d, ebb.revisions_up_to(d, "sqlite", "003"), "001", dialect="sqlite")
    before = ebb.inspect(con, "sqlite")
    with pytest.raises(ebb.CheckFailed) as e:
        ebb.execute(p, con)
    assert {(f["code"], f["table"], f["column"]) for f in e.value.failed} == {
        ("EB101", "orders", None), ("EB102", "users", "email")}
    assert (e.value.code, e.value.table) == (e.value.failed[0]["code"], e.value.failed[0]["table"])
    assert "(and 1 more: " in str(e.value) and "nothing was changed" in str(e.value)
    assert ebb.inspect(con, "sqlite") == before
    assert _versions(con) == ["001", "002", "003"]


def test_execute_reverts_removes_the_revision_rows_and_verifies_like_the_cli(tmp_path):
    d, con = _applied(tmp_path)
    con.execute("INSERT INTO users (id, full_name) VALUES (1, 'Ada')")
    p = ebb.plan_down(d, ebb.revisions_up_to(d, "sqlite", "003"), "001", actual=ebb.inspect(con, "sqlite"))
    assert ebb.execute(p, con) == len(p.statements)
    assert ebb.inspect(con, "sqlite").without_tables(["ebb_schema_revisions"]) == d.schema("sqlite", "001")
    assert _versions(con) == ["001"]
    assert con.execute("SELECT id, name FROM users").fetchall() == [(1, "Ada")]
    assert con.execute("PRAGMA foreign_keys").fetchone() == (0,)


def test_execute_rolls_back_when_the_result_is_not_the_target_version(tmp_path):
    """A plan made offline (from the revisions alone) meets a database with a hotfix table the
    history never made: the verification before the commit finds it, and nothing changes."""
    d, con = _applied(tmp_path)
    con.execute("CREATE TABLE hotfix (id integer PRIMARY KEY)")
    p = ebb.plan_down(d, ebb.revisions_up_to(d, "sqlite", "003"), "001", dialect="sqlite")
    before = ebb.inspect(con, "sqlite")
    with pytest.raises(ebb.EbbError) as e:
        ebb.execute(p, con)
    assert "does not match version 001; everything was rolled back" in str(e.value)
    assert "hotfix" in str(e.value)
    assert ebb.inspect(con, "sqlite") == before
    assert _versions(con) == ["001", "002", "003"]


def test_execute_refuses_a_connection_inside_a_transaction(tmp_path):
    import sqlite3

    d, con = _applied(tmp_path)
    p = ebb.plan_down(d, ebb.revisions_up_to(d, "sqlite", "003"), "001", dialect="sqlite")
    con2 = sqlite3.connect(str(tmp_path / "app.db"))
    con2.execute("INSERT INTO users (id, full_name) VALUES (2, 'Grace')")
    with pytest.raises(ebb.InputError, match="opens its own transaction"):
        ebb.execute(p, con2)


def test_an_older_directory_reverts_with_the_sql_the_revisions_hold(tmp_path):
    for name, sql in HISTORY.items():
        (tmp_path / name).write_text(sql)
    full = ebb.MigrationDir(str(tmp_path))
    revs = ebb.revisions_up_to(full, "sqlite", "003")
    old = ebb.MigrationDir.from_files([("001_init.sql", HISTORY["001_init.sql"])])
    p = ebb.plan_down(old, revs, "001", dialect="sqlite")
    assert p.target_schema == full.schema("sqlite", "001")


def test_errors_carry_what_the_user_needs():
    with pytest.raises(ebb.ParseError) as e:
        ebb.Schema.from_sql("CREATE TABLE t (id int,, x int);", "postgres", name="bad.sql")
    assert (e.value.file, e.value.line) == ("bad.sql", 1)
    assert e.value.column >= 1
    with pytest.raises(ebb.SemanticError) as e:
        ebb.Schema.from_sql("SELECT 1;\nALTER TABLE nope ADD COLUMN x int;", "postgres")
    assert e.value.line == 2 and "nope" in str(e.value)
    assert isinstance(e.value, ebb.EbbError)
    with pytest.raises(ebb.InputError):
        ebb.Schema.from_sql("SELECT 1", "oracle")
    d = ebb.MigrationDir.from_files([("001_init.sql", HISTORY["001_init.sql"])])
    with pytest.raises(ebb.VersionError) as e:
        ebb.plan_down(d, ebb.revisions_up_to(d, "sqlite", "001"), "7", dialect="sqlite")
    assert e.value.version == "7"
    with pytest.raises(ebb.DirectoryError):
        ebb.MigrationDir.from_files([("init.sql", "SELECT 1;")])


def test_errors_in_sql_ebb_was_handed_name_the_migration_not_a_made_up_file():
    # ebb.django and ebb.alembic hand the core each migration's SQL under file names of their
    # own; an error must name the migration the user knows.
    files = [("00001_shop_0001_initial.sql", "CREATE TABLE shop_item (id int PRIMARY KEY);\n"),
             ("00002_shop_0002_price.sql", "SELECT 1;\nALTER TABLE shop_nope ADD COLUMN price int;\n")]
    names = {"00001_shop_0001_initial.sql": "migration shop.0001_initial",
             "00002_shop_0002_price.sql": "migration shop.0002_price"}
    d = ebb.MigrationDir.from_files(files)
    with pytest.raises(ebb.SemanticError) as e:
        d.schema("postgres")
    named = ebb._named(e.value, names)
    assert isinstance(named, ebb.SemanticError)
    assert named.file == "migration shop.0002_price" and named.line == 2
    assert str(named).startswith("migration shop.0002_price (line 2 of the SQL it ran)"), str(named)
    assert "00002_" not in str(named) and "shop_nope" in str(named)


def test_edited_directories_and_other_layouts(tmp_path):
    (tmp_path / "1_init.up.sql").write_text(HISTORY["001_init.sql"])
    (tmp_path / "1_init.down.sql").write_text("DROP TABLE users;")
    d = ebb.MigrationDir(str(tmp_path), format="golang-migrate")
    assert d.versions == ["1"]
    (tmp_path / "ebb.sum").write_text(d.sum())
    ebb.MigrationDir(str(tmp_path), format="golang-migrate", check_sum=True)
    (tmp_path / "1_init.up.sql").write_text(HISTORY["001_init.sql"] + "-- edited\n")
    with pytest.raises(ebb.DirectoryError, match="1_init.sql was edited"):
        ebb.MigrationDir(str(tmp_path), format="golang-migrate")
    with pytest.raises(ebb.InputError, match="unknown directory format"):
        ebb.MigrationDir(str(tmp_path), format="liquibase")
    # Read as ebb's own, the directory says which tool wrote it, as the CLI does.
    with pytest.raises(ebb.DirectoryError, match='golang-migrate directory .*format="golang-migrate"'):
        ebb.MigrationDir(str(tmp_path))


def test_an_atlas_directory_is_held_to_its_atlas_sum(tmp_path):
    (tmp_path / "20240101000000_init.sql").write_text(HISTORY["001_init.sql"])
    assert ebb.MigrationDir(str(tmp_path), format="atlas").versions == ["20240101000000"]
    (tmp_path / "atlas.sum").write_text("h1:AAAA\n20240101000000_init.sql h1:BBBB\n")
    with pytest.raises(ebb.DirectoryError, match="atlas.sum was edited by hand"):
        ebb.MigrationDir(str(tmp_path), format="atlas")
    # Atlas's directory needs no ebb.sum, even when one is asked for.
    (tmp_path / "atlas.sum").unlink()
    assert len(ebb.MigrationDir(str(tmp_path), format="atlas", check_sum=True)) == 1


def test_lint_says_what_a_new_file_destroys_locks_and_what_its_rollback_does(tmp_path):
    for name, sql in HISTORY.items():
        (tmp_path / name).write_text(sql)
    (tmp_path / "004_tidy.sql").write_text(
        "ALTER TABLE users DROP COLUMN email;\nCREATE INDEX orders_user_id_idx ON orders (user_id);\n"
    )
    d = ebb.MigrationDir(str(tmp_path))
    [f] = ebb.lint(d, "postgres")
    assert (f["version"], f["file"], f["ignored"]) == ("004", "004_tidy.sql", 0)
    found = [(x["code"], x["severity"], x["line"], x["message"]) for x in f["findings"]]
    assert found == [
        ("EL102", "error", 1, "column dropped: users.email"),
        ("EL401", "warning", 2, "index orders_user_id_idx on orders is built while every write to orders waits"),
    ]
    assert f["revert"] == ['DROP INDEX "orders_user_id_idx"', 'ALTER TABLE "users" ADD COLUMN "email" character varying(100)']
    # SQLite takes no such lock; silencing works as on the command line.
    [f] = ebb.lint(d, "sqlite", ignore=["EL102"])
    assert (f["findings"], f["ignored"]) == ([], 1)
    # The two newest, or named versions; an unknown code is refused.
    assert [f["version"] for f in ebb.lint(d, "postgres", latest=2)] == ["003", "004"]
    assert [f["version"] for f in ebb.lint(d, "postgres", versions=["002"])] == ["002"]
    with pytest.raises(ebb.InputError, match="unknown lint code EL999"):
        ebb.lint(d, "postgres", ignore=["EL999"])
    codes = {c["code"]: c for c in ebb.lint_codes()}
    assert codes["EL401"]["severity"] == "warning"
    assert "CONCURRENTLY" in codes["EL401"]["explanation"]
