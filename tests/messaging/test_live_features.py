"""Live features over the websocket (in-process, memory and Redis layers): group fan-out, removal closing
sockets, typing, presence, read state pushed to every tab, rate limits and the reload signal."""

import asyncio

import pytest
from channels.db import database_sync_to_async

from groups.models import Membership
from messaging import consumers, group_services, presence, services
from tests import factories
from tests.live_server import session_cookie
from tests.messaging.test_consumer import open_socket, send_frame

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def team(transactional_db):
    """Alice, Bob and Carol share the group "hanke" and its chat; Dan is outside."""
    alice, bob, carol, dan = [factories.person(name, "Team") for name in ("Alice", "Bob", "Carol", "Dan")]
    group = factories.group(
        "hanke",
        "Hanke",
        members={alice: Membership.Role.OWNER, bob: Membership.Role.MEMBER, carol: Membership.Role.MEMBER},
    )
    chat = group_services.open_group_chat(alice, group)
    return {
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "dan": dan,
        "group": group,
        "chat": chat,
        "cookies": {
            name: session_cookie(user)
            for name, user in (("alice", alice), ("bob", bob), ("carol", carol), ("dan", dan))
        },
    }


async def socket_of(team, who):
    communicator, connected = await open_socket(team["cookies"][who])
    assert connected
    return communicator


async def test_the_group_chat_reaches_every_member_and_removal_closes_the_socket(team, channel_layer):
    alice, bob, carol, dan = [await socket_of(team, who) for who in ("alice", "bob", "carol", "dan")]
    chat = team["chat"].pk
    await alice.send_json_to(send_frame(chat, "c-1", "Morning, team"))
    ack = await alice.receive_json_from()
    assert ack["type"] == "message.ack"
    for member in (alice, bob, carol):
        assert await member.receive_json_from() == {"type": "message.new", "message": ack["message"]}
    assert await dan.receive_nothing(timeout=0.3)
    await dan.send_json_to(send_frame(chat, "d-1", "intrude"))
    assert (await dan.receive_json_from())["code"] == "not_member"

    await database_sync_to_async(Membership.objects.filter(group=team["group"], user=team["bob"]).delete)()
    assert await bob.receive_json_from() == {"type": "conversation.removed", "conversation": chat}
    assert await bob.receive_output(timeout=2) == {"type": "websocket.close", "code": consumers.CLOSE_REMOVED}
    bob_again = await socket_of(team, "bob")
    await bob_again.send_json_to({"type": "sync", "conversation": chat, "after": 0})
    assert (await bob_again.receive_json_from())["code"] == "not_member"

    await carol.send_json_to(send_frame(chat, "c-2", "Bob left"))
    assert (await carol.receive_json_from())["type"] == "message.ack"
    assert await bob_again.receive_nothing(timeout=0.3)
    for communicator in (alice, carol, dan, bob_again):
        await communicator.disconnect()


async def test_typing_reaches_the_others_with_an_expiry_and_strangers_are_refused(team, channel_layer):
    alice, bob, dan = [await socket_of(team, who) for who in ("alice", "bob", "dan")]
    chat = team["chat"].pk
    await alice.send_json_to({"type": "typing", "conversation": chat})
    notice = await bob.receive_json_from()
    assert notice == {
        "type": "typing",
        "conversation": chat,
        "user_key": team["alice"].profile.key,
        "name": "Alice Team",
        "expires_in": consumers.TYPING_SECONDS,
    }
    assert await alice.receive_nothing(timeout=0.2)  # not echoed to the typist
    await dan.send_json_to({"type": "typing", "conversation": chat})
    assert (await dan.receive_json_from())["code"] == "not_member"
    assert await bob.receive_nothing(timeout=0.2)
    for communicator in (alice, bob, dan):
        await communicator.disconnect()


async def test_the_heartbeat_answer_tells_the_conversation_s_latest_change(team, channel_layer):
    # A page behind this number lost a live copy: it syncs at the answer, not at the next message.
    alice = await socket_of(team, "alice")
    chat = team["chat"].pk
    await database_sync_to_async(services.send_message)(team["bob"], chat, "h-1", "Kuuletko?")
    await database_sync_to_async(services.send_message)(team["bob"], chat, "h-2", "Entä nyt?")
    await alice.send_json_to({"type": "heartbeat", "state": "online", "conversation": chat})
    while (frame := await alice.receive_json_from())["type"] != "presence":
        pass  # the live copies of the two messages
    assert frame["last_change"] == 2
    await alice.disconnect()


