"""Liveness and readiness: load balancers get up/down, operators (staff, the token) the details."""

import pytest
from django.db import connection
from django.test import Client

from intranet.ops import readiness
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN = "t" * 40


@pytest.fixture(autouse=True)
def _token(settings, monkeypatch):
    settings.METRICS_TOKEN = TOKEN
    monkeypatch.setattr(readiness, "_migrated", False)


def operator_get(path: str):
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


def test_liveness_answers_without_asking_any_service():
    response = Client().get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "up"}


@pytest.mark.parametrize("path", ["/healthz", "/healthz/ready"])
def test_anonymous_visitors_see_up_or_down_and_no_counts(path):
    factories.person("Eeva", "Expert")
    response = Client().get(path)
    assert response.status_code == 200
    assert response.json() == {"status": "up"}
    assert b"documents" not in response.content and b"database" not in response.content


def test_a_wrong_token_and_a_colleague_see_no_details_either():
    colleague = factories.person("Kalle", "Colleague")
    response = Client().get("/healthz/ready", HTTP_AUTHORIZATION="Bearer wrong")
    assert response.status_code == 200 and response.json() == {"status": "up"}
    client = Client()
    client.force_login(colleague)
    response = client.get("/healthz/ready")
    assert response.status_code == 200 and response.json() == {"status": "up"}


def test_operators_see_every_component(settings, redis_url):
    settings.REDIS_URL = redis_url
    factories.person("Eeva", "Expert")
    report = operator_get("/healthz/ready").json()
    assert report["status"] == "up"
    assert report["database"] == {"status": "ok"}
    assert report["migrations"] == {"status": "ok"}
    assert report["redis"] == {"status": "ok"}
    assert report["search"]["backend"] == "database" and report["search"]["status"] == "ok"

    staff = factories.person("Sari", "Staff")
    staff.is_staff = True
    staff.save()
    client = Client()
    client.force_login(staff)
    assert client.get("/healthz/ready").json()["database"] == {"status": "ok"}


def test_unreachable_redis_makes_the_process_unready(settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    response = Client().get("/healthz/ready")
    assert response.status_code == 503 and response.json() == {"status": "down"}
    assert operator_get("/healthz/ready").json()["redis"]["status"] == "unavailable"
    # Liveness does not depend on it: the process itself is fine.
    assert Client().get("/healthz/live").status_code == 200


def test_a_migration_not_applied_makes_the_process_unready():
    from django.db.migrations.loader import MigrationLoader

    app, name = max(node for node in MigrationLoader(connection).graph.leaf_nodes() if node[0] == "people")
    with connection.cursor() as cursor:  # as if this release's last people migration had not run yet
        cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", [app, name])
    response = operator_get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["migrations"] == {"status": "pending", "pending": 1}


def test_unreachable_elasticsearch_degrades_but_keeps_the_process_ready(settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_OPTIONS = {**settings.ELASTICSEARCH_OPTIONS, "request_timeout": 1}
    response = Client().get("/healthz/ready")
    assert response.status_code == 200 and response.json() == {"status": "degraded"}
    assert operator_get("/healthz/ready").json()["search"]["status"] == "unavailable"
