"""Websockets bound to the session that opened them: the rules every socket of the site follows.

A socket makes no further requests, so Django's own checks (a logged-out session, a changed password,
a disabled account) never reach it. These do, for every consumer that mixes in `SessionBoundSocket`
(messaging's /ws/, the site's one socket, which also carries the notifications' unread count):

- events on the user's socket group (`user_group`), published by messaging.signals on logout,
  password change and deactivation, close the matching sockets at once;
- `close_code_now` reads the account and the session again (one query) at each frame and event the
  socket serves, so a change that sent no event (`QuerySet.update(is_active=False)`, a password changed
  by update(), a logout whose event the channel layer lost while Redis was down) is noticed at the next
  one at the latest. The page's heartbeat is a frame every 20 seconds.
"""

import hashlib
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.db.models import Exists
from django.utils import timezone
from django.utils.crypto import constant_time_compare

# Session engines whose sessions are rows of django_session: their check joins the account's query.
DATABASE_SESSIONS = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")

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


def close_code_now(user_id: int, session_hash: str | None, session_key: str | None = None) -> int | None:
    """Why a socket of this user and session must close now (a close code), or None: the account is
    gone or disabled, the session has ended (logged out, expired, flushed) or its auth hash no longer
    matches the password. One query with database sessions."""
    users = get_user_model()._default_manager.filter(pk=user_id)
    in_database = session_key is not None and settings.SESSION_ENGINE in DATABASE_SESSIONS
    if in_database:
        alive = Session.objects.filter(session_key=session_key, expire_date__gt=timezone.now())
        users = users.annotate(session_alive=Exists(alive))
    row = users.values_list("is_active", "password", *(["session_alive"] if in_database else [])).first()
    if row is None or not row[0]:
        return CLOSE_ACCOUNT_DISABLED
    if session_key is not None and not (row[2] if in_database else _session_exists(session_key)):
        return CLOSE_SESSION_ENDED
    if session_hash is not None and not _hash_matches(user_id, row[1], session_hash):
        return CLOSE_SESSION_ENDED
    return None


def _session_exists(session_key: str) -> bool:
    # Another engine (the cache): ask it. Signed-cookie sessions live only in the browser and cannot end
    # on the server, so there is nothing to ask.
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.signed_cookies":
        return True
    return import_module(settings.SESSION_ENGINE).SessionStore().exists(session_key)


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
    session_key: str | None = None

    def remember_session(self) -> None:
        # The auth hash the session held at the handshake (loaded by then): a password change compares it;
        # and its key, which close_code_now looks up to see that the session has not ended.
        session = self.scope.get("session")
        self.session_hash = session.get(HASH_SESSION_KEY) if session is not None else None
        self.session_key = session.session_key if session is not None else None

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
