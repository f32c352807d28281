#!/usr/bin/env python3
"""Benchmarks of the `ebb` binary against the reference tools, measured in the same run.

1. `ebb schema inspect` of a 1,000- and a 5,000-table database against
   `pg_dump --schema-only` (PostgreSQL) and `mysqldump --no-data` (MariaDB/MySQL).
2. `ebb migrate down --dry-run` on a 1,000-file directory against applying the same files to a
   fresh database with psql: the cost of the dev-database approach, which replays a history on
   a scratch database to learn its schema.

Needs a release build (`cargo build --release -p ebb-cli`; the script runs it), psql/pg_dump and
the mysql/mysqldump clients. Servers: EBB_TEST_POSTGRES_URL / EBB_TEST_MYSQL_URL (defaults:
this machine's). Prints a table with medians and ratios; the figures go to docs/benchmarks.md.

usage: bench/cli_bench.py [--sizes 1000,5000] [--runs 5] [--files 1000]
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG = os.environ.get("EBB_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
MY = os.environ.get("EBB_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test")


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    return r.stdout


def timed(cmd, runs):
    """Median wall time of `runs` runs, and the median CPU time (user + system) of the process."""
    ts, cpu = [], []
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        run(cmd)
        ts.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))
    return statistics.median(ts), statistics.median(cpu)


def with_db(url, name):
    u = urllib.parse.urlparse(url)
    return urllib.parse.urlunparse(u._replace(path="/" + name))


def pg_args(url):
    u = urllib.parse.urlparse(url)
    return ["-h", u.hostname or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres"]


def my_args(url):
    u = urllib.parse.urlparse(url)
    a = ["-h", u.hostname or "127.0.0.1", "-P", str(u.port or 3306), "-u", u.username or "root"]
    if u.password:
        a.append(f"-p{u.password}")
    return a


def tables_sql(n, dialect):
    """n tables: key, unique text, default, check, FK to the previous table, two-column index."""
    out = []
    for i in range(n):
        key = "bigserial PRIMARY KEY" if dialect == "postgres" else "bigint AUTO_INCREMENT PRIMARY KEY"
        now = "now()" if dialect == "postgres" else "CURRENT_TIMESTAMP"
        ts = "timestamptz" if dialect == "postgres" else "timestamp"
        fk = f",\n  prev_id bigint REFERENCES t{i - 1:05d} (id)" if i and dialect == "postgres" else ""
        if i and dialect == "mysql":
            fk = f",\n  prev_id bigint,\n  FOREIGN KEY (prev_id) REFERENCES t{i - 1:05d} (id)"
        out.append(
            f"CREATE TABLE t{i:05d} (\n  id {key},\n  code varchar(40) NOT NULL UNIQUE,\n"
            f"  qty integer NOT NULL DEFAULT 0 CHECK (qty >= 0),\n  created {ts} NOT NULL DEFAULT {now}{fk}\n);\n"
            f"CREATE INDEX t{i:05d}_code_qty ON t{i:05d} (code, qty);\n"
        )
    return "".join(out)


def inspect_bench(ebb, sizes, runs, dialects):
    rows = []
    for dialect, url in (("postgres", PG), ("mysql", MY)):
        if dialect not in dialects:
            continue
        for n in sizes:
            name = f"ebb_bench_{dialect}_{n}_{os.getpid()}"
            with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
                f.write(tables_sql(n, dialect))
                script = f.name
            try:
                if dialect == "postgres":
                    run(["psql", *pg_args(url), "-d", "postgres", "-qc", f"CREATE DATABASE {name}"])
                    run(["psql", *pg_args(url), "-d", name, "-q", "-v", "ON_ERROR_STOP=1", "-f", script])
                    ref = ["pg_dump", *pg_args(url), "--schema-only", name]
                    ref_name = "pg_dump --schema-only"
                else:
                    run(["mysql", *my_args(url), "-e", f"CREATE DATABASE {name}"])
                    with open(script) as fh:
                        subprocess.run(["mysql", *my_args(url), name], stdin=fh, check=True)
                    ref = ["mysqldump", *my_args(url), "--no-data", name]
                    ref_name = "mysqldump --no-data"
                mine = [ebb, "schema", "inspect", "--url", with_db(url, name)]
                run(mine)  # warm the server's caches alike for both
                run(ref)
                t_ref, c_ref = timed(ref, runs)
                t_ebb, c_ebb = timed(mine, runs)
                rows.append((dialect, n, ref_name, t_ref, t_ebb, c_ref, c_ebb))
                print(f"  inspect {dialect} {n}: {ref_name} {t_ref:.3f}s (CPU {c_ref:.3f}s), "
                      f"ebb {t_ebb:.3f}s (CPU {c_ebb:.3f}s)", file=sys.stderr)
            finally:
                os.unlink(script)
                if dialect == "postgres":
                    run(["psql", *pg_args(url), "-d", "postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"])
                else:
                    run(["mysql", *my_args(url), "-e", f"DROP DATABASE IF EXISTS {name}"])
    return rows


def down_bench(ebb, files, runs):
    """A PostgreSQL history of `files` files: a table per file; every other file also adds and
    renames a column of the table before."""
    work = tempfile.mkdtemp()
    d = os.path.join(work, "migrations")
    os.makedirs(d)
    for i in range(files):
        sql = (
            f"CREATE TABLE f{i:05d} (id bigserial PRIMARY KEY, name varchar(40) NOT NULL, "
            f"created timestamptz NOT NULL DEFAULT now());\n"
            f"CREATE INDEX f{i:05d}_name ON f{i:05d} (name);\n"
        )
        if i and i % 2 == 0:
            sql += (
                f"ALTER TABLE f{i - 1:05d} ADD COLUMN note text;\n"
                f"ALTER TABLE f{i - 1:05d} RENAME COLUMN name TO label;\n"
            )
        with open(os.path.join(d, f"{i + 1:05d}_step.sql"), "w") as fh:
            fh.write(sql)
    run([ebb, "migrate", "hash", "--dir", "file://" + d])
    name = f"ebb_bench_down_{os.getpid()}"
    db = with_db(PG, name)
    try:
        run(["psql", *pg_args(PG), "-d", "postgres", "-qc", f"CREATE DATABASE {name}"])
        run([ebb, "migrate", "apply", "--url", db, "--dir", "file://" + d])
        target = f"{files // 2:05d}"
        down = [ebb, "migrate", "down", "--dry-run", "--to-version", target, "--url", db, "--dir", "file://" + d]
        run(down)
        t_down, _ = timed(down, runs)
        # Reference: apply the same files to a fresh scratch database (what a dev database does).
        script = "".join(open(os.path.join(d, f)).read() for f in sorted(os.listdir(d)) if f.endswith(".sql"))
        ts = []
        for k in range(runs):
            scratch = f"{name}_scratch{k}"
            run(["psql", *pg_args(PG), "-d", "postgres", "-qc", f"CREATE DATABASE {scratch}"])
            t0 = time.perf_counter()
            subprocess.run(["psql", *pg_args(PG), "-d", scratch, "-q", "-v", "ON_ERROR_STOP=1"], input=script,
                           text=True, check=True, capture_output=True)
            ts.append(time.perf_counter() - t0)
            run(["psql", *pg_args(PG), "-d", "postgres", "-qc", f"DROP DATABASE {scratch}"])
        t_apply = statistics.median(ts)
        print(f"  down --dry-run {files} files: {t_down:.3f}s; psql applying them {t_apply:.3f}s", file=sys.stderr)
        return files, t_down, t_apply
    finally:
        run(["psql", *pg_args(PG), "-d", "postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"])
        shutil.rmtree(work)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,5000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--files", type=int, default=1000, help="0: skip the down benchmark")
    ap.add_argument("--dialects", default="postgres,mysql")
    a = ap.parse_args()
    run(["cargo", "build", "--release", "--quiet", "-p", "ebb-cli"], cwd=ROOT)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    ebb = os.path.join(target, "release", "ebb")
    sizes = [int(x) for x in a.sizes.split(",")]
    rows = inspect_bench(ebb, sizes, a.runs, a.dialects.split(","))
    print("| database | tables | reference | reference time (CPU) | `ebb schema inspect` (CPU) | ebb / reference |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for dialect, n, ref_name, t_ref, t_ebb, c_ref, c_ebb in rows:
        print(f"| {dialect} | {n:,} | `{ref_name}` | {t_ref:.3f} s ({c_ref:.2f} s) | {t_ebb:.3f} s ({c_ebb:.2f} s) "
              f"| {t_ebb / t_ref:.2f}× |")
    print()
    if not a.files:
        return
    files, t_down, t_apply = down_bench(ebb, a.files, a.runs)
    print("| files | `ebb migrate down --dry-run` | psql applying the files to a scratch database | ratio |")
    print("| ---: | ---: | ---: | ---: |")
    print(f"| {files:,} | {t_down:.3f} s | {t_apply:.3f} s | {t_down / t_apply:.3f}× |")


if __name__ == "__main__":
    main()
