"""A redis-server of a test's own, on a free port, that the test may stop and start again on the same
port (never the shared one: other tests and other runs use that)."""

import shutil
import subprocess
import time

import pytest

from tests.conftest import missing
from tests.live_server import free_port


@pytest.fixture
def redis_server():
    binary = shutil.which("redis-server")
    if binary is None:
        missing("redis-server is needed for the fault tests (apt-get install redis-server)")
    port = free_port()
    own = OwnRedis(binary, port)
    own.start()
    yield own
    own.stop()


class OwnRedis:
    def __init__(self, binary: str, port: int):
        self.binary, self.port, self.process = binary, port, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while (
            subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True).stdout.strip()
            != "PONG"
        ):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
