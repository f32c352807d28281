"""ebb.alembic on a real Alembic project (tests/alembic_project: four revisions whose
downgrade() is ebb.alembic.revert()): upgrade to head, downgrade to every earlier revision,
and compare with a database upgraded only that far."""
import os
import sqlite3
import urllib.parse
import uuid
from pathlib import Path

import pytest

alembic = pytest.importorskip("alembic")
from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402

import ebb  # noqa: E402

PROJECT = Path(__file__).parent / "alembic_project"
TARGETS = ["0c3", "0b2", "0a1", "base"]


def _kinds():
    return ["sqlite"] + (["postgres"] if os.environ.get("EBB_TEST_POSTGRES_URL") else [])


class Db:
    """A fresh database: its SQLAlchemy URL, a DB-API connection factory, its dialect."""

    def __init__(self, kind, tmp_path):
        self.kind = kind
        self.name = "ebb_al_" + uuid.uuid4().hex[:10]
        if kind == "sqlite":
            self.path = tmp_path / f"{self.name}.db"
            self.url = f"sqlite:///{self.path}"
            self.dialect = "sqlite"
        else:
            import psycopg

            self.admin = os.environ["EBB_TEST_POSTGRES_URL"]
            with psycopg.connect(self.admin, autocommit=True) as a:
                a.execute(f"CREATE DATABASE {self.name}")
            u = urllib.parse.urlparse(self.admin)
            self.dsn = urllib.parse.urlunparse(u._replace(path="/" + self.name))
            self.url = urllib.parse.urlunparse(u._replace(scheme="postgresql+psycopg", path="/" + self.name))
            self.dialect = "postgres"

    def connect(self):
        if self.kind == "sqlite":
            return sqlite3.connect(self.path, isolation_level=None)
        import psycopg

        return psycopg.connect(self.dsn, autocommit=True)

    def schema(self):
        c = self.connect()
        try:
            return ebb.inspect(c, self.dialect).without_tables(["alembic_version"])
        finally:
            c.close()

    def sql(self, text):
        c = self.connect()
        try:
            c.cursor().execute(text)
        finally:
            c.close()

    def drop(self):
        if self.kind == "postgres":
            import psycopg

            with psycopg.connect(self.admin, autocommit=True) as a:
                a.execute(f"DROP DATABASE IF EXISTS {self.name}")


@pytest.fixture(params=_kinds())
def make_db(request, tmp_path):
    made = []

    def make():
        d = Db(request.param, tmp_path)
        made.append(d)
        return d

    yield make
    for d in made:
        d.drop()


def config(db):
    cfg = Config(str(PROJECT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", db.url)
    return cfg


def test_computed_downgrades_reach_every_earlier_revision(make_db):
    db = make_db()
    command.upgrade(config(db), "head")
    db.sql("INSERT INTO users (id, full_name) VALUES (1, 'Ada')")
    for target in TARGETS:
        if target == "0a1":
            db.sql("DELETE FROM posts")
        if target == "base":
            db.sql("DELETE FROM users")
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
    db.sql("INSERT INTO users (id, full_name, email) VALUES (1, 'Ada', 'ada@example.org')")
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
    assert main(["downgrade", "0b2", "-c", ini, "--url", db.url, "--sql"]) == 0
    out = capsys.readouterr().out
    assert 'RENAME COLUMN "full_name" TO "name"' in out
    assert db.schema() != make_db().schema()  # nothing ran
    db.sql("INSERT INTO users (id, full_name, email) VALUES (1, 'Ada', 'a@b.c')")
    assert main(["downgrade", "base", "-c", ini, "--url", db.url]) == 1
    assert "check EB" in capsys.readouterr().err
    db.sql("DELETE FROM users")
    assert main(["downgrade", "0b2", "-c", ini, "--url", db.url]) == 0
    fresh = make_db()
    command.upgrade(config(fresh), "0b2")
    assert db.schema() == fresh.schema()
    c = db.connect()
    assert c.cursor().execute("SELECT version_num FROM alembic_version").fetchall() == [("0b2",)]
    c.close()
