"""Close the live sockets of the sessions a password change logs out.

Django refuses a session whose stored auth hash (an HMAC of the password hash) is not the user's current
one, at that session's next request. A websocket makes no further requests, so a change sends one event
to all of the user's sockets with a digest of the new auth hash, and each socket compares it with the
hash its session held when it opened: a socket of an older session closes. No session table is read, so
this costs the same with every session engine and however many sessions there are.

The session the user changed the password from (when they did it themselves) gets a new key and a new
hash from `update_session_auth_hash`; its sockets still hold the old ones, so they close too, with a code
the pages reconnect on (4409), and reconnect with the browser's new cookie. A socket opened with a copy of
the old cookie (a stolen one) is then refused, as its pages are.
"""

from core.live_sessions import digest
from messaging import publish

__all__ = ["announce", "digest"]


def announce(user_id: int, session_auth_hash: str, renewed_session_key: str | None) -> None:
    """Tell every socket of the user (call it on commit)."""
    publish.to_users(
        [user_id],
        {"type": "password.changed", "hash": digest(session_auth_hash), "renewed_session": renewed_session_key},
    )
