"""Find people by expertise from the command line.

Searches as a system operator: every active user can be found (no group or guest
limits apply), so use it to support colleagues, not to browse the directory.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from search.queries import MAX_LIMIT, search_people_as_operator


class Command(BaseCommand):
    help = (
        "Find colleagues who can help with QUERY (Finnish, Swedish or English). Searches as a system "
        "operator: every active user can be found, without the visibility limits of guests and groups."
    )

    def add_arguments(self, parser):
        parser.add_argument("query", help='What to look for, e.g. "julkiset hankinnat".')
        parser.add_argument("--limit", type=int, default=10, help=f"How many people to show (1 to {MAX_LIMIT}).")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print JSON instead of a table.")

    def handle(self, *args, query, limit, as_json: bool = False, **options):
        if not 1 <= limit <= MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}.")
        results = search_people_as_operator(query, limit)
        if as_json:
            self.stdout.write(self._json(query, results))
        else:
            self._table(results)

    def _json(self, query, results) -> str:
        return json.dumps(
            {
                "query": query,
                "backend": results.backend,
                "took_ms": results.took_ms,
                "total": results.total,
                "results": [hit.__dict__ for hit in results.hits],
            },
            ensure_ascii=False,
            indent=2,
        )

    def _table(self, results) -> None:
        if not results.hits:
            self.stdout.write(f"Nobody found ({results.backend}, {results.took_ms} ms).")
            return
        rows = [("SCORE", "KEY", "NAME", "TITLE", "ORGANISATION")]
        rows += [(f"{hit.score:.2f}", hit.key, hit.name, hit.title, hit.organisation) for hit in results.hits]
        widths = [min(40, max(len(row[column]) for row in rows)) for column in range(5)]
        for number, row in enumerate(rows):
            self.stdout.write(
                "  ".join(cell[:40].ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )
            if number:
                for reason in results.hits[number - 1].reasons:
                    self.stdout.write(f"{'':{widths[0]}}  - {reason}")
        self.stdout.write(f"{len(results.hits)} of {results.total} shown ({results.backend}, {results.took_ms} ms).")
