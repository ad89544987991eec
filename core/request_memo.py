"""A memo that lives for one HTTP request: facts a page asks for several times (the viewer's group
memberships, say) are computed once per request instead of once per query that needs them.

The memo exists only between `RequestMemoMiddleware`'s start and end of a request (a context variable,
reset in `finally`), so nothing is carried to another request, user or thread. Outside a request
(websocket consumers, whose user object lives as long as the socket; tasks; commands; code called
directly from tests) there is no memo and every call computes afresh, as before.

Only reading requests (GET, HEAD) get a memo: a write's checks (a role looked at under a row lock, say)
always read the database at that moment, never a value remembered earlier in the request.

Entries are keyed by what they depend on (the user's id among it). The app that owns a fact clears the
memo when the same request changes it (groups clears it on every membership write), so a page that
joins a group and then renders never reads the memberships from before.
"""

import contextvars
from collections.abc import Callable, Hashable
from typing import TypeVar

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

T = TypeVar("T")

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("request_memo", default=None)


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, once per request for this key; outside a request, every time."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget() -> None:
    """Drop everything remembered in this request (a write changed what it was computed from)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def start() -> contextvars.Token:
    return _memo.set({})


def end(token: contextvars.Token) -> None:
    _memo.reset(token)


READING = {"GET", "HEAD"}


class RequestMemoMiddleware:
    """Opens the memo for a reading request and closes it when the response is made."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        if request.method not in READING:
            return self.get_response(request)
        token = start()
        try:
            return self.get_response(request)
        finally:
            end(token)

    async def _acall(self, request):
        if request.method not in READING:
            return await self.get_response(request)
        token = start()
        try:
            return await self.get_response(request)
        finally:
            end(token)
