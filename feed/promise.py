"""The answer promise: a question should get an answer within N working days (weekends skipped)."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

WORKDAY_START = time(8, 0)


def working_days() -> int:
    return int(getattr(settings, "ANSWER_PROMISE_WORKING_DAYS", 1))


def due_after(start: datetime, days: int | None = None) -> datetime:
    """`days` working days after `start`; a question asked at the weekend counts from Monday morning."""
    days = working_days() if days is None else days
    local = timezone.localtime(start)
    if local.weekday() >= 5:
        monday = local.date() + timedelta(days=7 - local.weekday())
        local = timezone.make_aware(datetime.combine(monday, WORKDAY_START))
    due = local
    remaining = days
    while remaining > 0:
        due += timedelta(days=1)
        if due.weekday() < 5:
            remaining -= 1
    return due
