"""The counters that have no request of their own: search fallbacks and channel-layer publish failures,
read through /metrics as a scraper would."""

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from messaging import publish
from search.queries import search_people
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN = "scrape-" + "y" * 33


def scraped(name: str, **labels) -> float:
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return 0.0


@pytest.fixture(autouse=True)
def _token(settings):
    settings.METRICS_TOKEN = TOKEN


def test_a_search_answered_from_the_database_is_counted(settings):
    viewer = factories.person("Ville", "Viewer")
    before = scraped("intranet_search_fallbacks_total", search="people")
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_OPTIONS = {**settings.ELASTICSEARCH_OPTIONS, "request_timeout": 1}
    results = search_people(viewer, "viewer")
    assert results.backend == "database"
    assert scraped("intranet_search_fallbacks_total", search="people") == before + 1


def test_a_publish_the_channel_layer_refuses_is_counted(settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": "redis://127.0.0.1:9/0"}]},
        }
    }
    before_user = scraped("intranet_channel_layer_publish_failures_total", target="user")
    before_conversation = scraped("intranet_channel_layer_publish_failures_total", target="conversation")
    publish.to_users([1, 2], {"type": "notification.new"})
    publish.to_conversation(7, [1, 2], {"type": "message.new"})
    assert scraped("intranet_channel_layer_publish_failures_total", target="user") == before_user + 2
    assert scraped("intranet_channel_layer_publish_failures_total", target="conversation") == before_conversation + 1


def test_anonymous_and_staff_without_the_token_get_404(settings):
    staff = factories.person("Sari", "Staff")
    staff.is_staff = True
    staff.save()
    assert Client().get("/metrics").status_code == 404
    client = Client()
    client.force_login(staff)
    assert client.get("/metrics").status_code == 404
    settings.METRICS_TOKEN = ""
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404
