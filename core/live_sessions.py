"""Websockets bound to the session that opened them: the rules every socket of the site follows.

A socket makes no further requests, so Django's own checks (a logged-out session, a changed password,
a disabled account) never reach it. These do, for every consumer that mixes in `SessionBoundSocket`
(messaging's /ws/, the site's one socket, which also carries the notifications' unread count):

- events on the user's socket group (`user_group`), published by messaging.signals on logout,
  password change and deactivation, close the matching sockets at once;
- `close_code_now` reads the account again (one query) at each frame and event the socket serves, so
  a change that sent no event (`QuerySet.update(is_active=False)`, a password changed by update(), a
  lost event) is noticed at the next one at the latest.
"""

import hashlib

from django.contrib.auth import HASH_SESSION_KEY, get_user_model
from django.utils.crypto import constant_time_compare

CLOSE_SESSION_ENDED = 4401
CLOSE_ACCOUNT_DISABLED = 4403
CLOSE_SESSION_RENEWED = 4409  # the password changed in this session, which has a new key: reconnect


def user_group(user_id: int) -> str:
    """The channel-layer group every socket of the user listens on (messaging's personal group)."""
    return f"user.{user_id}"


def digest(session_auth_hash: str) -> str:
    """What a password-change event carries: enough to compare, not the hash itself, which would
    validate a session."""
    return hashlib.sha256(session_auth_hash.encode()).hexdigest()


def close_code_now(user_id: int, session_hash: str | None) -> int | None:
    """Why a socket of this user and session must close now (a close code), or None: the account is
    gone or disabled, or its password no longer matches the session's auth hash. One query."""
    row = get_user_model()._default_manager.filter(pk=user_id).values_list("is_active", "password").first()
    if row is None or not row[0]:
        return CLOSE_ACCOUNT_DISABLED
    if session_hash is not None and not _hash_matches(user_id, row[1], session_hash):
        return CLOSE_SESSION_ENDED
    return None


def _hash_matches(user_id: int, password: str, session_hash: str) -> bool:
    # The hash Django compares at each request (with SECRET_KEY_FALLBACKS), of the password stored now.
    probe = get_user_model()(pk=user_id, password=password)
    return constant_time_compare(session_hash, probe.get_session_auth_hash()) or any(
        constant_time_compare(session_hash, fallback) for fallback in probe.get_session_auth_fallback_hash()
    )


class SessionBoundSocket:
    """Handlers for the events of `user_group`; call `remember_session()` in connect, after the user
    is known, and join `user_group(user.pk)`."""

    scope: dict  # the consumer's ASGI scope (a mixin of Channels consumers)
    session_hash: str | None = None

    def remember_session(self) -> None:
        # The auth hash the session held at the handshake (loaded by then): a password change compares it.
        session = self.scope.get("session")
        self.session_hash = session.get(HASH_SESSION_KEY) if session is not None else None

    async def session_ended(self, event):
        session = self.scope.get("session")
        if session is not None and session.session_key == event.get("session_key"):
            await self.close(code=CLOSE_SESSION_ENDED)

    async def password_changed(self, event):
        # Django refuses a session whose auth hash is not the user's current one; so does its socket.
        if self.session_hash is not None and digest(self.session_hash) == event["hash"]:
            return
        session = self.scope.get("session")
        renewed = session is not None and event.get("renewed_session") == session.session_key
        await self.close(code=CLOSE_SESSION_RENEWED if renewed else CLOSE_SESSION_ENDED)

    async def account_disabled(self, event):
        await self.close(code=CLOSE_ACCOUNT_DISABLED)
