"""Per-field visibility (people.visibility) in search: a searcher who may not see a field neither
finds a person by it nor gets a hint that it exists, the same on both backends."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import Membership
from people.models import Profile, ProfileSkill
from search.backends import database_backend, get_backend
from search.filters import Filters
from search.queries import search_people, search_people_as_operator
from search.visibility import audience_for
from tests import factories
from tests.pages import body
from tests.search.conftest import keys, rebuild_indices

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(procurement, reindex):
    people = build_scene()
    reindex()
    return people


def build_scene():
    procurement = factories.skill(
        "public-procurement",
        "Julkiset hankinnat",
        "Offentlig upphandling",
        "Public procurement",
        synonyms=["hankintalaki"],
    )
    vantaa = factories.organisation("vantaa", "Vantaan kaupunki")
    kerava = factories.organisation("kerava", "Keravan kaupunki")
    partner = factories.organisation("firma", "Konsulttipalvelut Oy", home=False)
    purchasing = factories.unit(vantaa, "Hankintapalvelut")
    law = factories.skill("contract-law", "Sopimusjuridiikka", "Avtalsjuridik", "Contract law")
    expert = factories.person(
        "Eeva",
        "Expert",
        key="expert",
        org=vantaa,
        skills={procurement: 3, law: 2},
        help_with="Tarjouspyynnöt ja kilpailutukset",
    )
    people = {
        "expert": expert,
        "colleague": factories.person("Kalle", "Colleague", key="colleague", org=vantaa),
        "neighbour": factories.person("Noora", "Neighbour", key="neighbour", org=kerava),
        "guest": factories.person("Gina", "Guest", key="guest", org=partner, guest=True),
    }
    factories.group("project", members={expert: Membership.Role.MEMBER, people["guest"]: Membership.Role.GUEST})
    # Eeva shows contract law to guests, keeps "I can help with" to her own organisation, and is away
    # (availability is shown to her own organisation only, by default).
    ProfileSkill.objects.filter(profile__key="expert", skill=law).update(shown_to_guests=True)
    Profile.objects.filter(key="expert").update(
        field_visibility={"help_with": "organisation"},
        unit=purchasing,
        languages=["fi", "sv"],
        bio="Purjehdin kesäisin",
        out_of_office_until=timezone.localdate() + timedelta(days=2),
    )
    return people


def reasons_of(results, key):
    return next(hit for hit in results.hits if hit.key == key).reasons


def test_guest_finds_only_by_skills_shown_to_guests(scene):
    guest = scene["guest"]
    assert keys(search_people(guest, "hankinnat")) == []  # a skill not shown to guests
    assert keys(search_people(guest, "tarjouspyynnöt")) == []  # help_with
    assert keys(search_people(guest, "purjehdin")) == []  # bio
    assert "expert" not in keys(search_people(guest, "hankintapalvelut"))  # unit
    found = search_people(guest, "sopimusjuridiikka")
    assert keys(found) == ["expert"]
    hit = found.hits[0]
    assert hit.reasons == ["Skill: Sopimusjuridiikka (level 2)"] or hit.reasons == ["Skill: Contract law (level 2)"]
    assert hit.away_until is None and hit.stand_in is None


def test_guest_facets_on_hidden_fields_are_ignored(scene):
    guest = scene["guest"]
    found = search_people(guest, "sopimusjuridiikka", filters=Filters(language="sv", available=True))
    assert keys(found) == ["expert"]  # the filters were ignored, not applied to what guests cannot see
    assert found.facets["unit"] == {} and found.facets["language"] == {} and found.facets["available"] == 0
    assert found.facets["skill"] == {"contract-law": 1}  # only the skills shown to guests


def test_staff_of_another_organisation_do_not_get_restricted_fields(scene):
    neighbour = scene["neighbour"]
    assert keys(search_people(neighbour, "tarjouspyynnöt")) == []  # help_with restricted to Vantaa
    found = search_people(neighbour, "hankinnat")
    assert keys(found) == ["expert"]
    hit = found.hits[0]
    assert hit.away_until is None and hit.stand_in is None
    assert not any("Out of office" in reason or "Can help with" in reason for reason in hit.reasons)
    # Availability they may not see is unknown: no "available now" filtering on it, counted as available.
    assert keys(search_people(neighbour, "hankinnat", filters=Filters(available=True))) == ["expert"]
    assert found.facets["available"] == 1
    # Unit and languages stay visible to cooperating municipalities by default.
    assert found.facets["language"] == {"fi": 1, "sv": 1}
    assert keys(search_people(neighbour, "purjehdin")) == ["expert"]


def test_same_organisation_sees_everything(scene):
    colleague = scene["colleague"]
    found = search_people(colleague, "tarjouspyynnöt")
    assert keys(found) == ["expert"]
    reasons = found.hits[0].reasons
    assert reasons[0].startswith("Out of office until")
    assert "Can help with: Tarjouspyynnöt ja kilpailutukset" in reasons
    assert found.hits[0].away_until is not None
    assert keys(search_people(colleague, "hankinnat", filters=Filters(available=True))) == []


def test_the_person_themself_finds_their_own_restricted_text(scene):
    assert keys(search_people(scene["expert"], "tarjouspyynnöt")) == ["expert"]


def test_both_backends_score_restricted_fields_alike(procurement, use_elasticsearch):
    people = build_scene()
    rebuild_indices()  # with Elasticsearch configured, both indices are rebuilt
    for user in ("colleague", "neighbour", "guest", "expert"):
        audience = audience_for(people[user])
        for query in ("hankinnat tarjouspyynnöt", "sopimusjuridiikka purjehdin", "Eeva hankintapalvelut"):
            es = get_backend().search_people(query, audience=audience)
            db = database_backend().search_people(query, audience=audience)
            assert es.backend == "elasticsearch" and keys(es) == keys(db), (user, query)
            assert [hit.score for hit in es.hits] == pytest.approx([hit.score for hit in db.hits], rel=1e-3)
            assert [hit.reasons for hit in es.hits] == [hit.reasons for hit in db.hits], (user, query, es.hits, db.hits)
            assert es.facets == db.facets, (user, query)


def test_guest_page_offers_no_filters_on_hidden_fields(scene, client):
    client.force_login(scene["guest"])
    html = body(client.get("/search/", {"q": "sopimusjuridiikka", "language": "sv", "available": "on"}))
    assert "Eeva Expert" in html and "Can help with" not in html and "Out of office" not in html
    assert 'id="id_unit"' not in html and 'id="id_language"' not in html and 'id="id_available"' not in html
    assert 'id="id_skill"' in html
    client.force_login(scene["colleague"])
    html = client.get("/search/", {"q": "tarjouspyynnöt"}).content.decode()
    assert 'id="id_unit"' in html and "Can help with: Tarjouspyynnöt ja kilpailutukset" in html


def test_a_visibility_change_reaches_the_index(scene, django_capture_on_commit_callbacks):
    from tests.search.test_sync import committed

    def share_help_with_and_skills():
        profile = Profile.objects.get(key="expert")
        profile.field_visibility = {"help_with": "cooperating"}
        profile.save()
        for held in ProfileSkill.objects.filter(profile=profile):
            held.shown_to_guests = True
            held.save()

    committed(django_capture_on_commit_callbacks, share_help_with_and_skills)
    assert keys(search_people(scene["neighbour"], "tarjouspyynnöt")) == ["expert"]
    assert keys(search_people(scene["guest"], "hankinnat")) == ["expert"]
    assert keys(search_people(scene["guest"], "tarjouspyynnöt")) == []  # guests never search help_with


def test_the_operator_finds_people_by_fields_restricted_to_their_organisation(scene):
    assert keys(search_people_as_operator("tarjouspyynnöt")) == ["expert"]


def test_a_guest_does_not_see_an_absence_shown_to_cooperating_municipalities(scene, reindex):
    Profile.objects.filter(key="expert").update(field_visibility={"availability": "cooperating"})
    reindex()
    away = {who: search_people(scene[who], "Eeva Expert").hits[0].away_until for who in ("neighbour", "guest")}
    assert away["neighbour"] is not None and away["guest"] is None
