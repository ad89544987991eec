"""The production layer (messaging.channel_layer) hands live copies to the sockets of its process directly:
on the real Redis, copies still arrive once each and in order, a failing socket costs the others nothing,
and a closed socket leaves nothing registered behind."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from core import env
from messaging import consumers, publish, services
from tests.messaging.test_consumer import logged_in, send_frame

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
async def redis_layer(redis_url, settings):
    layer_settings = env.channel_layer(redis_url)
    layer_settings["CONFIG"]["prefix"] = f"test-fanout-{id(settings)}"
    settings.CHANNEL_LAYERS = {"default": layer_settings}
    layer = get_channel_layer()
    assert type(layer).__name__ == "LocalFanoutChannelLayer"
    yield layer
    await layer.flush()


async def test_a_burst_of_messages_reaches_the_other_member_once_each_and_in_order(scene, redis_layer):
    alice, bob = await logged_in(scene, "alice"), await logged_in(scene, "bob")
    conversation = scene.conversation.pk
    send = database_sync_to_async(services.send_message, thread_sensitive=False)
    for n in range(30):  # stored and published one after another, faster than one socket forwards them
        await send(scene.alice, conversation, f"burst-{n}", f"Message {n}")

    seqs = [(await bob.receive_json_from(timeout=5))["message"]["seq"] for _ in range(30)]
    assert seqs == list(range(1, 31))
    assert await bob.receive_nothing(timeout=0.3)
    # The sender's own socket gets the same copies (the page shows what other tabs sent).
    assert [(await alice.receive_json_from(timeout=5))["message"]["seq"] for _ in range(30)] == seqs
    for socket in (alice, bob):
        await socket.disconnect()


async def test_the_sender_gets_the_ack_before_its_own_copy(scene, redis_layer):
    alice = await logged_in(scene, "alice")
    for n in range(5):
        await alice.send_json_to(send_frame(scene.conversation.pk, f"own-{n}", f"Mine {n}"))
        ack = await alice.receive_json_from(timeout=5)
        copy = await alice.receive_json_from(timeout=5)
        assert (ack["type"], copy["type"]) == ("message.ack", "message.new")
        assert copy["message"] == ack["message"]
    await alice.disconnect()


async def test_a_socket_whose_receiver_fails_still_gets_the_copy_and_costs_the_others_nothing(scene, redis_layer):
    bob = await logged_in(scene, "bob")
    loop_layer = redis_layer._get_layer()
    # A stranger channel in the same group whose receiver breaks: the layer queues its copy instead.
    broken = await redis_layer.new_channel()

    def breaks(event):
        raise RuntimeError("a broken socket")

    async def nothing():
        return None

    loop_layer.add_receiver(broken, breaks, nothing)
    await redis_layer.group_add(publish.conversation_group(scene.conversation.pk), broken)

    await database_sync_to_async(services.send_message, thread_sensitive=False)(
        scene.alice, scene.conversation.pk, "after-break", "Still here"
    )

    assert (await bob.receive_json_from(timeout=5))["message"]["body"] == "Still here"
    queued = await asyncio.wait_for(redis_layer.receive(broken), 5)
    assert queued["type"] == "message.new" and scene.bob.pk in queued["members"]
    await bob.disconnect()


async def test_a_closed_socket_leaves_no_receiver_behind(scene, redis_layer):
    bob = await logged_in(scene, "bob")
    loop_layer = redis_layer._get_layer()
    assert len(loop_layer.receivers) == 1
    await bob.disconnect()
    assert loop_layer.receivers == {}


def live_copy(layer, scene, seq: int) -> bytes:
    """A message.new event as publish.to_conversation sends it, serialised as Redis carries it."""
    frame = {"type": "message.new", "message": {"seq": seq, "body": f"Copy {seq}"}}
    return layer.serialize({**frame, "members": [scene.alice.pk, scene.bob.pk], "text": json.dumps(frame)})


async def test_copies_that_queue_up_reach_a_batch_client_in_one_frame_and_others_one_by_one(scene, redis_layer):
    alice = await logged_in(scene, "alice")
    bob = await logged_in(scene, "bob", path="/ws/?batch=1")
    loop_layer = redis_layer._get_layer()
    group = loop_layer._get_group_channel_name(publish.conversation_group(scene.conversation.pk))

    for seq in (1, 2, 3):  # handed over before the flush runs: they queue up
        loop_layer.deliver(group, live_copy(redis_layer, scene, seq))

    batch = await bob.receive_json_from(timeout=5)
    assert batch["type"] == "batch"
    assert [frame["message"]["seq"] for frame in batch["frames"]] == [1, 2, 3]
    assert await bob.receive_nothing(timeout=0.2)
    assert [(await alice.receive_json_from(timeout=5))["message"]["seq"] for _ in range(3)] == [1, 2, 3]
    for socket in (alice, bob):
        await socket.disconnect()


async def test_a_busy_process_holds_copies_back_to_send_them_together_and_an_idle_one_does_not(scene, redis_layer):
    bob = await logged_in(scene, "bob", path="/ws/?batch=1")
    loop_layer = redis_layer._get_layer()
    group = loop_layer._get_group_channel_name(publish.conversation_group(scene.conversation.pk))

    # Idle: each copy leaves as soon as it arrives.
    loop_layer.deliver(group, live_copy(redis_layer, scene, 1))
    await asyncio.sleep(0.01)
    loop_layer.deliver(group, live_copy(redis_layer, scene, 2))
    assert [(await bob.receive_json_from(timeout=5))["type"] for _ in range(2)] == ["message.new"] * 2

    # Busy: the last flush took 20 ms and just ended, so the next one waits and takes the later copy too.
    loop_layer.last_flush_took, loop_layer.last_flush_end = 0.02, asyncio.get_running_loop().time()
    loop_layer.deliver(group, live_copy(redis_layer, scene, 3))
    await asyncio.sleep(0.01)
    loop_layer.deliver(group, live_copy(redis_layer, scene, 4))
    batch = await bob.receive_json_from(timeout=5)
    assert [frame["message"]["seq"] for frame in batch["frames"]] == [3, 4]
    await bob.disconnect()


def layer_event(layer, **event) -> bytes:
    return layer.serialize(event)


async def frames_until_quiet(socket) -> list[dict]:
    frames = []
    while True:
        try:
            frames.append(await socket.receive_output(timeout=0.5))
        except TimeoutError:
            return frames


@pytest.mark.parametrize("busy", [False, True])
async def test_copies_and_other_events_reach_a_socket_in_the_order_redis_delivered_them(scene, redis_layer, busy):
    bob = await logged_in(scene, "bob", path="/ws/?batch=1")
    await asyncio.sleep(0.3)  # connect() has finished dispatching
    loop_layer = redis_layer._get_layer()
    conversation = loop_layer._get_group_channel_name(publish.conversation_group(scene.conversation.pk))
    personal = loop_layer._get_group_channel_name(publish.personal_group(scene.bob.pk))
    if busy:  # the next flush of copies waits: the read notice must not overtake the copy
        loop_layer.last_flush_took, loop_layer.last_flush_end = 0.02, asyncio.get_running_loop().time()

    loop_layer.deliver(conversation, live_copy(redis_layer, scene, 1))
    loop_layer.deliver(
        personal,
        layer_event(redis_layer, type="read.updated", conversation=scene.conversation.pk, seq=1, unread_total=0),
    )

    # The header shows 0 unread, not 1: the copy counted first, then the read position.
    assert [json.loads(frame["text"])["type"] for frame in await frames_until_quiet(bob)] == [
        "message.new",
        "read.updated",
    ]


async def test_a_copy_sent_before_a_removal_arrives_before_it_and_nothing_after_the_close(scene, redis_layer):
    bob = await logged_in(scene, "bob", path="/ws/?batch=1")
    await asyncio.sleep(0.3)
    loop_layer = redis_layer._get_layer()
    conversation = loop_layer._get_group_channel_name(publish.conversation_group(scene.conversation.pk))
    personal = loop_layer._get_group_channel_name(publish.personal_group(scene.bob.pk))
    loop_layer.last_flush_took, loop_layer.last_flush_end = 0.02, asyncio.get_running_loop().time()

    loop_layer.deliver(conversation, live_copy(redis_layer, scene, 1))
    loop_layer.deliver(
        personal, layer_event(redis_layer, type="conversation.removed", conversation=scene.conversation.pk)
    )
    loop_layer.deliver(conversation, live_copy(redis_layer, scene, 2))  # sent to him before the removal reached him

    frames = await frames_until_quiet(bob)
    assert [json.loads(frame["text"])["type"] for frame in frames if "text" in frame] == [
        "message.new",
        "conversation.removed",
    ]
    assert frames[-1] == {"type": "websocket.close", "code": consumers.CLOSE_REMOVED}


async def test_a_copy_waits_behind_an_event_still_in_the_socket_queue(scene, redis_layer, monkeypatch):
    handled = consumers.MessagingConsumer.read_updated

    async def slowly(self, event):
        if event["seq"] == 1:
            await asyncio.sleep(0.2)  # any await in a handler: a database call, a send that waits
        await handled(self, event)

    monkeypatch.setattr(consumers.MessagingConsumer, "read_updated", slowly)
    bob = await logged_in(scene, "bob")
    await asyncio.sleep(0.3)
    loop_layer = redis_layer._get_layer()
    conversation = loop_layer._get_group_channel_name(publish.conversation_group(scene.conversation.pk))
    personal = loop_layer._get_group_channel_name(publish.personal_group(scene.bob.pk))

    def read_notice(seq):
        return layer_event(
            redis_layer, type="read.updated", conversation=scene.conversation.pk, seq=seq, unread_total=0
        )

    loop_layer.deliver(personal, read_notice(1))
    await asyncio.sleep(0.05)  # being dispatched
    loop_layer.deliver(personal, read_notice(2))  # waits in the queue
    loop_layer.deliver(conversation, live_copy(redis_layer, scene, 3))

    frames = [json.loads(frame["text"]) for frame in await frames_until_quiet(bob)]
    assert [(frame["type"], frame.get("seq")) for frame in frames] == [
        ("read.updated", 1),
        ("read.updated", 2),
        ("message.new", None),
    ]


async def test_an_unreadable_message_is_dropped_without_holding_up_the_next_copy(scene, redis_layer, redis_url):
    import redis.asyncio as aioredis

    bob = await logged_in(scene, "bob")
    loop_layer = redis_layer._get_layer()
    conversation = loop_layer._get_group_channel_name(publish.conversation_group(scene.conversation.pk))
    client = aioredis.from_url(redis_url)
    try:
        await client.publish(conversation, b"\xc1 not msgpack")  # e.g. another key during a rolling deploy
        await client.publish(conversation, live_copy(redis_layer, scene, 1))
        # Before, the reader slept a second after the error; every socket of the process waited.
        assert (await bob.receive_json_from(timeout=0.5))["message"]["seq"] == 1
    finally:
        await client.aclose()
