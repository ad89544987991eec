"""Questions: the answer promise, suggested experts, votes, timings, escalation."""

from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from feed import promise
from feed.models import AnswerVote, Post, SuggestedExpert
from notifications.models import Notification
from search.sync import reindex_all
from tests import factories
from tests.groups import scene as scenes
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    built = scenes.build()
    procurement = factories.skill(
        "public-procurement",
        "Julkiset hankinnat",
        "Offentlig upphandling",
        "Public procurement",
        synonyms=["hankintalaki"],
    )
    built["expert"] = factories.person(
        "Eero",
        "Ekspertti",
        org=built["kerava"],
        key="eero.ekspertti",
        skills={procurement: 5},
        help_with="Julkiset hankinnat ja kilpailutus",
    )
    built["outside_expert"] = factories.person(
        "Ulla",
        "Ulkopuolinen",
        org=built["sipoo"],
        key="ulla.ulkopuolinen",
        skills={procurement: 5},
        help_with="Julkiset hankinnat",
    )
    scenes.Membership.objects.create(group=built["group"], user=built["expert"], role="member")
    reindex_all()
    return built


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.mark.parametrize(
    ("asked", "due"),
    [
        (local(2026, 11, 23, 10, 0), local(2026, 11, 24, 10, 0)),  # Monday -> Tuesday
        (local(2026, 11, 27, 15, 0), local(2026, 11, 30, 15, 0)),  # Friday -> Monday
        (local(2026, 11, 28, 12, 0), local(2026, 12, 1, 8, 0)),  # Saturday -> counts from Monday morning
    ],
)
def test_the_answer_promise_skips_weekends(asked, due):
    assert promise.due_after(asked, 1) == due


def ask(client, scene, who="member", title="Miten julkiset hankinnat kilpailutetaan?"):
    client.force_login(scene[who])
    client.post(
        reverse("groups:detail", args=["hanke"]),
        {"question": "on", "title": title, "body": "Tarvitsen apua hankintalain kanssa."},
    )
    return Post.objects.get(title=title)


def test_a_question_gets_suggested_experts_who_may_read_the_group(
    client, scene, settings, django_capture_on_commit_callbacks
):
    settings.ANSWER_PROMISE_WORKING_DAYS = 2
    question = ask(client, scene)
    assert question.answer_due_at == promise.due_after(question.created_at, 2)
    suggested = list(SuggestedExpert.objects.filter(post=question).values_list("user__first_name", flat=True))
    assert "Eero" in suggested
    assert "Ulla" not in suggested, "Ulla cannot read the private group"
    page = client.get(reverse("feed:detail", args=[question.pk])).content.decode()
    assert "Colleagues who could answer" in page and "Eero Ekspertti" in page
    assert "We promise an answer within 2 working days" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("feed:experts", args=[question.pk]), {"expert": [scene["expert"].pk]})
    assert Notification.objects.filter(recipient=scene["expert"], kind="expert", post=question).exists()
    # Someone else cannot send the experts a request.
    client.force_login(scene["guest"])
    assert client.post(reverse("feed:experts", args=[question.pk]), {"expert": [scene["expert"].pk]}).status_code == 404

    client.force_login(scene["expert"])
    home = client.get("/").content.decode()
    assert "Questions I could answer" in home and question.title in home


