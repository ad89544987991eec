"""The baseline: a raw `websockets` broadcast server doing the least the intranet does per message.

    python bench/raw_server.py PORT

A client connects to /ws/<n>. A text frame {"to": "room", ...} goes to every connection (the sender
too, as the intranet echoes a message to its sender); {"to": <n>, ...} goes to connection n, and the
sender gets {"ack": ...} back. No storage, no authentication, no channel layer.
"""

import asyncio
import json
import sys

from websockets.asyncio.server import broadcast, serve

connections = {}


async def handler(socket):
    number = socket.request.path.rstrip("/").rsplit("/", 1)[-1]
    connections[number] = socket
    try:
        async for raw in socket:
            frame = json.loads(raw)
            target = frame.get("to")
            if target == "room":
                broadcast(list(connections.values()), raw)
            else:
                peer = connections.get(str(target))
                if peer is not None:
                    broadcast([peer], raw)
                await socket.send(json.dumps({"ack": frame.get("id")}))
    finally:
        connections.pop(number, None)


async def main(port: int):
    async with serve(handler, "127.0.0.1", port, max_queue=None, ping_interval=None):
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
