"""ebb.alembic on a real Alembic project (tests/alembic_project: four revisions whose
downgrade() is ebb.alembic.revert()): upgrade to head, downgrade to every earlier revision,
and compare with a database upgraded only that far."""
import re
import urllib.parse
from pathlib import Path

import pytest
from alembic import command  # the test environment pins alembic: a missing one must fail
from alembic.config import Config

import ebb
from conftest import scratch_factory, scratch_kinds

PROJECT = Path(__file__).parent / "alembic_project"
TARGETS = ["0c3", "0b2", "0a1", "base"]


def url_of(db):
    """The SQLAlchemy URL of a scratch database."""
    if db.kind == "sqlite":
        return f"sqlite:///{db.path}"
    return urllib.parse.urlunparse(urllib.parse.urlparse(db.dsn)._replace(scheme="postgresql+psycopg"))


@pytest.fixture(params=scratch_kinds())
def make_db(request, tmp_path):
    made = []
    yield scratch_factory(request.param, tmp_path, "alembic_version", made)
    for d in made:
        d.drop()


def config(db):
    cfg = Config(str(PROJECT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url_of(db))
    return cfg


def test_computed_downgrades_reach_every_earlier_revision(make_db):
    db = make_db()
    command.upgrade(config(db), "head")
    db.rows("INSERT INTO users (id, full_name) VALUES (1, 'Ada')")
    for target in TARGETS:
        if target == "0a1":
            db.rows("DELETE FROM posts")
        if target == "base":
            db.rows("DELETE FROM users")
        command.downgrade(config(db), target)
        fresh = make_db()
        if target != "base":
            command.upgrade(config(fresh), target)
        assert db.schema() == fresh.schema(), target
        if target == "0b2":
            # The rename was reverted as a rename: the row kept its value.
            c = db.connect()
            assert c.cursor().execute("SELECT name FROM users").fetchall() == [("Ada",)]
            c.close()


def test_a_downgrade_that_would_lose_data_is_refused(make_db):
    db = make_db()
    command.upgrade(config(db), "head")
    db.rows("INSERT INTO users (id, full_name, email) VALUES (1, 'Ada', 'ada@example.org')")
    with pytest.raises(ebb.CheckFailed) as e:
        command.downgrade(config(db), "0a1")
    assert (e.value.table, e.value.column) == ("users", "email")
    c = db.connect()
    assert c.cursor().execute("SELECT email FROM users").fetchall() == [("ada@example.org",)]
    c.close()


def test_offline_downgrade_prints_the_computed_plan(make_db, capsys):
    db = make_db()
    command.downgrade(config(db), "0d4:0b2", sql=True)
    out = capsys.readouterr().out.lower()
    assert "rename column" in out and "full_name" in out


def test_the_command_line_prints_or_runs_the_plan_for_any_target(make_db, capsys):
    from ebb.alembic import main

    db = make_db()
    command.upgrade(config(db), "head")
    ini = str(PROJECT / "alembic.ini")
    assert main(["downgrade", "0b2", "-c", ini, "--url", url_of(db), "--sql"]) == 0
    out = capsys.readouterr().out
    # SQLite: the new name as the table's text spells it (bare here); PostgreSQL quotes it.
    assert re.search(r'RENAME COLUMN "full_name" TO "?name"?', out), out
    assert db.schema() != make_db().schema()  # nothing ran
    db.rows("INSERT INTO users (id, full_name, email) VALUES (1, 'Ada', 'a@b.c')")
    # --sql runs the checks: the plan it prints would be refused.
    assert main(["downgrade", "base", "-c", ini, "--url", url_of(db), "--sql"]) == 1
    assert "the real run would be refused" in capsys.readouterr().err
    assert main(["downgrade", "base", "-c", ini, "--url", url_of(db)]) == 1
    assert "check EB" in capsys.readouterr().err
    db.rows("DELETE FROM users")
    assert main(["downgrade", "0b2", "-c", ini, "--url", url_of(db)]) == 0
    fresh = make_db()
    command.upgrade(config(fresh), "0b2")
    assert db.schema() == fresh.schema()
    c = db.connect()
    assert c.cursor().execute("SELECT version_num FROM alembic_version").fetchall() == [("0b2",)]
    c.close()
