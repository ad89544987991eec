"""GET /api/v1/search/people as a client sees it."""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/people"


@pytest.fixture
def client_in(procurement, reindex):
    org = factories.organisation("turku", "Turun kaupunki")
    factories.person("Eeva", "Expert", key="expert", org=org, title="Hankinta-asiantuntija", skills={procurement: 4})
    for number in range(3):
        factories.person("Extra", f"Holder{number}", key=f"holder-{number}", org=org, skills={procurement: 1})
    user = factories.person("Searching", "Colleague", key="searcher", org=org)
    reindex()
    client = Client()
    client.force_login(user)
    return client


def test_results_have_the_documented_shape(client_in, backend_name):
    response = client_in.get(URL, {"q": "julkiset hankinnat", "limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"query", "backend", "took_ms", "engine_ms", "total", "message", "facets", "results"}
    assert (body["engine_ms"] is None) == (backend_name == "database")
    assert body["backend"] == backend_name and body["query"] == "julkiset hankinnat"
    assert body["total"] == 4 and len(body["results"]) == 2
    first = body["results"][0]
    assert set(first) == {
        "key",
        "name",
        "title",
        "organisation",
        "score",
        "reasons",
        "away_until",
        "stand_in",
        "former",
        "successor",
    }
    assert first["key"] == "expert" and first["name"] == "Eeva Expert"
    assert first["organisation"] == "Turun kaupunki" and first["score"] > body["results"][1]["score"]
    assert first["reasons"] == ["Skill: Public procurement (level 4)", "Title matches"]


def test_default_limit_is_ten_and_empty_query_finds_nobody(client_in):
    body = client_in.get(URL).json()
    assert body["results"] == [] and body["total"] == 0


@pytest.mark.parametrize("limit", ["0", "101", "-1", "ten", ""])
def test_limit_outside_one_to_hundred_is_refused_with_a_message(client_in, limit):
    response = client_in.get(URL, {"q": "hankinnat", "limit": limit})
    assert response.status_code == 400
    assert "limit" in response.json()["error"]


def test_limit_bounds_are_accepted(client_in):
    assert client_in.get(URL, {"q": "hankinnat", "limit": 1}).status_code == 200
    assert client_in.get(URL, {"q": "hankinnat", "limit": 100}).status_code == 200


def test_unknown_parameters_are_refused_with_a_message(client_in):
    response = client_in.get(URL, {"q": "hankinnat", "sort": "name", "page": 2})
    assert response.status_code == 400
    assert response.json()["error"] == (
        "Unknown query parameter: page, sort. Use q, limit, organisation, unit, skill, language, available or kind."
    )


def test_too_long_query_is_refused_with_a_message(client_in):
    response = client_in.get(URL, {"q": "hankinnat " * 60})
    assert response.status_code == 400
    assert "q" in response.json()["error"] and "500" in response.json()["error"]
    assert client_in.get(URL, {"q": "h" * 500}).status_code == 200


@pytest.mark.parametrize("query", ['"hankinnat" AND title:(x OR y) [a TO b] {c} ~2 ^3 \\', "%00", "🙂 hankinnat"])
def test_operator_laden_queries_are_plain_text(client_in, query):
    response = client_in.get(URL, {"q": query})
    assert response.status_code == 200


def test_anonymous_callers_get_401(client_in):
    response = Client().get(URL, {"q": "hankinnat"})
    assert response.status_code == 401
    assert response.json() == {"error": "Log in first.", "code": "not_authenticated"}


def test_an_empty_query_with_a_filter_browses(client_in, backend_name, procurement):
    body = client_in.get(URL, {"skill": procurement.key, "limit": 3}).json()
    assert body["total"] == 4 and [hit["key"] for hit in body["results"]][0] == "expert"
    assert body["results"][0]["reasons"] == ["Skill: Public procurement (level 4)"]
    assert body["facets"]["skill"] == {procurement.key: 4}
    assert client_in.get(URL, {"q": ""}).json()["total"] == 0
