"""Editing and deleting one's own message without JavaScript: the Edit and Delete pages, their rules (the
websocket's), and the live copy the other members' sockets receive."""

import asyncio
import re
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Membership
from messaging import group_services, services, views_message_actions
from messaging.models import Message, MessageEdit
from tests import factories
from tests.messaging.test_live_daphne import open_socket, receive
from tests.messaging.test_pages import assert_no_inline_code
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def chat():
    alice = factories.person("Alice", "Aalto", key="alice")
    bob = factories.person("Bob", "Berg", key="bob")
    carol = factories.person("Carol", "Candé", key="carol")
    conversation = services.start_direct(alice, bob)
    mine, _created = services.send_message(alice, conversation.pk, "a-1", "Meeting at 10")
    theirs, _created = services.send_message(bob, conversation.pk, "b-1", "Fine by me")
    return alice, bob, carol, conversation, mine, theirs


def edit_url(message) -> str:
    return reverse("messaging:edit", args=[message.conversation_id, message.pk])


def delete_url(message) -> str:
    return reverse("messaging:delete", args=[message.conversation_id, message.pk])


def anchored(message) -> str:
    return reverse("messaging:conversation", args=[message.conversation_id]) + f"#message-{message.seq}"


def flashes(client) -> str:
    """The flash messages the next page shows."""
    html = client.get(reverse("messaging:index")).content.decode()
    return " ".join(re.findall(r'<p class="message [^"]*">([^<]*)</p>', html))


def test_own_messages_link_to_their_edit_and_delete_pages(client, chat):
    alice, _bob, _carol, conversation, mine, theirs = chat
    client.force_login(alice)
    html = body(client.get(reverse("messaging:conversation", args=[conversation.pk])))
    assert f'href="{edit_url(mine)}" aria-label="Edit message 1"' in html
    assert f'href="{delete_url(mine)}" aria-label="Delete message 1"' in html
    assert edit_url(theirs) not in html and delete_url(theirs) not in html

    assert client.post(delete_url(mine)).status_code == 302
    html = body(client.get(reverse("messaging:conversation", args=[conversation.pk])))
    assert edit_url(mine) not in html, "a deleted message has nothing left to edit"


def test_the_sender_edits_a_message_on_its_page(client, chat):
    alice, _bob, _carol, _conversation, mine, _theirs = chat
    client.force_login(alice)
    page = client.get(edit_url(mine))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Edit message 1</h1>" in html
    assert re.search(r'<label for="id_body">New text of message 1</label>', html)
    assert re.search(r'<textarea name="body"[^>]*maxlength="4000"[^>]*>\s*Meeting at 10</textarea>', html)
    assert f'<a href="{anchored(mine)}">Cancel</a>' in html
    assert_no_inline_code(html)

    saved = client.post(edit_url(mine), {"body": "  Meeting moved to 11  "})
    assert saved.status_code == 302 and saved["Location"] == anchored(mine)
    mine.refresh_from_db()
    assert mine.body == "Meeting moved to 11" and mine.edited_at is not None
    assert list(MessageEdit.objects.filter(message=mine).values_list("body", flat=True)) == ["Meeting at 10"]
    assert "Your message was saved." in flashes(client)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("   ", "Write something before sending."),
        ("x" * 4001, "A message can be at most 4000 characters long; this one has 4001."),
        ("null\x00here", "Null characters are not allowed."),
    ],
)
def test_bad_text_re_renders_the_form_with_the_reason_and_changes_nothing(client, chat, body, reason):
    alice, _bob, _carol, _conversation, mine, _theirs = chat
    client.force_login(alice)
    refused = client.post(edit_url(mine), {"body": body})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert f'<ul class="errorlist" id="edit-errors"><li>{reason}</li></ul>' in html
    assert 'aria-describedby="edit-errors edit-hint"' in html and 'aria-invalid="true"' in html
    mine.refresh_from_db()
    assert mine.body == "Meeting at 10" and mine.edited_at is None and not MessageEdit.objects.exists()


def test_the_sender_deletes_a_message_after_confirming_and_a_second_post_is_harmless(client, chat):
    alice, _bob, _carol, conversation, mine, _theirs = chat
    client.force_login(alice)
    page = client.get(delete_url(mine))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Delete message 1</h1>" in html and "Meeting at 10" in html
    assert '<button type="submit">Yes, delete</button>' in html and f'<a href="{anchored(mine)}">Cancel</a>' in html
    assert_no_inline_code(html)
    mine.refresh_from_db()
    assert mine.deleted_at is None, "opening the page deletes nothing"

    deleted = client.post(delete_url(mine))
    assert deleted.status_code == 302 and deleted["Location"] == anchored(mine)
    mine.refresh_from_db()
    conversation.refresh_from_db()
    assert mine.deleted_at is not None and mine.body == ""
    changes = conversation.last_change
    assert "Your message was deleted." in flashes(client)

    again = client.post(delete_url(mine))  # a double click, or the back button and submit again
    assert again.status_code == 302 and again["Location"] == anchored(mine)
    assert "This message was deleted." in flashes(client)
    conversation.refresh_from_db()
    assert conversation.last_change == changes, "nothing was changed or published again"
    assert client.get(edit_url(mine)).status_code == 302
    assert client.post(edit_url(mine), {"body": "x"}).status_code == 302
    mine.refresh_from_db()
    assert mine.body == "" and not MessageEdit.objects.exists()


