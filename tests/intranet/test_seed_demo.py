"""seed_demo: deterministic demo data through the import, idempotent, with working demo logins."""

from collections import Counter

import pytest
from django.core.management import call_command

from feed.models import Comment, Post
from groups import queries as group_queries
from groups.models import Group, Membership
from intranet.demo import demo_lines, demo_records
from intranet.demo.logins import DEMO_PASSWORD
from intranet.models import NewsPage
from messaging.models import Conversation, Message
from people.models import ExternalContact, Interaction, Organisation, Profile, ProfileSkill, Skill, Unit, User

pytestmark = pytest.mark.django_db

MODELS = [
    Organisation,
    Unit,
    Skill,
    User,
    Profile,
    ProfileSkill,
    Group,
    Membership,
    ExternalContact,
    Interaction,
    Post,
    Comment,
    NewsPage,
    Conversation,
    Message,
]


@pytest.fixture(autouse=True)
def _database_search(settings):
    settings.SEARCH_BACKEND = "database"


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}


def seed(capsys) -> str:
    call_command("seed_demo")
    return capsys.readouterr().out


def test_the_demo_data_is_the_same_every_time():
    assert demo_lines() == demo_lines()
    people = [r for r in demo_records() if r["type"] == "person"]
    assert 280 <= len(people) <= 320
    # Current staff; former staff (closed accounts) come on top.
    assert Counter(p["organisation"] for p in people if not p.get("guest") and p.get("active", True)) == {
        "jarvenpaa": 110,
        "kerava": 100,
        "sipoo": 90,
    }
    # Sipoo is bilingual: many of its staff work in Swedish.
    assert sum(p["languages"][0] == "sv" for p in people if p["organisation"] == "sipoo") >= 35


def test_obvious_questions_have_one_obvious_expert():
    people = [r for r in demo_records() if r["type"] == "person"]
    experts = [
        (p["key"], p["organisation"])
        for p in people
        for s in p["skills"]
        if s["skill"] == "public-procurement" and s["level"] == 4
    ]
    assert experts == [("kaisa.nieminen", "kerava")]
    answers = [r for r in demo_records() if r["type"] == "comment" and r["author"] == "kaisa.nieminen"]
    accepted = {r["accepted_answer"] for r in demo_records() if r["type"] == "post" and r.get("accepted_answer")}
    assert len([a for a in answers if a["key"] in accepted]) >= 3


def test_seeding_twice_changes_nothing_and_prints_the_logins_both_times(capsys):
    first = seed(capsys)
    counts = row_counts()
    second = seed(capsys)

    assert row_counts() == counts
    assert "person: created 302, updated 0, unchanged 0" in first
    assert "person: created 0, updated 0, unchanged 302" in second
    assert "created 0, updated 0" in second and "updated 1" not in second
    for output in (first, second):
        assert "aino.laine@jarvenpaa.example" in output and "elina.koivisto@helsinki-uni.example" in output
        assert DEMO_PASSWORD in output and "DEMO ONLY" in output and "http://127.0.0.1:8000" in output
    assert counts["intranet.NewsPage"] == 3
    assert counts["messaging.Conversation"] == 1 and counts["messaging.Message"] == 4


def test_the_guest_partner_is_a_guest_member_of_the_cross_municipality_project(capsys):
    seed(capsys)

    project = Group.objects.get(key="kestava-kouluruoka")
    assert set(project.organisations.values_list("key", flat=True)) == {"jarvenpaa", "kerava", "sipoo"}
    guest = User.objects.get(email="elina.koivisto@helsinki-uni.example")
    assert guest.is_guest and not guest.profile.organisation.is_home
    assert Membership.objects.get(group=project, user=guest).role == Membership.Role.GUEST
    assert list(group_queries.visible_groups(guest)) == [project]
    assert Group.objects.filter(visibility=Group.Visibility.SECRET).count() == 1
    assert Group.objects.count() == 10


def test_demo_logins_work_and_the_community_manager_is_an_administrator(client, capsys):
    seed(capsys)

    response = client.post("/accounts/login/", {"login": "kaisa.nieminen@kerava.example", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    admin = User.objects.get(email="mikael.holmstrom@sipoo.example")
    assert admin.is_superuser and admin.is_staff
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    # Everyone else in the demo directory has no password at all.
    assert not User.objects.get(profile__key="liisa.heikkinen").has_usable_password()


def test_find_a_colleague_ranks_the_demo_expert_first(capsys, django_capture_on_commit_callbacks):
    from search.queries import search_people_as_operator

    with django_capture_on_commit_callbacks(execute=True):
        seed(capsys)

    assert search_people_as_operator("julkiset hankinnat").hits[0].key == "kaisa.nieminen"
    assert search_people_as_operator("tietosuoja").hits[0].key == "johanna.lindqvist"


def test_the_demo_shows_a_real_handover_and_partnerships(capsys):
    from intranet.demo.network import FORMER, SUCCESSOR
    from people.models import Partnership

    seed(capsys)
    former = Profile.objects.get(key=FORMER)
    assert former.is_former_staff and former.successor.key == SUCCESSOR and not former.user.is_active
    handed = ExternalContact.objects.filter(added_by=former)
    assert handed.count() == 2 and all(list(c.known_by.values_list("key", flat=True)) == [SUCCESSOR] for c in handed)
    assert Partnership.objects.get(key="healthy-school-food").has_ended
    # Featured people show their skills to guests.
    assert ProfileSkill.objects.filter(profile__key=SUCCESSOR, shown_to_guests=True).exists()
