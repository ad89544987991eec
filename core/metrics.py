"""The application's Prometheus metrics (prometheus-client), defined once for every process.

With several processes on one machine set PROMETHEUS_MULTIPROC_DIR to a directory they share (emptied
before they start): each process writes its samples there and any process's /metrics sums them
(prometheus-client's multiprocess mode). Without it each process reports only itself. See
docs/deploy.md, "Metrics".
"""

import atexit
import os

from prometheus_client import Counter, Gauge, Histogram

REQUEST_LATENCY = Histogram(
    "intranet_http_request_duration_seconds",
    "Time to answer an HTTP request, by Django view.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
REQUESTS = Counter(
    "intranet_http_requests_total", "HTTP requests answered, by view and status code.", ["view", "method", "status"]
)
OPEN_WEBSOCKETS = Gauge("intranet_websockets_open", "Websocket connections open now.", multiprocess_mode="livesum")
PUBLISH_FAILURES = Counter(
    "intranet_channel_layer_publish_failures_total",
    "Live copies the channel layer could not take (clients recover them by sync).",
    ["target"],
)
PUBLISH_RETRIES = Counter(
    "intranet_channel_layer_publish_retries_total",
    "Publishes tried again on a new Redis connection after the first met a closed one (Redis restarted).",
)
SEARCH_FALLBACKS = Counter(
    "intranet_search_fallbacks_total",
    "Searches answered from the database because Elasticsearch could not answer.",
    ["search"],
)
SCHEDULER_JOB_RUNS = Counter("intranet_scheduler_job_runs_total", "Scheduled job runs, by outcome.", ["job", "outcome"])


def _forget_live_values() -> None:
    # A stopped process's open sockets must no longer count in the sum.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(os.getpid())


if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    atexit.register(_forget_live_values)
