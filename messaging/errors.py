"""The error of messaging: the services' ServiceError (core/errors.py) under the name messaging uses."""

from core.errors import ServiceError


class MessagingError(ServiceError):
    """A send, start or read that was refused; nothing was stored."""
