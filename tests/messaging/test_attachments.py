"""Files in messages: the same rules as on posts (type by content, size limit, private storage), uploaded
by members only, attached by the send that names them, served to members only (404 for anyone else)."""

import io
import os
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from messaging import message_actions, services
from messaging.models import Message, MessageAttachment
from tests import factories
from tests.messaging.test_consumer import open_socket


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(db):
    alice = factories.person("Alice", "Aalto", key="alice")
    bob = factories.person("Bob", "Berg", key="bob")
    carol = factories.person("Carol", "Candé", key="carol")
    return alice, bob, carol, services.start_direct(alice, bob)


def png(name="kuva.gif") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/gif")


def upload(client, conversation, file):
    return client.post(reverse("messaging:upload", args=[conversation.pk]), {"file": file})


def test_an_upload_is_checked_by_content_attached_by_the_send_and_served_to_members_only(client, people, settings):
    alice, bob, carol, conversation = people
    client.force_login(alice)
    answer = upload(client, conversation, png())
    assert answer.status_code == 201
    uploaded = answer.json()
    assert uploaded["name"] == "kuva.png" and uploaded["content_type"] == "image/png" and uploaded["size"] > 0
    stored = MessageAttachment.objects.get()
    assert str(settings.PRIVATE_MEDIA_ROOT) in stored.file.path and stored.message is None

    message, _created = services.send_message(alice, conversation.pk, "with-file", "", attachments=[uploaded["id"]])
    assert message.body == "" and MessageAttachment.objects.get().message == message
    # A file goes with one message only.
    with pytest.raises(Exception, match="already sent"):
        services.send_message(alice, conversation.pk, "again", "once more", attachments=[uploaded["id"]])

    client.force_login(bob)
    page = client.get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert "kuva.png" in page and uploaded["url"] in page
    served = client.get(uploaded["url"])
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/api/v1/messages/conversations/{conversation.pk}/messages").json()["messages"][0][
        "attachments"
    ] == [uploaded]

    client.force_login(carol)
    assert client.get(uploaded["url"]).status_code == 404
    assert upload(client, conversation, png()).status_code == 404  # not a member: no such conversation
    assert MessageAttachment.objects.count() == 1

    # Deleting the message takes its files with it.
    message_actions.delete_message(alice, message.pk)
    client.force_login(bob)
    assert client.get(uploaded["url"]).status_code == 404
    assert not MessageAttachment.objects.exists()


@pytest.mark.parametrize(
    ("file", "reason"),
    [
        (
            SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf"),
            "not a file type we accept",
        ),
        (SimpleUploadedFile("iso.txt", b"x" * 2048, "text/plain"), "too large"),
    ],
)
def test_a_bad_file_gets_a_reason_and_nothing_is_stored(client, people, settings, file, reason):
    alice, _bob, _carol, conversation = people
    settings.ATTACHMENT_MAX_BYTES = 1024
    client.force_login(alice)
    answer = upload(client, conversation, file)
    assert answer.status_code == 400 and reason in answer.json()["error"]
    assert not MessageAttachment.objects.exists()
    assert not (settings.PRIVATE_MEDIA_ROOT / "messages").exists()


def test_the_form_without_script_sends_files_and_a_bad_one_keeps_nothing(client, people, settings):
    alice, _bob, _carol, conversation = people
    client.force_login(alice)
    url = reverse("messaging:conversation", args=[conversation.pk])
    refused = client.post(
        url,
        {
            "body": "Two files",
            "client_id": "f-1",
            "files": [png("ok.png"), SimpleUploadedFile("bad.txt", b"\x00\x01", "text/plain")],
        },
    )
    assert refused.status_code == 400 and "bad.txt is not a file type we accept" in refused.content.decode()
    assert not MessageAttachment.objects.exists() and not Message.objects.exists()

    sent = client.post(url, {"body": "", "client_id": "f-2", "files": [png("ok.png")]})
    assert sent.status_code == 302
    assert Message.objects.get().attachments.get().name == "ok.png"
    client.post(url, {"body": "", "client_id": "f-2", "files": [png("ok.png")]})  # a double submit
    assert MessageAttachment.objects.count() == 1 and Message.objects.count() == 1


