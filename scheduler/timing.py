"""When a job is due: the latest scheduled moment at or before now ("slot").

A job is due when its latest slot is newer than the one it last ran for. Missed slots (the scheduler
was down) collapse into one run: the jobs here catch up on everything pending anyway.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass(frozen=True)
class Every:
    """Every N minutes, on the clock (N=10: :00, :10, :20 ...)."""

    minutes: int

    def __post_init__(self):
        if self.minutes < 1:
            raise ValueError("A job runs at most once a minute.")

    def latest_slot(self, now: datetime) -> datetime:
        step = self.minutes * 60
        seconds = int(now.timestamp()) // step * step
        return datetime.fromtimestamp(seconds, tz=now.tzinfo)

    def next_slot(self, now: datetime) -> datetime:
        return self.latest_slot(now) + timedelta(minutes=self.minutes)

    def __str__(self) -> str:
        return f"every {self.minutes} min"


@dataclass(frozen=True)
class DailyAt:
    """Every day at a local time (TIME_ZONE)."""

    at: time

    def _on(self, day) -> datetime:
        return timezone.make_aware(datetime.combine(day, self.at))

    def latest_slot(self, now: datetime) -> datetime:
        today = timezone.localtime(now).date()
        slot = self._on(today)
        return slot if slot <= now else self._on(today - timedelta(days=1))

    def next_slot(self, now: datetime) -> datetime:
        return self._on(timezone.localtime(self.latest_slot(now)).date() + timedelta(days=1))

    def __str__(self) -> str:
        return f"daily at {self.at:%H:%M}"


@dataclass(frozen=True)
class WeeklyAt:
    """Every week on a weekday (0 = Monday) at a local time."""

    weekday: int
    at: time

    def latest_slot(self, now: datetime) -> datetime:
        today = timezone.localtime(now).date()
        day = today - timedelta(days=(today.weekday() - self.weekday) % 7)
        slot = timezone.make_aware(datetime.combine(day, self.at))
        return slot if slot <= now else timezone.make_aware(datetime.combine(day - timedelta(days=7), self.at))

    def next_slot(self, now: datetime) -> datetime:
        day = timezone.localtime(self.latest_slot(now)).date() + timedelta(days=7)
        return timezone.make_aware(datetime.combine(day, self.at))

    def __str__(self) -> str:
        return f"weekly on {WEEKDAYS[self.weekday]} at {self.at:%H:%M}"


def clock_time(value: str, setting: str) -> time:
    """ "07:30" -> time(7, 30); a clear error for anything else."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))
    except ValueError as error:
        raise ImproperlyConfigured(f"{setting} must be a time like 07:30, not {value!r}") from error


def weekday(value: str, setting: str) -> int:
    from django.core.exceptions import ImproperlyConfigured

    name = value.strip().lower()
    if name not in WEEKDAYS:
        raise ImproperlyConfigured(f"{setting} must be a weekday name in English (e.g. monday), not {value!r}")
    return WEEKDAYS.index(name)
