"""/metrics scraped from two real daphne processes sharing one multiprocess directory, after real
requests, websockets and a scheduler run; its JSON logs carry the request id."""

import asyncio
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families
from websockets.asyncio.client import connect

from scheduler.models import JobRun
from tests import factories
from tests.live_server import PROJECT_ROOT, run_daphne, server_env, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "scrape-" + "x" * 33


def get(url: str, headers: dict | None = None, method: str = "GET"):
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()  # headers: case-insensitive


def scrape(server) -> dict:
    """{(name, labels as a sorted tuple): value} of every sample."""
    status, _headers, body = get(f"{server.url}/metrics", {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200, body
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body.decode())
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def run_scheduler_once(env: dict) -> None:
    full = {key: val for key, val in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    full.update(env)
    result = subprocess.run(
        [sys.executable, "manage.py", "run_scheduler", "--once"],
        cwd=PROJECT_ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_metrics_of_two_processes_are_summed_and_only_the_token_opens_them(tmp_path):
    user = factories.person("Maija", "Metrics")
    cookie = session_cookie(user)
    JobRun.objects.create(name="escalate_questions", last_slot=timezone.now() - timedelta(days=1))
    directory = tmp_path / "metrics"
    directory.mkdir()
    env = server_env(
        PROMETHEUS_MULTIPROC_DIR=str(directory), METRICS_TOKEN=TOKEN, LOG_FORMAT="json", TASKS_BACKEND="database"
    )

    with run_daphne(env) as one, run_daphne(env) as two:
        for server in (one, two):
            assert get(f"{server.url}/metrics")[0] == 404
            assert get(f"{server.url}/metrics", {"Authorization": "Bearer wrong"})[0] == 404
        for _ in range(3):
            assert get(f"{one.url}/healthz/live")[0] == 200
        for _ in range(2):
            assert get(f"{two.url}/healthz/live")[0] == 200

        async def sockets():
            headers = {"Cookie": f"{cookie[0]}={cookie[1]}"}
            async with (
                connect(one.ws_url("/ws/"), origin=one.origin, additional_headers=headers, proxy=None),
                connect(two.ws_url("/ws/"), origin=two.origin, additional_headers=headers, proxy=None) as on_two,
            ):
                await asyncio.sleep(0.3)
                both = scrape(one)
                await on_two.close()
                await asyncio.sleep(0.5)
                return both, scrape(two)

        both_open, one_open = asyncio.run(sockets())
        assert value(both_open, "intranet_websockets_open") == 2
        assert value(one_open, "intranet_websockets_open") == 1
        # Five requests, three on one process and two on the other, in the same series.
        assert value(both_open, "intranet_http_requests_total", view="health-live", method="GET", status="200") == 5
        assert value(both_open, "intranet_http_request_duration_seconds_count", view="health-live", method="GET") == 5

        run_scheduler_once(env)
        samples = scrape(two)
        assert value(samples, "intranet_scheduler_job_runs_total", job="escalate_questions", outcome="succeeded") == 1
        assert value(samples, "intranet_scheduler_job_last_succeeded", job="escalate_questions") == 1
        assert ("intranet_task_queue_depth", (("status", "ready"),)) in samples

        # Request ids: the proxy's is kept and returned (here on a POST refused for its missing CSRF
        # token, which is logged); a forged one is replaced.
        status, headers, _body = get(f"{one.url}/healthz/live", method="POST", headers={"X-Request-ID": "proxy-id-42"})
        assert status == 403 and headers["X-Request-ID"] == "proxy-id-42"
        status, headers, _body = get(f"{one.url}/healthz/live", {"X-Request-ID": "bad id\tforged"})
        assert status == 200 and len(headers["X-Request-ID"]) == 32 and "forged" not in headers["X-Request-ID"]
        log = one.log_text()

    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    refused = [line for line in lines if line.get("request_id") == "proxy-id-42"]
    assert refused and refused[0]["level"] == "WARNING"
    assert {line["logger"] for line in refused} >= {"django.security.csrf"}
    assert any("CSRF" in line["message"] for line in refused)
    assert all({"time", "level", "logger", "message", "request_id"} <= line.keys() for line in lines)
