"""A real Alembic history from PyPI: optuna's storage revisions (pinned in
py/requirements-test.txt; applied from its installed package, never copied here). optuna
fills the database through its own API; every earlier revision is reverted by
`ebb.alembic.downgrade` and compared with a database upgraded forward only to it (ebb's
inspection, and pg_dump / sqlite_master with the pragmas), rows of surviving tables unchanged.
Once with the SQL recorded by the one-line env.py hook, once as for a history applied before
recording existed. See alembic_apps/check.py."""
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from conftest import scratch_kinds

HERE = Path(__file__).parent / "alembic_apps"


def base_url(kind, tmp_path):
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'base.sqlite3'}"
    u = urllib.parse.urlparse(os.environ["EBB_TEST_POSTGRES_URL"])
    return urllib.parse.urlunparse(u._replace(scheme="postgresql+psycopg"))


@pytest.mark.parametrize("mode", ["recorded", "unrecorded"])
@pytest.mark.parametrize("kind", [k for k in scratch_kinds() if k in ("sqlite", "postgres")])
def test_every_revision_of_optuna_reverts_exactly(kind, mode, tmp_path):
    args = [sys.executable, str(HERE / "check.py"), base_url(kind, tmp_path)]
    if mode == "unrecorded":
        args.append("--unrecorded")
    r = subprocess.run(args, capture_output=True, text=True, cwd=HERE)
    results = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    cases = [x for x in results if "target" in x]
    failed = [x for x in cases if not x["ok"]]
    summary = next((x["summary"] for x in results if "summary" in x), None)
    print(f"optuna, {kind}, {mode}: {summary}")
    assert summary is not None, r.stderr[-3000:]
    assert len(cases) >= 10, r.stderr[-2000:]
    assert not failed, json.dumps(failed[:3], indent=1)[:6000]
