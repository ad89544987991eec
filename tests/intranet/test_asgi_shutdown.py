"""When daphne stops (SIGTERM) it cancels every application: a websocket gets close code 4503, so the
page reconnects to another process; other connections are left to end as they do."""

import asyncio

import pytest

from intranet.asgi_shutdown import CLOSE_SERVER_STOPPING, CloseSocketsOnShutdown, close_open_sockets


async def run_until_cancelled(scope_type: str) -> list[dict]:
    sent = []

    async def application(scope, receive, send):
        await send({"type": "websocket.accept"} if scope_type == "websocket" else {"type": "http.response.start"})
        await asyncio.Event().wait()  # a socket that stays open until the server stops

    async def send(message):
        sent.append(message)

    task = asyncio.ensure_future(CloseSocketsOnShutdown(application)({"type": scope_type}, None, send))
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    return sent


async def test_a_websocket_cancelled_by_the_server_is_closed_with_service_restart():
    sent = await run_until_cancelled("websocket")
    assert sent == [{"type": "websocket.accept"}, {"type": "websocket.close", "code": CLOSE_SERVER_STOPPING}]


async def test_an_http_request_gets_no_websocket_frame():
    assert await run_until_cancelled("http") == [{"type": "http.response.start"}]


async def test_before_the_server_shuts_down_every_open_websocket_is_closed():
    # daphne's own cancellation can fail half-way (see intranet/asgi_shutdown.py): the reactor's
    # 'before shutdown' step closes the sockets itself.
    sent = []

    async def application(scope, receive, send):
        await send({"type": "websocket.accept"})
        await asyncio.Event().wait()

    async def send(message):
        sent.append(message)

    task = asyncio.ensure_future(CloseSocketsOnShutdown(application)({"type": "websocket"}, None, send))
    await asyncio.sleep(0)
    await close_open_sockets()
    assert sent == [{"type": "websocket.accept"}, {"type": "websocket.close", "code": CLOSE_SERVER_STOPPING}]
    task.cancel()
