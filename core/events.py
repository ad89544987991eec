"""Domain events: how an app tells the apps above it what happened, without knowing them.

An event is a frozen dataclass defined by the app whose domain it belongs to (feed/events.py,
groups/events.py, handover/events.py). It carries ids, not model instances: it is handled after the
transaction committed, and the handler reads how things are now from the database.

    publish(PostPublished(post_id=..., ...))      # in a service, inside its transaction
    subscribe(PostPublished, handler)              # in the upper app's AppConfig.ready()

Dispatch is synchronous, in the writer's thread, once the current transaction commits (at once when
none is open); a rolled-back transaction publishes nothing. Subscribers are called in the order they
subscribed. A failing subscriber is logged and skipped: the write already committed and cannot be
undone, and one listener's bug must neither reach the writer (an error page after a saved post) nor
keep the other listeners from their work. Work that must not be lost belongs in a task the subscriber
enqueues, not in the subscriber itself.
"""

import logging
from collections.abc import Callable
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)

Handler = Callable[[object], None]

_subscribers: dict[type, list[Handler]] = {}


def subscribe(event_type: type, handler: Handler) -> None:
    """Call `handler(event)` for every committed event of this type. Subscribing twice is a no-op
    (AppConfig.ready() may run more than once)."""
    handlers = _subscribers.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)


def unsubscribe(event_type: type, handler: Handler) -> None:
    handlers = _subscribers.get(event_type, [])
    if handler in handlers:
        handlers.remove(handler)


def subscribers(event_type: type) -> list[Handler]:
    return list(_subscribers.get(event_type, ()))


def publish(event) -> None:
    """Hand the event to its subscribers once the current transaction commits."""
    transaction.on_commit(partial(dispatch, event))


def dispatch(event) -> None:
    """Call every subscriber now; each failure is logged and the next subscriber still runs."""
    for handler in subscribers(type(event)):
        try:
            handler(event)
        except Exception:  # noqa: BLE001 - isolated on purpose, see the module's docstring
            logger.exception("Subscriber %s failed on %r", getattr(handler, "__qualname__", handler), event)
