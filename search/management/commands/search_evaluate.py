"""`manage.py search_evaluate [--backend both|elasticsearch|database]`: relevance of people search
on the judged queries (search/evaluation/queries.json) over the demo data (`seed_demo` first)."""

import json
import logging

from django.core.management.base import BaseCommand, CommandError

from people.models import Profile
from search.evaluation.metrics import METRICS
from search.evaluation.run import BASELINE, evaluate, load_baseline
from search.sync import reindex_all


class Command(BaseCommand):
    help = (
        "Print MRR@10, nDCG@10, P@5 and Recall@20 of people search on the judged queries, per backend, "
        "next to the recorded baseline. Needs the demo data (manage.py seed_demo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=["both", "elasticsearch", "database"], default="both")
        parser.add_argument("--per-query", action="store_true", help="Also print each query's scores.")
        parser.add_argument("--reindex", action="store_true", help="Rebuild the indices first.")
        parser.add_argument("--record", action="store_true", help="Write these figures as the new baseline.")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print JSON.")

    def handle(self, *args, backend, per_query, reindex, record, as_json, **options):
        names = ["elasticsearch", "database"] if backend == "both" else [backend]
        logging.getLogger("elastic_transport").setLevel(logging.WARNING)  # one line per request otherwise
        if not Profile.objects.filter(key="kaisa.nieminen").exists():
            raise CommandError("The judged queries are about the demo data: load it first (manage.py seed_demo).")
        if reindex:
            reindex_all()
        try:
            reports = [evaluate(name) for name in names]
        except ValueError as error:
            raise CommandError(str(error)) from error
        if not reports[0]["queries"]:
            raise CommandError("No judged queries.")
        if as_json:
            self.stdout.write(json.dumps(reports, ensure_ascii=False, indent=1))
        else:
            self._table(reports, per_query)
        if record:
            BASELINE.write_text(
                json.dumps({report["backend"]: report["metrics"] for report in reports}, indent=1) + "\n",
                encoding="utf-8",
            )
            self.stdout.write(f"Baseline written to {BASELINE}")

    def _table(self, reports, per_query):
        baseline = load_baseline() if BASELINE.exists() else {}
        self.stdout.write(f"{'backend':<14}" + "".join(f"{name:>11}" for name in METRICS) + "   queries")
        for report in reports:
            figures = "".join(f"{report['metrics'][name]:>11.3f}" for name in METRICS)
            self.stdout.write(f"{report['backend']:<14}{figures}   {report['queries']}")
            recorded = baseline.get(report["backend"])
            if recorded:
                self.stdout.write(f"{'  baseline':<14}" + "".join(f"{recorded[name]:>11.3f}" for name in METRICS))
        if per_query:
            for report in reports:
                self.stdout.write(f"\n{report['backend']}: id, query, kind, MRR@10, nDCG@10, top 5")
                for row in report["per_query"]:
                    self.stdout.write(
                        f"  {row['id']} {row['query']!r:<34} {row['kind']:<15} "
                        f"{row['MRR@10']:.2f} {row['nDCG@10']:.2f} {', '.join(row['top'])}"
                    )