def test_non_members_and_other_senders_get_404_and_change_nothing(client, chat):
    alice, bob, carol, _conversation, mine, theirs = chat
    for user, message in [(carol, mine), (bob, mine), (alice, theirs)]:
        client.force_login(user)
        for response in (
            client.get(edit_url(message)),
            client.post(edit_url(message), {"body": "Hijacked"}),
            client.get(delete_url(message)),
            client.post(delete_url(message)),
        ):
            assert response.status_code == 404, (user, message.body)
    # A message id from another conversation under this conversation's address is not found either.
    other = services.start_direct(alice, carol)
    elsewhere, _created = services.send_message(alice, other.pk, "a-2", "Elsewhere")
    client.force_login(alice)
    assert client.get(reverse("messaging:edit", args=[mine.conversation_id, elsewhere.pk])).status_code == 404
    assert list(Message.objects.order_by("pk").values_list("body", "deleted_at")) == [
        ("Meeting at 10", None),
        ("Fine by me", None),
        ("Elsewhere", None),
    ]


def test_a_guest_whose_shared_group_ended_can_no_longer_edit_or_delete(client):
    staff = factories.person("Alice", "Aalto", key="alice")
    guest = factories.person("Gus", "Guest", key="gus", guest=True)
    group = factories.group(members={staff: Membership.Role.OWNER, guest: Membership.Role.GUEST})
    direct = services.start_direct(guest, staff)
    said, _created = services.send_message(guest, direct.pk, "g-1", "Hello from outside")
    space = group_services.open_group_chat(staff, group)
    in_space, _created = services.send_message(guest, space.pk, "g-2", "Hello group")
    client.force_login(guest)
    assert client.get(edit_url(said)).status_code == 200

    Membership.objects.filter(group=group, user=guest).update(access_until=timezone.now() - timedelta(minutes=1))
    # The guest no longer takes part in the direct conversation (messaging.rules): it is gone for them.
    for response in (
        client.get(edit_url(said)),
        client.post(edit_url(said), {"body": "Changed"}),
        client.get(delete_url(said)),
        client.post(delete_url(said)),
    ):
        assert response.status_code == 404
    # The staff member still reads it, but cannot write to someone they no longer share a group with.
    client.force_login(staff)
    assert client.get(reverse("messaging:conversation", args=[direct.pk])).status_code == 200
    # The group's chat is gone for them altogether.
    assert client.get(edit_url(in_space)).status_code == 404
    assert client.post(delete_url(in_space)).status_code == 404
    assert list(Message.objects.order_by("pk").values_list("body", "edited_at", "deleted_at")) == [
        ("Hello from outside", None, None),
        ("Hello group", None, None),
    ]


def test_edits_count_against_the_same_rate_limit_as_over_the_websocket(client, chat, settings):
    alice, _bob, _carol, _conversation, mine, _theirs = chat
    settings.MESSAGING_RATE_LIMITS = {"send": (1, 60)}
    client.force_login(alice)
    assert client.post(edit_url(mine), {"body": "Once"}).status_code == 302
    refused = client.post(edit_url(mine), {"body": "Twice"})
    assert refused.status_code == 429
    assert "You are sending too fast; wait a moment and try again." in refused.content.decode()
    mine.refresh_from_db()
    assert mine.body == "Once"


def test_a_message_older_than_the_newest_page_is_shown_on_its_own_page_afterwards(client, chat, monkeypatch):
    alice, _bob, _carol, conversation, mine, _theirs = chat
    monkeypatch.setattr(views_message_actions, "HISTORY_PAGE", 2)
    services.send_message(alice, conversation.pk, "a-3", "Third")
    client.force_login(alice)
    saved = client.post(edit_url(mine), {"body": "Edited"})
    expected = reverse("messaging:conversation", args=[conversation.pk]) + "?before=2#message-1"
    assert saved["Location"] == expected
    assert "Edited" in client.get(expected).content.decode()


@pytest.mark.django_db(transaction=True)
def test_edits_and_deletions_through_the_pages_reach_another_members_socket_live(live_daphne, scene):
    """Over a real daphne: Alice posts the forms over HTTP, Bob's open websocket gets each change."""
    mine, _created = services.send_message(scene.alice, scene.conversation.pk, "live-1", "Before")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def submit(url: str, fields: dict) -> str:
        """GET the form (for its CSRF token and cookie), then POST it as a browser without JavaScript would."""
        session = "=".join(scene.cookies["alice"])
        form = urllib.request.Request(live_daphne.url + url, headers={"Cookie": session})
        with opener.open(form, timeout=10) as page:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
            csrf_cookie = re.search(r"csrftoken=([^;]+)", page.headers["Set-Cookie"]).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(
            live_daphne.url + url,
            data=data,
            headers={"Cookie": f"{session}; csrftoken={csrf_cookie}", "Referer": live_daphne.url + url},
        )
        with opener.open(request, timeout=10) as landed:  # the redirect back to the conversation
            return landed.geturl()

    async def scenario():
        async with open_socket(live_daphne, scene.cookies["bob"]) as bob:
            landed = await asyncio.to_thread(submit, edit_url(mine), {"body": "After"})
            assert f"/messages/{scene.conversation.pk}/" in landed
            edited = await receive(bob)
            assert edited["type"] == "message.updated"
            assert edited["message"]["id"] == mine.pk and edited["message"]["body"] == "After"
            assert edited["message"]["edited_at"]

            await asyncio.to_thread(submit, delete_url(mine), {})
            deleted = await receive(bob)
            assert deleted["type"] == "message.updated"
            assert deleted["message"]["id"] == mine.pk and deleted["message"]["deleted"] is True
            assert deleted["message"]["body"] == ""

    asyncio.run(scenario())
    mine.refresh_from_db()
    assert mine.deleted_at is not None
