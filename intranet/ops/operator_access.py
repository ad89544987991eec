"""Who may see operational details (health details, metrics): staff, or a scraper with the token."""

import hmac

from django.conf import settings


def has_token(request) -> bool:
    """`Authorization: Bearer <METRICS_TOKEN>`; never true while no token is configured."""
    token = settings.METRICS_TOKEN
    if not token:
        return False
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def is_operator(request) -> bool:
    user = getattr(request, "user", None)
    return has_token(request) or bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)
