"""Content search never shows what the searcher may not see: a matrix per index and backend."""

import pytest
from django.test import Client

from search.content.queries import content_counts, search_content
from tests.pages import body
from tests.search import content_scene

pytestmark = pytest.mark.django_db

QUERY = "hankinta"


@pytest.fixture
def scene(reindex):
    built = content_scene.build()
    reindex()
    return built


def titles(user, kind, query=QUERY, facets=()):
    results = search_content(user, kind, query, facets)
    assert results.total == len(results.hits)
    return sorted(hit.title for hit in results.hits)


EXPECTED = {
    # A member of every group who knows the private contact.
    "alice": {
        "groups": ["Hankintabudjetti", "Hankintafuusio", "Hankintarengas"],
        "posts": ["Hankintasäännöt", "Hankintojen budjetti", "Salaiset hankinnat"],
        "organisations": ["Hankintapalvelu Oy"],
        "contacts": ["Kaisa Cooperating", "Olli Organisation", "Pekka Private"],
        "pages": ["Hankintaohje päivitetty"],
    },
    # A colleague of the same organisation in no group: public and private group names, public posts only;
    # the contact shared with the organisation, not the private one.
    "bob": {
        "groups": ["Hankintabudjetti", "Hankintarengas"],
        "posts": ["Hankintasäännöt"],
        "organisations": ["Hankintapalvelu Oy"],
        "contacts": ["Kaisa Cooperating", "Olli Organisation"],
        "pages": ["Hankintaohje päivitetty"],
    },
    # Staff of the cooperating municipality: the cooperating contact and the one they know.
    "carol": {
        "groups": ["Hankintabudjetti", "Hankintarengas"],
        "posts": ["Hankintasäännöt"],
        "organisations": ["Hankintapalvelu Oy"],
        "contacts": ["Kaisa Cooperating", "Kalle Keravalainen"],
        "pages": ["Hankintaohje päivitetty"],
    },
    # A guest of the public group: that group and its posts, nothing else.
    "gina": {
        "groups": ["Hankintarengas"],
        "posts": ["Hankintasäännöt"],
        "organisations": [],
        "contacts": [],
        "pages": [],
    },
    # Deactivated: nothing at all.
    "dave": {"groups": [], "posts": [], "organisations": [], "contacts": [], "pages": []},
}


def test_each_searcher_finds_exactly_what_they_may_see(scene):
    for who, kinds in EXPECTED.items():
        user = getattr(scene, who)
        for kind, expected in kinds.items():
            assert titles(user, kind) == expected, (who, kind)
        counts = content_counts(user, QUERY)
        assert {kind: counts.get(kind, 0) for kind in kinds} == {
            kind: len(expected) for kind, expected in kinds.items()
        }, who

    # Hidden posts are never found, even by the group's owner.
    assert search_content(scene.alice, "posts", "piilotettu").total == 0

    # Facets filter within what the searcher may see.
    assert titles(scene.alice, "posts", facets=("question",)) == ["Hankintojen budjetti"]
    assert titles(scene.alice, "posts", facets=("question", "open")) == ["Hankintojen budjetti"]
    assert titles(scene.alice, "posts", facets=("group:hankintarengas",)) == ["Hankintasäännöt"]
    assert titles(scene.alice, "organisations", "", facets=("kind:company",)) == ["Hankintapalvelu Oy"]
    assert titles(scene.bob, "posts", facets=("group:hankintafuusio",)) == []

    # A contact's email is searchable only by those who may see the contact.
    assert titles(scene.alice, "contacts", "pekka@partner.test") == ["Pekka Private"]
    assert titles(scene.bob, "contacts", "pekka@partner.test") == []
    assert titles(scene.gina, "contacts", "pekka") == []

    # Bad input is plain text: operators, very long, only stop words.
    assert titles(scene.bob, "groups", '"hankinta":(* OR [x]') == ["Hankintabudjetti", "Hankintarengas"]
    assert titles(scene.bob, "groups", "hankinta " + "x" * 600) == ["Hankintabudjetti", "Hankintarengas"]
    assert titles(scene.bob, "groups", "the and") == []


