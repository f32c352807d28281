"""Every earlier target of every installed app, reverted by `manage.py ebb_migrate_down` and
compared with a database migrated forward only to what is then applied.

    EBB_DJANGO_DB=sqlite:/tmp/x.db DJANGO_SETTINGS_MODULE=settings python check.py [--unrecorded] [--sample] [APP ...]

The database migrated to the end records what each migration ran (`ebb.django` is installed),
so the reverts replay the recorded SQL; `--unrecorded` deletes those rows first, as for a
history applied before recording existed (ebb then rebuilds it in a scratch database).
`--sample` takes three targets per app (zero, the middle, the one before the newest) instead of
all of them.

One process per dialect (Django is set up once); each case works on databases of its own: a
copy of a database migrated to the end, and a reference migrated forward from empty. Prints
one JSON object per case and a last line `{"summary": …}`. The comparison is ebb's inspection
of both databases and, independent of ebb, `pg_dump --schema-only` (PostgreSQL) or the
`sqlite_master` texts with the pragmas (SQLite); django_migrations must list the same rows.
"""
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
import uuid

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections, transaction  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402

import ebb  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import real_apps  # noqa: E402

BASE = connections["default"].settings_dict
VENDOR = connections["default"].vendor
DIALECT = {"postgresql": "postgres", "sqlite": "sqlite", "mysql": "mysql"}[VENDOR]
TAG = uuid.uuid4().hex[:8]
WORK = os.environ.get("EBB_DJANGO_WORK", "/tmp")


class Db:
    """A database of its own, registered as a Django connection alias."""

    count = 0

    def __init__(self, template=None):
        Db.count += 1
        self.alias = f"ebb_case_{Db.count}"
        if DIALECT == "sqlite":
            self.name = os.path.join(WORK, f"ebb_dj_{TAG}_{Db.count}.sqlite3")
            if template is not None:
                shutil.copyfile(template.name, self.name)
        elif DIALECT == "mysql":
            self.name = f"ebb_dj_{TAG}_{Db.count}"
            with connections["default"]._nodb_cursor() as c:
                c.execute(f"CREATE DATABASE `{self.name}`")
                if template is not None:
                    real_apps.copy_mysql(c, template.name, self.name)
        else:
            self.name = f"ebb_dj_{TAG}_{Db.count}"
            with connections["default"]._nodb_cursor() as c:
                if template is not None:
                    connections[template.alias].close()
                    c.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{template.name}"')
                else:
                    c.execute(f'CREATE DATABASE "{self.name}"')
        connections.settings[self.alias] = {**BASE, "NAME": self.name}

    @property
    def connection(self):
        return connections[self.alias]

    def migrate(self, *args):
        call_command("migrate", *args, database=self.alias, verbosity=0, stdout=io.StringIO())

    def applied(self):
        with self.connection.cursor() as c:
            c.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            return [tuple(r) for r in c.fetchall()]

    def schema(self):
        self.connection.ensure_connection()
        return ebb.inspect(self.connection.connection, DIALECT).without_tables(list(BOOKKEEPING))

    def dump(self):
        """The schema as the database's own tools print it (nothing of ebb in between)."""
        self.connection.close()
        if DIALECT == "sqlite":
            sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests"))
            import sqlite3

            import scenario_plans_live as live

            con = sqlite3.connect(self.name)
            try:
                return live.sqlite_dump(con, exclude=BOOKKEEPING)
            finally:
                con.close()
        if DIALECT == "mysql":
            # SHOW CREATE TABLE, the server's own text (the counter of AUTO_INCREMENT aside).
            with connections["default"]._nodb_cursor() as c:
                c.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                          "AND table_type = 'BASE TABLE'", [self.name])
                out = []
                for (t,) in sorted(c.fetchall()):
                    if t in BOOKKEEPING:
                        continue
                    c.execute(f"SHOW CREATE TABLE `{self.name}`.`{t}`")
                    text = re.sub(r" AUTO_INCREMENT=\d+", "", c.fetchone()[1])
                    out.append(real_apps.keys_unordered(text))
                return out
        env = dict(os.environ, PGPASSWORD=BASE.get("PASSWORD") or "")
        out = subprocess.run(
            ["pg_dump", "--schema-only", "--no-owner", "--no-privileges", "-h", BASE["HOST"],
             "-p", str(BASE["PORT"]), "-U", BASE["USER"], "-T", "django_migrations",
             "-T", "django_migrations_id_seq", "-T", "ebb_schema_revisions", self.name],
            env=env, capture_output=True, text=True, check=True).stdout
        lines = [ln for ln in out.splitlines()
                 if ln.strip() and not ln.startswith("--") and not ln.startswith("SET ")
                 and not ln.startswith("SELECT pg_catalog.set_config")
                 and not re.match(r"^\\(un)?restrict ", ln)]
        return real_apps.statements_sorted(lines)

    def drop(self):
        self.connection.close()
        del connections[self.alias]
        del connections.settings[self.alias]
        if DIALECT == "sqlite":
            os.unlink(self.name)
        else:
            q = connections["default"].ops.quote_name
            with connections["default"]._nodb_cursor() as c:
                c.execute(f"DROP DATABASE IF EXISTS {q(self.name)}")


