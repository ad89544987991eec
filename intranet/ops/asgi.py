"""ASGI wrapper for websockets: counts open connections and gives each one a request id for its logs."""

from core.metrics import OPEN_WEBSOCKETS
from intranet.ops import request_id


class WebsocketOperations:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        accepted = False

        async def counting_send(message):
            nonlocal accepted
            if message["type"] == "websocket.accept" and not accepted:
                accepted = True
                OPEN_WEBSOCKETS.inc()
            await send(message)

        header = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        token = request_id.bind(request_id.from_header(header))
        try:
            await self.app(scope, receive, counting_send)
        finally:
            if accepted:
                OPEN_WEBSOCKETS.dec()
            request_id.unbind(token)
