"""Importing the directory from JSON Lines: validate everything, then write everything or nothing.

The format is described in docs/import-format.md.
"""

import logging
from collections.abc import Iterable

from django.db import transaction

from core import audit
from intranet.directory_import.apply import apply
from intranet.directory_import.report import ImportReport, Issue
from intranet.directory_import.validate import keys_by_type, validate
from search import sync as search_sync

__all__ = ["ImportReport", "Issue", "import_lines"]

logger = logging.getLogger(__name__)


def import_lines(lines: Iterable[str], *, source: str = "", dry_run: bool = False) -> ImportReport:
    """Validate all lines; when none has a problem (and this is not a dry run), write them in one
    transaction, record the counts in the audit trail, and rebuild the search index after commit."""
    records, issues, count = validate(lines)
    report = ImportReport(issues=issues, lines=count)
    if issues or dry_run:
        return report
    # The per-object search signals stay quiet: one full re-index after commit is cheaper.
    with search_sync.suspended(), transaction.atomic():
        report.counts = apply(records, keys_by_type(records))
        audit.record(
            None, "import.apply", target_type="import", target_id=source[:100], lines=count, counts=report.counts_dict()
        )
        if report.changed:
            transaction.on_commit(lambda: _reindex(report))
    report.applied = True
    return report


def _reindex(report: ImportReport) -> None:
    # The import is committed by now: a search outage must not look like a failed import.
    try:
        search_sync.reindex_all()
    except Exception as error:  # any failure has the same remedy: rebuild later
        logger.exception("The import was saved, but rebuilding the search index failed.")
        report.search_error = str(error) or error.__class__.__name__
