"""The websockets a browser page opens, and the frames each receives, seen from the test (Playwright)."""

import json
import time

PAGE_SOCKET = "/ws/?batch=1&notifications=1"


class Sockets:
    """Every websocket the page opens, with the frames each received."""

    def __init__(self, page):
        self.page = page
        self.opened: list = []
        self.frames: dict[str, list[dict]] = {}
        page.on("websocket", self._opened)

    def _opened(self, socket):
        self.opened.append(socket.url)
        frames = self.frames.setdefault(f"{len(self.opened)}:{socket.url}", [])
        socket.on("framereceived", lambda payload: frames.extend(_frames(payload)))

    def visit(self, path: str):
        """Open the path, counting only its sockets (a blank page in between has none)."""
        self.page.goto("about:blank")
        self.page.wait_for_timeout(300)
        self.opened.clear()
        self.frames.clear()
        return self.page.goto(path)

    def wait_for(self, frame_type: str, timeout: float = 10) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for frames in self.frames.values():
                for frame in frames:
                    if frame.get("type") == frame_type:
                        return frame
            self.page.wait_for_timeout(100)
        raise AssertionError(f"no {frame_type} frame within {timeout} s; sockets: {self.opened}")

    def assert_exactly_one(self):
        # Give a second socket, were there one, the time to open.
        self.page.wait_for_timeout(1500)
        assert len(self.opened) == 1, self.opened
        assert self.opened[0].endswith(PAGE_SOCKET), self.opened


def _frames(payload) -> list[dict]:
    frame = json.loads(payload)
    return frame["frames"] if frame.get("type") == "batch" else [frame]
