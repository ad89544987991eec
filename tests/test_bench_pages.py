"""bench/pages.py runs end to end on a tiny organisation, so the page-speed benchmark cannot rot:
it generates the data, indexes it into Elasticsearch, serves it from a real daphne and prints the table."""

import os
import subprocess
import sys
import uuid

import pytest

from tests.conftest import missing
from tests.live_server import PROJECT_ROOT

pytestmark = pytest.mark.services


def test_the_page_benchmark_prints_its_table_on_a_small_organisation():
    needed = ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL")
    if not all(os.environ.get(name) for name in needed) or not os.environ["DATABASE_URL"].startswith("postgres"):
        missing("bench/pages.py needs PostgreSQL, Redis and Elasticsearch (run the suite with `make test`)")
    name = f"benchpages_smoke_{uuid.uuid4().hex[:8]}"
    result = subprocess.run(
        [
            sys.executable,
            "bench/pages.py",
            "--people",
            "60",
            "--groups",
            "5",
            "--posts",
            "200",
            "--seconds",
            "2",
            "--database",
            name,
            "--drop",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    table = result.stdout
    for page in ("login", "home", "search", "profile", "group", "question", "conversation", "notifications"):
        assert f"\n{page} " in table, table
    assert "Errors" not in table, table
    assert "Goals (p95" in table