SUGGESTED = {
    "alice": ["Hankintabudjetti", "Hankintafuusio", "Hankintaohje päivitetty", "Hankintarengas"],
    "bob": ["Hankintabudjetti", "Hankintaohje päivitetty", "Hankintarengas"],
    "carol": ["Hankintabudjetti", "Hankintaohje päivitetty", "Hankintarengas"],
    "gina": ["Hankintarengas"],
    "dave": [],
}


def test_type_ahead_and_invitations_follow_the_same_rules(scene):
    """On both backends: type-ahead offers only groups and pages the searcher may see; a colleague
    invited into a secret group finds its name (to answer) but not its posts, until they decide."""
    from groups.models import MembershipRequest
    from search.backends import elasticsearch_configured
    from search.content import GROUPS
    from search.content import elasticsearch as es_content
    from search.content.queries import suggest_content
    from search.content.sync import reindex

    for who, expected in SUGGESTED.items():
        assert sorted(hit.title for hit in suggest_content(getattr(scene, who), "hankin")) == expected, who

    invitation = MembershipRequest.objects.create(
        group=scene.secret, user=scene.bob, kind=MembershipRequest.Kind.INVITATION, created_by=scene.alice
    )

    def reindexed():
        reindex(GROUPS, [scene.secret.pk])  # what the on-commit task does
        if elasticsearch_configured():
            es_content.refresh()

    reindexed()
    assert titles(scene.bob, "groups") == ["Hankintabudjetti", "Hankintafuusio", "Hankintarengas"]
    assert titles(scene.bob, "posts") == ["Hankintasäännöt"]
    assert titles(scene.carol, "groups") == ["Hankintabudjetti", "Hankintarengas"]
    invitation.status = MembershipRequest.Status.DECLINED
    invitation.save()
    reindexed()
    assert titles(scene.bob, "groups") == ["Hankintabudjetti", "Hankintarengas"]
    assert sorted(hit.title for hit in suggest_content(scene.bob, "hankin")) == SUGGESTED["bob"]


FELL_BACK = "The search service is not answering"


def page(client, **params) -> str:
    """The search page's HTML; it must be answered by the configured backend, never the backup index."""
    html = body(client.get("/search/", params))
    assert FELL_BACK not in html
    return html


def test_search_page_api_and_type_ahead_apply_the_same_rules(scene, backend_name):
    """Over HTTP, on both backends: the tabs, /api/v1/search/content and type-ahead show a staff
    member and a guest only what they may see, answered by the configured backend."""
    client = Client()
    client.force_login(scene.bob)
    html = page(client, type="posts", q=QUERY)
    assert 'aria-current="page">Posts and questions' in html
    assert "Hankintasäännöt" in html and "Hankintojen budjetti" not in html
    for label in ("People", "Groups", "Organisations", "Contacts", "Pages"):
        assert f">{label}" in html
    html = page(client, type="groups", q=QUERY)
    assert "Hankintabudjetti" in html and "Hankintafuusio" not in html
    body = client.get("/api/v1/search/content", {"type": "groups", "q": QUERY}).json()
    assert sorted(hit["title"] for hit in body["results"]) == ["Hankintabudjetti", "Hankintarengas"]
    assert body["total"] == 2 and body["backend"] == backend_name
    body = client.get("/api/v1/search/suggest", {"q": "hankin"}).json()
    assert [group["title"] for group in body["groups"]] == ["Hankintabudjetti", "Hankintarengas"]
    assert [item["title"] for item in body["pages"]] == ["Hankintaohje päivitetty"]

    guest = Client()
    guest.force_login(scene.gina)
    html = page(guest, type="groups", q=QUERY)
    assert "Hankintarengas" in html and "Hankintabudjetti" not in html
    assert ">Organisations" not in html and ">Pages" not in html and ">Contacts" not in html
    assert guest.get("/search/", {"type": "contacts", "q": QUERY}).status_code == 404
    assert guest.get("/search/", {"type": "pages", "q": QUERY}).status_code == 404
    body = guest.get("/api/v1/search/content", {"type": "organisations", "q": QUERY}).json()
    assert body["results"] == [] and body["total"] == 0
    body = guest.get("/api/v1/search/suggest", {"q": "hankin"}).json()
    assert [group["title"] for group in body["groups"]] == ["Hankintarengas"] and body["pages"] == []


