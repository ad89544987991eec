"""Every feed view against every kind of visitor, on a post in the private group "hanke":
those who may not read it get 404 (never 403), anonymous and deactivated visitors the login page."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from feed.models import Attachment
from tests import factories
from tests.groups import scene as scenes
from tests.groups.test_authorisation_matrix import LOGIN, WHO

pytestmark = pytest.mark.django_db

READERS = {"guest", "member", "moderator", "owner"}


def expect(allowed: set[str], ok: int, denied: int = 404) -> dict:
    table = {"anonymous": LOGIN, "deactivated": LOGIN}
    for who in WHO:
        table.setdefault(who, ok if who in allowed else denied)
    return table


# view -> (method, expected status by visitor)
MATRIX = {
    "detail": ("GET", expect(READERS, 200)),
    "attachment": ("GET", expect(READERS, 200)),
    "attachment_preview": ("GET", expect(READERS, 200)),
    "edit": ("GET", expect({"member"}, 200)),
    "edit-comment": ("GET", expect({"owner"}, 200)),  # the answer is the owner's
    "delete-comment": ("POST", expect({"moderator", "owner"}, 302)),
    "delete": ("POST", expect({"member", "moderator", "owner"}, 302)),
    "react": ("POST", expect(READERS, 302)),
    "vote": ("POST", expect(READERS, 302)),
    "accept": ("POST", expect(READERS, 302)),
    "experts": ("POST", expect({"member", "moderator", "owner"}, 302)),
    "report": ("POST", expect(READERS, 302)),
    "hide": ("POST", expect({"moderator", "owner"}, 302)),
    "moderation": ("GET", expect(set(WHO), 200)),
}
CASES = [(view, who) for view in MATRIX for who in WHO]


@pytest.fixture
def scene(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    built = scenes.build()
    question = factories.post(built["group"], built["member"], "Kysymys", question=True, title="Kysymys?")
    built["answer"] = factories.comment(question, built["owner"], "Vastaus")
    built["attachment"] = Attachment.objects.create(
        post=question,
        file=ContentFile(b"%PDF-1.4\n", name="a.pdf"),
        name="a.pdf",
        content_type="application/pdf",
        size=9,
    )
    built["image"] = Attachment.objects.create(
        post=question, file=ContentFile(png(), name="k.png"), name="k.png", content_type="image/png", size=len(png())
    )
    built["question"] = question
    return built


def png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def request_for(view: str, scene):
    pk = scene["question"].pk
    urls = {
        "detail": reverse("feed:detail", args=[pk]),
        "attachment": reverse("feed:attachment", args=[scene["attachment"].pk]),
        "attachment_preview": reverse("feed:attachment_preview", args=[scene["image"].pk]),
        "edit": reverse("feed:edit", args=[pk]),
        "edit-comment": reverse("feed:edit-comment", args=[pk, scene["answer"].pk]),
        "delete-comment": reverse("feed:delete-comment", args=[pk, scene["answer"].pk]),
        "delete": reverse("feed:delete", args=[pk]),
        "react": reverse("feed:react", args=[pk, "like"]),
        "vote": reverse("feed:vote", args=[pk, scene["answer"].pk]),
        "accept": reverse("feed:accept", args=[pk, scene["answer"].pk]),
        "experts": reverse("feed:experts", args=[pk]),
        "report": reverse("feed:report", args=[pk]),
        "hide": reverse("feed:hide", args=[pk]),
        "moderation": reverse("feed:moderation"),
    }
    return urls[view], {"reason": "Syy", "expert": "1"}


@pytest.mark.parametrize(("view", "who"), CASES)
def test_feed_view_answers(client, scene, view, who):
    method, table = MATRIX[view]
    if who != "anonymous":
        client.force_login(scene[who])
    url, data = request_for(view, scene)
    response = client.get(url) if method == "GET" else client.post(url, data)
    if table[who] == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == table[who]
