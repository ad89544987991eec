"""Every websocket subscription of a group against every kind of visitor: the group's live chat and the
notifications' unread count, both on the page's one socket. Only current members read or write the chat;
the others get an error frame and nothing is stored; anonymous and deactivated visitors get no socket at all."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from intranet.asgi import application
from messaging.group_services import open_group_chat
from messaging.models import Message
from tests.groups import scene as scenes
from tests.groups.test_authorisation_matrix import WHO
from tests.live_server import session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = b"http://127.0.0.1:8000"
READS_THE_CHAT = {"guest", "member", "moderator", "owner"}
NO_SOCKET = {"anonymous", "deactivated"}


async def connect(path: str, cookie) -> tuple[WebsocketCommunicator, bool]:
    headers = [(b"host", b"127.0.0.1:8000"), (b"origin", ORIGIN)]
    if cookie:
        headers.append((b"cookie", f"{cookie[0]}={cookie[1]}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _code = await communicator.connect()
    return communicator, connected


@database_sync_to_async
def chat_and_cookies():
    scene = scenes.build()
    chat = open_group_chat(scene["owner"], scene["group"])
    cookies = {who: None if who == "anonymous" else session_cookie(scene[who]) for who in WHO}
    return chat.pk, cookies


@database_sync_to_async
def stored(conversation_id: int) -> list[str]:
    return list(Message.objects.filter(conversation_id=conversation_id).values_list("body", flat=True))


@pytest.mark.parametrize("who", WHO)
async def test_the_group_chat_is_read_and_written_by_current_members_only(who, channel_layer):
    conversation, cookies = await chat_and_cookies()
    socket, connected = await connect("/ws/", cookies[who])
    if who in NO_SOCKET:
        assert not connected
        return
    assert connected

    await socket.send_json_to({"type": "sync", "conversation": conversation, "after": 0})
    read = await socket.receive_json_from()
    await socket.send_json_to(
        {"type": "message.send", "conversation": conversation, "client_id": f"m-{who}", "body": f"Hei, {who} täällä"}
    )
    written = await socket.receive_json_from()
    await socket.send_json_to({"type": "typing", "conversation": conversation})
    if who in READS_THE_CHAT:
        assert read["type"] == "sync.result"
        assert written["type"] == "message.ack"
        assert await stored(conversation) == [f"Hei, {who} täällä"]
    else:
        # Guests of another group and staff outside this private group: the same answer as for a
        # conversation that does not exist, nothing stored, no typing copy to the members.
        assert read["type"] == written["type"] == "error" and read["code"] == written["code"] == "not_member"
        assert (await socket.receive_json_from())["code"] == "not_member"
        assert await stored(conversation) == []
    await socket.disconnect()


@pytest.mark.parametrize("who", WHO)
async def test_the_unread_count_reaches_every_active_user_and_no_one_else(who, channel_layer):
    _conversation, cookies = await chat_and_cookies()
    socket, connected = await connect("/ws/?batch=1&notifications=1", cookies[who])
    assert connected is (who not in NO_SOCKET)
    if connected:
        assert await socket.receive_json_from() == {"type": "notifications.unread", "unread": 0}
        await socket.disconnect()
