"""Real Django apps from PyPI (django-taggit, django-allauth, django-celery-beat,
django-oauth-toolkit and Django's contrib apps; pinned in py/requirements-test.txt): every
earlier target of every app, with rows in every table, reverted by `ebb_migrate_down` and
compared with a database migrated forward only to the same migrations (ebb's inspection, and
pg_dump / sqlite_master with the pragmas / SHOW CREATE TABLE), rows of surviving tables
unchanged, on SQLite, PostgreSQL and MariaDB. Once with the
SQL that `migrate` recorded as it ran, once as for a history applied before recording
existed. The cases run in one process per dialect: see django_apps/check.py."""
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from conftest import scratch_kinds

HERE = Path(__file__).parent / "django_apps"


def database(kind, tmp_path):
    """A database of its own for the project's default alias, and how to drop it."""
    if kind == "sqlite":
        return f"sqlite:{tmp_path / 'default.sqlite3'}", lambda: None
    import urllib.parse

    name = "ebb_djapps_" + uuid.uuid4().hex[:10]
    if kind == "mysql":
        import pymysql

        u = urllib.parse.urlparse(os.environ["EBB_TEST_MYSQL_URL"])
        kw = dict(host=u.hostname, port=u.port or 3306, user=u.username or "root", password=u.password or "")
        with pymysql.connect(autocommit=True, **kw) as c:
            c.cursor().execute(f"CREATE DATABASE {name}")

        def drop_mysql():
            with pymysql.connect(autocommit=True, **kw) as c:
                c.cursor().execute(f"DROP DATABASE IF EXISTS {name}")

        return urllib.parse.urlunparse(u._replace(scheme="mysql", path="/" + name)), drop_mysql
    import psycopg

    admin = os.environ["EBB_TEST_POSTGRES_URL"]
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f"CREATE DATABASE {name}")

    def drop():
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    u = urllib.parse.urlparse(admin)
    return urllib.parse.urlunparse(u._replace(path="/" + name)), drop


def cases():
    """(dialect, mode): every target with recorded SQL on SQLite, PostgreSQL and MariaDB; as
    for a history applied before recording, every target on SQLite (its scratch database is in
    memory) and three targets per app on PostgreSQL ("unrecorded-sample": each revert there
    runs the whole history in a scratch database on the server, 12 minutes for every target on
    the CI machine). Every target unrecorded on PostgreSQL and MariaDB: run `check.py
    --unrecorded` by hand (figures in docs/reliability.md)."""
    out = []
    for k in scratch_kinds():
        out += [(k, "recorded"), (k, "unrecorded" if k == "sqlite" else "unrecorded-sample")]
    if os.environ.get("EBB_TEST_MYSQL_URL"):
        out.append(("mysql", "recorded"))
    return out


@pytest.mark.parametrize("kind,mode", cases())
def test_every_target_of_every_app_reverts_exactly(kind, mode, tmp_path):
    url, drop = database(kind, tmp_path)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="settings", EBB_DJANGO_DB=url,
               EBB_DJANGO_WORK=str(tmp_path),
               PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]))
    args = [sys.executable, str(HERE / "check.py")]
    if mode.startswith("unrecorded"):
        args.append("--unrecorded")
    if mode.endswith("-sample"):
        args.append("--sample")
    try:
        r = subprocess.run(args, env=env, capture_output=True, text=True)
    finally:
        drop()
    results = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    cases = [x for x in results if "app" in x]
    failed = [x for x in cases if not x["ok"]]
    summary = next((x["summary"] for x in results if "summary" in x), None)
    print(f"django apps, {kind}, {mode}: {summary}")
    assert summary is not None, r.stderr[-3000:]
    least = 20 if mode.endswith("-sample") else 80
    assert len(cases) >= least, f"only {len(cases)} targets: {r.stderr[-2000:]}"
    assert not failed, json.dumps(failed[:5], indent=1)[:6000]
