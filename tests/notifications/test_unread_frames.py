"""The live unread count of notifications on the page's one socket (/ws/?notifications=1, served by
messaging's consumer with notifications.live), on the in-memory and the Redis layer."""

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.test import Client

from intranet.asgi import application
from messaging.services import start_direct
from notifications import queries, services
from tests.conftest import MEMORY_LAYER
from tests.groups import scene as scenes
from tests.live_server import session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = b"http://127.0.0.1:8000"
PAGE_SOCKET = "/ws/?batch=1&notifications=1"  # as the pages open it (messaging/_live_header.html)
User = get_user_model()


async def open_socket(cookie=None, path=PAGE_SOCKET):
    headers = [(b"host", b"127.0.0.1:8000"), (b"origin", ORIGIN)]
    if cookie:
        headers.append((b"cookie", f"{cookie[0]}={cookie[1]}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _code = await communicator.connect()
    return communicator, connected


def unread(count: int) -> dict:
    return {"type": "notifications.unread", "unread": count}


@pytest.fixture
def scene(transactional_db):
    built = scenes.build()
    built["cookies"] = {
        who: session_cookie(built[who])
        for who in ["owner", "member", "guest", "other_guest", "other_staff", "deactivated"]
    }
    return built


async def test_anonymous_and_deactivated_users_get_no_socket(scene, channel_layer):
    for cookie in [None, scene["cookies"]["deactivated"], ("sessionid", "forged")]:
        communicator, connected = await open_socket(cookie)
        assert not connected
        await communicator.disconnect()


async def test_each_user_hears_only_their_own_count(scene, channel_layer):
    sockets = {}
    for who in ["owner", "member", "guest", "other_guest", "other_staff"]:
        communicator, connected = await open_socket(scene["cookies"][who])
        assert connected, who
        assert await communicator.receive_json_from() == unread(0)
        sockets[who] = communicator

    await database_sync_to_async(services.notify)(
        scene["owner"], "join_request", actor=scene["other_staff"], group=scene["group"]
    )
    assert await sockets["owner"].receive_json_from(timeout=3) == unread(1)
    for who in ["member", "guest", "other_guest", "other_staff"]:
        assert await sockets[who].receive_nothing(timeout=0.3), who

    # Nobody subscribes to another person's count: the socket has no such frame.
    await sockets["owner"].send_to(text_data='{"subscribe": "notifications.%d"}' % scene["member"].pk)
    assert (await sockets["owner"].receive_json_from())["code"] == "unknown_type"
    await sockets["owner"].send_to(text_data='{"type": "notifications.unread"}')
    assert (await sockets["owner"].receive_json_from())["code"] == "unknown_type"
    await database_sync_to_async(services.notify)(
        scene["member"], "join_request", actor=scene["other_staff"], group=scene["group"]
    )
    assert await sockets["member"].receive_json_from(timeout=3) == unread(1)
    assert await sockets["owner"].receive_nothing(timeout=0.3)
    for communicator in sockets.values():
        await communicator.disconnect()


async def test_marking_read_pushes_the_new_count_and_messages_still_flow_on_the_same_socket(scene, channel_layer):
    owner = await opened(scene, "owner")
    await database_sync_to_async(services.notify)(
        scene["owner"], "join_request", actor=scene["other_staff"], group=scene["group"]
    )
    assert await owner.receive_json_from(timeout=3) == unread(1)
    await database_sync_to_async(services.mark_read)(scene["owner"])
    assert await owner.receive_json_from(timeout=3) == unread(0)

    # The same socket carries the messages.
    conversation = await database_sync_to_async(start_direct)(scene["owner"], scene["member"])
    member = await opened(scene, "member")
    await owner.send_json_to(
        {"type": "message.send", "conversation": conversation.pk, "client_id": "c1", "body": "Hei"}
    )
    assert (await owner.receive_json_from(timeout=3))["type"] == "message.ack"
    assert (await member.receive_json_from(timeout=3))["message"]["body"] == "Hei"
    await owner.disconnect()
    await member.disconnect()


async def test_a_lost_membership_of_the_count_group_heals_on_the_next_heartbeat(scene, settings):
    settings.CHANNEL_LAYERS = {"default": MEMORY_LAYER}
    settings.MESSAGING_GROUP_RENEWAL_SECONDS = 0
    layer = get_channel_layer()
    owner = await opened(scene, "owner")
    group = queries.live_group(scene["owner"].pk)
    (channel,) = layer.groups[group]
    await layer.group_discard(group, channel)  # as a layer that lost or expired it would have
    await owner.send_json_to({"type": "heartbeat", "state": "online"})
    assert await owner.receive_nothing(timeout=0.3)  # a heartbeat naming no conversation gets no answer
    await database_sync_to_async(services.notify)(
        scene["owner"], "join_request", actor=scene["other_staff"], group=scene["group"]
    )
    assert await owner.receive_json_from(timeout=3) == unread(1)
    await owner.disconnect()
    assert group not in layer.groups or channel not in layer.groups[group], "a closed socket leaves its group"


async def test_a_socket_that_did_not_ask_for_the_count_hears_none(scene, channel_layer):
    """Programs that talk only messages (/ws/ alone) get no count: no query at connect, no group."""
    plain, connected = await open_socket(scene["cookies"]["owner"], path="/ws/")
    assert connected
    await database_sync_to_async(services.notify)(
        scene["owner"], "join_request", actor=scene["other_staff"], group=scene["group"]
    )
    assert await plain.receive_nothing(timeout=0.5)
    await plain.disconnect()


# --- Bound to its session (core.live_sessions): also at each count ---------------------------------

CLOSED = {"type": "websocket.close", "code": 4401}
DISABLED = {"type": "websocket.close", "code": 4403}


async def opened(scene, who, cookie=None):
    communicator, connected = await open_socket(cookie or scene["cookies"][who])
    assert connected, who
    assert await communicator.receive_json_from() == unread(0)
    return communicator


async def test_logging_out_closes_the_socket_of_that_session(scene, channel_layer):
    owner = await opened(scene, "owner")
    other_session = await database_sync_to_async(session_cookie)(scene["owner"])
    other_device = await opened(scene, "owner", other_session)

    def log_out():
        client = Client()
        client.cookies[scene["cookies"]["owner"][0]] = scene["cookies"]["owner"][1]
        return client.post("/accounts/logout/").status_code

    assert await database_sync_to_async(log_out)() == 302
    assert await owner.receive_output(timeout=2) == CLOSED
    assert await other_device.receive_nothing(timeout=0.3)
    await other_device.disconnect()


async def test_a_password_change_closes_the_sockets_of_other_sessions(scene, channel_layer):
    owner = await opened(scene, "owner")

    def change_password():
        scene["owner"].set_password("a new long passphrase 2027")
        scene["owner"].save()

    await database_sync_to_async(change_password)()
    assert await owner.receive_output(timeout=2) == CLOSED


async def test_deactivation_closes_the_socket(scene, channel_layer):
    member = await opened(scene, "member")
    scene["member"].is_active = False
    await database_sync_to_async(scene["member"].save)()
    assert await member.receive_output(timeout=2) == DISABLED


async def test_a_deactivation_by_update_is_noticed_at_the_next_count(scene, channel_layer):
    owner = await opened(scene, "owner")
    # No signal: the account row changes under the socket.
    await database_sync_to_async(User.objects.filter(pk=scene["owner"].pk).update)(is_active=False)
    await database_sync_to_async(services.notify)(
        scene["owner"], "join_request", actor=scene["other_staff"], group=scene["group"]
    )
    assert await owner.receive_output(timeout=3) == DISABLED
