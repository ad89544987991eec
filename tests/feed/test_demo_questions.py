"""The demo has open questions that reach the demo logins: "Questions I could answer" and the
moderators' escalated questions are not empty, and seeding again changes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from feed import queries
from feed.models import Post
from people.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_search(settings):
    settings.SEARCH_BACKEND = "database"


def seed(capsys) -> str:
    call_command("seed_demo")
    return capsys.readouterr().out


def test_demo_logins_have_questions_to_answer_and_escalations_to_handle(
    client, capsys, django_capture_on_commit_callbacks
):
    # Outside a test the import's search index is ready before the questions are prepared; here the
    # index is built on (captured) commit, so the experts are suggested by the second run.
    with django_capture_on_commit_callbacks(execute=True):
        assert "questions: timings set 0," not in seed(capsys)
    assert "experts suggested 0," not in seed(capsys)

    kaisa = User.objects.get(email="kaisa.nieminen@kerava.example")
    johanna = User.objects.get(email="johanna.lindqvist@sipoo.example")
    for expert in (kaisa, johanna):
        assert queries.questions_i_could_answer(expert).exists(), expert
        assert queries.escalated_questions(expert).exists(), expert
    # Some open questions are still within their promise, some past it; answered ones have their timings.
    open_demo = Post.objects.filter(
        key__in=["hankintaverkosto.indexklausul", "hankintaverkosto.puitejarjestely-liittyminen"]
    )
    assert sorted(bool(q.escalated_at) for q in open_demo) == [False, True]
    assert not Post.objects.filter(kind="question", answer_due_at__isnull=True).exists()
    answered = Post.objects.get(key="hankintaverkosto.kynnysarvot-kouluruoka")
    assert answered.first_answer_at and answered.accepted_at

    client.force_login(kaisa)
    home = client.get("/").content.decode()
    assert "Questions I could answer" in home
    assert (
        "Voiko koulu liittyä toisen kunnan puitejärjestelyyn jälkikäteen?"
        in client.get(reverse("feed:moderation")).content.decode()
    )

    assert "questions: timings set 0, experts suggested 0, escalated 0" in seed(capsys)
