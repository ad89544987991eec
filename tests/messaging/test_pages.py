"""The pages: they work without JavaScript and keep to the markup rules (labels, no inline code)."""

import re

import pytest
from django.urls import reverse

from groups.models import Membership
from messaging import services
from messaging.models import Conversation, ConversationMember, Message
from tests import factories
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return factories.person("Alice", "Aalto", key="alice")


@pytest.fixture
def bob():
    return factories.person("Bob", "Berg", key="bob")


@pytest.fixture
def conversation(alice, bob):
    return services.start_direct(alice, bob)


def page_of(client, user, url, **kwargs):
    client.force_login(user)
    return client.get(url, **kwargs)


def assert_no_inline_code(html: str) -> None:
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert " style=" not in html and "<style" not in html, "inline style"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_the_list_shows_each_conversation_with_the_other_person_and_unread_count(client, alice, bob, conversation):
    services.send_message(bob, conversation.pk, "1", "one")
    services.send_message(bob, conversation.pk, "2", "two")
    response = page_of(client, alice, reverse("messaging:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bob Berg" in html and "2 unread messages" in html
    assert reverse("messaging:conversation", args=[conversation.pk]) in html
    assert_no_inline_code(html)


def test_an_empty_list_says_how_to_start(client, alice):
    html = page_of(client, alice, reverse("messaging:index")).content.decode()
    assert "You have no conversations yet" in html


def test_the_conversation_page_shows_the_history_and_a_labelled_form(client, alice, bob, conversation):
    services.send_message(bob, conversation.pk, "1", "Hello <Alice>\nsecond line")
    response = page_of(client, alice, reverse("messaging:conversation", args=[conversation.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Conversation with Bob Berg</h1>" in html
    assert re.search(r'<ol id="message-log"[^>]*aria-live="polite"', html)
    assert "Hello &lt;Alice&gt;" in html, "message text is escaped"
    assert re.search(r'<label for="id_body">Message</label>', html) and 'id="id_body"' in html
    assert '<button type="submit">Send</button>' in html
    assert 'data-conversation="%d"' % conversation.pk in html and 'data-last-seq="1"' in html
    assert 'src="/static/messaging/conversation.js"' in html
    assert_no_inline_code(html)
    assert ConversationMember.objects.get(conversation=conversation, user=alice).last_read_seq == 1, (
        "opening the conversation reads it"
    )


def test_sending_without_javascript_stores_the_message_once_and_redirects(client, alice, bob, conversation):
    client.force_login(alice)
    url = reverse("messaging:conversation", args=[conversation.pk])
    client_id = re.search(r'name="client_id" value="([^"]+)"', client.get(url).content.decode()).group(1)
    for _attempt in range(2):  # a double click posts the same form twice
        response = client.post(url, {"body": "Posted without JS", "client_id": client_id})
        assert response.status_code == 302 and response["Location"] == f"{url}#message-1"
    assert list(Message.objects.values_list("body", flat=True)) == ["Posted without JS"]
    assert "Posted without JS" in client.get(url).content.decode()


def test_a_form_without_a_usable_client_id_still_sends(client, alice, conversation):
    client.force_login(alice)
    url = reverse("messaging:conversation", args=[conversation.pk])
    assert client.post(url, {"body": "first"}).status_code == 302
    assert client.post(url, {"body": "second", "client_id": "x" * 200}).status_code == 302
    assert Message.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "shown"), [("   ", "Write something before sending."), ("x" * 11, "at most 10 characters")]
)
def test_a_bad_message_is_refused_with_a_reason_and_nothing_is_stored(
    client, settings, alice, conversation, body, shown
):
    settings.MESSAGING_MAX_BODY_CHARS = 10
    client.force_login(alice)
    response = client.post(reverse("messaging:conversation", args=[conversation.pk]), {"body": body, "client_id": "a"})
    html = response.content.decode()
    assert response.status_code == 400
    assert shown in html
    assert 'aria-describedby="message-errors"' in html and 'id="message-errors"' in html
    assert not Message.objects.exists()


def test_someone_else_s_conversation_does_not_exist(client, conversation):
    carol = factories.person("Carol")
    url = reverse("messaging:conversation", args=[conversation.pk])
    assert page_of(client, carol, url).status_code == 404
    assert client.post(url, {"body": "sneaky", "client_id": "s"}).status_code == 404
    assert not Message.objects.exists()


def test_long_histories_page_backwards(client, settings, alice, bob, conversation, monkeypatch):
    from messaging import views

    monkeypatch.setattr(views, "HISTORY_PAGE", 2)
    for n in range(1, 6):
        services.send_message(bob, conversation.pk, f"m{n}", f"message number {n}")
    url = reverse("messaging:conversation", args=[conversation.pk])
    newest = body(page_of(client, alice, url))
    assert "message number 5" in newest and "message number 3" not in newest
    assert 'href="?before=4"' in newest
    older = body(client.get(url, {"before": 4}))
    assert "message number 3" in older and "message number 2" in older and "message number 4" not in older
    assert "conversation.js" not in older, "older pages are not live"
    assert client.get(url, {"before": "9" * 40}).status_code == 200


def test_start_opens_the_one_conversation_with_that_person(client, alice, bob):
    client.force_login(alice)
    url = reverse("messaging:start", args=["bob"])
    first = client.post(url)
    conversation = Conversation.objects.get()
    assert first.status_code == 302 and first["Location"] == reverse("messaging:conversation", args=[conversation.pk])
    assert client.post(url)["Location"] == first["Location"]
    client.force_login(bob)
    assert client.post(reverse("messaging:start", args=["alice"]))["Location"] == first["Location"]
    assert Conversation.objects.count() == 1
    assert client.get(url).status_code == 405


def test_start_refuses_with_a_message_or_hides_people_one_may_not_see(client, alice):
    guest = factories.person("Guest", key="guest", guest=True)
    client.force_login(alice)
    assert client.post(reverse("messaging:start", args=["guest"])).status_code == 404
    assert client.post(reverse("messaging:start", args=["nobody"])).status_code == 404

    response = client.post(reverse("messaging:start", args=["alice"]), follow=True)
    assert "You cannot start a conversation with yourself." in response.content.decode()

    factories.group(members={alice: Membership.Role.OWNER, guest: Membership.Role.GUEST})
    assert client.post(reverse("messaging:start", args=["guest"])).status_code == 302
    assert not Conversation.objects.filter(direct_key=f"{alice.pk}:{alice.pk}").exists()


def test_pages_need_a_login(client, conversation):
    for url in (reverse("messaging:index"), reverse("messaging:conversation", args=[conversation.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_costs_the_same_few_queries_however_many_conversations(client, alice, django_assert_max_num_queries):
    for n in range(6):
        other = factories.person(f"Person{n}", org=factories.organisation())
        services.send_message(other, services.start_direct(alice, other).pk, f"q{n}", "hello")
    client.force_login(alice)
    # One of them is the unread total in the page header.
    with django_assert_max_num_queries(9):
        assert client.get(reverse("messaging:index")).status_code == 200
