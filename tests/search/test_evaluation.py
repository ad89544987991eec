"""Relevance on the judged queries over the demo data: never below the recorded baseline,
and above the issue's targets, on Elasticsearch and on the database backend."""

import pytest

from intranet.demo import demo_lines
from intranet.directory_import import import_lines
from search.evaluation.run import evaluate, load_baseline, load_queries
from tests.search.conftest import rebuild_indices

pytestmark = pytest.mark.django_db

# Updates leave deleted documents in Elasticsearch's statistics for a while (the availability
# scenarios re-index a few people), so its figures move in the third decimal between runs.
TOLERANCE = 0.01
TARGETS = {"MRR@10": 0.80, "nDCG@10": 0.65}
DATABASE_SHARE = 0.85


def test_the_judged_query_set_covers_languages_and_kinds():
    queries = load_queries()
    assert len(queries) >= 80
    kinds = {entry["kind"] for entry in queries}
    assert {"inflected", "cross-language", "name", "availability", "answers", "synonym"} <= kinds
    assert {"fi", "sv", "en"} <= {entry["language"] for entry in queries}
    assert all(entry["relevant"] for entry in queries)


def test_relevance_stays_at_or_above_the_baseline_on_both_backends(use_elasticsearch):
    report = import_lines(demo_lines(), source="test_evaluation")
    assert report.ok
    rebuild_indices()
    baseline = load_baseline()
    results = {name: evaluate(name)["metrics"] for name in ("elasticsearch", "database")}
    for name, metrics in results.items():
        for metric, value in metrics.items():
            assert value >= baseline[name][metric] - TOLERANCE, (name, metric, value, baseline[name][metric])
    for metric, target in TARGETS.items():
        assert results["elasticsearch"][metric] >= target
        assert results["database"][metric] >= DATABASE_SHARE * results["elasticsearch"][metric]


def test_the_command_asks_for_the_demo_data_first(use_database):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="load it first"):
        call_command("search_evaluate", "--backend", "database")
