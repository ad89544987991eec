"""Runs the judged queries (queries.json) against a backend and computes the metrics.

The searcher is an ordinary colleague in no group: they find all staff, and answers count
from public groups only. Queries with an `away` scenario set those people out of office
(with their stand-in) for that query only, and restore them afterwards.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from groups.models import Group
from people.models import Profile
from search.backends import SearchBackend, database_backend, elasticsearch_configured, get_backend
from search.evaluation.metrics import METRICS
from search.sync import reindex_profiles
from search.visibility import Audience

HERE = Path(__file__).parent
QUERIES = HERE / "queries.json"
BASELINE = HERE / "baseline.json"
DEPTH = 20


def load_queries() -> list[dict]:
    return json.loads(QUERIES.read_text(encoding="utf-8"))


def load_baseline() -> dict:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def colleague() -> Audience:
    public = Group.objects.filter(visibility=Group.Visibility.PUBLIC).values_list("pk", flat=True)
    return Audience(all_staff=True, readable_group_ids=frozenset(public))


def backend_named(name: str) -> SearchBackend:
    if name == "database":
        return database_backend()
    if not elasticsearch_configured():
        raise ValueError("Elasticsearch is not the configured backend (set ELASTICSEARCH_URL).")
    return get_backend()


class _Away:
    """Sets the scenario's people out of office for one query, then restores them."""

    def __init__(self, scenario: dict, backend: SearchBackend):
        self.scenario, self.backend, self.saved = scenario or {}, backend, []

    def _apply(self, values: list[tuple]) -> None:
        for profile, until, stand_in in values:
            Profile.objects.filter(pk=profile.pk).update(out_of_office_until=until, stand_in=stand_in)
        reindex_profiles([profile.pk for profile, _, _ in values])
        self.backend.refresh()

    def __enter__(self):
        if self.scenario:
            today = timezone.localdate()
            changes = []
            for key, plan in self.scenario.items():
                profile = Profile.objects.get(key=key)
                self.saved.append((profile, profile.out_of_office_until, profile.stand_in))
                changes.append(
                    (profile, today + timedelta(days=plan["days"]), Profile.objects.get(key=plan["stand_in"]))
                )
            self._apply(changes)
        return self

    def __exit__(self, *exc):
        if self.saved:
            self._apply(self.saved)


def evaluate(backend_name: str, queries: list[dict] | None = None) -> dict:
    backend = backend_named(backend_name)
    audience = colleague()
    rows = []
    for entry in queries or load_queries():
        with _Away(entry.get("away"), backend):
            results = backend.search_people(entry["query"], audience=audience, limit=DEPTH)
        ranking = [hit.key for hit in results.hits]
        scores = {name: metric(ranking, entry["relevant"]) for name, metric in METRICS.items()}
        rows.append({"id": entry["id"], "query": entry["query"], "kind": entry["kind"], "top": ranking[:5], **scores})
    count = len(rows)
    means = {name: round(sum(row[name] for row in rows) / count, 4) for name in METRICS}
    return {"backend": backend_name, "queries": count, "metrics": means, "per_query": rows}
