"""Close the live sockets of the sessions a password change logs out.

Django refuses every session of a user whose stored auth hash (an HMAC of the password hash) no longer
matches, at that session's next request, except the one the change was made from when the view calls
`update_session_auth_hash` (allauth's change and set pages, Wagtail's own password page). A websocket
makes no further requests, so without this it would keep receiving copies for a logged-out session.

Which sockets: those of every session of the user that still carries an old auth hash, except the one
the change was made from (kept: `update_session_auth_hash` keeps it logged in under a new key, but its
sockets hold the key they opened with, so that key is kept). Each one gets the `session.ended` event
the consumer already handles for a logout (close code 4401). The kept session remembers its earlier
key (EARLIER_KEYS), so its sockets still close when it logs out or a later change logs it out.

Finding the sessions reads the session table (Django keeps no index from users to sessions): one pass
over the unexpired rows, decoding each (about 10 µs a row), once per password change.
"""

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone

from messaging import publish

logger = logging.getLogger(__name__)
# In a session kept by a password change: the keys it had before, which its older sockets still carry.
EARLIER_KEYS = "_messaging_earlier_session_keys"
KEPT_KEYS = 5  # a few changes back is plenty: sockets reconnect with the current key within minutes


def remember_earlier_key(session) -> None:
    """Before the change gives this session a new key (the data moves with it)."""
    session[EARLIER_KEYS] = [*session.get(EARLIER_KEYS, []), session.session_key][-KEPT_KEYS:]


def keys_of(session_key: str, session) -> list[str]:
    """A session's key and the earlier ones its sockets may carry."""
    return list(dict.fromkeys([session_key, *session.get(EARLIER_KEYS, [])]))


def close_sockets_of_logged_out_sessions(user_id: int, current_hash: str, keep: str | None) -> int:
    """Close the sockets of the user's sessions refused from now on (all but `keep`); how many sessions."""
    keys = logged_out_session_keys(user_id, current_hash, keep)
    if keys is None:
        # Sessions that cannot be listed (a cache or cookie engine): close every socket of the user rather
        # than leave any open (the page then says the connection ended; a reload opens a new one).
        publish.to_users([user_id], {"type": "account.disabled"})
        return 0
    for key in keys:
        publish.to_users([user_id], {"type": "session.ended", "session_key": key})
    return len(keys)


def logged_out_session_keys(user_id: int, current_hash: str, keep: str | None) -> list[str] | None:
    """Keys of the user's unexpired sessions whose auth hash is not `current_hash`, except `keep`;
    None when the session engine keeps no table to read."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):  # the db and cached_db engines have one
        logger.warning("Sessions of user %s not listed (engine %s): closing all their sockets",
                       user_id, settings.SESSION_ENGINE)
        return None
    store = store_class()
    rows = store_class.get_model_class().objects.filter(expire_date__gt=timezone.now()).exclude(
        session_key=keep or "").values_list("session_key", "session_data")
    keys = []
    for key, data in rows.iterator(chunk_size=2000):
        session = store.decode(data)
        if session.get(SESSION_KEY) == str(user_id) and session.get(HASH_SESSION_KEY) != current_hash:
            keys.extend(keys_of(key, session))
    return keys
