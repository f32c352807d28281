"""ebb.django on a real Django project (tests/django_project: app `shop` with four migrations,
the last a RunSQL without reverse_sql, and app `reviews` depending on shop's first), each
command in its own process: reverts computed by `ebb_migrate_down` equal a database migrated
only that far."""
import os
import sqlite3
import subprocess
import sys
import urllib.parse
import uuid
from pathlib import Path

import pytest

pytest.importorskip("django")

import ebb  # noqa: E402

PROJECT = Path(__file__).parent / "django_project"


def _kinds():
    return ["sqlite"] + (["postgres"] if os.environ.get("EBB_TEST_POSTGRES_URL") else [])


class Db:
    def __init__(self, kind, tmp_path):
        self.kind = kind
        self.name = "ebb_dj_" + uuid.uuid4().hex[:10]
        if kind == "sqlite":
            self.path = tmp_path / f"{self.name}.db"
            self.spec = f"sqlite:{self.path}"
            self.dialect = "sqlite"
        else:
            import psycopg

            self.admin = os.environ["EBB_TEST_POSTGRES_URL"]
            with psycopg.connect(self.admin, autocommit=True) as a:
                a.execute(f"CREATE DATABASE {self.name}")
            u = urllib.parse.urlparse(self.admin)
            self.spec = urllib.parse.urlunparse(u._replace(path="/" + self.name))
            self.dialect = "postgres"

    def manage(self, *args, ok=True):
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="settings", EBB_DJANGO_DB=self.spec,
                   PYTHONPATH=os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")]))
        r = subprocess.run([sys.executable, "-m", "django", *args], env=env, capture_output=True, text=True)
        if ok:
            assert r.returncode == 0, f"{args}: {r.stdout}\n{r.stderr}"
        return r

    def connect(self):
        if self.kind == "sqlite":
            return sqlite3.connect(self.path, isolation_level=None)
        import psycopg

        return psycopg.connect(self.spec, autocommit=True)

    def rows(self, sql):
        c = self.connect()
        try:
            cur = c.cursor()
            cur.execute(sql)
            return [tuple(r) for r in cur.fetchall()]
        finally:
            c.close()

    def schema(self):
        c = self.connect()
        try:
            return ebb.inspect(c, self.dialect).without_tables(["django_migrations"])
        finally:
            c.close()

    def applied(self):
        return sorted(self.rows("SELECT app, name FROM django_migrations WHERE app IN ('shop', 'reviews')"))

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


def test_irreversible_migrations_revert_and_rows_survive_the_rename(make_db):
    db = make_db()
    db.manage("migrate")
    db.rows("INSERT INTO shop_product (id, title, price) VALUES (1, 'Lamp', 30) RETURNING id") if db.kind == "postgres" \
        else db.rows("INSERT INTO shop_product (id, title, price) VALUES (1, 'Lamp', 30)")
    # Django itself refuses: 0004 has no reverse_sql.
    assert db.manage("migrate", "shop", "0002", ok=False).returncode != 0

    dry = db.manage("ebb_migrate_down", "shop", "0002", "--dry-run").stdout
    assert "unapplies shop.0004_legacy_table, shop.0003_rename_name" in dry
    assert 'DROP TABLE "shop_legacy"' in dry
    assert db.rows("SELECT count(*) FROM shop_legacy") == [(0,)]  # dry run changed nothing

    out = db.manage("ebb_migrate_down", "shop", "0002").stdout
    assert "Unapplied shop.0004_legacy_table, shop.0003_rename_name" in out
    assert db.rows("SELECT name, price FROM shop_product") == [("Lamp", 30)]
    assert db.applied() == [("reviews", "0001_initial"), ("shop", "0001_initial"), ("shop", "0002_price_and_index")]
    fresh = make_db()
    fresh.manage("migrate", "shop", "0002")
    fresh.manage("migrate", "reviews")
    assert db.schema() == fresh.schema(), ebb.diff(db.schema(), fresh.schema())

    # Forwards again with Django, then all the way down: reviews depends on shop, so it goes too.
    db.manage("migrate")
    refused = db.manage("ebb_migrate_down", "shop", "zero", ok=False)
    assert refused.returncode != 0 and "shop_product would be dropped but holds rows" in refused.stderr
    assert len(db.applied()) == 5
    db.rows("DELETE FROM shop_product RETURNING id") if db.kind == "postgres" else db.rows("DELETE FROM shop_product")
    out = db.manage("ebb_migrate_down", "shop", "zero").stdout
    assert "reviews.0001_initial" in out
    assert db.applied() == []
    empty = make_db().schema()
    assert db.schema() == empty, ebb.diff(db.schema(), empty)
