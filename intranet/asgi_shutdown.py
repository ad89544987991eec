"""Websockets closed with a code when the server stops, not dropped.

On SIGTERM daphne 4.2 drops the connections: its own shutdown step (`kill_all_applications`) stops
with a KeyError as soon as one connection has no running application (an HTTP keep-alive connection,
a socket whose consumer ended), so no consumer is told and a page only sees the TCP connection vanish
(close code 1006, "abnormal"). This wrapper keeps the open websockets of the process and, before the
reactor shuts down, sends each a close frame with 4503 ("this process is stopping": the 44xx codes of
messaging/consumers.py follow HTTP's, and autobahn, under daphne, refuses the standard 1012 "service
restart", allowing only 1000 and 3000-4999), so the page reconnects at once: through the proxy it lands on another process and catches up from the database
(docs/messaging.md). A socket whose application is cancelled gets the same frame; daphne ignores a frame
for a socket that is already closed.
"""

import asyncio
import sys

CLOSE_SERVER_STOPPING = 4503
# Seconds the reactor keeps running after the close frames were handed over, so they leave the process.
FLUSH_SECONDS = 0.2

_open_sockets: set = set()  # the `send` of every websocket open in this process
_trigger_installed = False


async def close_open_sockets() -> None:
    sends = list(_open_sockets)
    await asyncio.gather(
        *(send({"type": "websocket.close", "code": CLOSE_SERVER_STOPPING}) for send in sends), return_exceptions=True
    )
    if sends:
        await asyncio.sleep(FLUSH_SECONDS)


def _before_shutdown():
    from twisted.internet import defer

    return defer.Deferred.fromFuture(asyncio.ensure_future(close_open_sockets()))


def _install_shutdown_trigger() -> None:
    """Under daphne (a running Twisted reactor), close the sockets in the reactor's 'before shutdown'."""
    global _trigger_installed
    if _trigger_installed or "twisted.internet.reactor" not in sys.modules:
        return
    from twisted.internet import reactor

    reactor.addSystemEventTrigger("before", "shutdown", _before_shutdown)
    _trigger_installed = True


class CloseSocketsOnShutdown:
    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            return await self.application(scope, receive, send)
        _install_shutdown_trigger()
        _open_sockets.add(send)
        try:
            return await self.application(scope, receive, send)
        except asyncio.CancelledError:
            await send({"type": "websocket.close", "code": CLOSE_SERVER_STOPPING})
            raise
        finally:
            _open_sockets.discard(send)
