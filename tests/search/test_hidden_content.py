"""Hidden posts and comments leave content search at once, and a stale index never shows what the
searcher may not read now (issue 11, finding 5), on both backends."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feed.models import Comment, Post
from groups.models import Group, Membership
from search.backends import elasticsearch_configured
from search.content import elasticsearch as es_content
from search.content.queries import content_counts, search_content, suggest_content
from search.content.sync import rebuild_all
from search.models import ContentDocument
from tests import factories

pytestmark = pytest.mark.django_db


def _refresh():
    if elasticsearch_configured():
        es_content.refresh()


def titles(user, kind, query):
    _refresh()
    return sorted(hit.title for hit in search_content(user, kind, query).hits)


def api_titles(user, kind, query):
    _refresh()
    client = Client()
    client.force_login(user)
    response = client.get("/api/v1/search/content", {"type": kind, "q": query})
    assert response.status_code == 200
    body = response.json()
    return sorted(hit["title"] for hit in body["results"]), body["total"]


def page_html(user, kind, query):
    _refresh()
    client = Client()
    client.force_login(user)
    response = client.get("/search/", {"type": kind, "q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def scene(backend_name):
    lahti = factories.organisation("lahti", "Lahden kaupunki")
    partner = factories.organisation("kumppani", "Kumppani Oy", home=False)
    owner = factories.person("Olli", "Omistaja", key="olli", org=lahti)
    reader = factories.person("Riikka", "Lukija", key="riikka", org=lahti)
    guest = factories.person("Gina", "Guest", key="gina", guest=True, org=partner)
    group = factories.group(
        "kouluruoka",
        "Kouluruokaryhmä",
        members={owner: Membership.Role.OWNER, reader: Membership.Role.MEMBER, guest: Membership.Role.GUEST},
    )
    Membership.objects.filter(user=guest).update(access_until=timezone.now() + timedelta(days=10))
    post = factories.post(group, reader, "Loukkaava kirjoitus ruokalistasta.", title="Ruokalistariita")
    other = factories.post(group, owner, "Ruokalistan kilpailutus alkaa.", title="Ruokalistakilpailutus")
    comment = factories.comment(other, reader, "Herjaava kommentti kokista.")
    rebuild_all()
    return {
        "owner": owner,
        "reader": reader,
        "guest": guest,
        "group": group,
        "post": post,
        "other": other,
        "comment": comment,
    }


def test_a_post_a_moderator_hides_leaves_search_when_the_hiding_commits(scene, commit):
    owner, reader, post = scene["owner"], scene["reader"], scene["post"]
    assert titles(reader, "posts", "loukkaava") == ["Ruokalistariita"]
    client = Client()
    client.force_login(owner)
    with commit():
        response = client.post(reverse("feed:hide", args=[post.pk]), {"reason": "Asiaton"})
    assert response.status_code == 302
    # The index itself no longer has it (the hiding published an event search listens to) ...
    assert not ContentDocument.objects.filter(kind="posts", object_id=post.pk).exists()
    # ... so neither the page, the API nor the tab counts find it, not even for the moderator.
    for user in (reader, owner, scene["guest"]):
        assert titles(user, "posts", "loukkaava") == []
        assert api_titles(user, "posts", "loukkaava") == ([], 0)
        assert content_counts(user, "loukkaava")["posts"] == 0
    html = page_html(reader, "posts", "loukkaava")
    assert "Ruokalistariita" not in html and "Loukkaava kirjoitus" not in html
    assert titles(reader, "posts", "kilpailutus") == ["Ruokalistakilpailutus"]


def test_a_hidden_comment_no_longer_finds_its_post(scene, commit):
    owner, reader, other, comment = scene["owner"], scene["reader"], scene["other"], scene["comment"]
    assert titles(reader, "posts", "herjaava") == ["Ruokalistakilpailutus"]
    client = Client()
    client.force_login(owner)
    with commit():
        response = client.post(reverse("feed:hide", args=[other.pk]), {"reason": "Herja", "comment": comment.pk})
    assert response.status_code == 302
    document = ContentDocument.objects.get(kind="posts", object_id=other.pk)
    assert "kokista" not in document.data["text"].lower()
    assert titles(reader, "posts", "herjaava") == []
    assert titles(reader, "posts", "kilpailutus") == ["Ruokalistakilpailutus"]


def test_a_stale_index_never_shows_hidden_posts_or_comments(scene):
    """Rows changed by update() send no signal and no event: the read-time re-check still holds."""
    reader, guest = scene["reader"], scene["guest"]
    Post.objects.filter(pk=scene["post"].pk).update(hidden_at=timezone.now(), hidden_reason="x")
    Comment.objects.filter(pk=scene["comment"].pk).update(hidden_at=timezone.now(), hidden_reason="x")
    # The index is stale: both documents are still there, comment text included.
    document = ContentDocument.objects.get(kind="posts", object_id=scene["other"].pk)
    assert "kokista" in document.data["text"].lower()
    assert ContentDocument.objects.filter(kind="posts", object_id=scene["post"].pk).exists()
    for user in (reader, guest):
        assert titles(user, "posts", "loukkaava") == []
        assert api_titles(user, "posts", "loukkaava") == ([], 0)
        assert titles(user, "posts", "herjaava") == []
        assert content_counts(user, "loukkaava")["posts"] == 0
        assert content_counts(user, "herjaava")["posts"] == 0
        # An empty query lists the newest posts: the hidden one is not among them.
        assert titles(user, "posts", "") == ["Ruokalistakilpailutus"]
    html = page_html(reader, "posts", "loukkaava")
    assert 'value="loukkaava"' in html and "Ruokalistariita" not in html and "Loukkaava kirjoitus" not in html


def test_a_stale_index_never_shows_a_group_the_searcher_can_no_longer_read(scene):
    reader, guest, group = scene["reader"], scene["guest"], scene["group"]
    bystander = factories.person("Ben", "Bystander", key="ben", org=scene["owner"].profile.organisation)
    rebuild_all()
    assert titles(bystander, "posts", "kilpailutus") == ["Ruokalistakilpailutus"]
    assert [hit.title for hit in suggest_content(bystander, "kouluruoka")] == ["Kouluruokaryhmä"]
    # The group turns secret, the guest's end date passes, the reader is removed: all by update().
    Group.objects.filter(pk=group.pk).update(visibility=Group.Visibility.SECRET)
    Membership.objects.filter(user=guest).update(access_until=timezone.now() - timedelta(minutes=1))
    Membership.objects.filter(user=reader).update(access_until=timezone.now() - timedelta(minutes=1))
    for user in (bystander, guest, reader):
        assert titles(user, "posts", "kilpailutus") == []
        assert titles(user, "groups", "kouluruokaryhmä") == []
        assert suggest_content(user, "kouluruoka") == []
        assert api_titles(user, "posts", "kilpailutus") == ([], 0)
        assert content_counts(user, "kilpailutus")["posts"] == 0
    assert titles(scene["owner"], "posts", "kilpailutus") == ["Ruokalistakilpailutus"]


def test_what_a_hit_shows_comes_from_the_database_and_the_stale_document_is_repaired(scene, commit):
    reader, post = scene["reader"], scene["post"]
    Post.objects.filter(pk=post.pk).update(title="Ruokalistakeskustelu")
    with commit():
        hits = search_content(reader, "posts", "loukkaava").hits
    assert [hit.title for hit in hits] == ["Ruokalistakeskustelu"]
    # The stale document was queued for re-indexing when the search found it.
    assert ContentDocument.objects.get(kind="posts", object_id=post.pk).data["title"] == "Ruokalistakeskustelu"
