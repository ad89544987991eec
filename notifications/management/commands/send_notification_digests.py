from django.core.management.base import BaseCommand, CommandError

from notifications.models import EmailPreference
from notifications.services import DigestFailed, send_digests


class Command(BaseCommand):
    help = "Email the daily or weekly digest of unread notifications to those who chose it."

    def add_arguments(self, parser):
        parser.add_argument("period", choices=[EmailPreference.Frequency.DAILY, EmailPreference.Frequency.WEEKLY])

    def handle(self, *args, period, **options):
        try:
            sent = send_digests(period)
        except DigestFailed as error:  # the others were sent; the log has each failure
            raise CommandError(str(error)) from error
        self.stdout.write(f"{sent} digest(s) sent.")
