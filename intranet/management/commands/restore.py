"""`manage.py restore FILE`: into an empty database and empty media folders (or --replace), then the
search indices are rebuilt. A damaged file, one of another release or a non-empty target changes nothing."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from intranet.ops.backup import BackupError
from intranet.ops.backup.manifest import app_version
from intranet.ops.backup.operations import restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`, then rebuild the search indices."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--replace", action="store_true", help="overwrite a database and media folders that are not empty"
        )
        parser.add_argument(
            "--allow-other-version",
            action="store_true",
            help="restore a backup of an older release (run `manage.py migrate` after)",
        )
        parser.add_argument("--no-reindex", action="store_true", help="do not run search_reindex afterwards")

    def handle(self, *args, file, replace=False, allow_other_version=False, no_reindex=False, **options):
        try:
            manifest = restore_backup(Path(file), replace=replace, allow_other_version=allow_other_version)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (release {manifest['version']}, "
            f"{len(manifest['members']) - 1} file(s))."
        )
        if manifest["version"] != app_version():
            # An older release's schema: the indices are built once this release's migrations ran.
            self.stdout.write("Now run `manage.py migrate`, then `manage.py search_reindex`.")
        elif not no_reindex:
            call_command("search_reindex", "--no-progress", stdout=self.stdout, stderr=self.stderr)
