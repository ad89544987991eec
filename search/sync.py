"""Keeping the indices in step with the database.

Writes call `queue_profiles(ids)` (signals in search.signals do it for the models a
person document is built from); after the transaction commits, one task re-indexes
those profiles. The database index is always updated (it is the fallback), and
Elasticsearch too when it is the configured backend.
"""

import logging
import threading
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from people.models import Profile
from search import answers, documents
from search.backends import BackendUnavailable, database_backend, elasticsearch_configured, get_backend
from search.content.sync import rebuild_all as rebuild_content
from search.suspension import is_suspended
from search.suspension import suspended as suspended  # sync.suspended(): what importers call

logger = logging.getLogger(__name__)

_state = threading.local()


def _pending() -> set[int]:
    if not hasattr(_state, "pending"):
        _state.pending = set()
    return _state.pending


def _pending_posts() -> set[int]:
    if not hasattr(_state, "pending_posts"):
        _state.pending_posts = set()
    return _state.pending_posts


def _active_backends():
    backends = [database_backend()]
    if elasticsearch_configured():
        backends.append(get_backend())
    return backends


def reindex_profiles(profile_ids: Iterable[int]) -> None:
    """Bring these profiles' documents up to date in every index (drop inactive or deleted ones)."""
    wanted = {int(pk) for pk in profile_ids}
    if not wanted:
        return
    docs = documents.documents_for(wanted)
    gone = wanted - {doc["profile_id"] for doc in docs}
    failures = []
    for backend in _active_backends():
        try:
            backend.index_people(docs)
            backend.remove_people(gone)
        except BackendUnavailable as error:
            # The database index is already current and answers meanwhile; a rebuild catches up.
            logger.error("Could not update the %s index for profiles %s: %s", backend.name, sorted(wanted), error)
            failures.append(error)
    if failures:
        raise failures[0]


@task()
def reindex_profiles_task(profile_ids: list[int]) -> None:
    reindex_profiles(profile_ids)


@task()
def reindex_posts_task(post_ids: list[int]) -> None:
    """Answers of these posts, for the evidence pass (a database table both backends read)."""
    answers.index_posts(post_ids)


def _enqueue_pending() -> None:
    posts = sorted(_pending_posts())
    _pending_posts().clear()
    if posts:
        reindex_posts_task.enqueue(posts)
    ids = sorted(_pending())
    _pending().clear()
    if ids:
        reindex_profiles_task.enqueue(ids)


def queue_posts(post_ids: Iterable[int]) -> None:
    """Re-index the answers of these posts once the current transaction commits."""
    if is_suspended():
        return
    ids = {int(pk) for pk in post_ids if pk is not None}
    if ids:
        _pending_posts().update(ids)
        transaction.on_commit(_enqueue_pending)


def queue_profiles(profile_ids: Iterable[int]) -> None:
    """Re-index these profiles once the current transaction commits (at once outside one)."""
    if is_suspended():
        return
    ids = {int(pk) for pk in profile_ids if pk is not None}
    if not ids:
        return
    _pending().update(ids)
    # Every call registers a callback; the first to run takes all pending ids, so a
    # transaction that touched a profile ten times enqueues one task.
    transaction.on_commit(_enqueue_pending)


def reindex_all(progress: Callable[[str, int], None] | None = None) -> dict:
    """Rebuild every index from the database; Elasticsearch by a new index and an alias swap.

    `progress(backend_name, documents_done)` is called as documents are written.
    Raises BackendUnavailable when Elasticsearch fails (the database index is rebuilt first).
    """
    started = timezone.now()
    total = documents.count_all()
    report = {"documents": total, "answers": answers.rebuild(), "backends": []}
    for backend in _active_backends():
        step = (lambda done, name=backend.name: progress(name, done)) if progress else None
        backend.rebuild(documents.all_documents(), progress=step)
        report["backends"].append(backend.name)
    # Profiles saved while the rebuild ran may have been read before the change.
    changed = list(Profile.objects.filter(updated_at__gte=started).values_list("pk", flat=True))
    if changed:
        reindex_profiles(changed)

    report.update(rebuild_content(progress))
    return report
