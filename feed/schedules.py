"""The feed's periodic job, run by `manage.py run_scheduler`."""

from django.conf import settings

from feed.escalation import escalate_overdue
from scheduler.registry import register
from scheduler.timing import Every

register("escalate_questions", Every(minutes=settings.ESCALATION_INTERVAL_MINUTES), escalate_overdue)
