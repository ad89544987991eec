"""The ASGI entry point served by daphne: HTTP through Django, websockets through Channels."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from intranet.asgi_shutdown import CloseSocketsOnShutdown  # noqa: E402
from intranet.ops.asgi import WebsocketOperations  # noqa: E402
from intranet.routing import websocket_urlpatterns  # noqa: E402
from intranet.websocket_origin import SameOriginValidator  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Browsers send Origin; only pages of this site (scheme, host and port) may open a socket.
        # WebsocketOperations: the open-sockets gauge and a request id for the connection's log lines.
        # CloseSocketsOnShutdown: on SIGTERM each socket gets close code 4503, and the page reconnects.
        "websocket": CloseSocketsOnShutdown(
            WebsocketOperations(SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))))
        ),
    }
)
