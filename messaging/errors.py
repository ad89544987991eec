"""The one error type of messaging: a refusal with a reason the user can read."""

from django.utils.functional import Promise


class MessagingError(Exception):
    """A send, start or read that was refused; nothing was stored.

    `reason` is a lazy translation filled in with `params` only when shown, so
    it comes out in the language active there; `code` is a stable word for clients.
    """

    def __init__(self, reason: str | Promise, code: str = "invalid", **params):
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.params = params

    def __str__(self) -> str:
        text = str(self.reason)
        return text % self.params if self.params else text
