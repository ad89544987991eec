"""The health check tells which search backend serves and whether it answers."""

import pytest
from django.test import Client

from search.backends import search_status
from tests import factories
from tests.search.conftest import rebuild_indices

pytestmark = pytest.mark.django_db


def test_database_backend_status(use_database):
    factories.person("Eeva", "Expert", key="expert")
    rebuild_indices()
    assert search_status() == {
        "backend": "database",
        "status": "ok",
        "documents": 1,
        "lag_seconds": 0.0,
        "content_lag_seconds": 0.0,
    }


def test_elasticsearch_status_counts_documents_and_reports_the_fallback(use_elasticsearch, settings):
    factories.person("Eeva", "Expert", key="expert")
    rebuild_indices()
    status = search_status()
    assert status["backend"] == "elasticsearch" and status["status"] == "ok"
    assert status["index"] == f"{settings.SEARCH_INDEX_PREFIX}-people" and status["documents"] == 1
    assert status["fallback"] == {
        "backend": "database",
        "status": "ok",
        "documents": 1,
        "lag_seconds": 0.0,
        "content_lag_seconds": 0.0,
    }
    assert status["lag_seconds"] == 0.0


def test_unreachable_elasticsearch_is_reported_not_raised(settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_OPTIONS = {**settings.ELASTICSEARCH_OPTIONS, "request_timeout": 1}
    status = search_status()
    assert status["backend"] == "elasticsearch" and status["status"] == "unavailable"
    # The details are for operators (tests/ops/test_health.py): anonymous callers see up/down only.
    settings.METRICS_TOKEN = "operator-token"
    response = Client().get("/healthz", HTTP_AUTHORIZATION="Bearer operator-token")
    assert response.status_code == 200 and response.json()["search"]["status"] == "unavailable"


def test_misconfigured_backend_is_reported(settings):
    settings.SEARCH_BACKEND = "solr"
    assert search_status()["status"] == "misconfigured"


def test_index_lag_is_reported(backend_name):
    from datetime import timedelta

    from django.utils import timezone

    from people.models import Profile

    factories.person("Eeva", "Expert", key="expert")
    rebuild_indices()
    # A change the sync never indexed (as if the task queue were stuck for 20 minutes).
    Profile.objects.filter(key="expert").update(updated_at=timezone.now() + timedelta(minutes=20))
    status = search_status()
    assert status["status"] == "degraded" and status["lag_seconds"] > 1100


def test_lag_covers_changes_beyond_the_profile_row(use_database, settings):
    """An endorsement (or a contact, a membership) newer than the index is lag; so is a re-indexing
    task waiting in the database queue, which every change to any source model goes through."""
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from people.models import Profile, ProfileSkill, SkillEndorsement
    from search import sync

    skill = factories.skill("gis", "Paikkatieto", "Geografisk information", "GIS")
    factories.person("Eeva", "Expert", key="expert", skills={skill: 3})
    factories.person("Kalle", "Colleague", key="colleague")
    rebuild_indices()
    assert search_status()["status"] == "ok"
    with sync.suspended():  # as if the on-commit task never ran
        SkillEndorsement.objects.create(
            held=ProfileSkill.objects.get(profile__key="expert"), endorser=Profile.objects.get(key="colleague")
        )
    SkillEndorsement.objects.update(created_at=timezone.now() + timedelta(minutes=20))
    status = search_status()
    assert status["status"] == "degraded" and status["lag_seconds"] > 600
    rebuild_indices()
    SkillEndorsement.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    assert search_status()["lag_seconds"] == 0.0

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    waiting = DBTaskResult.objects.create(
        task_path="search.sync.reindex_profiles_task",
        backend_name="default",
        args_kwargs={"args": [[1]], "kwargs": {}},
        run_after=timezone.now(),
    )
    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=timezone.now() - timedelta(minutes=15))
    status = search_status()
    assert status["status"] == "degraded" and status["lag_seconds"] >= 900


def test_content_index_lag_is_reported(backend_name, settings):
    """A content re-indexing task (groups, posts, contacts, pages) waiting in the database queue is lag
    too: reported as content_lag_seconds, and over ten minutes the search status is degraded."""
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from search.content.sync import reindex_content_task

    factories.person("Eeva", "Expert", key="expert")
    rebuild_indices()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    status = search_status()
    assert status["status"] == "ok" and status["content_lag_seconds"] == 0.0
    waiting = DBTaskResult.objects.create(
        task_path=reindex_content_task.module_path,
        backend_name="default",
        args_kwargs={"args": [{"posts": [1]}], "kwargs": {}},
        run_after=timezone.now(),
    )
    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=timezone.now() - timedelta(minutes=15))
    status = search_status()
    assert status["status"] == "degraded" and status["content_lag_seconds"] >= 900
    assert status["lag_seconds"] == 0.0  # people are current: the content lag is told apart