def targets(loader, apps, sample=False):
    """(app, target) for every migration of each app but its last, and zero. `sample`: only
    zero, the middle one and the one before the last (the whole app, half of it, its newest
    migration alone)."""
    out = []
    for app in apps:
        leaves = loader.graph.leaf_nodes(app)
        if not leaves:
            continue
        chain = [n for n in loader.graph.forwards_plan(leaves[0]) if n[0] == app]
        earlier = [name for _, name in chain[:-1]]
        if sample and earlier:
            earlier = sorted({earlier[len(earlier) // 2], earlier[-1]}, key=earlier.index)
        out.append((app, None))
        out += [(app, name) for name in earlier]
    return out


def reference_for(applied, cache):
    """A database migrated forward only, to exactly `applied`: from the largest reference
    already made whose migrations are all among them (a copy), else from empty."""
    key = frozenset(applied)
    if key in cache:
        return cache[key]
    base = max((k for k in cache if k <= key), key=len, default=None)
    db = Db(template=cache[base][0]) if base is not None else Db()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    # Each app to each applied migration no other applied one depends on (an app's history
    # can branch and merge); what they depend on comes with them.
    ancestors = set()
    for node in key:
        ancestors |= set(loader.graph.forwards_plan(node)) - {node}
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(db.connection)
    targets = sorted(key - ancestors)
    plan = executor.migration_plan(targets)
    assert all(not backwards for _, backwards in plan), "a reference only migrates forwards"
    executor.migrate(targets, plan=plan)
    cache[key] = (db, db.schema(), db.dump())
    return cache[key]


def references(db):
    """{table: the tables its foreign keys reference}."""
    conn = db.connection
    with conn.cursor() as c:
        return {t: {v["foreign_key"][0] for v in conn.introspection.get_constraints(c, t).values()
                    if v.get("foreign_key")}
                for t in conn.introspection.table_names(c)}


def revert(db, app, target):
    """`ebb_migrate_down APP TARGET`. A refusal must name rows that exist and that the revert
    would really lose (a table or column the target does not have); those rows are deleted and
    the revert runs again, as a user who accepts the loss would. Returns the refusals."""
    from django.core.management.base import CommandError

    refused = []
    for _ in range(20):
        try:
            call_command("ebb_migrate_down", app, target or "zero", database=db.alias,
                         stdout=io.StringIO(), stderr=io.StringIO())
            return refused
        except CommandError as e:
            cause = e.__cause__
            if not isinstance(cause, ebb.CheckFailed):
                raise
            q = db.connection.ops.quote_name
            nulled, emptied = [], set()
            with db.connection.cursor() as c:
                for f in cause.failed:
                    refused.append(f"{f['code']} {f['table']}" + (f".{f['column']}" if f.get("column") else ""))
                    c.execute(f"SELECT count(*) FROM {q(f['table'])}")
                    if not c.fetchone()[0]:
                        raise AssertionError(f"{f['code']} refused on {f['table']}, which holds no rows") from e
                    column = db.connection.introspection.get_table_description(c, f["table"])
                    nullable = {col.name: col.null_ok for col in column}
                    if f.get("column") and nullable.get(f["column"]):
                        nulled.append((f["table"], f["column"]))
                    else:
                        # A NOT NULL column cannot lose its values alone, and EB109 names a
                        # column the revert adds (the table must be empty): the rows go.
                        emptied.add(f["table"])
            # Rows that reference what goes go first, with the tables they are in, in one
            # transaction (deferred keys are checked at its end; two tables may reference each
            # other, as OAuth access and refresh tokens do, so MariaDB's are off meanwhile).
            with transaction.atomic(using=db.alias), db.connection.cursor() as c:
                if DIALECT == "mysql":
                    c.execute("SET FOREIGN_KEY_CHECKS = 0")
                for t, col in nulled:
                    c.execute(f"UPDATE {q(t)} SET {q(col)} = NULL")
                for t in real_apps.dependents_first(references(db), sorted(emptied)):
                    EMPTIED.add(t)
                    c.execute(f"DELETE FROM {q(t)}")
                if DIALECT == "mysql":
                    c.execute("SET FOREIGN_KEY_CHECKS = 1")
            EMPTIED.update(t for t, _ in nulled)
    raise AssertionError(f"still refused after {len(refused)} refusals: {refused}")


def seed(alias):
    """Rows in every table of the installed apps, made through their models as a project makes
    them (a user in a group with a permission, tags on it, an e-mail address, a social account
    and token, periodic tasks, an OAuth application with tokens)."""
    from datetime import timedelta

    from django.apps import apps
    from django.contrib.auth.models import Group, Permission, User
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    m = lambda label, name: apps.get_model(label, name).objects.using(alias)  # noqa: E731
    now = timezone.now()
    user = User.objects.db_manager(alias).create_user("ann", "ann@example.com", "pw", last_login=now)
    group = Group.objects.using(alias).create(name="editors")
    perm = Permission.objects.using(alias).first()
    group.permissions.add(perm)
    user.groups.add(group)
    user.user_permissions.add(perm)
    user_ct = ContentType.objects.db_manager(alias).get_for_model(User)
    m("admin", "LogEntry").create(user=user, content_type=user_ct, object_id=str(user.pk),
                                  object_repr="ann", action_flag=1, change_message="[]")
    m("sessions", "Session").create(session_key="k" * 32, session_data="e30=", expire_date=now)
    tag = m("taggit", "Tag").create(name="News", slug="news")
    m("taggit", "TaggedItem").create(tag=tag, content_type=user_ct, object_id=user.pk)
    address = m("account", "EmailAddress").create(user=user, email="ann@example.com", verified=True,
                                                  primary=True)
    m("account", "EmailConfirmation").create(email_address=address, key="confirm-key", sent=now)
    site = apps.get_model("sites", "Site").objects.using(alias).first()
    app = m("socialaccount", "SocialApp").create(provider="github", name="GitHub", client_id="id",
                                                 secret="s", key="")
    app.sites.add(site)
    account = m("socialaccount", "SocialAccount").create(user=user, provider="github", uid="42",
                                                         extra_data={})
    m("socialaccount", "SocialToken").create(app=app, account=account, token="t", token_secret="")
    every = m("django_celery_beat", "IntervalSchedule").create(every=10, period="seconds")
    cron = m("django_celery_beat", "CrontabSchedule").create(minute="0", hour="4")
    m("django_celery_beat", "SolarSchedule").create(event="sunrise", latitude=52.5, longitude=13.4)
    m("django_celery_beat", "ClockedSchedule").create(clocked_time=now)
    m("django_celery_beat", "PeriodicTask").create(name="ping", task="app.ping", interval=every)
    m("django_celery_beat", "PeriodicTask").create(name="nightly", task="app.nightly", crontab=cron)
    m("django_celery_beat", "PeriodicTasks").update_or_create(ident=1, defaults={"last_update": now})
    oauth = m("oauth2_provider", "Application").create(
        user=user, name="cli", client_type="confidential", authorization_grant_type="authorization-code",
        redirect_uris="https://example.com/cb", client_secret="secret")
    token = m("oauth2_provider", "AccessToken").create(user=user, application=oauth, token="at",
                                                       expires=now + timedelta(hours=1), scope="read")
    m("oauth2_provider", "RefreshToken").create(user=user, application=oauth, token="rt", access_token=token)
    m("oauth2_provider", "Grant").create(user=user, application=oauth, code="c", expires=now,
                                         redirect_uri="https://example.com/cb", scope="read")
    m("oauth2_provider", "IDToken").create(user=user, application=oauth, expires=now, scope="openid")
    m("oauth2_provider", "DeviceGrant").create(user=user, device_code="dc", user_code="uc",
                                               expires=now, client_id=oauth.client_id)
    empty = [t for t in all_tables(alias) if not count(alias, t)]
    assert not empty, f"tables without rows after seeding: {empty}"


BOOKKEEPING = ("django_migrations", "ebb_schema_revisions")


def all_tables(alias):
    c = connections[alias]
    return sorted(t for t in c.introspection.table_names() if t not in BOOKKEEPING)


def recorded(alias):
    """The migrations ebb's revision table describes, as (app, name)."""
    with connections[alias].cursor() as c:
        c.execute("SELECT description FROM ebb_schema_revisions")
        return sorted(tuple(d.split(".", 1)) for (d,) in c.fetchall())


def count(alias, table):
    with connections[alias].cursor() as c:
        c.execute(f"SELECT count(*) FROM {connections[alias].ops.quote_name(table)}")
        return c.fetchone()[0]


def rows(alias):
    """Each table's rows, column by column ({table: {column: sorted values}})."""
    out = {}
    conn = connections[alias]
    q = conn.ops.quote_name
    with conn.cursor() as c:
        for t in all_tables(alias):
            c.execute(f"SELECT * FROM {q(t)}")
            names = [d[0] for d in c.description]
            data = c.fetchall()
            out[t] = {n: sorted(repr(r[i]) for r in data) for i, n in enumerate(names)}
    return out


UNRECORDED = False
# Tables a case emptied (or whose column it set NULL) to accept a refusal: rows not compared.
EMPTIED = set()


def main(argv):
    global UNRECORDED
    sample = False
    while argv and argv[0] in ("--unrecorded", "--sample"):
        UNRECORDED = UNRECORDED or argv[0] == "--unrecorded"
        sample = sample or argv[0] == "--sample"
        argv = argv[1:]
    loader = MigrationLoader(None, ignore_no_migrations=True)
    apps = argv or sorted(loader.migrated_apps - {"ebb"})
    t0 = time.time()
    # Model signals write through the default database (django-celery-beat's PeriodicTasks):
    # it has the tables too.
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    full = Db()
    full.migrate()
    seed(full.alias)
    full_applied = full.applied()
    before = rows(full.alias)
    print(json.dumps({"setup": "migrated to the end", "migrations": len(full_applied),
                      "seconds": round(time.time() - t0, 1)}), flush=True)
    cache = {}
    results = []
    for app, target in targets(loader, apps, sample):
        t1 = time.time()
        case = {"app": app, "target": target or "zero"}
        EMPTIED.clear()
        db = Db(template=full)
        try:
            if UNRECORDED:
                # A history applied before recording existed: ebb rebuilds what ran.
                with db.connection.cursor() as c:
                    c.execute("DELETE FROM ebb_schema_revisions")
            case["refused"] = revert(db, app, target)
            emptied = EMPTIED
            after = rows(db.alias)
            applied = db.applied()
            ref, ref_schema, ref_dump = reference_for(applied, cache)
            problems = []
            if not UNRECORDED and recorded(db.alias) != applied:
                problems.append(f"ebb's revision rows differ from django_migrations: "
                                f"{sorted(set(recorded(db.alias)) ^ set(applied))}")
            if ref.applied() != applied:
                problems.append(f"applied migrations differ: {sorted(set(ref.applied()) ^ set(applied))}")
            got = db.schema()
            if got != ref_schema:
                problems.append("ebb's inspection differs: " + "; ".join(c["description"] for c in ebb.diff(got, ref_schema)))
            problems += real_apps.dump_problems(db.dump(), ref_dump)
            problems += real_apps.row_problems(before, after, emptied)
            case["ok"] = not problems
            if problems:
                case["problems"] = problems
        except Exception as e:  # noqa: BLE001 - every failure is a result to report
            case["ok"] = False
            case["error"] = f"{type(e).__name__}: {e}"
            case["trace"] = traceback.format_exc(limit=-3)
        finally:
            db.drop()
        case["seconds"] = round(time.time() - t1, 2)
        results.append(case)
        print(json.dumps(case), flush=True)
    for db, _, _ in cache.values():
        db.drop()
    full.drop()
    exact = sum(1 for r in results if r["ok"])
    print(json.dumps({"summary": {"dialect": DIALECT, "cases": len(results), "exact": exact,
                                  "seconds": round(time.time() - t0, 1)}}), flush=True)
    return 0 if exact == len(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
