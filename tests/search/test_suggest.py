"""Type-ahead: people by the start of their names, visibility applied, the same on both backends."""

import pytest

from groups.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/search/suggest"


@pytest.fixture
def scene(reindex):
    org = factories.organisation("kerava", "Keravan kaupunki")
    partner = factories.organisation("firma", "Firma Oy", home=False)
    searcher = factories.person("Searching", "Colleague", key="searcher", org=org)
    factories.person("Kaisa", "Nieminen", key="kaisa.nieminen", org=org, title="Hankinta-asiantuntija")
    factories.person("Kari", "Niemi", key="kari.niemi", org=org)
    factories.person("Matti", "Mäkinen", key="matti.makinen", org=org)
    factories.person("Kaija", "Kaukainen", key="hidden-guest", org=partner, guest=True)
    shared = factories.person("Kalle", "Kumppani", key="shared-guest", org=partner, guest=True)
    factories.group("project", members={searcher: Membership.Role.MEMBER, shared: Membership.Role.GUEST})
    reindex()
    return searcher


def suggested(client, user, text):
    client.force_login(user)
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    return [item["key"] for item in response.json()["suggestions"]]


CASES = [
    ("ka", ["kaisa.nieminen", "kari.niemi", "shared-guest"]),
    ("kai nie", ["kaisa.nieminen"]),
    ("niem", ["kaisa.nieminen", "kari.niemi"]),
    ("mäk", ["matti.makinen"]),
    ("mak", ["matti.makinen"]),
    ("", []),
    ("zz", []),
    ('"*:(', []),
]


def test_names_are_suggested_by_their_start(scene, client):
    for text, expected in CASES:
        assert suggested(client, scene, text) == expected, text


def test_suggestions_link_to_profiles_and_respect_visibility(scene, client, backend_name):
    client.force_login(scene)
    body = client.get(URL, {"q": "kaisa"}).json()
    assert body["backend"] == backend_name
    assert body["suggestions"] == [
        {
            "key": "kaisa.nieminen",
            "name": "Kaisa Nieminen",
            "title": "Hankinta-asiantuntija",
            "organisation": "Keravan kaupunki",
            "url": "/people/kaisa.nieminen/",
        }
    ]
    assert "hidden-guest" not in suggested(client, scene, "kaija")


def test_suggest_needs_login_and_refuses_long_input(scene, client):
    assert client.get(URL, {"q": "ka"}).status_code == 401
    client.force_login(scene)
    assert client.get(URL, {"q": "k" * 101}).status_code == 400
