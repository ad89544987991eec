"""Evidence beyond the profile, on both backends: former staff with "ask instead", organisations dealt
with through contacts and interactions (only as far as the searcher may see them), endorsements,
stand-ins lifted after an absent expert, and browsing by filters with an empty query."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from groups.models import Membership
from people.models import ExternalContact, Interaction, Organisation, Profile, ProfileSkill, SkillEndorsement, User
from search.filters import Filters
from search.queries import search_people, search_people_as_operator
from tests import factories
from tests.pages import page
from tests.search.conftest import keys
from tests.search.test_sync import committed

pytestmark = pytest.mark.django_db
Visibility = ExternalContact.Visibility


def contact(name, organisation, known_by, visibility, added_by=None):
    row = ExternalContact.objects.create(
        key=f"c-{name.lower().replace(' ', '-')}",
        name=name,
        organisation=organisation,
        visibility=visibility,
        added_by=(added_by or known_by[0]).profile,
    )
    row.known_by.set([user.profile for user in known_by])
    return row


def interaction(organisation, participants, contacts, day):
    row = Interaction.objects.create(
        key=f"i-{Interaction.objects.count() + 1}", kind=Interaction.Kind.MEETING, date=day, organisation=organisation
    )
    row.participants.set([user.profile for user in participants])
    row.contacts.set(contacts)
    return row


@pytest.fixture
def scene(procurement, reindex):
    kerava = factories.organisation("kerava", "Keravan kaupunki")
    sipoo = factories.organisation("sipoo", "Sipoon kunta")
    kuntaliitto = factories.organisation(
        "kuntaliitto", "Suomen Kuntaliitto", home=False, kind=Organisation.Kind.ASSOCIATION
    )
    university = factories.organisation(
        "yliopisto", "Helsingin yliopisto", home=False, kind=Organisation.Kind.RESEARCH_EDUCATION
    )
    rakvere = factories.organisation("rakvere", "Rakvere linn", home=False, kind=Organisation.Kind.INTERNATIONAL_CITY)
    people = {
        "expert": factories.person("Eeva", "Expert", key="expert", org=kerava, skills={procurement: 4}),
        "kaisa": factories.person("Kaisa", "Nieminen", key="kaisa", org=kerava, skills={procurement: 1}),
        "ritva": factories.person("Ritva", "Örnberg", key="ritva", org=kerava, skills={procurement: 4}, active=False),
        "dealer": factories.person("Dani", "Dealer", key="dealer", org=kerava),
        "private": factories.person("Pia", "Private", key="private", org=kerava),
        "knower": factories.person("Kalle", "Knower", key="knower", org=sipoo),
        "wide": factories.person("Wilma", "Wide", key="wide", org=kerava),
        "searcher": factories.person("Seppo", "Searcher", key="searcher", org=kerava),
        "other": factories.person("Olli", "Other", key="other", org=sipoo),
    }
    Profile.objects.filter(key="ritva").update(left_on=date(2026, 9, 30), successor=people["kaisa"].profile)
    people["guest"] = factories.person("Gerda", "Guest", key="guest", org=kuntaliitto, guest=True)
    factories.group(
        "yhteinen",
        "Yhteinen",
        members={
            people["guest"]: Membership.Role.MEMBER,
            people["ritva"]: Membership.Role.MEMBER,
            people["dealer"]: Membership.Role.MEMBER,
            people["private"]: Membership.Role.MEMBER,
        },
    )
    shared = contact("Petri Anttila", kuntaliitto, [people["dealer"]], Visibility.COOPERATING)
    for day in (date(2026, 1, 14), date(2026, 3, 2), date(2026, 2, 5)):
        interaction(kuntaliitto, [people["dealer"]], [shared], day)
    secret = contact("Outi Opettaja", university, [people["private"], people["knower"]], Visibility.PRIVATE)
    interaction(university, [people["private"]], [secret], date(2026, 4, 1))
    contact("Liis Saar", rakvere, [people["wide"]], Visibility.ORGANISATION)
    ExternalContact.objects.update(created_at=timezone.make_aware(datetime(2025, 12, 15, 12)))  # when they were added
    reindex()
    return people


def test_former_staff_rank_below_every_current_colleague_and_point_to_the_successor(scene):
    results = search_people(scene["searcher"], "hankinnat")
    assert keys(results) == ["expert", "kaisa", "ritva"]  # Ritva's level 4 still comes after Kaisa's 1
    former = results.hits[-1]
    assert former.former and former.successor == {"key": "kaisa", "name": "Kaisa Nieminen"}
    assert former.reasons[0] == "Former staff, ask instead: Kaisa Nieminen"
    assert "Skill: Public procurement (level 4)" in former.reasons  # what she knew
    assert not results.hits[0].former and results.hits[0].successor is None
    assert keys(search_people_as_operator("Örnberg")) == ["ritva"]


def test_former_staff_are_hidden_from_guests_and_not_available(scene):
    assert keys(search_people(scene["guest"], "Ritva Örnberg")) == []
    assert "ritva" not in keys(search_people(scene["guest"], "hankinnat"))
    assert keys(search_people(scene["searcher"], "Ritva Örnberg")) == ["ritva"]
    available = search_people(scene["searcher"], "hankinnat", filters=Filters(available=True))
    assert "ritva" not in keys(available) and available.facets["available"] == 2


def test_leaving_a_new_successor_and_new_contacts_are_reindexed(scene, django_capture_on_commit_callbacks):
    def leave():
        profile = Profile.objects.get(key="expert")
        profile.left_on, profile.successor = timezone.localdate(), Profile.objects.get(key="kaisa")
        profile.save()
        profile.user.is_active = False
        profile.user.save()

    committed(django_capture_on_commit_callbacks, leave)
    results = search_people(scene["searcher"], "hankinnat")
    assert keys(results) == ["kaisa", "expert", "ritva"]
    assert results.hits[1].reasons[0] == "Former staff, ask instead: Kaisa Nieminen"

    def new_successor():
        profile = Profile.objects.get(key="ritva")
        profile.successor = Profile.objects.get(key="dealer")
        profile.save()

    committed(django_capture_on_commit_callbacks, new_successor)
    hit = search_people(scene["searcher"], "Ritva Örnberg").hits[0]
    assert hit.reasons[0] == "Former staff, ask instead: Dani Dealer"

    # A new shared contact, and a meeting with it, are evidence once committed.
    def new_contact():
        row = contact("Mart Mets", Organisation.objects.get(key="rakvere"), [scene["other"]], Visibility.COOPERATING)
        interaction(Organisation.objects.get(key="rakvere"), [scene["other"]], [row], date(2026, 5, 4))

    committed(django_capture_on_commit_callbacks, new_contact)
    hit = next(hit for hit in search_people(scene["searcher"], "Rakvere").hits if hit.key == "other")
    added = timezone.localdate()  # the contact was added today: later than the meeting
    assert hit.reasons == [f"Has dealt with Rakvere linn: 1 contact, 1 interaction, latest {added:%B %Y}"]


def test_an_organisation_named_in_the_query_finds_who_has_dealt_with_it(scene):
    results = search_people(scene["searcher"], "Kuntaliitto")
    assert keys(results)[0] == "dealer"
    assert results.hits[0].reasons == [
        "Has dealt with Suomen Kuntaliitto: 1 contact, 3 interactions, latest March 2026"
    ]
    # Its kind of work, in any language.
    assert keys(search_people(scene["searcher"], "yhdistys"))[:1] == ["dealer"]
    assert keys(search_people(scene["searcher"], "association"))[:1] == ["dealer"]


def test_private_contacts_count_only_for_the_colleagues_who_know_them(scene):
    assert keys(search_people(scene["searcher"], "Opettaja yliopisto")) == []
    assert keys(search_people(scene["other"], "yliopisto")) == []
    # Kalle knows the contact (in another municipality): he sees Pia's contact and meeting.
    results = search_people(scene["knower"], "yliopisto")
    assert "private" in keys(results)
    hit = next(hit for hit in results.hits if hit.key == "private")
    assert hit.reasons == ["Has dealt with Helsingin yliopisto: 1 contact, 1 interaction, latest April 2026"]


def test_organisation_wide_contacts_count_only_in_that_organisation(scene):
    results = search_people(scene["searcher"], "Rakvere")
    assert keys(results) == ["wide"]
    assert results.hits[0].reasons == ["Has dealt with Rakvere linn: 1 contact, latest December 2025"]
    assert keys(search_people(scene["other"], "Rakvere")) == []


def test_guests_never_see_network_evidence(scene):
    for query in ("Kuntaliitto", "yliopisto", "Rakvere", "yhdistys"):
        results = search_people(scene["guest"], query)
        assert not any("dealt" in reason for hit in results.hits for reason in hit.reasons), query
        assert "dealer" not in keys(results) and "private" not in keys(results)


def test_endorsed_skills_rank_higher_and_say_by_how_many(scene, procurement, reindex):
    factories.person(
        "Enni", "Endorsed", key="endorsed", org=scene["expert"].profile.organisation, skills={procurement: 1}
    )
    held = ProfileSkill.objects.get(profile__key="endorsed")
    for key in ("dealer", "wide", "searcher"):
        SkillEndorsement.objects.create(held=held, endorser=Profile.objects.get(key=key))
    reindex()
    results = search_people(scene["searcher"], "hankinnat")
    assert keys(results)[:3] == ["expert", "endorsed", "kaisa"]
    assert results.hits[1].reasons == ["Skill: Public procurement (level 1), endorsed by 3 colleagues"]


def test_the_stand_in_of_an_absent_expert_is_lifted_right_after_them(scene, reindex):
    until = timezone.localdate() + timedelta(days=7)
    Profile.objects.filter(key="expert").update(out_of_office_until=until, stand_in=scene["wide"].profile)
    reindex()
    results = search_people(scene["searcher"], "hankinnat")
    assert keys(results) == ["expert", "wide", "kaisa", "ritva"]  # halved, Eeva's level 4 still leads
    stand_in = results.hits[1]
    assert stand_in.reasons == [f"Stand-in for Eeva Expert, away until {until:%m/%d/%Y}"]
    # Staff of another municipality do not see the absence (kept to the organisation): no stand-in.
    assert keys(search_people(scene["other"], "hankinnat")) == ["expert", "kaisa", "ritva"]


def test_browsing_by_filters_with_an_empty_query(scene, procurement):
    assert keys(search_people(scene["searcher"], "")) == []
    by_skill = search_people(scene["searcher"], "", filters=Filters(skill=procurement.key))
    assert keys(by_skill) == ["expert", "kaisa", "ritva"]  # evidence first, former staff last
    assert by_skill.hits[0].reasons == ["Skill: Public procurement (level 4)"]
    assert by_skill.total == 3 and by_skill.facets["skill"] == {procurement.key: 3}
    by_organisation = search_people(scene["searcher"], "", limit=20, filters=Filters(organisation="sipoo"))
    assert keys(by_organisation) == ["knower", "other"]  # by name: Kalle Knower, Olli Other
    assert by_organisation.facets["organisation"] == {"sipoo": 2}
    # A guest: only the people of their groups, never former staff; a filter guests may not use finds nobody.
    guest = search_people(scene["guest"], "", filters=Filters(organisation="kerava"))
    assert keys(guest) == ["dealer", "private"]
    unit = factories.unit(Organisation.objects.get(key="kerava"))
    assert keys(search_people(scene["guest"], "", filters=Filters(unit=unit.key))) == []


def test_the_search_page_browses_by_a_filter_alone_and_the_api_names_whom_to_ask_instead(scene, procurement):
    from django.test import Client

    client = Client()
    client.force_login(scene["searcher"])
    html = client.get("/search/", {"q": "", "skill": procurement.key}).content.decode()
    assert "3 people found." in html
    assert html.index("Eeva Expert") < html.index("Kaisa Nieminen") < html.index("Ritva Örnberg")
    assert "Nobody matched." not in page(client, "/search/", {"q": "", "organisation": "sipoo"})

    body = client.get("/api/v1/search/people", {"q": "hankinnat"}).json()
    former = body["results"][-1]
    assert former["key"] == "ritva" and former["former"] is True
    assert former["successor"] == {"key": "kaisa", "name": "Kaisa Nieminen"}
    assert body["results"][0]["former"] is False and body["results"][0]["successor"] is None


def test_former_staff_are_not_suggested_to_guests_nor_found_through_the_api(scene):
    from django.test import Client

    from search.queries import suggest_people

    guest_hits, _backend = suggest_people(scene["guest"], "ritv")
    assert [hit.key for hit in guest_hits] == []
    shown, _backend = suggest_people(scene["guest"], "dan")
    assert [hit.key for hit in shown] == ["dealer"]  # a current colleague of the same group is
    client = Client()
    client.force_login(scene["guest"])
    body = client.get("/api/v1/search/people", {"q": "Ritva Örnberg"}).json()
    assert body["results"] == [] and body["total"] == 0
    body = client.get("/api/v1/search/suggest", {"q": "ritv"}).json()
    assert body["suggestions"] == []


def test_a_former_colleague_whose_successor_was_closed_points_to_no_one(scene, reindex):
    # Kaisa's account is closed without a handover: nobody finds her, so Ritva names no successor.
    User.objects.filter(pk=scene["kaisa"].pk).update(is_active=False)
    reindex()
    hit = search_people(scene["searcher"], "Ritva Örnberg").hits[0]
    assert hit.former and hit.successor is None
    assert hit.reasons[0] == "Former staff"


def test_staff_are_not_pointed_at_a_guest_successor(scene, reindex):
    # Guests are found only within their groups: a former colleague's guest successor is not named.
    Profile.objects.filter(key="ritva").update(successor=scene["guest"].profile)
    reindex()
    hit = search_people(scene["searcher"], "Ritva Örnberg").hits[0]
    assert hit.former and hit.successor is None
    assert hit.reasons[0] == "Former staff"
