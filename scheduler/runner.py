"""Run the jobs that are due, each scheduled moment at most once.

A run is claimed with one conditional UPDATE before the job starts ("last_slot < this slot"), so a
restart, a crash mid-run or a second scheduler process never runs the same slot twice; the price is
that a run cut short by a crash is not retried until its next slot (digests must never be sent twice).
A job seen for the first time (no row yet) only records its latest slot: it first runs at its next one,
so a deploy at 06:00 does not send yesterday's 07:00 digest at once and today's again at 07:00.
"""

import logging
import time
from datetime import datetime

from django.db import close_old_connections, connection
from django.db.models import Q
from django.utils import timezone

from core.metrics import SCHEDULER_JOB_RUNS
from scheduler.models import JobRun
from scheduler.registry import Job, jobs

logger = logging.getLogger("scheduler")


def _drop_dead_connections() -> None:
    """A long-lived process must not keep a dead or expired connection (Django does this per request).
    Not inside a transaction (a test's), which this would close."""
    if not connection.in_atomic_block:
        close_old_connections()


def register_if_new(job: Job, slot: datetime) -> bool:
    """Record a job never seen before as done up to `slot` without running it; True if it was new.
    One INSERT on a unique name, so of two scheduler processes only one registers it."""
    _run, created = JobRun.objects.get_or_create(name=job.name, defaults={"last_slot": slot})
    if created:
        logger.info(
            "Registered new job %s (%s): not run for %s, first run at %s",
            job.name,
            job.schedule,
            slot.isoformat(),
            job.schedule.next_slot(slot).isoformat(),
        )
    return created


def claim(job: Job, slot: datetime, now: datetime) -> bool:
    # A NULL last_slot is a row whose first claim never completed (before register_if_new existed).
    claimed = (
        JobRun.objects.filter(name=job.name)
        .filter(Q(last_slot__isnull=True) | Q(last_slot__lt=slot))
        .update(last_slot=slot, started_at=now, finished_at=None, succeeded=None, error="")
    )
    return claimed == 1


def run_job(job: Job, slot: datetime) -> bool:
    logger.info("Running %s (scheduled %s)", job.name, slot.isoformat())
    started = time.monotonic()
    try:
        job.run()
    except Exception as error:  # noqa: BLE001 - one failing job must not stop the others
        logger.exception("Job %s failed", job.name)
        SCHEDULER_JOB_RUNS.labels(job.name, "failed").inc()
        JobRun.objects.filter(name=job.name).update(
            finished_at=timezone.now(), succeeded=False, error=f"{type(error).__name__}: {error}"[:2000]
        )
        return False
    JobRun.objects.filter(name=job.name).update(finished_at=timezone.now(), succeeded=True)
    SCHEDULER_JOB_RUNS.labels(job.name, "succeeded").inc()
    logger.info("Finished %s in %.1f s", job.name, time.monotonic() - started)
    return True


def run_due(now: datetime | None = None, stop=None) -> list[str]:
    """Run every known job whose latest slot has not been run yet; returns the names of those run.
    A new job is registered instead (see register_if_new).
    `stop` (a threading.Event) set by a signal ends the round between two jobs."""
    now = now or timezone.now()
    ran = []
    for job in jobs():
        if stop is not None and stop.is_set():
            break
        _drop_dead_connections()
        slot = job.schedule.latest_slot(now)
        if register_if_new(job, slot):
            continue
        if claim(job, slot, now):
            run_job(job, slot)
            ran.append(job.name)
    return ran


def seconds_until_next(now: datetime | None = None, longest: float = 60.0) -> float:
    """How long to sleep: until the next slot of any job, at most `longest` (so clock changes are noticed)."""
    now = now or timezone.now()
    upcoming = [job.schedule.next_slot(now) for job in jobs()]
    if not upcoming:
        return longest
    return max(1.0, min(longest, (min(upcoming) - now).total_seconds() + 0.5))
