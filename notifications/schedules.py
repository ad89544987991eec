"""The notification digests, run by `manage.py run_scheduler` at the configured times."""

from django.conf import settings

from notifications.models import EmailPreference
from notifications.services import send_digests
from scheduler.registry import register
from scheduler.timing import DailyAt, WeeklyAt, clock_time, weekday

register(
    "notification_digest_daily",
    DailyAt(clock_time(settings.DIGEST_DAILY_AT, "DIGEST_DAILY_AT")),
    lambda: send_digests(EmailPreference.Frequency.DAILY),
)
register(
    "notification_digest_weekly",
    WeeklyAt(
        weekday(settings.DIGEST_WEEKLY_ON, "DIGEST_WEEKLY_ON"),
        clock_time(settings.DIGEST_WEEKLY_AT, "DIGEST_WEEKLY_AT"),
    ),
    lambda: send_digests(EmailPreference.Frequency.WEEKLY),
)
