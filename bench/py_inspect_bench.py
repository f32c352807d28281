#!/usr/bin/env python3
"""ebb.inspect through psycopg against SQLAlchemy's MetaData.reflect, same 1,000-table
PostgreSQL database, same run.

Run with the test environment's Python (scripts/env.sh builds it):
    .venv/bin/python bench/py_inspect_bench.py [--tables 1000] [--runs 5]
Server: EBB_TEST_POSTGRES_URL (default: this machine's). Prints medians and the ratio; the
figures go to docs/benchmarks.md.
"""
import argparse
import os
import statistics
import sys
import time
import urllib.parse
import uuid

import psycopg
import sqlalchemy

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_bench import tables_sql  # noqa: E402  (same schema as the CLI benchmark)

import ebb  # noqa: E402

PG = os.environ.get("EBB_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")


def median_time(f, runs):
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def ebb_phases(conn, runs):
    """Where ebb.inspect's time goes: the catalog queries, and the build with the values
    converted in Python (as ebb.inspect did before) or in Rust (as it does), alternating."""
    from ebb import _ebb
    cur = conn.cursor()
    q, py, rs = [], [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        raw = []
        for qid, sql in _ebb.inspect_queries("postgres"):
            cur.execute(sql)
            raw.append((qid, cur.fetchall()))
        t1 = time.perf_counter()
        converted = [(qid, [[ebb._text(v) for v in row] for row in rows]) for qid, rows in raw]
        _ebb.inspect_build("postgres", converted)
        t2 = time.perf_counter()
        _ebb.inspect_build("postgres", raw)
        t3 = time.perf_counter()
        q.append(t1 - t0), py.append(t2 - t1), rs.append(t3 - t2)
    rows = sum(len(r) for _, r in raw)
    return (statistics.median(q) * 1000, rows, statistics.median(py) * 1000,
            statistics.median(rs) * 1000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    name = "ebb_pybench_" + uuid.uuid4().hex[:8]
    with psycopg.connect(PG, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    u = urllib.parse.urlparse(PG)
    dsn = urllib.parse.urlunparse(u._replace(path="/" + name))
    try:
        with psycopg.connect(dsn, autocommit=True) as c:
            # In batches: one implicit transaction for 5,000 tables runs out of lock slots.
            sql = tables_sql(a.tables, "postgres").split(";\n")
            for k in range(0, len(sql), 500):
                c.execute(";\n".join(x for x in sql[k:k + 500] if x.strip()))
        conn = psycopg.connect(dsn, autocommit=True)
        engine = sqlalchemy.create_engine(urllib.parse.urlunparse(u._replace(scheme="postgresql+psycopg", path="/" + name)))

        def with_ebb():
            s = ebb.inspect(conn, "postgres")
            assert len(s.tables) == a.tables

        def with_sqlalchemy():
            md = sqlalchemy.MetaData()
            md.reflect(engine)
            assert len(md.tables) == a.tables

        with_ebb(), with_sqlalchemy()  # warm both
        t_ebb = median_time(with_ebb, a.runs)
        t_sa = median_time(with_sqlalchemy, a.runs)
        phases = ebb_phases(conn, a.runs)
        conn.close()
        engine.dispose()
    finally:
        with psycopg.connect(PG, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
    print(f"| tables | SQLAlchemy MetaData.reflect | ebb.inspect (psycopg) | ratio |")
    print(f"| ---: | ---: | ---: | ---: |")
    print(f"| {a.tables:,} | {t_sa:.3f} s | {t_ebb:.3f} s | {t_ebb / t_sa:.3f}× |")
    print("ebb.inspect's parts (medians): catalog queries {:.1f} ms, {} rows; the rows converted "
          "in a Python loop then built {:.1f} ms; built from the driver's rows (converted in "
          "Rust, what ebb.inspect does) {:.1f} ms".format(*phases))


if __name__ == "__main__":
    main()
