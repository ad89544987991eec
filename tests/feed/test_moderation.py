"""Reporting content, the moderation queue, hiding with a reason."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from feed.models import Report
from tests import factories
from tests.groups import scene as scenes
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    built = scenes.build()
    built["post"] = factories.post(built["group"], built["member"], "Asiaton viesti")
    built["comment"] = factories.comment(built["post"], built["guest"], "Asiaton kommentti")
    return built


def test_a_reader_reports_and_a_moderator_hides_with_a_reason(client, scene):
    post, comment = scene["post"], scene["comment"]
    client.force_login(scene["guest"])
    client.post(reverse("feed:report", args=[post.pk]), {"reason": "Loukkaava"})
    client.force_login(scene["member"])
    client.post(reverse("feed:report", args=[post.pk]), {"reason": "Kommentti on roskaa", "comment": comment.pk})
    client.post(reverse("feed:report", args=[post.pk]), {"reason": ""})
    assert Report.objects.count() == 2

    client.force_login(scene["moderator"])
    queue = client.get(reverse("feed:moderation")).content.decode()
    assert "Loukkaava" in queue and "Kommentti on roskaa" in queue
    client.post(reverse("feed:hide", args=[post.pk]), {"reason": "Asiaton sisältö", "next": "queue"})
    page = client.get(reverse("feed:detail", args=[post.pk])).content.decode()
    assert "Hidden by a moderator: Asiaton sisältö" in page
    assert AuditEntry.objects.filter(action="content.hide").exists()
    assert Report.objects.filter(resolved_at__isnull=True).count() == 1

    # Readers no longer see it, anywhere.
    client.force_login(scene["guest"])
    assert client.get(reverse("feed:detail", args=[post.pk])).status_code == 404
    assert "Asiaton viesti" not in body(client.get(reverse("groups:detail", args=["hanke"])))
    assert "Asiaton viesti" not in body(client.get(reverse("feed:home")))


def test_hiding_a_comment_and_dismissing_a_report(client, scene):
    post, comment = scene["post"], scene["comment"]
    client.force_login(scene["member"])
    client.post(reverse("feed:report", args=[post.pk]), {"reason": "Ei kuulu tänne"})
    client.force_login(scene["owner"])
    client.post(reverse("feed:hide", args=[post.pk]), {"reason": "Roskaa", "comment": comment.pk})
    client.force_login(scene["member"])
    page = body(client.get(reverse("feed:detail", args=[post.pk])))
    assert "Asiaton viesti" in page and "Asiaton kommentti" not in page

    client.force_login(scene["owner"])
    report = Report.objects.get()
    client.post(reverse("feed:moderation"), {"report": report.pk})
    report.refresh_from_db()
    assert report.resolved_by == scene["owner"]


def test_only_moderators_hide_and_see_the_queue(client, scene):
    client.force_login(scene["member"])
    client.post(reverse("feed:report", args=[scene["post"].pk]), {"reason": "Huono"})
    for who in ["member", "guest", "other_staff"]:
        client.force_login(scene[who])
        response = client.post(reverse("feed:hide", args=[scene["post"].pk]), {"reason": "x"})
        assert response.status_code == 404, who
        assert "Huono" not in body(client.get(reverse("feed:moderation")))
        assert client.post(reverse("feed:moderation"), {"report": Report.objects.get().pk}).status_code == 404
    scene["post"].refresh_from_db()
    assert scene["post"].hidden_at is None