def test_answers_are_voted_timed_and_accepted(client, scene, django_capture_on_commit_callbacks):
    question = ask(client, scene)
    client.force_login(scene["expert"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("feed:detail", args=[question.pk]), {"body": "Katso hankintalaki 15 §."})
    answer = question.comments.get()
    question.refresh_from_db()
    assert question.first_answer_at is not None
    assert Notification.objects.filter(recipient=scene["member"], kind="answer").exists()

    client.post(reverse("feed:vote", args=[question.pk, answer.pk]))
    assert not AnswerVote.objects.exists(), "no votes for one's own answer"
    for who in ["owner", "guest"]:
        client.force_login(scene[who])
        client.post(reverse("feed:vote", args=[question.pk, answer.pk]))
    assert AnswerVote.objects.filter(comment=answer).count() == 2
    assert "Useful (2 votes)" in client.get(reverse("feed:detail", args=[question.pk])).content.decode()

    client.force_login(scene["member"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("feed:accept", args=[question.pk, answer.pk]))
    question.refresh_from_db()
    assert question.accepted_answer == answer and question.accepted_at >= question.first_answer_at
    assert Notification.objects.filter(recipient=scene["expert"], kind="accepted").exists()


def test_unanswered_questions_past_the_promise_are_escalated_once(client, scene, django_capture_on_commit_callbacks):
    question = ask(client, scene)
    answered = ask(client, scene, title="Toinen kysymys hankinnoista")
    factories.comment(answered, scene["owner"], "Vastaus")
    Post.objects.filter(pk=answered.pk).update(first_answer_at=timezone.now())
    Post.objects.update(answer_due_at=timezone.now() - timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("escalate_questions")
    question.refresh_from_db()
    answered.refresh_from_db()
    assert question.escalated_at and not answered.escalated_at
    told = set(Notification.objects.filter(kind="escalation").values_list("recipient__first_name", flat=True))
    assert {"Olli", "Mona", "Eero"} <= told and "Maija" not in told

    count = Notification.objects.filter(kind="escalation").count()
    call_command("escalate_questions")
    assert Notification.objects.filter(kind="escalation").count() == count

    client.force_login(scene["moderator"])
    queue = client.get(reverse("feed:moderation")).content.decode()
    assert question.title in queue
    client.force_login(scene["member"])
    assert question.title not in body(client.get(reverse("feed:moderation")))


def test_a_guest_does_not_see_suggested_colleagues_outside_their_groups(client, scene):
    public = factories.group("avoin", "Avoin", members={scene["member"]: "member", scene["guest"]: "guest"})
    question = factories.post(public, scene["member"], "Hankinnat?", question=True, title="Hankinnat?")
    SuggestedExpert.objects.create(post=question, user=scene["outside_expert"], rank=0)
    client.force_login(scene["other_staff"])
    assert "Ulla Ulkopuolinen" in client.get(reverse("feed:detail", args=[question.pk])).content.decode()
    client.force_login(scene["guest"])
    assert "Ulla Ulkopuolinen" not in body(client.get(reverse("feed:detail", args=[question.pk])))


def test_the_askers_successor_may_accept_an_answer_and_others_may_not(client, scene):
    """After a handover the successor acts as the asker: the page offers them the accept button."""
    question = factories.post(scene["group"], scene["deactivated"], "Kuka vastaa?", question=True, title="Perintö")
    answer = factories.comment(question, scene["expert"], "Minä vastaan.")
    accept_button = "Accept this answer"

    client.force_login(scene["member"])
    assert accept_button not in body(client.get(reverse("feed:detail", args=[question.pk])))
    client.post(reverse("feed:accept", args=[question.pk, answer.pk]))
    question.refresh_from_db()
    assert question.accepted_answer is None, "a member who is not the asker cannot accept"

    suggestion = SuggestedExpert.objects.create(post=question, user=scene["owner"], rank=0)
    assert client.post(reverse("feed:experts", args=[question.pk]), {"expert": scene["owner"].pk}).status_code == 404
    question.asker_successor = scene["member"]
    question.save(update_fields=["asker_successor"])
    assert accept_button in client.get(reverse("feed:detail", args=[question.pk])).content.decode()
    # The successor may also ask the suggested colleagues, as the asker could.
    client.post(reverse("feed:experts", args=[question.pk]), {"expert": scene["owner"].pk})
    suggestion.refresh_from_db()
    assert suggestion.notified_at is not None
    client.post(reverse("feed:accept", args=[question.pk, answer.pk]))
    question.refresh_from_db()
    assert question.accepted_answer == answer

    # A moderator may also accept, an ordinary member may not.
    other = factories.comment(question, scene["owner"], "Toinen vastaus.")
    client.force_login(scene["expert"])
    client.post(reverse("feed:accept", args=[question.pk, other.pk]))
    question.refresh_from_db()
    assert question.accepted_answer == answer
    client.force_login(scene["moderator"])
    client.post(reverse("feed:accept", args=[question.pk, other.pk]))
    question.refresh_from_db()
    assert question.accepted_answer == other
