"""`manage.py run_scheduler`: jobs run when due, once per scheduled moment, across restarts; a job seen
for the first time waits for its next moment."""

import logging
import os
import signal
import threading
from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from feed.models import Post
from notifications import services as notification_services
from notifications.models import Notification
from scheduler import registry
from scheduler.models import JobRun
from scheduler.timing import DailyAt, Every, WeeklyAt
from tests import factories
from tests.groups import scene as scenes
from tests.notifications.smtp import smtp_inbox  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def run_once(at: datetime) -> str:
    out = StringIO()
    call_command("run_scheduler", "--once", "--at", at.isoformat(), stdout=out)
    return out.getvalue()


def test_slots_are_the_latest_scheduled_moments():
    # 2026-11-23 is a Monday.
    assert DailyAt(time(7)).latest_slot(local(2026, 11, 23, 6, 59)) == local(2026, 11, 22, 7)
    assert DailyAt(time(7)).latest_slot(local(2026, 11, 23, 7, 0)) == local(2026, 11, 23, 7)
    assert WeeklyAt(0, time(7)).latest_slot(local(2026, 11, 29, 23)) == local(2026, 11, 23, 7)
    assert WeeklyAt(0, time(7)).latest_slot(local(2026, 11, 23, 6)) == local(2026, 11, 16, 7)
    assert Every(10).latest_slot(local(2026, 11, 23, 7, 19, 59)) == local(2026, 11, 23, 7, 10)
    assert Every(10).next_slot(local(2026, 11, 23, 7, 19, 59)) == local(2026, 11, 23, 7, 20)


def test_escalation_runs_when_due_and_not_again_in_the_same_slot(settings):
    scene = scenes.build()
    question = factories.post(scene["group"], scene["member"], "Apua?", question=True, title="Kysymys")
    Post.objects.filter(pk=question.pk).update(answer_due_at=timezone.now() - timedelta(hours=1))
    now = timezone.now()
    JobRun.objects.create(name="escalate_questions", last_slot=now - timedelta(days=1), succeeded=True)

    assert "escalate_questions" in run_once(now)
    question.refresh_from_db()
    assert question.escalated_at is not None
    run = JobRun.objects.get(name="escalate_questions")
    assert run.succeeded and run.last_slot == Every(settings.ESCALATION_INTERVAL_MINUTES).latest_slot(now)
    # Another question goes overdue; within the same slot nothing runs, in the next slot it does.
    later = factories.post(scene["group"], scene["member"], "Entä?", question=True, title="Toinen")
    Post.objects.filter(pk=later.pk).update(answer_due_at=timezone.now() - timedelta(hours=1))
    assert run_once(run.last_slot + timedelta(seconds=1)) == "Ran: nothing was due.\n"
    later.refresh_from_db()
    assert later.escalated_at is None
    assert "escalate_questions" in run_once(run.last_slot + timedelta(minutes=settings.ESCALATION_INTERVAL_MINUTES))
    later.refresh_from_db()
    assert later.escalated_at is not None


def test_the_daily_digest_goes_out_once_a_day_across_restarts(settings, smtp_inbox):
    settings.DIGEST_DAILY_AT = "07:00"  # the registered schedule reads the default; keep them in step
    scene = scenes.build()
    member = scene["member"]
    # Yesterday's digest was sent; it is Monday 06:59.
    JobRun.objects.create(name="notification_digest_daily", last_slot=local(2026, 11, 22, 7), succeeded=True)
    JobRun.objects.create(name="notification_digest_weekly", last_slot=local(2026, 11, 16, 7), succeeded=True)
    notification_services.notify(member, "invitation", actor=scene["owner"], group=scene["group"])

    assert "notification_digest_daily" not in run_once(local(2026, 11, 23, 6, 59))
    assert smtp_inbox.to(member.email) == []

    assert "notification_digest_daily" in run_once(local(2026, 11, 23, 7, 5))
    assert len(smtp_inbox.to(member.email)) == 1

    # Restarted at 07:30 with something new to tell: today's digest is not sent again.
    notification_services.notify(member, "join_request", actor=scene["other_staff"], group=scene["group"])
    assert "notification_digest_daily" not in run_once(local(2026, 11, 23, 7, 30))
    assert len(smtp_inbox.to(member.email)) == 1

    # Down over Tuesday 07:00, back at 09:00: the missed digest is sent, once.
    assert "notification_digest_daily" in run_once(local(2026, 11, 24, 9))
    assert "notification_digest_daily" not in run_once(local(2026, 11, 24, 9, 1))
    assert len(smtp_inbox.to(member.email)) == 2
    assert not Notification.objects.filter(recipient=member, emailed_at__isnull=True).exists()


