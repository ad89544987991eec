from django.core.management.base import BaseCommand

from feed.escalation import escalate_overdue


class Command(BaseCommand):
    help = "Escalate questions left unanswered past their answer promise (run every few minutes)."

    def handle(self, *args, **options):
        self.stdout.write(f"{escalate_overdue()} question(s) escalated.")
