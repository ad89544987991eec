"""Which pages may open a websocket: the Origin must be this site, by scheme, host and port.

Channels' AllowedHostsOriginValidator compares the host name only, so a page on another port of the same
machine (http://127.0.0.1:9999) or another scheme (https://localhost against a plain-HTTP site) could
open a socket with the user's cookie. Here an Origin is accepted when it is exactly

- the origin the handshake was made to: the scheme of the connection (https when a trusted proxy says
  so through SECURE_PROXY_SSL_HEADER, as Django decides for pages), and the Host header, which must be
  one of ALLOWED_HOSTS; or
- one of the site's configured public origins: BASE_URL (WAGTAILADMIN_BASE_URL) and
  CSRF_TRUSTED_ORIGINS (where `https://*.example.fi` allows the subdomains, as for forms).

Ports are compared after filling in the scheme's default (80, 443), so https://host and
https://host:443 are the same origin.
"""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils.http import is_same_domain

DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin or URL; None for anything else (`null`, no host, odd ports)."""
    try:
        parts = urlsplit(url.strip())
        scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None
    if scheme not in DEFAULT_PORTS or not host:
        return None
    return scheme, host, port if port is not None else DEFAULT_PORTS[scheme]


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin1")
    return None


def _own_origin(scope) -> tuple[str, str, int] | None:
    """The origin of this handshake, if its Host is one the site answers to."""
    host = _header(scope, b"host")
    if not host:
        return None
    domain, _port = split_domain_port(host)
    allowed_hosts = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed_hosts:
        allowed_hosts = [".localhost", "127.0.0.1", "[::1]"]  # Django's rule for pages
    if not domain or not validate_host(domain, allowed_hosts):
        return None
    secure = scope.get("scheme") == "wss"
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        header, value = proxy
        forwarded = _header(scope, header.removeprefix("HTTP_").replace("_", "-").lower().encode("latin1"))
        secure = secure or (forwarded is not None and forwarded.split(",")[0].strip() == value)
    return _origin(f"{'https' if secure else 'http'}://{host}")


def _configured_matches(origin: tuple[str, str, int]) -> bool:
    scheme, host, port = origin
    candidates = [getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "", *settings.CSRF_TRUSTED_ORIGINS]
    for candidate in candidates:
        wildcard = "://*." in candidate
        trusted = _origin(candidate.replace("://*.", "://", 1) if wildcard else candidate)
        if trusted is None or trusted[0] != scheme or trusted[2] != port:
            continue
        if trusted[1] == host or (wildcard and is_same_domain(host, "." + trusted[1])):
            return True
    return False


def origin_allowed(scope) -> bool:
    raw = _header(scope, b"origin")
    origin = _origin(raw) if raw else None
    if origin is None:
        return False  # browsers always send Origin on a websocket handshake
    return origin == _own_origin(scope) or _configured_matches(origin)


class SameOriginValidator:
    """ASGI middleware: a websocket handshake from any other origin is refused (HTTP 403)."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            denier = WebsocketDenier()
            return await denier(scope, receive, send)
        return await self.application(scope, receive, send)