@pytest.mark.django_db(transaction=True)
async def test_the_send_frame_names_uploaded_files_and_every_member_gets_them(channel_layer, settings):
    from tests.live_server import session_cookie

    alice = await database_sync_to_async(factories.person)("Alice", "Aalto", key="alice")
    bob = await database_sync_to_async(factories.person)("Bob", "Berg", key="bob")
    conversation = await database_sync_to_async(services.start_direct)(alice, bob)
    stored = await database_sync_to_async(MessageAttachment.objects.create)(
        conversation=conversation,
        uploader=alice,
        file=png("plan.png"),
        name="plan.png",
        content_type="image/png",
        size=10,
    )
    sockets = []
    for user in (alice, bob):
        socket, connected = await open_socket(await database_sync_to_async(session_cookie)(user))
        assert connected
        sockets.append(socket)
    await sockets[0].send_json_to(
        {
            "type": "message.send",
            "conversation": conversation.pk,
            "client_id": "a-1",
            "body": "The plan",
            "attachments": [stored.pk],
        }
    )
    ack = await sockets[0].receive_json_from()
    assert ack["type"] == "message.ack"
    assert [file["name"] for file in ack["message"]["attachments"]] == ["plan.png"]
    new = await sockets[1].receive_json_from()
    assert new["message"]["attachments"] == ack["message"]["attachments"]
    await sockets[1].send_json_to(
        {
            "type": "message.send",
            "conversation": conversation.pk,
            "client_id": "b-1",
            "body": "Mine now",
            "attachments": [stored.pk],
        }
    )
    assert (await sockets[1].receive_json_from())["code"] == "bad_attachment"
    await sockets[1].send_json_to(
        {"type": "message.send", "conversation": conversation.pk, "client_id": "b-2", "body": "x", "attachments": "all"}
    )
    assert (await sockets[1].receive_json_from())["code"] == "bad_field"
    for socket in sockets:
        await socket.disconnect()


def test_an_api_client_uploads_then_sends_with_the_file(client, people):
    alice, _bob, _carol, conversation = people
    client.force_login(alice)
    uploaded = upload(client, conversation, png("api.png")).json()
    url = f"/api/v1/messages/conversations/{conversation.pk}/messages"
    sent = client.post(
        url,
        {"client_id": "api-f", "body": "See the file", "attachments": [uploaded["id"]]},
        content_type="application/json",
    )
    assert sent.status_code == 201 and sent.json()["attachments"] == [uploaded]
    refused = client.post(
        url, {"client_id": "api-g", "body": "Again", "attachments": [uploaded["id"]]}, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "bad_attachment"
    assert Message.objects.count() == 1


def test_an_upload_never_sent_goes_at_the_next_upload_a_day_later(client, people, django_capture_on_commit_callbacks):
    alice, _bob, _carol, conversation = people
    client.force_login(alice)
    abandoned = MessageAttachment.objects.get(pk=upload(client, conversation, png("old.png")).json()["id"])
    path = abandoned.file.path
    MessageAttachment.objects.filter(pk=abandoned.pk).update(created_at=abandoned.created_at - timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the row's deletion commits
        upload(client, conversation, png("new.png"))
    assert list(MessageAttachment.objects.values_list("name", flat=True)) == ["new.png"]
    assert not os.path.exists(path)


def test_uploads_share_the_send_rate_limit_and_need_a_file(client, people, settings):
    alice, _bob, _carol, conversation = people
    settings.MESSAGING_RATE_LIMITS = {"send": (1, 60)}
    client.force_login(alice)
    missing = client.post(reverse("messaging:upload", args=[conversation.pk]), {})
    assert missing.status_code == 400 and missing.json()["error"] == "Choose a file to attach."
    limited = upload(client, conversation, png())
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
    assert not MessageAttachment.objects.exists()


def test_an_image_shows_a_thumbnail_to_current_members_only(
    client, people, settings, django_capture_on_commit_callbacks
):
    from messaging import group_services

    alice, bob, carol, _direct = people
    conversation = group_services.start_group(alice, [bob, carol], "Plans")
    client.force_login(alice)
    image = upload(client, conversation, png("site_plan-2026.png")).json()
    text = upload(client, conversation, SimpleUploadedFile("notes.txt", b"Plain words", "text/plain")).json()
    assert image["preview_url"] and image["alt_text"] == "site plan 2026" and text["preview_url"] is None
    services.send_message(alice, conversation.pk, "files", "Two files", attachments=[image["id"], text["id"]])

    client.force_login(bob)
    page = client.get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert f'<img class="chat-thumb" src="{image["preview_url"]}" alt=""' in page
    assert page.count('class="chat-thumb"') == 1, "only the image gets a thumbnail"
    served = client.get(image["preview_url"])
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).format == "JPEG"
    # Kept apart from the posts' previews (files.previews), whose ids overlap with these.
    assert not (settings.PRIVATE_MEDIA_ROOT / "previews").exists()
    assert client.get(reverse("messaging:attachment_preview", args=[text["id"]])).status_code == 404

    group_services.remove_member(carol, conversation.pk, carol)  # a former member sees it no more
    client.force_login(carol)
    assert client.get(image["preview_url"]).status_code == 404
    client.force_login(factories.person("Dan", "Dahl", key="dan"))
    assert client.get(image["preview_url"]).status_code == 404

    # Deleting the message takes the thumbnail with the file.
    [thumbnail] = (settings.PRIVATE_MEDIA_ROOT / "messages" / "previews").iterdir()
    with django_capture_on_commit_callbacks(execute=True):
        message_actions.delete_message(alice, Message.objects.get().pk)
    assert not thumbnail.exists()
