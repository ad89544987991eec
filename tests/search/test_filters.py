"""Filters on people search: the same people on both backends; unknown values find nobody, with a message."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import Membership
from people.models import Profile
from search.filters import Filters
from search.queries import search_people
from tests import factories
from tests.pages import body
from tests.search.conftest import keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(procurement, reindex):
    kerava = factories.organisation("kerava", "Keravan kaupunki")
    sipoo = factories.organisation("sipoo", "Sipoon kunta")
    partner = factories.organisation("firma", "Firma Oy", home=False)
    purchasing = factories.unit(kerava, "Hankintapalvelut")
    law = factories.skill("contract-law", "Sopimusjuridiikka", "Avtalsjuridik", "Contract law")
    searcher = factories.person("Searching", "Colleague", key="searcher", org=kerava)
    factories.person("Kaisa", "Kerava", key="kerava-expert", org=kerava, skills={procurement: 4, law: 3})
    factories.person("Sten", "Sipoo", key="sipoo-expert", org=sipoo, skills={procurement: 3})
    guest = factories.person("Gina", "Guest", key="guest", org=partner, guest=True, skills={procurement: 2})
    factories.group("project", members={searcher: Membership.Role.MEMBER, guest: Membership.Role.GUEST})
    Profile.objects.filter(key="kerava-expert").update(unit=purchasing, languages=["fi", "sv"])
    # Sten shows his availability to cooperating municipalities (the default is his own only).
    Profile.objects.filter(key="sipoo-expert").update(
        languages=["sv"],
        field_visibility={"availability": "cooperating"},
        out_of_office_until=timezone.localdate() + timedelta(days=2),
    )
    reindex()
    return {"searcher": searcher, "unit": purchasing}


CASES = [
    (Filters(), ["kerava-expert", "guest", "sipoo-expert"]),  # Sten is out of office
    (Filters(organisation="sipoo"), ["sipoo-expert"]),
    (Filters(skill="contract-law"), ["kerava-expert"]),
    (Filters(language="sv"), ["kerava-expert", "sipoo-expert"]),
    (Filters(available=True), ["kerava-expert", "guest"]),
    (Filters(kind="guest"), ["guest"]),
    (Filters(kind="staff", language="sv", available=True), ["kerava-expert"]),
]


def test_filters_narrow_the_results(scene):
    # One scene for all cases: building it per case would double the suite's time for nothing.
    for filters, expected in CASES:
        assert keys(search_people(scene["searcher"], "hankinnat", filters=filters)) == expected, filters


def test_unit_filter(scene):
    found = search_people(scene["searcher"], "hankinnat", filters=Filters(unit=scene["unit"].key))
    assert keys(found) == ["kerava-expert"]


UNKNOWN = [
    (Filters(organisation="atlantis"), "Unknown municipality or organisation: atlantis"),
    (Filters(skill="alchemy"), "Unknown skill: alchemy"),
    (Filters(unit="nowhere"), "Unknown unit: nowhere"),
    (Filters(language="xx"), "Unknown language: xx"),
    (Filters(kind="robot"), "Unknown kind of person: robot (use staff or guest)"),
]


def test_unknown_values_find_nobody_with_a_message(scene):
    for filters, message in UNKNOWN:
        results = search_people(scene["searcher"], "hankinnat", filters=filters)
        assert results.hits == [] and results.total == 0 and results.message == message


def test_api_filters_and_unknown_values(scene, client):
    client.force_login(scene["searcher"])
    body = client.get("/api/v1/search/people", {"q": "hankinnat", "organisation": "sipoo"}).json()
    assert [hit["key"] for hit in body["results"]] == ["sipoo-expert"] and body["message"] == ""
    body = client.get("/api/v1/search/people", {"q": "hankinnat", "available": "true", "kind": "staff"}).json()
    assert [hit["key"] for hit in body["results"]] == ["kerava-expert"]
    response = client.get("/api/v1/search/people", {"q": "hankinnat", "skill": "alchemy"})
    assert response.status_code == 200
    assert response.json()["results"] == [] and response.json()["message"] == "Unknown skill: alchemy"


def test_page_filters_and_unknown_values(scene, client):
    client.force_login(scene["searcher"])
    html = body(client.get("/search/", {"q": "hankinnat", "organisation": "sipoo"}))
    assert "Sten Sipoo" in html and "Kaisa Kerava" not in html
    assert '<label for="id_organisation">Municipality or organisation</label>' in html
    assert '<option value="sipoo" selected>Sipoon kunta (1)</option>' in html
    html = body(client.get("/search/", {"q": "hankinnat", "skill": "alchemy"}))
    assert "Select a valid choice. alchemy is not one of the available choices." in html
    assert "Kaisa Kerava" not in html and 'aria-invalid="true"' in html


def test_facet_counts_over_all_matches(scene, backend_name):
    results = search_people(scene["searcher"], "hankinnat")
    assert results.facets == {
        "organisation": {"kerava": 1, "sipoo": 1, "firma": 1},
        "unit": {scene["unit"].key: 1},
        "skill": {"public-procurement": 3, "contract-law": 1},
        "language": {"fi": 2, "sv": 2},
        "kind": {"staff": 2, "guest": 1},
        "available": 2,
    }
    narrowed = search_people(scene["searcher"], "hankinnat", filters=Filters(language="sv"))
    assert narrowed.facets["organisation"] == {"kerava": 1, "sipoo": 1} and narrowed.facets["available"] == 1
