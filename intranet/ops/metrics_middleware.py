"""Request latency and count by Django view (the URL pattern's name: a bounded set of labels)."""

import time

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

from core.metrics import REQUEST_LATENCY, REQUESTS


def _view(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unresolved"
    return match.view_name or match.route or "unnamed"


# Any client can send a made-up method; each would add time series without bound.
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def _record(request, response, started: float) -> None:
    view = _view(request)
    method = request.method if request.method in KNOWN_METHODS else "other"
    REQUEST_LATENCY.labels(view, method).observe(time.perf_counter() - started)
    REQUESTS.labels(view, method, str(response.status_code)).inc()


class RequestMetricsMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        started = time.perf_counter()
        response = self.get_response(request)
        _record(request, response, started)
        return response

    async def _acall(self, request):
        started = time.perf_counter()
        response = await self.get_response(request)
        _record(request, response, started)
        return response
