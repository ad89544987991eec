"""messaging.rules on group conversations: a guest whose access ended, or who was removed from the
shared group, takes no further part on any path; nobody is put together with a guest they share no group
with. (Security review findings High 1 and High 2.)"""

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from groups.models import Membership
from messaging import group_services, services
from messaging.errors import MessagingError
from messaging.models import Message, MessageAttachment
from tests import factories
from tests.live_server import session_cookie
from tests.messaging.test_consumer import open_socket, send_frame

pytestmark = pytest.mark.django_db(transaction=True)

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00"
    b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
API = "/api/v1/messages/conversations"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def team(transactional_db):
    """Alice and Bob (staff) and Gus (a guest of Alice's project) in a group conversation."""
    alice = factories.person("Alice", "Aalto", key="alice")
    bob = factories.person("Bob", "Berg", key="bob")
    gus = factories.person("Gus", "Guest", key="gus", guest=True)
    project = factories.group(
        "hanke",
        "Hanke",
        members={alice: Membership.Role.OWNER, bob: Membership.Role.MEMBER, gus: Membership.Role.GUEST},
    )
    # Another space keeps Gus a guest with a current group, so that his sockets are still accepted.
    other = factories.group("muu", "Muu", members={alice: Membership.Role.OWNER, gus: Membership.Role.GUEST})
    conversation = group_services.start_group(alice, [bob, gus], "Tender")
    first, _created = services.send_message(alice, conversation.pk, "t-1", "Before the end")
    return {
        "alice": alice,
        "bob": bob,
        "gus": gus,
        "project": project,
        "other": other,
        "conversation": conversation,
        "first": first,
        "cookies": {"alice": session_cookie(alice), "bob": session_cookie(bob), "gus": session_cookie(gus)},
    }


def client_of(team, who) -> Client:
    client = Client()
    client.force_login(team[who])
    return client


def end_access(team, how):
    """Gus no longer shares Hanke with Bob: his access ended by date (no signal), or he was removed."""
    memberships = Membership.objects.filter(group=team["project"], user=team["gus"])
    if how == "ended":
        memberships.update(access_until=timezone.now() - timedelta(minutes=1))
    else:
        memberships.delete()


@pytest.mark.parametrize("how", ["ended", "removed"])
def test_a_guest_whose_access_ended_can_no_longer_read_or_write_a_group_conversation_over_http(team, how):
    conversation = team["conversation"].pk
    gus = client_of(team, "gus")
    assert gus.get(f"{API}/{conversation}/messages").status_code == 200
    end_access(team, how)

    assert gus.get(f"{API}/{conversation}/messages").status_code == 404
    assert gus.get(f"/messages/{conversation}/").status_code == 404
    sent = gus.post(
        f"{API}/{conversation}/messages", {"client_id": "g-1", "body": "API"}, content_type="application/json"
    )
    assert sent.status_code == 404
    assert gus.post(f"/messages/{conversation}/", {"client_id": "g-2", "body": "Form"}).status_code == 404
    upload = gus.post(
        f"/messages/{conversation}/attachments/", {"file": SimpleUploadedFile("a.gif", GIF, content_type="image/gif")}
    )
    assert upload.status_code == 404
    assert gus.post(f"{API}/{conversation}/read", {"seq": 1}, content_type="application/json").status_code == 404
    listed = gus.get(f"{API}")
    assert listed.status_code == 200 and listed.json() == []
    assert list(Message.objects.values_list("body", flat=True)) == ["Before the end"]
    assert not MessageAttachment.objects.exists()
    # The staff members go on talking.
    bob = client_of(team, "bob")
    assert (
        bob.post(
            f"{API}/{conversation}/messages",
            {"client_id": "b-1", "body": "Still here"},
            content_type="application/json",
        ).status_code
        == 201
    )


