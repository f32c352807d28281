"""Every earlier revision of optuna's Alembic history (installed from PyPI), reverted by
`ebb.alembic.downgrade` on a database optuna filled through its own API, and compared with a
database upgraded forward only to that revision.

    python check.py URL [--unrecorded]      (URL: sqlite:///PATH, postgresql+psycopg://…/DB
                                             or mysql+pymysql://…/DB)

The database upgraded to head records what each revision ran (this directory's env.py has
ebb's recording hook), so the reverts replay the recorded SQL; `--unrecorded` deletes those
rows first, as for a history applied before recording existed (ebb then runs the revisions in
a scratch database). Each case works on a copy of the full database and a reference of its
own. Prints one JSON object per case and a last line `{"summary": …}`; the comparison is ebb's
inspection, and pg_dump / the sqlite_master texts with the pragmas, and the rows of every
table that survives.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import uuid

import sqlalchemy
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import pool

import ebb
import ebb.alembic

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import real_apps  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BOOKKEEPING = ("alembic_version", "ebb_schema_revisions")
# Tables the application makes without a revision (optuna's storage creates trial_heartbeats
# with metadata.create_all): a revert leaves them alone, as Alembic's own downgrades do, and
# the reference, built by revisions only, never has them. Set in main(); compared by rows.
DRIFT = []
# Tables a case emptied to accept a refusal (with the rows referencing them): not compared.
EMPTIED = set()


def versions_dir():
    import optuna.storages._rdb as rdb

    return os.path.join(os.path.dirname(rdb.__file__), "alembic", "versions")


class Db:
    """A database of its own on the server (or a file) of `base`."""

    def __init__(self, base, work, template=None):
        self.base = sqlalchemy.engine.make_url(base)
        name = "ebb_al_" + uuid.uuid4().hex[:10]
        if self.base.get_backend_name() == "sqlite":
            self.path = os.path.join(work, name + ".sqlite3")
            if template is not None:
                shutil.copyfile(template.path, self.path)
            self.url = self.base.set(database=self.path)
        elif self.base.get_backend_name() == "mysql":
            admin = sqlalchemy.create_engine(self.base, isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
            with admin.connect() as c:
                c.exec_driver_sql(f"CREATE DATABASE `{name}`")
                if template is not None:
                    real_apps.copy_mysql(c.connection.dbapi_connection.cursor(), template.url.database, name)
            admin.dispose()
            self.url = self.base.set(database=name)
        else:
            admin = sqlalchemy.create_engine(self.base, isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
            with admin.connect() as c:
                extra = f' TEMPLATE "{template.url.database}"' if template is not None else ""
                c.exec_driver_sql(f'CREATE DATABASE "{name}"{extra}')
            admin.dispose()
            self.url = self.base.set(database=name)
        self.kind = self.base.get_backend_name()

    def url_text(self):
        return self.url.render_as_string(hide_password=False)

    def config(self):
        cfg = Config()
        cfg.set_main_option("script_location", HERE)
        cfg.set_main_option("version_locations", versions_dir())
        cfg.set_main_option("sqlalchemy.url", self.url_text().replace("%", "%%"))
        return cfg

    def engine(self):
        return sqlalchemy.create_engine(self.url, poolclass=pool.NullPool)

    def exec(self, sql):
        e = self.engine()
        with e.begin() as c:
            c.exec_driver_sql(sql)
        e.dispose()

    def query(self, sql):
        e = self.engine()
        with e.connect() as c:
            rows = c.exec_driver_sql(sql).fetchall()
        e.dispose()
        return rows

    def tables(self):
        e = self.engine()
        names = sqlalchemy.inspect(e).get_table_names()
        e.dispose()
        return sorted(t for t in names if t not in BOOKKEEPING)

    def schema(self):
        e = self.engine()
        with e.connect() as c:
            s = ebb.inspect(c.connection.dbapi_connection,
                            {"sqlite": "sqlite", "mysql": "mysql"}.get(self.kind, "postgres"))
        e.dispose()
        return s.without_tables(list(BOOKKEEPING) + DRIFT)

    def dump(self):
        if self.kind == "sqlite":
            sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tests"))
            import sqlite3

            import scenario_plans_live as live

            con = sqlite3.connect(self.path)
            try:
                return [constraints_unordered(x) for x in live.sqlite_dump(con, exclude=BOOKKEEPING + tuple(DRIFT))]
            finally:
                con.close()
        if self.kind == "mysql":
            # SHOW CREATE TABLE, the server's own text (the counter of AUTO_INCREMENT aside).
            import re

            out = []
            for t in self.tables():
                if t in DRIFT:
                    continue
                text = self.query(f"SHOW CREATE TABLE `{t}`")[0][1]
                out.append(real_apps.keys_unordered(re.sub(r" AUTO_INCREMENT=\d+", "", text)))
            return out
        u = self.url
        args = ["pg_dump", "--schema-only", "--no-owner", "--no-privileges", "-h", u.host or "127.0.0.1",
                "-p", str(u.port or 5432), "-U", u.username or "postgres"]
        for t in BOOKKEEPING + tuple(DRIFT):
            args += ["-T", t + "*"]  # the table and its serial sequence
        out = subprocess.run(args + [u.database], env=dict(os.environ, PGPASSWORD=u.password or ""),
                             capture_output=True, text=True, check=True).stdout
        return real_apps.statements_sorted([ln for ln in out.splitlines() if ln.strip() and not ln.startswith("--")
                                  and not ln.startswith("SET ") and not ln.startswith("SELECT pg_catalog.set_config")
                                  and not ln.startswith("\\restrict") and not ln.startswith("\\unrestrict")])

    def rows(self):
        out = {}
        q = ("`{}`" if self.kind == "mysql" else '"{}"').format
        for t in self.tables():
            res = self.query(f"SELECT * FROM {q(t)}")
            e = self.engine()
            cols = [c["name"] for c in sqlalchemy.inspect(e).get_columns(t)]
            e.dispose()
            out[t] = {c: sorted(repr(r[i]) for r in res) for i, c in enumerate(cols)}
        return out

    def drop(self):
        if self.kind == "sqlite":
            if os.path.exists(self.path):
                os.unlink(self.path)
            return
        admin = sqlalchemy.create_engine(self.base, isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
        with admin.connect() as c:
            if self.kind == "mysql":
                c.exec_driver_sql(f"DROP DATABASE IF EXISTS `{self.url.database}`")
            else:
                c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.url.database}" WITH (FORCE)')
        admin.dispose()


def constraints_unordered(line):
    """A table's stored text with its table constraints in sorted order. Alembic's batch mode
    (every ALTER on SQLite) writes them in an order that changes from run to run (SQLAlchemy
    keeps a table's constraints in a set): the reference itself would not compare with a
    second run of itself. Columns and everything else stay as stored."""
    if not line.startswith("  text CREATE TABLE ") or "(" not in line:
        return line
    head, body = line.split("(", 1)
    body, tail = body[: body.rfind(")")], body[body.rfind(")"):]
    items, depth, cur = [], 0, ""
    for ch in body:
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
            continue
        depth += (ch == "(") - (ch == ")")
        cur += ch
    items.append(cur)
    keys = ("PRIMARY KEY", "UNIQUE", "FOREIGN KEY", "CHECK", "CONSTRAINT")
    columns = [i for i in items if not i.strip().upper().startswith(keys)]
    constraints = sorted(i for i in items if i.strip().upper().startswith(keys))
    return head + "(" + ",".join(columns + constraints) + tail


def seed(db):
    """A study with finished, failed, pruned and running trials, parameters, intermediate
    values, user and system attributes: optuna fills its tables itself."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    storage = optuna.storages.RDBStorage(db.url_text(), heartbeat_interval=60)
    study = optuna.create_study(study_name="s", storage=storage, directions=["minimize", "maximize"])
    study.set_user_attr("owner", "ann")
    study.set_metric_names(["loss", "acc"])
    for i in range(3):
        t = study.ask()
        t.suggest_float("x", -1.0, 1.0)
        t.suggest_categorical("kind", ["a", "b"])
        t.set_user_attr("note", f"n{i}")
        study.tell(t, [float(i), 1.0 - i])
    single = optuna.create_study(study_name="one", storage=storage)
    t = single.ask()
    t.suggest_int("n", 1, 9)
    t.report(0.5, step=1)
    single.tell(t, 0.25)
    study.ask()  # a running trial, with a heartbeat
    storage.record_heartbeat(study.trials[-1]._trial_id)
    storage.engine.dispose()
    empty = [t for t in db.tables() if not db.query(f'SELECT count(*) FROM "{t}"')[0][0]]
    return empty


def references(db):
    """{table: the tables its foreign keys reference}."""
    e = db.engine()
    insp = sqlalchemy.inspect(e)
    refs = {t: {fk["referred_table"] for fk in insp.get_foreign_keys(t)} for t in insp.get_table_names()}
    e.dispose()
    return refs


def revert(db, target):
    """`ebb.alembic.downgrade`; a refusal must name rows that exist: they are deleted (rows of
    referencing tables first) and the revert runs again. Returns the refusals."""
    refused = []
    for _ in range(20):
        try:
            ebb.alembic.downgrade(db.config(), target)
            return refused
        except ebb.CheckFailed as e:
            named = []
            for f in e.failed:
                refused.append(f"{f['code']} {f['table']}" + (f".{f['column']}" if f.get("column") else ""))
                if not db.query(f'SELECT count(*) FROM "{f["table"]}"')[0][0]:
                    raise AssertionError(f"{f['code']} refused on {f['table']}, which holds no rows") from e
                named.append(f["table"])
            # Accepting the loss of a table's rows loses the rows that reference them too (SQLite
            # as SQLAlchemy opens it does not enforce keys: nothing may be left dangling).
            for t in real_apps.dependents_first(references(db), named):
                EMPTIED.add(t)
                db.exec(f'DELETE FROM "{t}"')
    raise AssertionError(f"still refused after {len(refused)} refusals: {refused}")


def main(argv):
    base, unrecorded = argv[0], "--unrecorded" in argv[1:]
    work = tempfile.mkdtemp(prefix="ebb_alembic_")
    t0 = time.time()
    full = Db(base, work)
    command.upgrade(full.config(), "head")
    head = Db(base, work)
    command.upgrade(head.config(), "head")
    empty = seed(full)
    DRIFT.extend(sorted(set(full.tables()) - set(head.tables())))
    head.drop()
    before = full.rows()
    script = ScriptDirectory.from_config(full.config())
    revs = [r.revision for r in reversed(list(script.walk_revisions("base", "heads")))]
    print(json.dumps({"setup": "upgraded to head and seeded", "revisions": len(revs), "drift": DRIFT,
                      "tables without rows": empty, "seconds": round(time.time() - t0, 1)}), flush=True)
    results = []
    for target in ["base"] + revs[:-1]:
        t1 = time.time()
        case = {"target": target}
        EMPTIED.clear()
        db = Db(base, work, template=full)
        ref = Db(base, work)
        try:
            if unrecorded:
                db.exec("DELETE FROM ebb_schema_revisions")
            case["refused"] = revert(db, target)
            command.upgrade(ref.config(), target)
            problems = []
            got = db.query("SELECT version_num FROM alembic_version")
            want = ref.query("SELECT version_num FROM alembic_version")
            if got != want:
                problems.append(f"alembic_version {got} != {want}")
            if not unrecorded:
                left = sorted(d for (d,) in db.query("SELECT description FROM ebb_schema_revisions"))
                should = sorted(f"alembic:{r}" for r in revs[: (revs.index(target) + 1) if target != "base" else 0])
                if left != should:
                    problems.append(f"recorded revisions {left} != {should}")
            # (A drift table's serial sequence is the drift's too.)
            changes = [c["description"] for c in ebb.diff(db.schema(), ref.schema())
                       if not any(t in c["description"] for t in DRIFT)]
            if changes:
                problems.append("ebb's inspection differs: " + "; ".join(changes))
            problems += real_apps.dump_problems(db.dump(), ref.dump())
            problems += real_apps.row_problems(before, db.rows(), EMPTIED)
            case["ok"] = not problems
            if problems:
                case["problems"] = problems
        except Exception as e:  # noqa: BLE001 - every failure is a result to report
            case["ok"] = False
            case["error"] = f"{type(e).__name__}: {e}"
            case["trace"] = traceback.format_exc(limit=-4)
        finally:
            db.drop()
            ref.drop()
        case["seconds"] = round(time.time() - t1, 2)
        results.append(case)
        print(json.dumps(case), flush=True)
    full.drop()
    shutil.rmtree(work, ignore_errors=True)
    exact = sum(1 for r in results if r["ok"])
    print(json.dumps({"summary": {"dialect": full.kind, "cases": len(results), "exact": exact,
                                  "seconds": round(time.time() - t0, 1)}}), flush=True)
    return 0 if exact == len(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
