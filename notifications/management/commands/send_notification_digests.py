from django.core.management.base import BaseCommand

from notifications.models import EmailPreference
from notifications.services import send_digests


class Command(BaseCommand):
    help = "Email the daily or weekly digest of unread notifications to those who chose it."

    def add_arguments(self, parser):
        parser.add_argument("period", choices=[EmailPreference.Frequency.DAILY, EmailPreference.Frequency.WEEKLY])

    def handle(self, *args, period, **options):
        sent = send_digests(period)
        self.stdout.write(f"{sent} digest(s) sent.")
