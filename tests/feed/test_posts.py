"""Posting: mentions, topics, reactions, editing with history, deletion, the home feed."""

import pytest
from django.urls import reverse

from feed.models import Mention, Post, Reaction, Revision
from notifications.models import Notification
from tests import factories
from tests.groups import scene as scenes
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return scenes.build()


def publish(client, who, scene, body, group="hanke", **extra):
    client.force_login(scene[who])
    return client.post(reverse("groups:detail", args=[group]), {"body": body, **extra})


def test_mentions_link_and_notify_only_people_who_may_read_the_post(client, scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish(client, "owner", scene, "Hei @maija.jäsen ja @sven.utanför ja @gustav.gäst, katsokaa #Hankinnat")
    post = Post.objects.get()
    assert set(Mention.objects.values_list("user__first_name", flat=True)) == {"Maija"}
    assert set(Notification.objects.filter(kind="mention").values_list("recipient__first_name", flat=True)) == {"Maija"}
    page = body(client.get(reverse("feed:detail", args=[post.pk])))
    assert f'href="{reverse("people:profile", args=["maija.jäsen"])}"' in page
    assert "@sven.utanför" in page and reverse("people:profile", args=["sven.utanför"]) not in page
    assert f'href="{reverse("feed:topic", args=["hankinnat"])}"' in page


def test_a_guest_cannot_mention_someone_they_may_not_see(client, scene):
    public = factories.group("avoin", "Avoin", members={scene["guest"]: "guest", scene["owner"]: "owner"})
    publish(client, "guest", scene, "Kysyn @sven.utanför", group=public.key)
    assert not Mention.objects.exists(), "Sven may read a public group, but the guest may not see Sven"


def test_following_a_topic_brings_its_posts_to_the_home_feed(client, scene):
    public = factories.group("avoin", "Avoin", members={scene["owner"]: "owner"})
    factories.post(public, scene["owner"], "placeholder")
    publish(client, "owner", scene, "Uutta aiheesta #kaavoitus", group="avoin")
    client.force_login(scene["other_staff"])
    assert "Uutta aiheesta" not in body(client.get(reverse("feed:home")))
    client.post(reverse("feed:follow", args=["kaavoitus"]))
    assert "Uutta aiheesta" in client.get(reverse("feed:home")).content.decode()
    # A topic never shows posts of groups the reader may not read.
    publish(client, "owner", scene, "Salaista #kaavoitus", group="hanke")
    client.force_login(scene["other_staff"])
    feed = body(client.get(reverse("feed:home")))
    assert "Salaista" not in feed
    assert "Salaista" not in body(client.get(reverse("feed:topic", args=["kaavoitus"])))


def test_home_feed_is_newest_first_and_paginated(client, scene):
    for n in range(25):
        factories.post(scene["group"], scene["owner"], f"Viesti numero {n:02d}")
    client.force_login(scene["member"])
    first = body(client.get(reverse("feed:home")))
    assert first.index("Viesti numero 24") < first.index("Viesti numero 23")
    assert "Viesti numero 04" not in first
    second = body(client.get(reverse("feed:home") + "?page=2"))
    assert "Viesti numero 04" in second and "Viesti numero 24" not in second
    home = client.get("/").content.decode()
    assert "Viesti numero 24" in home


def test_reactions_toggle_and_need_membership(client, scene):
    post = factories.post(scene["group"], scene["owner"], "Hyvä uutinen")
    client.force_login(scene["member"])
    client.post(reverse("feed:react", args=[post.pk, "thanks"]))
    assert Reaction.objects.filter(post=post, kind="thanks").count() == 1
    assert "Thanks (1)" in client.get(reverse("feed:detail", args=[post.pk])).content.decode()
    client.post(reverse("feed:react", args=[post.pk, "thanks"]))
    assert not Reaction.objects.exists()
    client.post(reverse("feed:react", args=[post.pk, "bogus"]))
    assert not Reaction.objects.exists()
    client.force_login(scene["other_guest"])
    assert client.post(reverse("feed:react", args=[post.pk, "like"])).status_code == 404


def test_the_author_edits_and_the_history_is_kept(client, scene):
    post = factories.post(scene["group"], scene["member"], "Ensimmäinen versio")
    client.force_login(scene["owner"])
    assert client.get(reverse("feed:edit", args=[post.pk])).status_code == 404, "only the author edits"
    client.force_login(scene["member"])
    client.post(reverse("feed:edit", args=[post.pk]), {"body": "Korjattu versio"})
    post.refresh_from_db()
    assert post.body == "Korjattu versio" and post.edited_at
    assert Revision.objects.get(post=post).body == "Ensimmäinen versio"
    history = client.get(reverse("feed:edit", args=[post.pk])).content.decode()
    assert "Ensimmäinen versio" in history
    assert client.post(reverse("feed:edit", args=[post.pk]), {"body": "  "}).status_code == 400
    post.refresh_from_db()
    assert post.body == "Korjattu versio"


def test_deletion_by_author_or_moderator_only(client, scene):
    post = factories.post(scene["group"], scene["member"], "Poistettava")
    other = factories.post(scene["group"], scene["owner"], "Omistajan")
    comment = factories.comment(other, scene["member"], "Kommentti")
    client.force_login(scene["guest"])
    assert client.post(reverse("feed:delete", args=[post.pk])).status_code == 404
    client.force_login(scene["member"])
    assert client.post(reverse("feed:delete", args=[other.pk])).status_code == 404
    client.post(reverse("feed:delete", args=[post.pk]))
    assert not Post.objects.filter(pk=post.pk).exists()
    client.force_login(scene["moderator"])
    client.post(reverse("feed:delete-comment", args=[other.pk, comment.pk]))
    assert not other.comments.exists()
