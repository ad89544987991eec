"""Re-indexing from signals, suspended in this thread: bulk imports queue nothing while they write and end
with a full rebuild (search.sync.reindex_all). Both the people and the content indices ask here."""

import threading
from contextlib import contextmanager

_state = threading.local()


@contextmanager
def suspended():
    """No re-indexing from signals inside (bulk imports end with reindex_all() instead)."""
    _state.suspended = getattr(_state, "suspended", 0) + 1
    try:
        yield
    finally:
        _state.suspended -= 1


def is_suspended() -> bool:
    return getattr(_state, "suspended", 0) > 0
