"""Ranking by evidence: answers on the topic, skill freshness, group activity and availability,
the same on both backends, never counting what the searcher may not read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from feed.models import Post
from groups.models import Group, Membership
from people.models import Profile, ProfileSkill
from search.backends import database_backend, get_backend
from search.queries import search_people
from search.visibility import SYSTEM
from tests import factories
from tests.search.conftest import keys, rebuild_indices
from tests.search.test_sync import committed

pytestmark = pytest.mark.django_db
MEMBER = Membership.Role.MEMBER


def answer(group, asker, answerer, question: str, text: str, *, accepted: bool = False) -> Post:
    post = factories.post(group, asker, question, question=True, title=question)
    reply = factories.comment(post, answerer, text)
    if accepted:
        post.accepted_answer = reply
        post.save()
    return post


@pytest.fixture
def scene(procurement, reindex):
    org = factories.organisation("lahti", "Lahden kaupunki")
    people = {
        "skilled": factories.person("Sirpa", "Skilled", key="skilled", org=org, skills={procurement: 2}),
        "answerer": factories.person("Antti", "Answerer", key="answerer", org=org, title="Sihteeri"),
        "secret-answerer": factories.person("Salla", "Secretive", key="secret-answerer", org=org),
        "asker": factories.person("Kysyjä", "Kysyvä", key="asker", org=org),
        "searcher": factories.person("Searching", "Colleague", key="searcher", org=org),
        "insider": factories.person("Iida", "Insider", key="insider", org=org),
    }
    public = factories.group(
        "hankintaverkosto", "Hankintaverkosto", members={people["answerer"]: MEMBER, people["asker"]: MEMBER}
    )
    secret = factories.group(
        "salainen",
        "Salainen",
        visibility=Group.Visibility.SECRET,
        members={people["secret-answerer"]: MEMBER, people["asker"]: MEMBER, people["insider"]: MEMBER},
    )
    answer(
        public,
        people["asker"],
        people["answerer"],
        "Kynnysarvot hankinnoissa?",
        "Hankinnan kynnysarvo on 60 000 euroa.",
        accepted=True,
    )
    answer(
        public,
        people["asker"],
        people["answerer"],
        "Pienhankinnat ja tarjoukset?",
        "Pyydä kolme tarjousta, hankintalaki ei koske pienhankintaa.",
        accepted=True,
    )
    answer(
        public,
        people["asker"],
        people["answerer"],
        "Hankintailmoitus Hilmaan?",
        "Kyllä, hankinnat ilmoitetaan Hilmaan.",
    )
    answer(
        secret,
        people["asker"],
        people["secret-answerer"],
        "Salainen hankinta?",
        "Tämä hankinta on luottamuksellinen.",
        accepted=True,
    )
    reindex()
    return people


def test_answers_on_the_topic_rank_and_explain(scene):
    results = search_people(scene["searcher"], "hankinnat")
    found = keys(results)
    assert found[:2] == ["answerer", "skilled"]
    first = results.hits[0]
    assert first.reasons[0] == "Answered 3 questions about “hankinnat”, 2 answers accepted"


def test_answers_in_groups_the_searcher_may_not_read_do_not_count(scene):
    results = search_people(scene["searcher"], "hankinta")
    assert "secret-answerer" not in keys(results)
    assert all("Salainen" not in reason for hit in results.hits for reason in hit.reasons)
    # A member of the secret group sees that evidence.
    inside = search_people(scene["insider"], "hankinta")
    hit = next(hit for hit in inside.hits if hit.key == "secret-answerer")
    assert hit.reasons == ["Answered 1 question about “hankinta”, 1 answer accepted"]


def test_a_guest_counts_only_answers_in_their_own_groups(scene):
    partner = factories.organisation("partneri", "Partneri Oy", home=False)
    guest = factories.person("Gerda", "Guest", key="guest", org=partner, guest=True)
    Membership.objects.create(group=Group.objects.get(key="salainen"), user=guest, role=Membership.Role.GUEST)
    rebuild_indices()
    found = keys(search_people(guest, "hankinnat"))
    # Staff who share the secret group, found by the answer there; not by answers in the public group.
    assert found == ["secret-answerer"]


def test_group_activity_is_evidence_for_staff_only(scene):
    results = search_people(scene["searcher"], "hankintaverkosto")
    asker = next(hit for hit in results.hits if hit.key == "asker")
    assert asker.reasons == ["Active in the group Hankintaverkosto"]
    # A guest who shares only the secret group with the asker is not told about the public group.
    partner = factories.organisation("partneri", "Partneri Oy", home=False)
    guest = factories.person("Gerda", "Guest", key="guest", org=partner, guest=True)
    Membership.objects.create(group=Group.objects.get(key="salainen"), user=guest, role=Membership.Role.GUEST)
    assert "asker" in keys(search_people(guest, "kysyvä"))
    assert "asker" not in keys(search_people(guest, "hankintaverkosto"))


def test_a_freshly_confirmed_skill_ranks_above_a_stale_one(scene, procurement):
    org = factories.organisation("lahti")
    factories.person("Vanha", "Varmistus", key="stale", org=org, skills={procurement: 3})
    fresh = factories.person("Tuore", "Taito", key="fresh", org=org, skills={procurement: 3})
    confirmed = timezone.localdate() - timedelta(days=30)
    ProfileSkill.objects.filter(profile__user=fresh).update(confirmed_at=confirmed)
    stale = ProfileSkill.objects.get(profile__key="stale")
    stale.confirmed_at = confirmed - timedelta(days=3 * 365)
    stale.save()
    rebuild_indices()
    results = search_people(scene["searcher"], "julkiset hankinnat")
    found = keys(results)
    assert found.index("fresh") < found.index("stale")
    fresh_hit = results.hits[found.index("fresh")]
    assert fresh_hit.reasons[0] == f"Skill: Public procurement (level 3, confirmed {confirmed:%m/%d/%Y})"


def test_out_of_office_lowers_the_rank_and_names_the_stand_in(scene, procurement):
    org = factories.organisation("lahti")
    factories.person("Erkki", "Expert", key="away-expert", org=org, skills={procurement: 4})
    factories.person("Kaisa", "Nieminen", key="stand-in", org=org, skills={procurement: 1})
    until = timezone.localdate() + timedelta(days=5)
    Profile.objects.filter(key="away-expert").update(
        out_of_office_until=until, stand_in=Profile.objects.get(key="stand-in")
    )
    rebuild_indices()
    results = search_people(scene["searcher"], "julkiset hankinnat")
    found = keys(results)
    assert found.index("away-expert") > found.index("skilled")
    hit = results.hits[found.index("away-expert")]
    assert hit.reasons[0] == f"Out of office until {until:%m/%d/%Y}, ask Kaisa Nieminen instead"
    assert hit.away_until == until.isoformat() and hit.stand_in == {"key": "stand-in", "name": "Kaisa Nieminen"}
    # Back at work: the date has passed, the expert leads again.
    Profile.objects.filter(key="away-expert").update(out_of_office_until=timezone.localdate() - timedelta(days=1))
    rebuild_indices()
    back = search_people(scene["searcher"], "julkiset hankinnat")
    assert keys(back).index("away-expert") < keys(back).index("skilled")
    assert back.hits[keys(back).index("away-expert")].away_until is None


def test_api_shows_availability(scene, procurement, client):
    # A colleague of the searcher's own organisation: availability is shown to them by default.
    factories.person(
        "Erkki", "Expert", key="away-expert", org=scene["searcher"].profile.organisation, skills={procurement: 4}
    )
    until = timezone.localdate() + timedelta(days=2)
    Profile.objects.filter(key="away-expert").update(
        out_of_office_until=until, stand_in=Profile.objects.get(key="skilled")
    )
    rebuild_indices()
    client.force_login(scene["searcher"])
    body = client.get("/api/v1/search/people", {"q": "julkiset hankinnat"}).json()
    hit = next(hit for hit in body["results"] if hit["key"] == "away-expert")
    assert hit["away_until"] == until.isoformat()
    assert hit["stand_in"] == {"key": "skilled", "name": "Sirpa Skilled"}


def test_a_new_answer_counts_once_committed(scene, django_capture_on_commit_callbacks):
    group = Group.objects.get(key="hankintaverkosto")

    def change():
        answer(group, scene["asker"], scene["searcher"], "Sopimuskausi?", "Kilpailutus koskee koko sopimuskautta.")

    assert "searcher" not in keys(search_people(scene["insider"], "kilpailutus"))
    committed(django_capture_on_commit_callbacks, change)
    results = search_people(scene["insider"], "kilpailutus")
    assert keys(results)[:1] == ["searcher"]
    assert results.hits[0].reasons[0] == "Answered 1 question about “kilpailutus”"


@pytest.mark.parametrize("query", ["hankinnat", "julkiset hankinnat", "hankintaverkosto", "kynnysarvo"])
def test_both_backends_rank_evidence_alike(use_elasticsearch, procurement, query):
    org = factories.organisation("turku", "Turun kaupunki")
    skilled = factories.person("Sirpa", "Skilled", key="skilled", org=org, skills={procurement: 2})
    answerer = factories.person("Antti", "Answerer", key="answerer", org=org)
    away = factories.person("Erkki", "Expert", key="away", org=org, skills={procurement: 4})
    Profile.objects.filter(user=away).update(
        out_of_office_until=timezone.localdate() + timedelta(days=3), stand_in=Profile.objects.get(user=skilled)
    )
    group = factories.group("hankintaverkosto", "Hankintaverkosto", members={answerer: MEMBER, skilled: MEMBER})
    answer(group, skilled, answerer, "Kynnysarvot hankinnoissa?", "Kynnysarvo on 60 000 euroa.", accepted=True)
    rebuild_indices()
    from_elasticsearch = get_backend().search_people(query, audience=SYSTEM)
    from_database = database_backend().search_people(query, audience=SYSTEM)
    assert keys(from_elasticsearch) == keys(from_database) and from_database.hits
    for es_hit, db_hit in zip(from_elasticsearch.hits, from_database.hits, strict=True):
        assert es_hit.score == pytest.approx(db_hit.score, rel=0.01)
        assert es_hit.reasons == db_hit.reasons


def test_hidden_questions_and_answers_are_not_evidence(scene, django_capture_on_commit_callbacks):
    """A moderator hid an answer, then a question: their authors are no longer found or explained by
    them (the words of hidden posts must not be probed through people search), on commit and after
    a rebuild."""
    from feed.models import Comment

    def hide_answer():
        reply = Comment.objects.get(post__title="Hankintailmoitus Hilmaan?")
        reply.hidden_at = timezone.now()
        reply.save()

    assert "answerer" in keys(search_people(scene["searcher"], "Hilmaan"))
    committed(django_capture_on_commit_callbacks, hide_answer)
    assert "answerer" not in keys(search_people(scene["searcher"], "Hilmaan"))
    first = search_people(scene["searcher"], "hankinnat").hits[0]
    assert first.key == "answerer"
    assert first.reasons[0] == "Answered 2 questions about “hankinnat”, 2 answers accepted"

    def hide_question():
        post = Post.objects.get(title="Kynnysarvot hankinnoissa?")
        post.hidden_at = timezone.now()
        post.save()

    committed(django_capture_on_commit_callbacks, hide_question)
    rebuild_indices()
    assert "answerer" not in keys(search_people(scene["searcher"], "kynnysarvo"))
    reasons = next(hit for hit in search_people(scene["searcher"], "hankinnat").hits if hit.key == "answerer").reasons
    assert reasons[0] == "Answered 1 question about “hankinnat”, 1 answer accepted"


def test_hidden_posts_are_not_group_activity(scene, django_capture_on_commit_callbacks):
    def hide_the_askers_public_posts():
        for post in Post.objects.filter(author=scene["asker"], group__key="hankintaverkosto"):
            post.hidden_at = timezone.now()
            post.save()

    assert "asker" in keys(search_people(scene["searcher"], "hankintaverkosto"))
    committed(django_capture_on_commit_callbacks, hide_the_askers_public_posts)
    assert "asker" not in keys(search_people(scene["searcher"], "hankintaverkosto"))