def test_a_new_job_is_registered_at_first_start_and_first_runs_at_its_next_slot(settings, smtp_inbox, caplog):
    settings.DIGEST_DAILY_AT = "07:00"
    scene = scenes.build()
    member = scene["member"]
    notification_services.notify(member, "invitation", actor=scene["owner"], group=scene["group"])

    # First deploy on Monday at 06:00: no job has run before, so none runs now (no digest at 06:00).
    with caplog.at_level(logging.INFO, logger="scheduler"):
        assert run_once(local(2026, 11, 23, 6)) == "Ran: nothing was due.\n"
    assert smtp_inbox.to(member.email) == []
    assert "Registered new job notification_digest_daily" in caplog.text
    daily = JobRun.objects.get(name="notification_digest_daily")
    assert daily.last_slot == local(2026, 11, 22, 7) and daily.started_at is None
    listing = StringIO()
    call_command("run_scheduler", "--list", stdout=listing)
    first_run = local(2026, 11, 23, 7).isoformat()
    assert f"notification_digest_daily: daily at 07:00; not run yet, first run at {first_run}" in listing.getvalue()

    # Restarted at 06:30: still nothing; at 07:00 the digest goes out, once.
    assert "notification_digest_daily" not in run_once(local(2026, 11, 23, 6, 30))
    assert "notification_digest_daily" in run_once(local(2026, 11, 23, 7))
    assert "notification_digest_daily" not in run_once(local(2026, 11, 23, 7, 1))
    assert len(smtp_inbox.to(member.email)) == 1


@pytest.fixture
def recorded_job():
    calls = []
    ran = threading.Event()

    def job():
        calls.append(timezone.now())
        ran.set()

    registry.register("test_recorded_job", Every(minutes=1), job)
    # Known to the scheduler (a new job would wait for its next minute): its missed slot runs at once.
    JobRun.objects.create(name="test_recorded_job", last_slot=timezone.now() - timedelta(hours=1), succeeded=True)
    yield calls, ran
    registry._jobs.pop("test_recorded_job", None)


def test_the_scheduler_runs_due_jobs_and_stops_cleanly_on_sigterm(recorded_job, caplog):
    calls, ran = recorded_job

    def stop_when_done():
        ran.wait(timeout=30)
        os.kill(os.getpid(), signal.SIGTERM)

    previous = signal.getsignal(signal.SIGTERM)
    stopper = threading.Thread(target=stop_when_done)
    stopper.start()
    with caplog.at_level(logging.INFO, logger="scheduler"):
        call_command("run_scheduler")  # returns only when the signal stops it
    stopper.join()
    assert len(calls) == 1
    assert JobRun.objects.get(name="test_recorded_job").succeeded
    assert "Running test_recorded_job" in caplog.text and "Scheduler stopped." in caplog.text
    assert signal.getsignal(signal.SIGTERM) == previous, "the command leaves the signal handlers as it found them"


def test_a_failing_job_is_recorded_and_the_others_still_run(recorded_job):
    calls, _ran = recorded_job

    def broken():
        raise RuntimeError("SMTP server away")

    registry.register("a_broken_job", Every(minutes=1), broken)
    JobRun.objects.create(name="a_broken_job", last_slot=timezone.now() - timedelta(hours=1), succeeded=True)
    try:
        output = run_once(timezone.now())
    finally:
        registry._jobs.pop("a_broken_job", None)
    assert "a_broken_job" in output and len(calls) == 1
    failed = JobRun.objects.get(name="a_broken_job")
    assert failed.succeeded is False and "SMTP server away" in failed.error
