"""`manage.py import_directory FILE.jsonl`: load organisations, people, groups and content."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intranet.directory_import import import_lines


def read_lines(data: bytes) -> list[str]:
    # utf-8-sig: files saved by spreadsheet tools often start with a byte-order mark.
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CommandError(f"line {line}: not valid UTF-8; nothing was imported.") from None


class Command(BaseCommand):
    help = "Import the directory from a JSON Lines file (see docs/import-format.md). All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help='the .jsonl file, or "-" for standard input')
        parser.add_argument("--dry-run", action="store_true", help="only validate; write nothing")

    def handle(self, *args, file: str, dry_run: bool, **options):
        if file == "-":
            source, data = "stdin", sys.stdin.buffer.read()
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"{file}: no such file")
            source, data = path.name, path.read_bytes()
        report = import_lines(read_lines(data), source=source, dry_run=dry_run)
        for issue in report.issues:
            self.stderr.write(str(issue))
        if not report.ok:
            raise CommandError(f"{len(report.issues)} problem(s) in {report.lines} line(s); nothing was imported.")
        if dry_run:
            self.stdout.write(f"{report.lines} line(s) are valid; nothing was written (dry run).")
            return
        for line in report.summary():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Imported {report.lines} line(s)."))
        if report.search_error:
            self.stderr.write(
                self.style.WARNING(
                    f"The search index could not be rebuilt ({report.search_error}); search shows old results"
                    " until `manage.py search_reindex` succeeds."
                )
            )
