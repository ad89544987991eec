"""`manage.py backup [--output FILE]`: the database, media and private media in one tar (docs/backup.md)."""

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intranet.ops.backup import BackupError
from intranet.ops.backup.operations import make_backup


class Command(BaseCommand):
    help = "Back up the database, the media and the private media folders into one file."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the backup file (default: intranet-backup-<time>.tar here)")

    def handle(self, *args, output=None, **options):
        target = Path(output or f"intranet-backup-{datetime.now():%Y%m%d-%H%M%S}.tar").resolve()
        try:
            members = make_backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        files = len(members) - 1
        self.stdout.write(f"Backup written to {target}: the database and {files} file(s).")
