#!/usr/bin/env python3
"""A computed revert against the framework's own, same database, same run.

Django: `manage.py ebb_migrate_down APP TARGET` against `manage.py migrate APP TARGET` on the
84-migration project of py/tests/django_apps (contrib, taggit, allauth, celery-beat,
oauth-toolkit from PyPI), each on a fresh copy of one database migrated to the end, each a
process of its own as a user runs it; with the SQL `migrate` recorded and without (ebb then
re-runs the history in a scratch database). Alembic: `python -m ebb.alembic downgrade REV`
against `alembic downgrade REV` on optuna's history (optuna's own downgrade() functions).

Run with the test environment's Python (scripts/env.sh builds it; the real apps are in
py/requirements-test.txt):
    .venv/bin/python bench/py_revert_bench.py [--runs 3] [--dialect sqlite|postgres]
Prints medians and ratios; the figures go to docs/benchmarks.md.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DJANGO = os.path.join(ROOT, "py", "tests", "django_apps")
ALEMBIC = os.path.join(ROOT, "py", "tests", "alembic_apps")
PG = os.environ.get("EBB_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
# Reverts both tools can run on an unseeded database (none drops a table Django filled).
DJANGO_TARGETS = [("taggit", "0004"), ("auth", "0011"), ("django_celery_beat", "0015"),
                  ("oauth2_provider", "0012"), ("account", "0005")]


class Databases:
    def __init__(self, dialect, work):
        self.dialect, self.work, self.made = dialect, work, []

    def new(self, template=None):
        name = "ebb_bench_" + uuid.uuid4().hex[:10]
        if self.dialect == "sqlite":
            path = os.path.join(self.work, name + ".sqlite3")
            if template:
                shutil.copyfile(template[len("sqlite:"):], path)
            return "sqlite:" + path
        import psycopg

        with psycopg.connect(PG, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""))
        self.made.append(name)
        return urllib.parse.urlunparse(urllib.parse.urlparse(PG)._replace(path="/" + name))

    def drop_all(self):
        if self.dialect == "sqlite":
            return
        import psycopg

        with psycopg.connect(PG, autocommit=True) as c:
            for n in self.made:
                c.execute(f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)')


def manage(db, *args):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="settings", EBB_DJANGO_DB=db,
               PYTHONPATH=os.pathsep.join([DJANGO, os.environ.get("PYTHONPATH", "")]))
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "django", *args], env=env, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if r.returncode:
        raise SystemExit(f"{args}: {r.stderr[-2000:]}")
    return dt


def sql(db, statement):
    if db.startswith("sqlite:"):
        import sqlite3

        c = sqlite3.connect(db[len("sqlite:"):])
        c.execute(statement)
        c.commit()
        c.close()
        return
    import psycopg

    with psycopg.connect(db, autocommit=True) as c:
        c.execute(statement)


def django(dbs, runs):
    full = dbs.new()
    manage(full, "migrate")
    rows = []
    for app, target in DJANGO_TARGETS:
        times = {"migrate": [], "ebb recorded": [], "ebb unrecorded": []}
        for _ in range(runs):
            times["migrate"].append(manage(dbs.new(full), "migrate", app, target))
            times["ebb recorded"].append(manage(dbs.new(full), "ebb_migrate_down", app, target))
            db = dbs.new(full)
            sql(db, "DELETE FROM ebb_schema_revisions")
            times["ebb unrecorded"].append(manage(db, "ebb_migrate_down", app, target))
        rows.append((f"{app} {target}", {k: statistics.median(v) for k, v in times.items()}))
    return rows


def alembic(dbs, runs):
    from alembic import command

    sys.path.insert(0, ALEMBIC)
    import check

    def url(db):
        if db.startswith("sqlite:"):
            return "sqlite:///" + db[len("sqlite:"):]
        return db.replace("postgres://", "postgresql+psycopg://", 1)

    base = dbs.new()
    c = check.Db(url(base), dbs.work)
    command.upgrade(c.config(), "head")
    rows = []
    # optuna's own downgrade() of v3.0.0.c fails (AttributeError: IntermediateValueModel has
    # no FloatTypeEnum), so Alembic cannot go below it: the targets are the two above.
    for target in ["v3.0.0.d", "v3.0.0.c"]:
        times = {"alembic downgrade": [], "ebb recorded": [], "ebb unrecorded": []}
        for _ in range(runs):
            for key in times:
                db = check.Db(url(base), dbs.work, template=c)
                if key == "ebb unrecorded":
                    db.exec("DELETE FROM ebb_schema_revisions")
                ini = os.path.join(dbs.work, f"alembic_{uuid.uuid4().hex[:6]}.ini")
                with open(ini, "w") as f:
                    f.write("[alembic]\nscript_location = %s\nversion_locations = %s\nsqlalchemy.url = %s\n"
                            % (ALEMBIC, check.versions_dir(), db.url_text().replace("%", "%%")))
                cmd = ([sys.executable, "-m", "alembic", "-c", ini, "downgrade", target] if key == "alembic downgrade"
                       else [sys.executable, "-m", "ebb.alembic", "downgrade", "-c", ini, target])
                t0 = time.perf_counter()
                r = subprocess.run(cmd, capture_output=True, text=True, cwd=ALEMBIC)
                times[key].append(time.perf_counter() - t0)
                if r.returncode:
                    raise SystemExit(f"{cmd}: {r.stderr[-2000:]}")
                db.drop()
        rows.append((f"optuna {target}", {k: statistics.median(v) for k, v in times.items()}))
    c.drop()
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dialect", choices=["sqlite", "postgres"], default="sqlite")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="ebb_bench_")
    dbs = Databases(args.dialect, work)
    try:
        for title, rows in (("Django", django(dbs, args.runs)), ("Alembic", alembic(dbs, args.runs))):
            ref = "migrate" if title == "Django" else "alembic downgrade"
            print(f"\n{title} on {args.dialect}, medians of {args.runs} (seconds, whole process)")
            print(f"{'revert':<28} {ref:>18} {'ebb recorded':>14} {'ratio':>6} {'ebb unrecorded':>15} {'ratio':>6}")
            for name, t in rows:
                print(f"{name:<28} {t[ref]:>18.2f} {t['ebb recorded']:>14.2f} {t['ebb recorded'] / t[ref]:>5.2f}× "
                      f"{t['ebb unrecorded']:>15.2f} {t['ebb unrecorded'] / t[ref]:>5.2f}×")
    finally:
        dbs.drop_all()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
