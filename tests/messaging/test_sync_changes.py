"""Sync after a reconnect brings the changes to older messages too (edits, deletions, reactions), in the
order they happened, each once: real daphne, real `websockets` clients, the suite's layer (Redis under CI)."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async

from messaging import message_actions, services
from tests.messaging.test_consumer import open_socket as open_in_process
from tests.messaging.test_live_daphne import open_socket, receive

pytestmark = pytest.mark.django_db(transaction=True)


async def live_copies(socket, quiet_for: float) -> list[dict]:
    """Every live message copy that arrives until the socket stays quiet for `quiet_for` seconds."""
    copies = []
    while True:
        try:
            frame = json.loads(await asyncio.wait_for(socket.recv(), quiet_for))
        except TimeoutError:
            return copies
        assert frame["type"] in ("message.new", "message.updated"), frame
        copies.append(frame)


async def until(socket, kind: str) -> dict:
    while True:
        frame = await receive(socket)
        if frame["type"] == kind:
            return frame


def test_a_client_back_from_away_receives_edits_deletions_and_reactions_in_order(live_daphne, scene):
    conversation = scene.conversation.pk

    async def scenario():
        async with (
            open_socket(live_daphne, scene.cookies["alice"]) as alice,
            open_socket(live_daphne, scene.cookies["bob"]) as bob,
        ):
            sent = []
            for n in (1, 2, 3):
                await alice.send(
                    json.dumps(
                        {
                            "type": "message.send",
                            "conversation": conversation,
                            "client_id": f"s-{n}",
                            "body": f"Viesti {n}",
                        }
                    )
                )
                sent.append((await until(alice, "message.ack"))["message"])
            held = [(await until(bob, "message.new"))["message"] for _n in (1, 2, 3)]
            assert [m["change"] for m in held] == [1, 2, 3]

            # A live edit carries its new change number, for clients that are online.
            await alice.send(json.dumps({"type": "message.edit", "message": sent[0]["id"], "body": "Viesti 1 (v2)"}))
            live = await until(bob, "message.updated")
            assert live["message"]["body"] == "Viesti 1 (v2)" and live["message"]["change"] == 4
            bob_seq, bob_change = 3, 4

        # Bob is away; Alice (one socket) edits, deletes, reacts and writes; Carol is not in it.
        async with open_socket(live_daphne, scene.cookies["alice"]) as alice:
            for frame in (
                {"type": "message.edit", "message": sent[0]["id"], "body": "Viesti 1 (v3)"},
                {"type": "message.delete", "message": sent[1]["id"]},
                {"type": "reaction", "message": sent[2]["id"], "emoji": "🎉", "on": True},
                {"type": "message.send", "conversation": conversation, "client_id": "s-4", "body": "Viesti 4"},
            ):
                await alice.send(json.dumps(frame))
                while not (reply := await receive(alice))["type"].endswith(".ack"):
                    assert reply["type"] in ("message.updated", "message.new"), reply

        async with open_socket(live_daphne, scene.cookies["bob"]) as bob:
            await bob.send(
                json.dumps(
                    {"type": "sync", "conversation": conversation, "after": bob_seq, "changes_after": bob_change}
                )
            )
            result = await until(bob, "sync.result")
            assert [(m["seq"], m["change"]) for m in result["messages"]] == [(1, 5), (2, 6), (3, 7), (4, 8)]
            one, two, three, four = result["messages"]
            assert one["body"] == "Viesti 1 (v3)" and one["edited_at"]
            assert two["deleted"] is True and two["body"] == ""
            assert three["reactions"] == {"🎉": 1}
            assert four["body"] == "Viesti 4"
            assert result["more"] is False and result["last_change"] == 8

            # Holding everything, nothing comes twice.
            await bob.send(json.dumps({"type": "sync", "conversation": conversation, "after": 4, "changes_after": 8}))
            again = await until(bob, "sync.result")
            assert again["messages"] == [] and again["last_change"] == 8

            # A client that knows only its last seq gets every change since that message was stored.
            await bob.send(json.dumps({"type": "sync", "conversation": conversation, "after": 3}))
            legacy = await until(bob, "sync.result")
            assert [(m["seq"], m["change"]) for m in legacy["messages"]] == [(1, 5), (2, 6), (3, 7), (4, 8)]
            # Live copies published while Bob was reconnecting may still arrive (the layer fans out to the
            # sockets subscribed when it reads the copy): only repeats of changes he holds, never news.
            assert all(copy["message"]["change"] <= 8 for copy in await live_copies(bob, 0.3))

    asyncio.run(scenario())


async def test_changes_are_paged_in_order_and_a_client_far_behind_is_told_to_reload(scene, channel_layer, settings):
    conversation = scene.conversation.pk
    messages = []
    for n in range(3):
        message, _created = await database_sync_to_async(services.send_message)(
            scene.alice, conversation, f"p-{n}", f"m {n}"
        )
        messages.append(message)
    for emoji in message_actions.REACTIONS[:4]:  # changes 4..7 on the first message, then 8 on the last
        await database_sync_to_async(message_actions.react)(scene.bob, messages[0].pk, emoji)
    await database_sync_to_async(message_actions.edit_message)(scene.alice, messages[2].pk, "m 2 edited")

    bob, connected = await open_in_process(scene.cookies["bob"])
    assert connected
    settings.MESSAGING_RELOAD_GAP = 3
    await bob.send_json_to({"type": "sync", "conversation": conversation, "after": 3, "changes_after": 3})
    assert await bob.receive_json_from() == {"type": "reload", "conversation": conversation, "last_seq": 3}

    settings.MESSAGING_RELOAD_GAP = 1000
    await bob.send_json_to({"type": "sync", "conversation": conversation, "after": 3, "changes_after": 4})
    result = await bob.receive_json_from()
    assert [(m["seq"], m["change"]) for m in result["messages"]] == [(1, 7), (3, 8)]
    assert result["last_change"] == 8
    # Reacting twice with the same emoji changes nothing and takes no number.
    await database_sync_to_async(message_actions.react)(scene.bob, messages[0].pk, message_actions.REACTIONS[0])
    await bob.send_json_to({"type": "sync", "conversation": conversation, "after": 3, "changes_after": 8})
    assert (await bob.receive_json_from())["messages"] == []
    await bob.disconnect()
