"""ebb.django on a real Django project (tests/django_project: app `shop` with four migrations,
the last a RunSQL without reverse_sql, and app `reviews` depending on shop's first), each
command in its own process: reverts computed by `ebb_migrate_down` equal a database migrated
only that far."""
import os
import subprocess
import sys
from pathlib import Path

import django  # noqa: F401  (the test environment pins Django: a missing one must fail)
import pytest

import ebb
from conftest import scratch_factory, scratch_kinds

PROJECT = Path(__file__).parent / "django_project"


def manage(db, *args, ok=True):
    """`python -m django ARGS` for the project on a scratch database, in its own process."""
    spec = f"sqlite:{db.path}" if db.kind == "sqlite" else db.dsn
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="settings", EBB_DJANGO_DB=spec,
               PYTHONPATH=os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")]))
    r = subprocess.run([sys.executable, "-m", "django", *args], env=env, capture_output=True, text=True)
    if ok:
        assert r.returncode == 0, f"{args}: {r.stdout}\n{r.stderr}"
    return r


def applied(db):
    return sorted(db.rows("SELECT app, name FROM django_migrations WHERE app IN ('shop', 'reviews')"))


@pytest.fixture(params=scratch_kinds())
def make_db(request, tmp_path):
    made = []
    yield scratch_factory(request.param, tmp_path, "django_migrations", made)
    for d in made:
        d.drop()


def test_irreversible_migrations_revert_and_rows_survive_the_rename(make_db):
    db = make_db()
    manage(db, "migrate")
    db.rows("INSERT INTO shop_product (id, title, price) VALUES (1, 'Lamp', 30)")
    # Django itself refuses: 0004 has no reverse_sql.
    assert manage(db, "migrate", "shop", "0002", ok=False).returncode != 0

    dry = manage(db, "ebb_migrate_down", "shop", "0002", "--dry-run").stdout
    assert "unapplies shop.0004_legacy_table, shop.0003_rename_name" in dry
    assert 'DROP TABLE "shop_legacy"' in dry
    assert db.rows("SELECT count(*) FROM shop_legacy") == [(0,)]  # dry run changed nothing

    out = manage(db, "ebb_migrate_down", "shop", "0002").stdout
    assert "Unapplied shop.0004_legacy_table, shop.0003_rename_name" in out
    assert db.rows("SELECT name, price FROM shop_product") == [("Lamp", 30)]
    assert applied(db) == [("reviews", "0001_initial"), ("shop", "0001_initial"), ("shop", "0002_price_and_index")]
    fresh = make_db()
    manage(fresh, "migrate", "shop", "0002")
    manage(fresh, "migrate", "reviews")
    assert db.schema() == fresh.schema(), ebb.diff(db.schema(), fresh.schema())

    # Forwards again with Django, then all the way down: reviews depends on shop, so it goes too.
    manage(db, "migrate")
    # A dry run runs the checks: it says the real run would be refused.
    dry = manage(db, "ebb_migrate_down", "shop", "zero", "--dry-run", ok=False)
    assert dry.returncode != 0 and "the real run would be refused" in dry.stderr, dry.stderr
    refused = manage(db, "ebb_migrate_down", "shop", "zero", ok=False)
    assert refused.returncode != 0 and "shop_product would be dropped but holds rows" in refused.stderr
    assert len(applied(db)) == 5
    db.rows("DELETE FROM shop_product")
    out = manage(db, "ebb_migrate_down", "shop", "zero").stdout
    assert "reviews.0001_initial" in out
    assert applied(db) == []
    empty = make_db().schema()
    assert db.schema() == empty, ebb.diff(db.schema(), empty)
