"""Markdown, replies, edits with history, deletion and reactions: stored, authorised and published."""

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from messaging import message_actions, services
from messaging.errors import MessagingError
from messaging.models import Message
from messaging.payloads import message_payload
from tests import pages
from tests.messaging.test_consumer import logged_in, send_frame

pytestmark = pytest.mark.django_db(transaction=True)


def test_markdown_is_rendered_safely_in_the_page_and_the_payload(scene, client):
    body = "**Tärkeä** [linkki](https://example.test) <script>alert(1)</script> ![x](https://evil.test/x.png)"
    message, _ = services.send_message(scene.alice, scene.conversation.pk, "md-1", body)
    client.force_login(scene.bob)
    page = pages.body(client.get(reverse("messaging:conversation", args=[scene.conversation.pk])))
    assert "<strong>Tärkeä</strong>" in page and 'href="https://example.test"' in page
    assert "<script>alert" not in page and "<img" not in page
    html = message_payload(message)["html"]
    assert "<strong>Tärkeä</strong>" in html and "<script" not in html and "<img" not in html


def test_replies_edits_history_deletion_and_reactions(scene):
    first, _ = services.send_message(scene.alice, scene.conversation.pk, "a-1", "Meeting at 10?")
    reply, _ = services.send_message(scene.bob, scene.conversation.pk, "b-1", "Yes", reply_to=first.seq)
    assert reply.reply_to == first
    with pytest.raises(MessagingError) as refused:
        services.send_message(scene.bob, scene.conversation.pk, "b-2", "?", reply_to=99)
    assert refused.value.code == "bad_reply"

    message_actions.edit_message(scene.alice, first.pk, "Meeting at 11?")
    message_actions.edit_message(scene.alice, first.pk, "Meeting at 11:30?")
    first.refresh_from_db()
    assert first.body == "Meeting at 11:30?" and first.edited_at is not None
    assert [edit.body for edit in message_actions.history_of(scene.bob, first.pk)] == [
        "Meeting at 10?",
        "Meeting at 11?",
    ]
    for who, action in [(scene.bob, "edit"), (scene.carol, "edit"), (scene.carol, "react")]:
        with pytest.raises(MessagingError):
            if action == "edit":
                message_actions.edit_message(who, first.pk, "hijack")
            else:
                message_actions.react(who, first.pk, "👍")

    message_actions.react(scene.bob, first.pk, "👍")
    message_actions.react(scene.bob, first.pk, "👍")  # twice is once
    message_actions.react(scene.alice, first.pk, "🎉")
    with pytest.raises(MessagingError) as refused:
        message_actions.react(scene.alice, first.pk, "<b>")
    assert refused.value.code == "bad_reaction"
    assert sorted(first.reaction_counts) == [("🎉", 1), ("👍", 1)]
    message_actions.react(scene.bob, first.pk, "👍", on=False)
    assert first.reaction_counts == [("🎉", 1)]

    message_actions.delete_message(scene.alice, first.pk)
    first.refresh_from_db()
    assert first.deleted_at and first.body == "" and not first.edits.exists() and not first.reactions.exists()
    with pytest.raises(MessagingError):
        message_actions.edit_message(scene.alice, first.pk, "undo")
    assert list(Message.objects.filter(conversation=scene.conversation).values_list("seq", flat=True)) == [1, 2]


async def test_changes_are_published_to_every_member(scene, channel_layer):
    alice, bob = await logged_in(scene, "alice"), await logged_in(scene, "bob")
    conversation = scene.conversation.pk
    await alice.send_json_to(send_frame(conversation, "p-1", "*hello*"))
    ack = await alice.receive_json_from()
    assert ack["message"]["html"] == "<p><em>hello</em></p>\n"
    await alice.receive_json_from()
    await bob.receive_json_from()
    message_id = ack["message"]["id"]

    await bob.send_json_to({**send_frame(conversation, "p-2", "hi"), "reply_to": 1})
    assert (await bob.receive_json_from())["message"]["reply_to"] == 1
    await bob.receive_json_from()
    await alice.receive_json_from()

    await alice.send_json_to({"type": "message.edit", "message": message_id, "body": "*hello again*"})
    assert await alice.receive_json_from() == {"type": "message.edit.ack", "message": message_id}
    updated = await bob.receive_json_from()
    assert updated["type"] == "message.updated" and updated["message"]["body"] == "*hello again*"
    assert updated["message"]["edited_at"]
    await alice.receive_json_from()

    await bob.send_json_to({"type": "reaction", "message": message_id, "emoji": "👍"})
    assert (await bob.receive_json_from())["type"] == "reaction.ack"
    assert (await alice.receive_json_from())["message"]["reactions"] == {"👍": 1}
    await bob.receive_json_from()

    await bob.send_json_to({"type": "message.delete", "message": message_id})
    assert (await bob.receive_json_from())["code"] == "not_allowed"
    await alice.send_json_to({"type": "message.delete", "message": message_id})
    assert (await alice.receive_json_from())["type"] == "message.delete.ack"
    gone = (await bob.receive_json_from())["message"]
    assert gone["deleted"] is True and gone["body"] == "" and gone["html"] == ""
    stored = await database_sync_to_async(Message.objects.get)(pk=message_id)
    assert stored.deleted_at is not None
    await alice.disconnect()
    await bob.disconnect()
