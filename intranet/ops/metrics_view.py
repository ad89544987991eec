"""/metrics in Prometheus' text format, only for `Authorization: Bearer <METRICS_TOKEN>` (404 otherwise,
and always while no token is set)."""

import os

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

import core.metrics  # noqa: F401 - defines the metrics before the first scrape
from intranet.ops.metrics_collectors import DatabaseCollector
from intranet.ops.operator_access import has_token


class _ThisProcess:
    def collect(self):
        yield from REGISTRY.collect()


def render() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(DatabaseCollector())
    return generate_latest(registry)


@require_GET
@login_not_required
@never_cache
def metrics(request):
    if not has_token(request):
        raise Http404
    return HttpResponse(render(), content_type=CONTENT_TYPE_LATEST)
