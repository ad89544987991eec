"""`manage.py preflight [--migrated]`: exit 1 with one line per problem when a service this
configuration needs cannot be reached; run it before migrate and before starting the processes."""

import sys

from django.core.management.base import BaseCommand

from intranet.ops import preflight


class Command(BaseCommand):
    help = "Check that the database, Redis and Elasticsearch of this configuration answer."

    def add_arguments(self, parser):
        parser.add_argument(
            "--migrated", action="store_true", help="also require every migration of this release to be applied"
        )

    def handle(self, *args, migrated=False, **options):
        found = preflight.problems(migrated=migrated)
        for line in found:
            self.stderr.write(f"Preflight: {line}")
        if found:
            sys.exit(1)
        self.stdout.write("Preflight: the database, Redis and Elasticsearch answer.")
