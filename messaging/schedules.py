"""Messaging's periodic job, run by `manage.py run_scheduler`."""

from messaging.attachments import forget_unsent
from scheduler.registry import register
from scheduler.timing import Every

# Uploads are also cleaned at their uploader's next upload; this catches those whose uploader never
# uploads again. Hourly: an abandoned file stays at most UNSENT_HOURS plus an hour.
RUN_EVERY = 60

register("messaging_unsent_uploads", Every(minutes=RUN_EVERY), forget_unsent)
