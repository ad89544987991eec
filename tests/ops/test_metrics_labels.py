"""Anonymous visitors cannot grow the metrics without bound: every label takes a bounded set of values."""

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.django_db

TOKEN = "scrape-" + "z" * 33


def test_made_up_http_methods_do_not_each_add_a_time_series(settings):
    settings.METRICS_TOKEN = TOKEN
    anonymous = Client()
    for number in range(20):
        # nginx passes any method made of capital letters on; Django answers 405 or 302.
        anonymous.generic(f"PROBE{'X' * number}", "/healthz/live")
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    methods = {
        sample.labels["method"]
        for family in text_string_to_metric_families(response.content.decode())
        if family.name == "intranet_http_requests"
        for sample in family.samples
    }
    assert methods, "no request was counted"
    assert not [method for method in methods if method.startswith("PROBE")], sorted(methods)
