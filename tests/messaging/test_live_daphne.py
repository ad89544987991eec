"""End to end over real sockets: daphne in a subprocess, `websockets` clients, the shared test database."""

import asyncio
import json
import urllib.request

import pytest
import websockets
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from messaging.models import Message

pytestmark = pytest.mark.django_db(transaction=True)


def open_socket(server, cookie=None, origin=None):
    headers = {"Cookie": f"{cookie[0]}={cookie[1]}"} if cookie else {}
    return connect(
        server.ws_url("/ws/"), origin=origin or server.origin, additional_headers=headers, proxy=None, open_timeout=10
    )


async def receive(socket, timeout=5.0) -> dict:
    return json.loads(await asyncio.wait_for(socket.recv(), timeout))


async def receives_nothing(socket, timeout=0.5) -> bool:
    try:
        frame = await asyncio.wait_for(socket.recv(), timeout)
    except TimeoutError:
        return True
    raise AssertionError(f"unexpected frame {frame}")


async def refused_status(server, cookie, origin) -> int:
    with pytest.raises(InvalidStatus) as refused:
        async with open_socket(server, cookie, origin):
            pass
    return refused.value.response.status_code


def test_two_people_talk_through_a_real_daphne(live_daphne, scene):
    conversation = scene.conversation.pk

    async def talk():
        # The handshake needs our own Origin and a live session.
        assert await refused_status(live_daphne, scene.cookies["alice"], "http://evil.example") == 403
        assert await refused_status(live_daphne, None, None) == 403

        async with (
            open_socket(live_daphne, scene.cookies["alice"]) as alice,
            open_socket(live_daphne, scene.cookies["bob"]) as bob,
        ):
            frame = {"type": "message.send", "conversation": conversation, "client_id": "live-1", "body": "Hei Bob!"}
            await alice.send(json.dumps(frame))
            ack = await receive(alice)
            assert ack["type"] == "message.ack" and ack["created"] is True and ack["message"]["seq"] == 1
            assert await receive(bob) == {"type": "message.new", "message": ack["message"]}
            assert await receive(alice) == {"type": "message.new", "message": ack["message"]}

            await alice.send(json.dumps(frame))  # a retry after a lost ack
            repeat = await receive(alice)
            assert repeat["message"] == ack["message"] and repeat["created"] is False

            for bad in [
                "{not json",
                json.dumps([1, 2]),
                json.dumps({"type": "dance"}),
                json.dumps({"type": "message.send", "conversation": conversation, "client_id": "live-2"}),
                json.dumps({**frame, "client_id": "live-3", "body": "x" * 5000}),
            ]:
                await alice.send(bad)
                error = await receive(alice)
                assert error["type"] == "error" and error["reason"], (bad, error)
            await alice.send(b"\x00binary")
            assert (await receive(alice))["code"] == "not_text"

            assert await receives_nothing(bob)
            assert alice.state is websockets.protocol.State.OPEN

        # Bob is away while Alice writes twice more; back online he catches up from the database.
        async with open_socket(live_daphne, scene.cookies["alice"]) as alice:
            for n in (2, 3):
                await alice.send(json.dumps({**frame, "client_id": f"live-{n}0", "body": f"Viesti {n}"}))
                assert (await receive(alice))["type"] == "message.ack"
                assert (await receive(alice))["type"] == "message.new"
        async with open_socket(live_daphne, scene.cookies["bob"]) as bob:
            await bob.send(json.dumps({"type": "sync", "conversation": conversation, "after": 1}))
            result = await receive(bob)
            assert [(m["seq"], m["body"]) for m in result["messages"]] == [(2, "Viesti 2"), (3, "Viesti 3")]

    asyncio.run(talk())
    assert list(Message.objects.order_by("seq").values_list("body", flat=True)) == ["Hei Bob!", "Viesti 2", "Viesti 3"]


def test_the_conversation_page_and_its_script_are_served(live_daphne, scene):
    from messaging import services

    services.send_message(scene.alice, scene.conversation.pk, "page-1", "Shown on the page")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    name, value = scene.cookies["bob"]
    page = urllib.request.Request(
        f"{live_daphne.url}/messages/{scene.conversation.pk}/", headers={"Cookie": f"{name}={value}"}
    )
    with opener.open(page, timeout=10) as response:
        html = response.read().decode()
        policy = response.headers["Content-Security-Policy"]
    assert "Shown on the page" in html
    assert 'src="/static/messaging/conversation.js"' in html
    assert "script-src 'self'" in policy
    with opener.open(f"{live_daphne.url}/static/messaging/conversation.js", timeout=10) as response:
        assert response.status == 200
        assert "javascript" in response.headers["Content-Type"]
