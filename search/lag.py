"""Index lag for the health check: how far the index trails the data person documents are built from.

Two measures, the larger wins:
- the newest change among the timestamped rows of indexed people (active users and former staff):
  profiles, external contacts they know, endorsements of their skills, group memberships, against
  the newest indexed document (both backends stamp documents when they index them);
- with the database task queue (TASKS_BACKEND=database), how long the oldest re-indexing task
  (search.sync) has waited: every change to any model a document is built from (skills, units,
  organisations, interactions, posts, users... which carry no timestamp) goes through one.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Max, Min, Q
from django.utils import timezone

from groups.models import Membership
from people.models import ExternalContact, Profile, SkillEndorsement

# Changes are indexed by a task on commit, normally within seconds; beyond this something is stuck.
MAX_LAG_SECONDS = 600
SEARCH_TASKS = ("search.sync.reindex_profiles_task", "search.sync.reindex_posts_task")
# Groups, posts, organisations, contacts and pages (search.content) are indexed by this one.
CONTENT_TASKS = ("search.content.sync.reindex_content_task",)


def _indexed(prefix: str = "") -> Q:
    """Rows of people who have a document (search.documents: active users and former staff)."""
    return Q(**{f"{prefix}user__is_active": True}) | Q(
        **{f"{prefix}left_on__isnull": False, f"{prefix}user__is_guest": False}
    )


def newest_change() -> datetime | None:
    newest = [
        Profile.objects.filter(_indexed()).aggregate(newest=Max("updated_at"))["newest"],
        ExternalContact.objects.filter(
            pk__in=ExternalContact.objects.filter(_indexed("known_by__")).values("pk")
        ).aggregate(newest=Max("updated_at"))["newest"],
        SkillEndorsement.objects.filter(_indexed("held__profile__")).aggregate(newest=Max("created_at"))["newest"],
        Membership.objects.filter(_indexed("user__profile__")).aggregate(newest=Max("joined_at"))["newest"],
    ]
    return max((moment for moment in newest if moment is not None), default=None)


def waiting_task_seconds(paths=SEARCH_TASKS) -> float:
    """How long the oldest unfinished task of these has waited (0 without the database task queue)."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0.0
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    oldest = DBTaskResult.objects.filter(
        task_path__in=paths, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).aggregate(oldest=Min("enqueued_at"))["oldest"]
    return round((timezone.now() - oldest).total_seconds(), 1) if oldest else 0.0


def lag_report(newest_indexed: datetime | None) -> dict:
    """People's lag (`lag_seconds`) and the content indices' (`content_lag_seconds`: how long the
    oldest unfinished content task has waited; 0 without the database task queue)."""
    content = {"content_lag_seconds": waiting_task_seconds(CONTENT_TASKS)}
    waiting = waiting_task_seconds()
    change = newest_change()
    if change is None or (newest_indexed is not None and newest_indexed >= change):
        return {"lag_seconds": waiting, **content}
    if newest_indexed is None:
        return {"lag_seconds": None, **content}  # people exist, nothing indexed yet
    return {"lag_seconds": max(waiting, round((change - newest_indexed).total_seconds(), 1)), **content}


def is_lagging(report: dict) -> bool:
    lag = report.get("lag_seconds", 0.0)
    return lag is None or lag > MAX_LAG_SECONDS or report.get("content_lag_seconds", 0.0) > MAX_LAG_SECONDS
