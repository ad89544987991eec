"""Who sees which group, and what a member can do there."""

import pytest
from django.urls import reverse

from feed.models import Comment, Post
from groups.models import Group, Membership
from tests import factories
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    kerava = factories.organisation("kerava", "Kerava")
    sipoo = factories.organisation("sipoo", "Sipoo")
    owner = factories.person("Olli", "Omistaja", org=kerava)
    member = factories.person("Maija", "Jäsen", org=kerava)
    outsider = factories.person("Sven", "Utanför", org=sipoo)
    guest = factories.person("Paula", "Partner", guest=True, org=factories.organisation("acme", "Acme", home=False))
    other_guest = factories.person("Gustav", "Gäst", guest=True, org=factories.organisation("beta", "Beta", home=False))
    public = factories.group("julkinen", "Julkinen", members={owner: "owner", member: "member"})
    secret = factories.group(
        "salainen", "Salainen", visibility=Group.Visibility.SECRET, members={owner: "owner", guest: "guest"}
    )
    private = factories.group(
        "yksityinen", "Yksityinen", visibility=Group.Visibility.PRIVATE, members={owner: "owner", other_guest: "guest"}
    )
    factories.post(secret, owner, "Salainen viesti")
    factories.post(private, owner, "Yksityinen viesti")
    factories.post(public, owner, "Julkinen viesti")
    return locals()


@pytest.mark.parametrize(
    ("who", "group", "status", "sees_posts"),
    [
        ("owner", "salainen", 200, True),
        ("guest", "salainen", 200, True),
        ("outsider", "salainen", 404, False),
        ("other_guest", "salainen", 404, False),
        ("outsider", "yksityinen", 200, False),
        ("guest", "yksityinen", 404, False),
        ("other_guest", "yksityinen", 200, True),
        ("outsider", "julkinen", 200, True),
        ("guest", "julkinen", 404, False),
    ],
)
def test_group_visibility(client, scene, who, group, status, sees_posts):
    client.force_login(scene[who])
    response = client.get(reverse("groups:detail", args=[group]))
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert ("viesti" in body) == sees_posts


def test_anonymous_is_sent_to_login(client, scene):
    response = client.get(reverse("groups:detail", args=["julkinen"]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_deactivated_user_is_logged_out(client, scene):
    client.force_login(scene["member"])
    scene["member"].is_active = False
    scene["member"].save()
    response = client.get(reverse("groups:detail", args=["julkinen"]))
    assert response.status_code == 302


def test_member_posts_a_question_and_the_asker_accepts_an_answer(client, scene):
    client.force_login(scene["member"])
    response = client.post(
        reverse("groups:detail", args=["julkinen"]),
        {"question": "on", "title": "Kuka osaa hankinnat?", "body": "Tarvitsen apua."},
    )
    assert response.status_code == 302
    question = Post.objects.get(title="Kuka osaa hankinnat?")
    assert question.is_question

    client.force_login(scene["owner"])
    client.post(reverse("feed:detail", args=[question.pk]), {"body": "Minä osaan."})
    answer = Comment.objects.get(post=question)

    bystander = factories.person("Ville", "Vieras", org=scene["kerava"])
    Membership.objects.create(group=question.group, user=bystander, role=Membership.Role.MEMBER)
    client.force_login(bystander)
    client.post(reverse("feed:accept", args=[question.pk, answer.pk]))
    question.refresh_from_db()
    assert question.accepted_answer is None, "only the asker or a moderator may accept"

    client.force_login(scene["member"])
    client.post(reverse("feed:accept", args=[question.pk, answer.pk]))
    question.refresh_from_db()
    assert question.accepted_answer == answer
    page = client.get(reverse("feed:detail", args=[question.pk])).content.decode()
    assert "Accepted answer" in page


def test_question_without_title_is_refused_and_nothing_is_written(client, scene):
    client.force_login(scene["member"])
    response = client.post(reverse("groups:detail", args=["julkinen"]), {"question": "on", "body": "Apua"})
    assert response.status_code == 400
    assert "A question needs a title." in response.content.decode()
    assert not Post.objects.filter(body="Apua").exists()


def test_non_member_cannot_post_but_can_join_public_group(client, scene):
    client.force_login(scene["outsider"])
    client.post(reverse("groups:detail", args=["julkinen"]), {"body": "Hei"})
    assert not Post.objects.filter(body="Hei").exists()
    client.post(reverse("groups:join", args=["julkinen"]))
    assert Membership.objects.filter(user=scene["outsider"], group__key="julkinen").exists()


def test_guest_cannot_read_a_post_of_another_group(client, scene):
    post = Post.objects.get(body="Yksityinen viesti")
    client.force_login(scene["guest"])
    assert client.get(reverse("feed:detail", args=[post.pk])).status_code == 404


def test_markup_in_posts_is_cleaned(client, scene):
    client.force_login(scene["member"])
    client.post(
        reverse("groups:detail", args=["julkinen"]),
        {"body": "**tärkeä** <script>alert(1)</script> [x](javascript:alert(2))"},
    )
    post = Post.objects.get(body__startswith="**tärkeä**")
    page = body(client.get(reverse("feed:detail", args=[post.pk])))
    assert "<strong>tärkeä</strong>" in page
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page