def test_anonymous_is_sent_to_log_in_and_the_api_answers_401(backend_name):
    response = Client().get("/search/", {"type": "groups", "q": QUERY})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Client().get("/api/v1/search/content", {"type": "groups", "q": QUERY}).status_code == 401


def test_bad_input_gets_a_message_and_no_results(scene, backend_name):
    """On both backends; offset + limit beyond 10,000 (Elasticsearch's result window) is a 400 with
    a message, not an Elasticsearch error answered from the backup index."""
    client = Client()
    client.force_login(scene.bob)
    response = client.get("/search/", {"type": "recipes", "q": QUERY})
    assert response.status_code == 400 and "Unknown result type: recipes." in response.content.decode()
    response = client.get("/search/", {"type": "organisations", "q": QUERY, "kind": "pirates"})
    html = response.content.decode()
    assert response.status_code == 400 and "Select a valid choice" in html and "Hankintapalvelu Oy" not in html
    response = client.get("/search/", {"type": "posts", "q": QUERY, "group": "hankintafuusio"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    response = client.get("/search/", {"type": "groups", "q": "x" * 501})
    assert response.status_code == 400 and "at most 500 characters" in response.content.decode()
    # Only stop words: nothing found, and no claim that the search service is down.
    assert "0 results found." in page(client, type="groups", q="the and")
    api = "/api/v1/search/content"
    assert client.get(api, {"type": "recipes", "q": QUERY}).status_code == 400
    assert client.get(api, {"type": "groups", "q": "x" * 501}).status_code == 400
    assert client.get(api, {"type": "groups", "colour": "red"}).status_code == 400
    body = client.get(api, {"type": "organisations", "q": QUERY, "kind": "pirates"}).json()
    assert body["results"] == [] and "valid choice" in body["message"]
    body = client.get(api, {"type": "groups", "q": '"hankinta":(* OR [x]'}).json()
    assert body["total"] == 2 and body["backend"] == backend_name
    body = client.get(api, {"type": "groups", "q": "the and"}).json()
    assert body["total"] == 0 and body["backend"] == backend_name

    response = client.get(api, {"type": "groups", "q": QUERY, "offset": 9950, "limit": 100})
    assert response.status_code == 400 and "10000" in response.json()["error"]
    body = client.get(api, {"type": "groups", "q": QUERY, "offset": 9900, "limit": 100}).json()
    assert body["results"] == [] and body["total"] == 2 and body["backend"] == backend_name


def test_content_tab_pages_through_results(reindex):
    from groups.models import Membership
    from tests import factories

    owner = factories.person("Olga", "Owner", key="olga")
    group = factories.group("kirjasto", "Kirjastoverkosto", members={owner: Membership.Role.OWNER})
    for n in range(23):
        factories.post(group, owner, f"Kirjastoauto numero {n} lähtee.", title=f"Kirjastoauto {n}")
    reindex()
    client = Client()
    client.force_login(owner)
    html = page(client, type="posts", q="kirjastoauto")
    assert "23 results found." in html and "Showing 1–20." in html and 'rel="next"' in html
    html = page(client, type="posts", q="kirjastoauto", page=2)
    assert html.count("<li>\n    <h2>") == 3 and "Showing 21–23." in html and 'rel="prev"' in html
