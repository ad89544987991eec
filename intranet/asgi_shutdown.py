"""Websockets closed with a code when the server stops, not dropped.

On SIGTERM daphne cancels every running application and then drops the connections: a page would only
see the TCP connection vanish (close code 1006, "abnormal"), and nginx logs an upstream error. This
wrapper turns the cancellation into a close frame with 1012 ("service restart", RFC 6455 / IANA), so
the page knows to reconnect at once: through the proxy it lands on another process and catches up
from the database (docs/messaging.md). daphne ignores the frame for a socket that is already closed.
"""

import asyncio

SERVICE_RESTART = 1012


class CloseSocketsOnShutdown:
    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        try:
            return await self.application(scope, receive, send)
        except asyncio.CancelledError:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": SERVICE_RESTART})
            raise
