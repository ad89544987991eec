"""Review round 3: who receives live copies, bad characters, retried sends with files, frame order."""

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from groups.models import Membership
from messaging import group_services, services
from messaging.models import Message, MessageAttachment
from tests import factories
from tests.live_server import session_cookie
from tests.messaging.test_consumer import logged_in, open_socket, send_frame, stored_bodies

pytestmark = pytest.mark.django_db(transaction=True)

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00"
    b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def chat_with_guest(transactional_db):
    alice = factories.person("Alice", "Aalto", key="alice")
    guest = factories.person("Gus", "Guest", key="gus", guest=True)
    group = factories.group("hanke", "Hanke", members={alice: Membership.Role.OWNER, guest: Membership.Role.GUEST})
    chat = group_services.open_group_chat(alice, group)
    return {
        "alice": alice,
        "guest": guest,
        "group": group,
        "chat": chat,
        "cookies": {"alice": session_cookie(alice), "gus": session_cookie(guest)},
    }


async def test_an_open_socket_of_a_guest_whose_membership_ended_gets_no_live_copies(chat_with_guest, channel_layer):
    scene = chat_with_guest
    alice, _ = await open_socket(scene["cookies"]["alice"])
    guest, connected = await open_socket(scene["cookies"]["gus"])
    assert connected  # the guest's socket listens to the chat while the membership lasts
    chat = scene["chat"].pk
    # The membership ends by date: no signal, and this socket sends no heartbeat that would renew its groups.
    await database_sync_to_async(Membership.objects.filter(group=scene["group"], user=scene["guest"]).update)(
        access_until=timezone.now() - timedelta(minutes=1)
    )

    await alice.send_json_to(send_frame(chat, "a-1", "For current members only"))
    ack = await alice.receive_json_from()
    assert ack["type"] == "message.ack"
    assert await alice.receive_json_from() == {"type": "message.new", "message": ack["message"]}
    await alice.send_json_to({"type": "typing", "conversation": chat})
    await alice.send_json_to({"type": "message.edit", "message": ack["message"]["id"], "body": "Edited"})
    assert (await alice.receive_json_from())["type"] == "message.edit.ack"
    assert await guest.receive_nothing(timeout=0.5), "a former member's socket must not see the chat"
    await guest.send_json_to({"type": "typing", "conversation": chat})
    assert (await guest.receive_json_from())["code"] == "not_member"
    for communicator in (alice, guest):
        await communicator.disconnect()


async def test_a_nul_character_gets_a_reason_and_stores_nothing(scene, channel_layer):
    alice = await logged_in(scene, "alice")
    conversation = scene.conversation.pk
    await alice.send_json_to(send_frame(conversation, "n-1", "bad\x00text"))
    error = await alice.receive_json_from()
    assert error["type"] == "error" and error["code"] == "bad_character" and error["ref"] == "n-1"
    assert "cannot be stored" in error["reason"]
    await alice.send_json_to(send_frame(conversation, "n\x002", "fine"))
    assert (await alice.receive_json_from())["code"] == "bad_client_id"
    assert await stored_bodies(conversation) == []

    await alice.send_json_to(send_frame(conversation, "n-3", "fine"))  # the socket is still usable
    ack = await alice.receive_json_from()
    assert ack["type"] == "message.ack"
    assert (await alice.receive_json_from())["type"] == "message.new"
    await alice.send_json_to({"type": "message.edit", "message": ack["message"]["id"], "body": "x\x00"})
    assert (await alice.receive_json_from())["code"] == "bad_character"
    assert await stored_bodies(conversation) == ["fine"]
    await alice.disconnect()


def test_the_api_refuses_a_nul_character_with_400(client, scene):
    client.force_login(scene.alice)
    url = f"/api/v1/messages/conversations/{scene.conversation.pk}/messages"
    answer = client.post(url, {"client_id": "api-nul", "body": "a\x00b"}, content_type="application/json")
    assert answer.status_code == 400 and answer.json()["code"] == "bad_character"
    assert not Message.objects.exists()


async def test_a_retried_send_with_files_returns_the_stored_message_and_claims_nothing_more(scene, channel_layer):
    def upload(name):
        return MessageAttachment.objects.create(
            conversation=scene.conversation,
            uploader=scene.alice,
            file=SimpleUploadedFile(name, GIF),
            name=name,
            content_type="image/gif",
            size=len(GIF),
        )

    first = await database_sync_to_async(upload)("one.gif")
    alice = await logged_in(scene, "alice")
    frame = {**send_frame(scene.conversation.pk, "f-1", "A file"), "attachments": [first.pk]}
    await alice.send_json_to(frame)
    ack = await alice.receive_json_from()
    assert ack["type"] == "message.ack" and ack["created"] is True
    assert (await alice.receive_json_from())["type"] == "message.new"

    # The ack was lost; the page resends the same frame, and a confused client even names another upload.
    second = await database_sync_to_async(upload)("two.gif")
    await alice.send_json_to(frame)
    again = await alice.receive_json_from()
    assert again["created"] is False and again["message"] == ack["message"]
    await alice.send_json_to({**frame, "attachments": [first.pk, second.pk]})
    assert (await alice.receive_json_from())["message"]["attachments"] == ack["message"]["attachments"]
    assert await alice.receive_nothing(timeout=0.3)  # nothing published again
    unsent = await database_sync_to_async(
        lambda: list(MessageAttachment.objects.filter(message__isnull=True).values_list("pk", flat=True))
    )()
    assert unsent == [second.pk] and await database_sync_to_async(Message.objects.count)() == 1
    await alice.disconnect()


async def test_frames_of_one_socket_are_answered_in_the_order_they_were_sent(scene, channel_layer):
    # Frames run in a thread pool, yet each socket's frames are handled one after another.
    alice = await logged_in(scene, "alice")
    conversation = scene.conversation.pk
    for n in range(1, 9):
        await alice.send_json_to(send_frame(conversation, f"o-{n}", f"message {n}"))
    acks = []
    while len(acks) < 8:
        frame = await alice.receive_json_from()
        if frame["type"] == "message.ack":
            acks.append(frame)
    assert [ack["client_id"] for ack in acks] == [f"o-{n}" for n in range(1, 9)]
    assert [ack["message"]["seq"] for ack in acks] == list(range(1, 9))
    assert await stored_bodies(conversation) == [f"message {n}" for n in range(1, 9)]
    await alice.disconnect()


def test_recipients_leave_out_disabled_accounts(scene):
    scene.bob.is_active = False
    scene.bob.save()
    assert services.member_ids_allowed_to_send(scene.alice, scene.conversation.pk) == [scene.alice.pk]


def test_the_api_and_the_plain_form_share_the_send_rate_limit(client, scene, settings):
    settings.MESSAGING_RATE_LIMITS = {"send": (1, 60)}
    client.force_login(scene.alice)
    url = f"/api/v1/messages/conversations/{scene.conversation.pk}/messages"
    assert client.post(url, {"client_id": "r-1", "body": "one"}, content_type="application/json").status_code == 201
    limited = client.post(url, {"client_id": "r-2", "body": "two"}, content_type="application/json")
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
    page = client.post(f"/messages/{scene.conversation.pk}/", {"client_id": "r-3", "body": "three"})
    assert page.status_code == 429 and "sending too fast" in page.content.decode()
    assert list(Message.objects.values_list("body", flat=True)) == ["one"]
