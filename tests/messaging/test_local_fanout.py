"""The production layer (messaging.channel_layer) hands live copies to the sockets of its process directly:
on the real Redis, copies still arrive once each and in order, a failing socket costs the others nothing,
and a closed socket leaves nothing registered behind."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from intranet import env
from messaging import publish, services
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
        scene.alice, scene.conversation.pk, "after-break", "Still here")

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