@pytest.mark.parametrize("how", ["ended", "removed"])
def test_an_attachment_of_a_group_conversation_is_no_longer_served_to_the_guest(team, how):
    conversation = team["conversation"].pk
    alice = client_of(team, "alice")
    uploaded = alice.post(
        f"/messages/{conversation}/attachments/", {"file": SimpleUploadedFile("a.gif", GIF, content_type="image/gif")}
    )
    assert uploaded.status_code == 201
    attachment = uploaded.json()
    services.send_message(team["alice"], conversation, "t-2", "A picture", attachments=[attachment["id"]])
    gus = client_of(team, "gus")
    assert gus.get(attachment["url"]).status_code == 200
    end_access(team, how)
    assert gus.get(attachment["url"]).status_code == 404
    assert gus.get(attachment["preview_url"]).status_code == 404
    assert client_of(team, "bob").get(attachment["url"]).status_code == 200


@pytest.mark.parametrize("how", ["ended", "removed"])
async def test_an_open_socket_of_the_guest_gets_nothing_more_and_may_do_nothing(team, how, channel_layer):
    conversation = team["conversation"].pk
    alice, connected = await open_socket(team["cookies"]["alice"])
    assert connected
    gus, connected = await open_socket(team["cookies"]["gus"])
    assert connected
    await database_sync_to_async(end_access)(team, how)

    await alice.send_json_to(send_frame(conversation, "a-2", "After the end"))
    ack = await alice.receive_json_from()
    assert ack["type"] == "message.ack"
    assert (await alice.receive_json_from())["type"] == "message.new"
    await alice.send_json_to({"type": "typing", "conversation": conversation})
    assert await gus.receive_nothing(timeout=0.5), "the guest's socket must not see the conversation any more"

    for frame in [
        send_frame(conversation, "g-3", "Still here?"),
        {"type": "sync", "conversation": conversation, "after": 0},
        {"type": "read", "conversation": conversation, "seq": 1},
        {"type": "typing", "conversation": conversation},
        {"type": "heartbeat", "state": "online", "conversation": conversation},
    ]:
        await gus.send_json_to(frame)
        answer = await gus.receive_json_from()
        assert answer["type"] == "error" and answer["code"] == "not_member", (frame, answer)
    for frame in [
        {"type": "reaction", "message": team["first"].pk, "emoji": "👍"},
        {"type": "message.edit", "message": team["first"].pk, "body": "x"},
    ]:
        await gus.send_json_to(frame)
        answer = await gus.receive_json_from()
        assert answer["type"] == "error" and answer["code"] == "no_message", (frame, answer)

    # Alice's presence answer no longer names the guest.
    await alice.send_json_to({"type": "heartbeat", "state": "online", "conversation": conversation})
    people = (await alice.receive_json_from())["people"]
    assert set(people) == {"alice", "bob"}
    assert await database_sync_to_async(lambda: list(Message.objects.values_list("body", flat=True)))() == [
        "Before the end",
        "After the end",
    ]
    for communicator in (alice, gus):
        await communicator.disconnect()


async def test_a_guest_with_no_current_group_gets_no_socket(team, channel_layer):
    await database_sync_to_async(Membership.objects.filter(user=team["gus"]).update)(
        access_until=timezone.now() - timedelta(minutes=1)
    )
    gus, connected = await open_socket(team["cookies"]["gus"])
    assert not connected
    await gus.disconnect()


def test_a_group_conversation_never_puts_a_guest_with_someone_they_share_no_group_with(team):
    carol = factories.person("Carol", "Candé", key="carol")
    # Alice shares a group with Gus and may talk with Carol; Carol and Gus share nothing.
    with pytest.raises(MessagingError) as refused:
        group_services.start_group(team["alice"], [carol, team["gus"]])
    assert refused.value.code == "not_allowed"
    assert "Carol" in str(refused.value) and "Gus" in str(refused.value)
    # The page says so and keeps the choice.
    page = client_of(team, "alice").post("/messages/new/", {"people": [carol.profile.pk, team["gus"].profile.pk]})
    assert page.status_code == 400 and "do not share a group" in page.content.decode()


def test_presence_on_the_page_names_only_the_people_who_take_part(team):
    end_access(team, "ended")
    page = client_of(team, "alice").get(f"/messages/{team['conversation'].pk}/")
    assert page.status_code == 200
    presence = page.context["presence"]
    assert [person for person, _state in presence] == [team["bob"]]
