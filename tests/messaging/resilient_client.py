"""A websocket client that behaves as the page does, for fault tests and the benchmark.

It reconnects after any failure, resends sends that were not acknowledged (same client_id),
and after every (re)connect asks for everything after the highest sequence number it holds
without a gap. It keeps each delivered message once, by sequence number.
"""

import asyncio
import json

from websockets.asyncio.client import connect


class ResilientClient:
    def __init__(self, url: str, cookie: tuple[str, str], origin: str, conversation: int):
        self.url, self.cookie, self.origin, self.conversation = url, cookie, origin, conversation
        self.received: dict[int, dict] = {}  # seq -> message, each once
        self.acked: dict[str, int] = {}  # client_id -> seq
        self.pending: dict[str, dict] = {}  # client_id -> frame not yet acknowledged
        self.duplicates_on_wire = 0  # copies of a seq we already had (harmless, counted for the report)
        self.live: set[int] = set()  # seqs that arrived as a live message.new copy (not through sync)
        self.errors = 0  # error frames, e.g. server_error while Redis restarts
        self.connections = 0
        self._socket = None
        self._syncing = False

    @property
    def contiguous(self) -> int:
        seq = 0
        while seq + 1 in self.received:
            seq += 1
        return seq

    async def send(self, client_id: str, body: str) -> None:
        frame = {"type": "message.send", "conversation": self.conversation, "client_id": client_id, "body": body}
        self.pending[client_id] = frame
        await self._try_send(frame)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                async with connect(
                    self.url,
                    origin=self.origin,
                    proxy=None,
                    open_timeout=5,
                    additional_headers={"Cookie": f"{self.cookie[0]}={self.cookie[1]}"},
                ) as socket:
                    self._socket = socket
                    self.connections += 1
                    self._syncing = False
                    await self._sync()
                    for frame in list(self.pending.values()):
                        await socket.send(json.dumps(frame))
                    async for raw in socket:
                        await self._handle(json.loads(raw))
                        if stop.is_set():
                            break
            except (TimeoutError, OSError, Exception):  # noqa: BLE001 - any failure: reconnect
                pass
            finally:
                self._socket = None
            if not stop.is_set():
                await asyncio.sleep(0.2)

    async def resend_pending(self) -> None:
        for frame in list(self.pending.values()):
            await self._try_send(frame)

    async def _try_send(self, frame: dict) -> None:
        socket = self._socket
        if socket is not None:
            try:
                await socket.send(json.dumps(frame))
            except Exception:  # noqa: BLE001 - resent after the reconnect
                pass

    async def _sync(self) -> None:
        if not self._syncing:
            self._syncing = True
            await self._try_send({"type": "sync", "conversation": self.conversation, "after": self.contiguous})

    def _keep(self, message: dict) -> None:
        if message["conversation"] != self.conversation:
            return
        if message["seq"] in self.received:
            self.duplicates_on_wire += 1
        else:
            self.received[message["seq"]] = message

    async def _handle(self, frame: dict) -> None:
        kind = frame.get("type")
        if kind == "message.ack":
            self.pending.pop(frame["client_id"], None)
            self.acked[frame["client_id"]] = frame["message"]["seq"]
            self._keep(frame["message"])
        elif kind == "message.new":
            self._keep(frame["message"])
            self.live.add(frame["message"]["seq"])
            if frame["message"]["seq"] > self.contiguous:
                await self._sync()  # a copy was lost: fetch the gap
        elif kind == "sync.result":
            self._syncing = False
            for message in frame["messages"]:
                self._keep(message)
            if frame["more"]:
                await self._sync()
        elif kind == "error":
            self._syncing = False
            self.errors += 1
            # A send refused for a passing reason (server_error while Redis restarts) stays pending.

    async def catch_up(self) -> None:
        """What the page's timer does: ask again for anything missing and resend what is unacknowledged."""
        self._syncing = False
        await self._sync()
        await self.resend_pending()
