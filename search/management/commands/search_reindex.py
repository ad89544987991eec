"""Rebuild the search indices from the database."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import documents
from search.backends import BackendUnavailable
from search.content import documents as content_documents
from search.sync import reindex_all


class Command(BaseCommand):
    help = (
        "Rebuild the search indices (people, and groups, posts, organisations, contacts and pages) from the database: the database index always, and "
        "Elasticsearch when it is the configured backend (into a new index, then the alias is swapped "
        "and the old index deleted, so searches keep working meanwhile)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars.")

    def handle(self, *args, no_progress: bool = False, **options):
        total = documents.count_all()
        content_total = content_documents.count_all()
        bars: dict[str, tqdm] = {}

        def progress(backend: str, done: int) -> None:
            if backend not in bars:
                # Content indices report as "<backend> content" (search.content.sync).
                content = backend.endswith(" content")
                bars[backend] = tqdm(
                    total=content_total if content else total,
                    desc=backend,
                    unit="documents" if content else "people",
                    file=self.stderr,
                    disable=no_progress,
                )
            bars[backend].update(done)

        try:
            report = reindex_all(progress=progress)
        except BackendUnavailable as error:
            raise CommandError(f"Search index could not be rebuilt: {error}") from error
        finally:
            for bar in bars.values():
                bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {report['documents']} people and {report.get('content_documents', 0)} other documents "
                f"into: {', '.join(report['backends'])}."
            )
        )
