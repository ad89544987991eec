"""The production channel layer: channels_redis' PubSub layer, handing group events to local sockets at once.

channels_redis' PubSub layer puts each group message from Redis into the queue of every local channel in
the group; each consumer then wakes, deserialises its own copy and dispatches it. For a 200-member room
that per-socket work was most of what daphne did at saturation (docs/messaging.md, "Performance").

Here a consumer may register, for its channel, a receiver and a flusher. The receiver is a plain function
the layer calls in the order Redis delivered the messages (but not while an earlier event waits in that
socket's queue: then the copy queues behind it, so each socket keeps Redis' order), with the event deserialised once for all local
sockets; it says whether it took the event (events it does not take are queued and dispatched as before).
Receivers run inside the layer's reader task, so they must not block and must not change the event, which
every receiver in the process shares. Once the reader has handed out what Redis had sent, one task awaits
the flusher of every channel that took something: one task per burst, not one per socket and message, and
what queued up for a socket meanwhile leaves together.

When the process is busy (the previous flush ended less than twice its own duration ago, at most
2 × MAX_PAUSE), the next flush waits until then: the copies of the messages stored meanwhile join it,
so at saturation each socket gets a few copies per write (and per frame, for clients that ask for
batches) instead of one write per copy. An idle process flushes at once, so latency at ordinary rates
is unchanged (docs/messaging.md, "Performance").

A publish on a connection that Redis closed (Redis restarted since the pool opened it) fails once with
"Connection closed by server"; redis-py then drops that connection, so the shard publishes once more on a
fresh one (counted in `intranet_channel_layer_publish_retries_total`) instead of losing the copy.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from channels_redis.pubsub import RedisPubSubChannelLayer, RedisPubSubLoopLayer, RedisSingleShardConnection
from channels_redis.utils import _wrap_close
from redis.exceptions import ConnectionError as RedisConnectionError

from core.metrics import PUBLISH_RETRIES

logger = logging.getLogger(__name__)

MAX_PAUSE = 0.025  # seconds: twice this is the longest a busy process holds copies back to send them together
Receiver = Callable[[dict], bool]
Flusher = Callable[[], Awaitable[None]]


class LocalFanoutChannelLayer(RedisPubSubChannelLayer):
    def _get_layer(self):
        # As the parent's, with our loop layer: one per event loop, flushed when that loop closes.
        loop = asyncio.get_running_loop()
        layer = self._layers.get(loop)
        if layer is None:
            layer = self._layers[loop] = LocalFanoutLoopLayer(*self._args, **self._kwargs, channel_layer=self)
            _wrap_close(self, loop)
        return layer


class LocalFanoutLoopLayer(RedisPubSubLoopLayer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.receivers: dict[str, tuple[Receiver, Flusher]] = {}
        self.to_flush: dict[str, None] = {}  # channels that took events since the last flush, in order
        self.backlog: dict[str, int] = {}  # events queued for a receiver's channel and not yet dispatched
        self.flushing = None
        self.last_flush_end = self.last_flush_took = 0.0
        # Shards open no connection until used, so replacing them here costs nothing.
        self._shards = [LocalFanoutShard(shard.host, self) for shard in self._shards]

    def add_receiver(self, channel: str, receiver: Receiver, flusher: Flusher) -> None:
        self.receivers[channel] = (receiver, flusher)

    def remove_receiver(self, channel: str) -> None:
        self.receivers.pop(channel, None)
        self.backlog.pop(channel, None)

    def dispatched(self, channel: str) -> None:
        """The consumer of this channel has dispatched one event from its queue."""
        left = self.backlog.get(channel, 0) - 1
        if left > 0:
            self.backlog[channel] = left
        else:
            self.backlog.pop(channel, None)

    async def receive(self, channel):
        try:
            return await super().receive(channel)
        finally:
            if channel not in self.channels:  # the parent forgets a channel whose consumer ended
                self.receivers.pop(channel, None)
                self.backlog.pop(channel, None)

    def enqueue(self, channel: str, data: bytes) -> None:
        """Queue an event for the consumer's dispatch, as the parent layer does with every event."""
        self.channels[channel].put_nowait(data)
        if channel in self.receivers:
            self.backlog[channel] = self.backlog.get(channel, 0) + 1

    def deliver(self, group_channel: str, data: bytes) -> None:
        event = None
        for channel in list(self.groups.get(group_channel, ())):
            if channel not in self.channels:
                continue
            registered = self.receivers.get(channel)
            # While an event waits in this socket's queue, later copies queue behind it (Redis order).
            if registered is not None and not self.backlog.get(channel):
                if event is None:
                    try:
                        event = self.channel_layer.deserialize(data)
                    except Exception:  # noqa: BLE001 - e.g. another key or serializer during a rolling deploy
                        logger.exception("Dropped a message of %s that could not be read", group_channel)
                        return
                try:
                    if registered[0](event):
                        self.to_flush[channel] = None
                        continue
                except Exception:  # noqa: BLE001 - one socket's failure must not cost the others their copy
                    logger.exception("Receiver of channel %s failed; the event goes through its queue", channel)
            self.enqueue(channel, data)
        if self.to_flush and self.flushing is None:
            self.flushing = asyncio.ensure_future(self.send_outboxes())

    async def flush(self):
        """The layer's "flush" extension (tests, and when the event loop closes): like new."""
        if self.flushing is not None:
            self.flushing.cancel()
        self.receivers, self.to_flush, self.backlog, self.flushing = {}, {}, {}, None
        await super().flush()

    async def send_outboxes(self):
        loop = asyncio.get_running_loop()
        # Busy (the last flush ended less than twice its own duration ago): wait until then, so that the
        # copies of the next messages join this flush instead of each costing every socket a write of its
        # own. Flushing then takes at most a third of the process's time; the rest stores and acknowledges.
        await asyncio.sleep(max(0.0, 2 * self.last_flush_took - (loop.time() - self.last_flush_end)))
        started = loop.time()
        try:
            while self.to_flush:
                channels, self.to_flush = self.to_flush, {}
                for channel in channels:
                    registered = self.receivers.get(channel)
                    if registered is None:
                        continue
                    try:
                        await registered[1]()
                    except Exception:  # noqa: BLE001 - the socket is going away; sync recovers anything lost
                        logger.exception("Flusher of channel %s failed", channel)
        finally:
            self.flushing = None
            self.last_flush_end = loop.time()
            self.last_flush_took = min(MAX_PAUSE, self.last_flush_end - started)


class LocalFanoutShard(RedisSingleShardConnection):
    async def publish(self, channel, message):
        try:
            await super().publish(channel, message)
        except RedisConnectionError:
            # A stale connection (Redis restarted): once more, on a new one. A second failure is Redis
            # being down, which the caller counts as a lost copy (sync recovers it).
            PUBLISH_RETRIES.inc()
            await super().publish(channel, message)

    def _receive_message(self, message):
        if message is None:
            return
        name = message["channel"]
        if isinstance(name, bytes):
            name = name.decode()
        if name in self.channel_layer.channels:
            self.channel_layer.enqueue(name, message["data"])
        else:
            self.channel_layer.deliver(name, message["data"])
