"""The live unread count over /ws/notifications/, on the in-memory and the Redis layer."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from intranet.asgi import application
from notifications import services
from tests.groups import scene as scenes
from tests.live_server import session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = b"http://127.0.0.1:8000"


async def open_socket(cookie=None):
    headers = [(b"host", b"127.0.0.1:8000"), (b"origin", ORIGIN)]
    if cookie:
        headers.append((b"cookie", f"{cookie[0]}={cookie[1]}".encode()))
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    connected, _code = await communicator.connect()
    return communicator, connected


@pytest.fixture
def scene(transactional_db):
    built = scenes.build()
    built["cookies"] = {who: session_cookie(built[who]) for who in
                        ["owner", "member", "guest", "other_guest", "other_staff", "deactivated"]}
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
        assert await communicator.receive_json_from() == {"type": "unread", "unread": 0}
        sockets[who] = communicator

    await database_sync_to_async(services.notify)(scene["owner"], "join_request", actor=scene["other_staff"],
                                                  group=scene["group"])
    assert await sockets["owner"].receive_json_from(timeout=3) == {"type": "unread", "unread": 1}
    for who in ["member", "guest", "other_guest", "other_staff"]:
        assert await sockets[who].receive_nothing(timeout=0.3), who

    # The socket only sends: anything the client sends gets an error frame, the socket stays.
    await sockets["owner"].send_to(text_data='{"subscribe": "notifications.%d"}' % scene["member"].pk)
    assert (await sockets["owner"].receive_json_from())["type"] == "error"
    for communicator in sockets.values():
        await communicator.disconnect()
