"""One id per request: taken from the proxy's X-Request-ID when it is sane, otherwise generated.

It is returned in the response's X-Request-ID header and added to every log line written while the
request (or a websocket connection, see intranet.ops.asgi) is handled, so one request's lines can be
found together and matched with the proxy's access log.
"""

import contextvars
import logging
import re
import uuid

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

HEADER = "X-Request-ID"
# A proxy's id (nginx $request_id is 32 hex digits); anything longer or with other characters could
# forge log lines, so it is replaced.
ACCEPTED = re.compile(r"[A-Za-z0-9._:+=@-]{1,128}")
NONE = "-"

_current = contextvars.ContextVar("request_id", default=NONE)


def current() -> str:
    return _current.get()


def from_header(value: str | None) -> str:
    if value and ACCEPTED.fullmatch(value):
        return value
    return uuid.uuid4().hex


def bind(request_id: str) -> contextvars.Token:
    return _current.set(request_id)


def unbind(token: contextvars.Token) -> None:
    _current.reset(token)


class RequestIdMiddleware:
    """First in MIDDLEWARE, so every later middleware's log lines carry the id."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        request_id, token = self._start(request)
        try:
            response = self.get_response(request)
        finally:
            unbind(token)
        response[HEADER] = request_id
        return response

    async def _acall(self, request):
        request_id, token = self._start(request)
        try:
            response = await self.get_response(request)
        finally:
            unbind(token)
        response[HEADER] = request_id
        return response

    @staticmethod
    def _start(request):
        request_id = from_header(request.headers.get(HEADER))
        request.request_id = request_id
        return request_id, bind(request_id)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request)."""

    def filter(self, record):
        record.request_id = current()
        return True