async def test_presence_is_online_away_or_offline_from_heartbeats(team, channel_layer):
    alice = await socket_of(team, "alice")
    chat = team["chat"].pk
    await alice.send_json_to({"type": "heartbeat", "state": "online", "conversation": chat})
    states = await alice.receive_json_from()
    keys = {name: team[name].profile.key for name in ("alice", "bob", "carol")}
    assert states == {
        "type": "presence",
        "conversation": chat,
        "people": {keys["alice"]: "online", keys["bob"]: "offline", keys["carol"]: "offline"},
        "last_change": 0,
    }
    bob = await socket_of(team, "bob")  # connecting makes Bob online
    await bob.send_json_to({"type": "heartbeat", "state": "away"})
    assert await bob.receive_nothing(timeout=0.2)
    await alice.send_json_to({"type": "heartbeat", "state": "online", "conversation": chat})
    assert (await alice.receive_json_from())["people"][keys["bob"]] == "away"
    await alice.send_json_to({"type": "heartbeat", "state": "asleep"})
    assert (await alice.receive_json_from())["code"] == "bad_field"
    await database_sync_to_async(presence.touch)(team["bob"].pk, "online")
    assert (await database_sync_to_async(presence.states)([team["bob"].pk]))[team["bob"].pk] == "online"
    for communicator in (alice, bob):
        await communicator.disconnect()


async def test_presence_expires_by_itself(team, settings):
    settings.MESSAGING_PRESENCE_SECONDS = 1
    await database_sync_to_async(presence.touch)(team["carol"].pk, "online")
    await asyncio.sleep(1.3)
    assert (await database_sync_to_async(presence.states)([team["carol"].pk]))[team["carol"].pk] == "offline"


async def test_reading_updates_the_unread_total_in_every_tab(team, channel_layer):
    alice = await socket_of(team, "alice")
    bob_tab, bob_other_tab = await socket_of(team, "bob"), await socket_of(team, "bob")
    chat = team["chat"].pk
    for n in (1, 2):
        await alice.send_json_to(send_frame(chat, f"u-{n}", f"news {n}"))
        await alice.receive_json_from()
        await bob_tab.receive_json_from()
        await bob_other_tab.receive_json_from()
    await bob_tab.send_json_to({"type": "read", "conversation": chat, "seq": 1})
    assert await bob_tab.receive_json_from() == {"type": "read.ack", "conversation": chat, "seq": 1}
    update = {"type": "read.updated", "conversation": chat, "seq": 1, "unread_total": 1}
    assert await bob_tab.receive_json_from() == update
    assert await bob_other_tab.receive_json_from() == update
    for communicator in (alice, bob_tab, bob_other_tab):
        await communicator.disconnect()


async def test_a_fast_sender_gets_a_rate_limit_error_and_nothing_is_stored(team, channel_layer, settings):
    settings.MESSAGING_RATE_LIMITS = {"send": (3, 60)}
    alice = await socket_of(team, "alice")
    chat = team["chat"].pk
    codes = []
    for n in range(5):
        await alice.send_json_to(send_frame(chat, f"r-{n}", f"spam {n}"))
        reply = await alice.receive_json_from()
        codes.append(reply.get("code") or reply["type"])
        if reply["type"] == "message.ack":
            assert (await alice.receive_json_from())["type"] == "message.new"
    assert codes == ["message.ack"] * 3 + ["rate_limited"] * 2
    stored = await database_sync_to_async(lambda: team["chat"].messages.count())()
    assert stored == 3
    await alice.send_json_to({"type": "sync", "conversation": chat, "after": 0})  # still usable
    assert (await alice.receive_json_from())["type"] == "sync.result"
    await alice.disconnect()


async def test_a_client_far_behind_is_told_to_reload(team, channel_layer, settings):
    settings.MESSAGING_RELOAD_GAP = 3
    alice = await socket_of(team, "alice")
    chat = team["chat"].pk
    for n in range(5):
        await alice.send_json_to(send_frame(chat, f"g-{n}", f"message {n}"))
        await alice.receive_json_from()
        await alice.receive_json_from()
    await alice.send_json_to({"type": "sync", "conversation": chat, "after": 0})
    assert await alice.receive_json_from() == {"type": "reload", "conversation": chat, "last_seq": 5}
    await alice.send_json_to({"type": "sync", "conversation": chat, "after": 2})
    assert [m["seq"] for m in (await alice.receive_json_from())["messages"]] == [3, 4, 5]
    await alice.disconnect()
