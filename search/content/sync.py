"""Keeping the content indices in step with the database.

Signals (search.content.signals) call `queue(kind, ids)`; after the transaction commits one
task (django-tasks) re-indexes everything queued. The database index is always updated (it
is the fallback), Elasticsearch too when it is the configured backend. Bulk work inside
search.sync.suspended() queues nothing and ends with a full rebuild.
"""

import logging
import threading
from collections.abc import Callable, Iterable

from django.db import transaction
from django_tasks import task

from search.backends import BackendUnavailable, elasticsearch_configured
from search.content import KINDS, database, documents
from search.content import elasticsearch as es_content
from search.suspension import is_suspended

logger = logging.getLogger(__name__)
_state = threading.local()


def _pending() -> dict[str, set[int]]:
    if not hasattr(_state, "pending"):
        _state.pending = {}
    return _state.pending


def _backends():
    return [database, es_content] if elasticsearch_configured() else [database]


def reindex(kind: str, ids: Iterable[int]) -> None:
    """Bring these objects' documents up to date in every index (drop the ones that should not be there)."""
    wanted = {int(pk) for pk in ids}
    if not wanted:
        return
    docs = documents.documents_for(kind, wanted)
    gone = wanted - {doc["object_id"] for doc in docs}
    failures = []
    for backend in _backends():
        try:
            backend.index(docs)
            backend.remove(kind, gone)
        except BackendUnavailable as error:
            # The database index is current and answers meanwhile; search_reindex catches up.
            logger.error(
                "Could not update the %s content index for %s %s: %s", backend.name, kind, sorted(wanted), error
            )
            failures.append(error)
    if failures:
        raise failures[0]


@task()
def reindex_content_task(pending: dict[str, list[int]]) -> None:
    for kind in KINDS:
        if pending.get(kind):
            reindex(kind, pending[kind])


def _enqueue_pending() -> None:
    pending = {kind: sorted(ids) for kind, ids in _pending().items() if ids}
    _pending().clear()
    if pending:
        reindex_content_task.enqueue(pending)


def queue(kind: str, ids: Iterable[int]) -> None:
    """Re-index these objects once the current transaction commits (one task per transaction)."""
    if is_suspended():
        return
    wanted = {int(pk) for pk in ids if pk is not None}
    if not wanted:
        return
    _pending().setdefault(kind, set()).update(wanted)
    transaction.on_commit(_enqueue_pending)


def rebuild_all(progress: Callable[[str, int], None] | None = None) -> dict:
    """Every content document again; Elasticsearch by a new index and an alias swap.
    Raises BackendUnavailable when Elasticsearch fails (the database index is rebuilt first)."""
    report = {"content_documents": documents.count_all()}
    for backend in _backends():
        step = (lambda done, name=backend.name: progress(f"{name} content", done)) if progress else None
        backend.rebuild(documents.all_documents(), progress=step)
    return report
