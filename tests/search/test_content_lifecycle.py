"""Content indices follow the database: re-indexing queued on commit, search_reindex, fallback."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from feed.models import Topic
from groups.models import Group, Membership
from search.backends import es_index
from search.content import elasticsearch as es_content
from search.content.queries import search_content
from search.models import ContentDocument
from tests import factories
from tests.search.content_scene import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks of the block as the end of its transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def titles(user, kind, query):
    from search.backends import elasticsearch_configured

    if elasticsearch_configured():
        es_content.refresh()
    return sorted(hit.title for hit in search_content(user, kind, query).hits)


@pytest.fixture
def people(backend_name):
    org = factories.organisation("lahti", "Lahden kaupunki")
    return factories.person("Alice", "Alpha", key="alice", org=org), factories.person("Bob", "Beta", key="bob", org=org)


def test_posts_are_indexed_edited_hidden_and_deleted_on_commit(people, commit):
    alice, bob = people
    with commit():
        group = factories.group("ruoka", "Kouluruoka", members={alice: Membership.Role.OWNER})
        post = factories.post(group, alice, "Kouluruoan kilpailutus alkaa.", title="Kilpailutus", question=True)
        # Nothing is indexed before the transaction commits.
        assert not ContentDocument.objects.filter(kind="posts", object_id=post.pk).exists()
    assert titles(bob, "posts", "kilpailutus") == ["Kilpailutus"]
    with commit():
        post.title = "Tarjouspyyntö"
        post.save()
    assert titles(bob, "posts", "tarjouspyyntö") == ["Tarjouspyyntö"]
    # A comment's text counts as the post's content; topics too.
    with commit():
        factories.comment(post, bob, "Kannattaa kysyä ravitsemusterapeutilta.")
    assert titles(bob, "posts", "ravitsemusterapeutilta") == ["Tarjouspyyntö"]
    with commit():
        Topic.objects.create(name="ateriapalvelut").posts.add(post)
    assert titles(bob, "posts", "ateriapalvelut") == ["Tarjouspyyntö"]
    with commit():
        post.hidden_at = timezone.now()
        post.save()
    assert titles(bob, "posts", "tarjouspyyntö") == []
    with commit():
        post.hidden_at = None
        post.save()
    assert titles(bob, "posts", "tarjouspyyntö") == ["Tarjouspyyntö"]
    with commit():
        post.delete()
    assert titles(bob, "posts", "tarjouspyyntö") == []


def test_group_visibility_and_membership_changes_apply_at_once(people, commit):
    alice, bob = people
    with commit():
        group = factories.group(
            "fuusio", "Fuusiohanke", visibility=Group.Visibility.SECRET, members={alice: Membership.Role.OWNER}
        )
        factories.post(group, alice, "Fuusiohankkeen aikataulu.", title="Aikataulu")
    assert titles(bob, "groups", "fuusiohanke") == []
    assert titles(alice, "groups", "fuusiohanke") == ["Fuusiohanke"]
    with commit():
        Membership.objects.create(group=group, user=bob)
    assert titles(bob, "groups", "fuusiohanke") == ["Fuusiohanke"]
    assert titles(bob, "posts", "aikataulu") == ["Aikataulu"]
    assert search_content(bob, "groups", "fuusiohanke").hits[0].meta["members"] == 2
    with commit():
        Membership.objects.filter(group=group, user=bob).delete()
    assert titles(bob, "posts", "aikataulu") == []
    with commit():
        group.visibility = Group.Visibility.PUBLIC
        group.save()
    assert titles(bob, "groups", "fuusiohanke") == ["Fuusiohanke"]
    assert titles(bob, "posts", "aikataulu") == ["Aikataulu"]
    with commit():
        group.delete()
    assert titles(alice, "groups", "fuusiohanke") == [] and titles(alice, "posts", "aikataulu") == []


def test_pages_follow_publishing(people, commit):
    from datetime import date

    from intranet.models import HomePage, NewsPage

    alice, _bob = people
    with commit():
        page = HomePage.objects.get().add_child(
            instance=NewsPage(title="Kevätjuhla", slug="kevatjuhla", date=date(2026, 5, 1), live=False)
        )
    assert titles(alice, "pages", "kevätjuhla") == []
    with commit():
        page.save_revision().publish()
    assert titles(alice, "pages", "kevätjuhla") == ["Kevätjuhla"]
    page.refresh_from_db()
    with commit():
        page.unpublish()
    assert titles(alice, "pages", "kevätjuhla") == []
    with commit():
        page.save_revision().publish()
        page.delete()
    assert titles(alice, "pages", "kevätjuhla") == []


def test_a_view_restriction_hides_the_page_and_its_children_until_lifted(people, commit):
    """A page restricted in Wagtail after it was published (password, groups) leaves search, with the
    pages below it, for the page, the tab counts and type-ahead; lifting the restriction brings them back."""
    from datetime import date

    from wagtail.models import PageViewRestriction

    from intranet.models import HomePage, NewsPage
    from search.content.queries import content_counts, suggest_content

    _alice, bob = people
    with commit():
        page = HomePage.objects.get().add_child(
            instance=NewsPage(title="Palkkaohje", slug="palkkaohje", date=date(2026, 5, 1))
        )
        page.save_revision().publish()
        child = page.add_child(instance=NewsPage(title="Palkkataulukko", slug="palkkataulukko", date=date(2026, 5, 2)))
        child.save_revision().publish()
    assert "Palkkaohje" in titles(bob, "pages", "palkkaohje")
    assert "Palkkataulukko" in titles(bob, "pages", "palkkataulukko")
    with commit():
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="salainen"
        )
    assert titles(bob, "pages", "palkkaohje") == []
    assert titles(bob, "pages", "palkkataulukko") == []
    assert content_counts(bob, "palkkaohje")["pages"] == 0
    assert suggest_content(bob, "palkka") == []
    with commit():
        restriction.delete()
    assert "Palkkataulukko" in titles(bob, "pages", "palkkataulukko")
    assert [hit.title for hit in suggest_content(bob, "palkka")] == ["Palkkaohje", "Palkkataulukko"]


def test_search_reindex_rebuilds_content_too(backend_name):
    scene = build()
    ContentDocument.objects.all().delete()
    call_command("search_reindex", "--no-progress")
    assert titles(scene.bob, "groups", "hankinta") == ["Hankintabudjetti", "Hankintarengas"]
    assert ContentDocument.objects.filter(kind="pages").count() == 2  # the home page and the news


def test_search_reindex_swaps_the_content_alias(use_elasticsearch):
    scene = build()
    call_command("search_reindex", "--no-progress")
    es = es_index.client()
    first = sorted(es.indices.get_alias(name=es_content.alias_name()))
    call_command("search_reindex", "--no-progress")
    second = sorted(es.indices.get_alias(name=es_content.alias_name()))
    assert len(first) == len(second) == 1 and first != second
    assert not es.indices.exists(index=first[0])
    assert titles(scene.alice, "organisations", "hankintapalvelu") == ["Hankintapalvelu Oy"]


def test_the_database_answers_when_elasticsearch_is_down(use_elasticsearch, settings, client):
    scene = build()
    call_command("search_reindex", "--no-progress")
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    es_content._ensured.clear()
    results = search_content(scene.bob, "groups", "hankinta")
    assert results.backend == "database"
    assert sorted(hit.title for hit in results.hits) == ["Hankintabudjetti", "Hankintarengas"]
    client.force_login(scene.bob)
    html = client.get("/search/", {"type": "groups", "q": "hankinta"}).content.decode()
    assert "Hankintarengas" in html and "backup index" in html


def test_contact_visibility_changes_apply_on_commit(people, commit):
    from people.models import ExternalContact

    alice, bob = people
    carol = factories.person("Carol", "Gamma", key="carol", org=factories.organisation("kerava", "Keravan kaupunki"))
    with commit():
        contact = ExternalContact.objects.create(
            key="pekka",
            name="Pekka Puhelinmyyjä",
            role="Myyntipäällikkö",
            visibility=ExternalContact.Visibility.PRIVATE,
            added_by=alice.profile,
        )
    assert titles(alice, "contacts", "myyntipäällikkö") == ["Pekka Puhelinmyyjä"]
    assert titles(bob, "contacts", "myyntipäällikkö") == []
    with commit():
        contact.visibility = ExternalContact.Visibility.ORGANISATION
        contact.save()
    assert titles(bob, "contacts", "myyntipäällikkö") == ["Pekka Puhelinmyyjä"]
    assert titles(carol, "contacts", "myyntipäällikkö") == []
    with commit():
        contact.known_by.add(carol.profile)
    assert titles(carol, "contacts", "myyntipäällikkö") == ["Pekka Puhelinmyyjä"]
    with commit():
        contact.delete()
    assert titles(alice, "contacts", "myyntipäällikkö") == []
