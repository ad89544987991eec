"""A real daphne server in a subprocess, for tests that talk to the app over real sockets.

Three pieces, usable on their own:

- ``run_daphne(env)``: a context manager that starts ``python -m daphne -b 127.0.0.1 -p <free port>
  intranet.asgi:application`` from the project root with ``env`` laid over the current environment,
  waits until the port answers, yields a ``LiveServer`` (``.url`` is the base URL such as
  ``http://127.0.0.1:40123``; ``.ws_url("/ws/")``; ``.origin`` is the Origin a page of this server
  sends; ``.log_text()`` is daphne's output) and terminates it afterwards. DATABASE_URL, REDIS_URL,
  ELASTICSEARCH_URL and DJANGO_ALLOW_ASYNC_UNSAFE are not inherited: the services are exactly what
  ``env`` says, and the server always keeps Django's async-safety check. A port taken in the meantime
  is retried with another one; a server that does not start raises with its log.
- ``server_env()``: the environment that makes the subprocess share the running test's database
  (DATABASE_URL of the test database — PostgreSQL, or the SQLite file under var/ that core/env.py
  uses for tests), its SECRET_KEY (sessions are signed with it), English, and REDIS_URL with a unique
  channel-layer prefix when the suite runs with Redis.
- ``session_cookie(user)``: a logged-in session created through Django's session engine in that
  database, returned as ``(cookie_name, session_key)``; add it to a websocket handshake or a browser
  context.

The ``live_daphne`` fixture combines them. The data the server must see has to be committed, so tests
using it need ``@pytest.mark.django_db(transaction=True)`` (the fixture requests ``transactional_db``).
Import it into a conftest.py to use it: ``from tests.live_server import live_daphne  # noqa: F401``.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Not inherited: the services are chosen by `env` only, and the server must never run with
# Django's async-safety check off (a test process may turn it off for Playwright).
NOT_INHERITED = ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")


@dataclass
class LiveServer:
    host: str
    port: int
    log_path: Path
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def origin(self) -> str:
        return self.url

    def ws_url(self, path: str = "/ws/") -> str:
        return f"ws://{self.host}:{self.port}{path}"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@contextmanager
def run_daphne(
    env: dict[str, str] | None = None,
    *,
    application: str = "intranet.asgi:application",
    host: str = "127.0.0.1",
    startup_timeout: float = 30.0,
    attempts: int = 3,
):
    """Start daphne with `env`, yield a LiveServer once its port answers, stop it on exit."""
    full_env = {name: value for name, value in os.environ.items() if name not in NOT_INHERITED}
    full_env.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings")
    full_env.update(env or {})
    server = None
    for _attempt in range(attempts):
        server = _start(full_env, application, host)
        if _wait_until_listening(server, startup_timeout):
            break
        _stop(server)
        if "Address already in use" not in server.log_text():
            break
    if server is None or server.process.poll() is not None:
        log = server.log_text()[-4000:] if server else ""
        raise RuntimeError(f"daphne did not start:\n{log}")
    try:
        yield server
    finally:
        _stop(server)
        server.log_path.unlink(missing_ok=True)


def server_env(**extra: str) -> dict[str, str]:
    """Environment for a server that shares this test's database (and Redis, when configured)."""
    env = {
        "DATABASE_URL": database_url(connection.settings_dict),
        "SECRET_KEY": settings.SECRET_KEY,
        "INTRANET_VAR_DIR": str(settings.VAR_DIR),
        "LANGUAGE_CODE": "en",
        "DEBUG": "false",
    }
    if connection.vendor == "postgresql":
        # Served as in production (docker-compose.yml): through psycopg's connection pool.
        env["DATABASE_POOL_MAX_SIZE"] = "8"
    redis_url = os.environ.get("REDIS_URL", "")
    if redis_url:
        prefix = f"test-{uuid.uuid4().hex[:12]}"
        env.update({"REDIS_URL": redis_url, "CHANNEL_LAYER_PREFIX": prefix, "CACHE_KEY_PREFIX": prefix})
    env.update(extra)
    return env


def database_url(db: dict) -> str:
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        if name == ":memory:" or name.startswith("file:"):
            raise RuntimeError("An in-memory SQLite database cannot be shared with a server process.")
        return f"sqlite:///{Path(name).resolve()}"
    if db["ENGINE"] == "django.db.backends.postgresql":
        credentials = quote(db.get("USER") or "", safe="")
        if db.get("PASSWORD"):
            credentials += ":" + quote(db["PASSWORD"], safe="")
        at = f"{credentials}@" if credentials else ""
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{at}{db.get('HOST') or 'localhost'}{port}/{quote(db['NAME'], safe='')}"
    raise RuntimeError(f"No DATABASE_URL form known for {db['ENGINE']}")


def session_cookie(user, backend: str = "django.contrib.auth.backends.ModelBackend") -> tuple[str, str]:
    """Log `user` in the way django.contrib.auth.login does, without a request: (cookie name, value)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return settings.SESSION_COOKIE_NAME, store.session_key


@pytest.fixture
def live_daphne(transactional_db):
    """A daphne server sharing the test database; see the module docstring."""
    with run_daphne(server_env()) as server:
        yield server


def _start(env: dict[str, str], application: str, host: str) -> LiveServer:
    port = free_port(host)
    log_file = tempfile.NamedTemporaryFile(prefix="daphne-", suffix=".log", delete=False)  # noqa: SIM115
    # The log goes to a file, not a pipe: a full pipe would block the server.
    process = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", host, "-p", str(port), application],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    log_file.close()
    return LiveServer(host=host, port=port, log_path=Path(log_file.name), process=process)


def _wait_until_listening(server: LiveServer, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            with socket.create_connection((server.host, server.port), timeout=0.5):
                # Someone answers; make sure it is our process and not a stranger on a reused port.
                return server.process.poll() is None
        except OSError:
            time.sleep(0.1)
    return False


def _stop(server: LiveServer) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)
