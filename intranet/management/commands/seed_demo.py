"""`manage.py seed_demo`: load the demo municipalities, people and content (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from intranet.demo import demo_lines
from intranet.demo.chat import start_demo_conversation
from intranet.demo.logins import DEMO_PASSWORD, set_up_logins
from intranet.demo.news import publish_news
from intranet.demo.questions import prepare_questions
from intranet.directory_import import import_lines


class Command(BaseCommand):
    help = (
        "Load deterministic demo data (three municipalities, about 300 staff, groups, questions) through "
        "the directory import, and print the demo logins. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        # The demo sets a published password on real-looking accounts: never on a live instance.
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo is for development and demos; it refuses to run with INTRANET_ENV=production."
            )
        report = import_lines(demo_lines(), source="seed_demo")
        if not report.ok:
            raise CommandError("The demo data did not validate:\n" + "\n".join(map(str, report.issues)))
        for line in report.summary():
            self.stdout.write(f"  {line}")
        if report.search_error:
            self.stderr.write(self.style.WARNING(f"Search index not rebuilt: {report.search_error}"))
        logins = set_up_logins()
        timed, suggested, escalated = prepare_questions()
        self.stdout.write(f"  questions: timings set {timed}, experts suggested {suggested}, escalated {escalated}")
        self.stdout.write(f"  news articles: published {publish_news()}")
        self.stdout.write(f"  direct messages: sent {start_demo_conversation()}")
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo data is ready. Demo logins (DEMO ONLY: these passwords are "
                "public, never use them on a real instance):"
            )
        )
        width = max(len(email) for email, _role in logins)
        for email, role in logins:
            self.stdout.write(f"  {email:<{width}}  {DEMO_PASSWORD}  {role}")
        self.stdout.write(f"\nOpen {settings.WAGTAILADMIN_BASE_URL}")
