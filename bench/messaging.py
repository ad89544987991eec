"""Messaging benchmark: one daphne process (Redis channel layer, PostgreSQL) against a raw `websockets`
broadcast server, measured in the same run. Prints a table; see docs/messaging.md for the figures.

    python bench/messaging.py            (or: make bench)

Needs DATABASE_URL (PostgreSQL) and REDIS_URL; `make bench` starts throwaway services for it. A
database `bench_<random>` is created on that server and dropped afterwards, and the channel layer and
cache use their own key prefix. Everything listens on loopback; every loop is bounded in time.

Measures, for each server:
- fan-out: a 200-member conversation, one sender at 10 messages a second, send-to-receive latency
  over every receiving member (p50, p99);
- saturation: 10 of the 200 members send as fast as a window of 5 unacknowledged messages allows;
  deliveries per second received by all members;
- direct: 100 pairs, each sender with a window of 5; messages delivered to the other person per second
  (for the intranet each one was stored first);
- idle: server memory (RSS) per idle connection with 2,000 authenticated sockets open;
- server CPU time (user + system of the server process) per fan-out copy, per delivery at saturation
  and per direct message: on a shared machine wall-clock rates depend on the other load, CPU time
  much less.
After each phase it waits (at most 30 s) until every copy arrived and every send was acknowledged, so
one phase's backlog is not measured in the next.

Options: `--profile DIR` samples the daphne process with py-spy during each phase (collapsed stacks in
DIR/<phase>.txt). Environment: BENCH_LAYER=core runs channels_redis' core layer instead of the product's
PubSub layer. The daphne process uses psycopg's connection pool as in production
(DATABASE_POOL_MAX_SIZE, default 8 here; 0 measures without it).
"""

import argparse
import asyncio
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from websockets.exceptions import ConnectionClosed

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MEMBERS = 200
FANOUT_RATE = 10  # messages a second
FANOUT_SECONDS = 6
SATURATION_SENDERS = 10
WINDOW = 5
PHASE_SECONDS = 6
DIRECT_PAIRS = 100
IDLE_SOCKETS = 2000
DRAIN_SECONDS = 30  # the longest wait for a phase's backlog to clear before the next phase
GOALS = {"p99_ms": 150, "deliveries": 4000, "ratio": 0.25}


# --- Setup of the intranet side -------------------------------------------------------------------


def database_urls() -> tuple[str, str, str]:
    """(server URL, bench database URL, bench database name)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) or not os.environ.get("REDIS_URL"):
        sys.exit(
            "The benchmark needs DATABASE_URL (PostgreSQL) and REDIS_URL. Run `make bench`, or\n"
            "`python scripts/services.py start && . var/services/env` first."
        )
    name = f"bench_{uuid.uuid4().hex[:10]}"
    parts = urlsplit(url)
    return url, urlunsplit(parts._replace(path=f"/{name}")), name


def admin_sql(server_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(statement)


def prepare_data() -> dict:
    """Migrate the bench database and create members, one group conversation and the direct pairs."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from messaging import group_services, services
    from tests.live_server import session_cookie

    User = get_user_model()
    users = []
    for n in range(MEMBERS):
        user = User(email=f"member{n}@bench.test", first_name="Member", last_name=str(n), is_active=True)
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users)
    users = list(User.objects.filter(email__endswith="@bench.test").order_by("pk"))
    room = group_services.start_group(users[0], users[1:], "Bench room")
    directs = [services.start_direct(users[n], users[n + DIRECT_PAIRS]).pk for n in range(DIRECT_PAIRS)]
    cookies = [session_cookie(user) for user in users]
    return {"room": room.pk, "directs": directs, "cookies": cookies}


# --- The two servers under test ---------------------------------------------------------------------


class Intranet:
    name = "intranet"

    def __init__(self, port: int, data: dict):
        self.port, self.data = port, data
        self.room, self.directs = data["room"], data["directs"]
        self.direct_set = set(self.directs)

    def url(self, n: int) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/?batch=1&notifications=1"  # as the web page connects

    def headers(self, n: int) -> dict:
        name, value = self.data["cookies"][n % MEMBERS]
        return {"Cookie": f"{name}={value}"}

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def room_frame(self, msg_id: str) -> str:
        return json.dumps({"type": "message.send", "conversation": self.room, "client_id": msg_id, "body": msg_id})

    def direct_frame(self, n: int, msg_id: str) -> str:
        return json.dumps(
            {"type": "message.send", "conversation": self.directs[n], "client_id": msg_id, "body": msg_id}
        )

    def frames(self, raw: str) -> list:
        frame = json.loads(raw)
        return frame["frames"] if frame.get("type") == "batch" else [frame]

    def parse(self, frame: dict):
        kind = frame.get("type")
        if kind == "message.ack":
            return "ack", frame["client_id"]
        if kind == "message.new":
            message = frame["message"]
            return ("room" if message["conversation"] == self.room else "direct"), message["body"]
        if kind == "notifications.unread":
            return "ignored", None  # the count every page socket gets once open: expected, not measured
        return None, None

    def own_copy_releases(self) -> bool:
        return False


class Raw:
    name = "raw websockets"

    def __init__(self, port: int):
        self.port = port

    def url(self, n: int) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/{n}"

    def headers(self, n: int) -> dict:
        return {}

    origin = None

    def room_frame(self, msg_id: str) -> str:
        return json.dumps({"to": "room", "id": msg_id, "body": msg_id})

    def direct_frame(self, n: int, msg_id: str) -> str:
        return json.dumps({"to": n + DIRECT_PAIRS, "id": msg_id, "body": msg_id})

    def frames(self, raw: str) -> list:
        return [json.loads(raw)]

    def parse(self, frame: dict):
        if "ack" in frame:
            return "ack", frame["ack"]
        return ("room" if frame["to"] == "room" else "direct"), frame["id"]

    def own_copy_releases(self) -> bool:
        return True  # the broadcast's copy to the sender is its acknowledgement


# --- Measuring ----------------------------------------------------------------------------------------


@dataclass
class Run:
    """What the receivers record during one phase."""

    phase: str = ""
    sent_at: dict = field(default_factory=dict)
    latencies: list = field(default_factory=list)
    room_deliveries: int = 0
    frames: int = 0
    direct_deliveries: int = 0
    windows: dict = field(default_factory=dict)
    counting: bool = False
    debug: int = 15


def sender_of(msg_id: str) -> int:
    return int(msg_id.split("-")[1])


async def open_sockets(target, count: int, concurrency: int = 20) -> list:
    from websockets.asyncio.client import connect

    gate = asyncio.Semaphore(concurrency)

    async def one(n):
        async with gate:
            for attempt in range(5):
                try:
                    return await connect(
                        target.url(n),
                        origin=target.origin,
                        additional_headers=target.headers(n),
                        proxy=None,
                        open_timeout=30,
                        max_queue=None,
                        ping_interval=None,
                    )
                except Exception:  # noqa: BLE001 - a handshake refused under load: retry, as a browser would
                    if attempt == 4:
                        raise
                    await asyncio.sleep(0.5)

    return await asyncio.gather(*(one(n) for n in range(count)))


async def receive_loop(target, n: int, socket, run: Run) -> None:
    try:
        async for raw in socket:
            now = time.perf_counter()
            if run.counting:
                run.frames += 1
            for frame in target.frames(raw):
                record(target, n, frame, now, run)
    except ConnectionClosed as closed:
        if run.debug and closed.rcvd is not None and closed.rcvd.code != 1000:
            run.debug -= 1
            print(f"receiver {n} closed: {closed!r}", file=sys.stderr)
    except Exception as error:  # noqa: BLE001 - tell, and stop counting for this socket
        print(f"receiver {n} failed: {error!r}", file=sys.stderr)


def record(target, n: int, frame: dict, now: float, run: Run) -> None:
    kind, msg_id = target.parse(frame)
    if kind == "ignored":
        return
    if kind is None and run.debug:
        run.debug -= 1
        print(f"unexpected frame: {str(frame)[:300]}", file=sys.stderr)
    if kind is None or not msg_id.startswith(run.phase):
        return
    sender = sender_of(msg_id)
    if kind == "ack" or (kind == "room" and sender == n and target.own_copy_releases()):
        window = run.windows.get(sender)
        if window is not None:
            window.release()
    if kind == "room" and sender != n:
        if msg_id in run.sent_at:
            run.latencies.append(now - run.sent_at[msg_id])
        if run.counting:
            run.room_deliveries += 1
    elif kind == "direct" and sender != n and run.counting:
        run.direct_deliveries += 1


class Profiler:
    """`--profile DIR`: py-spy samples the server during each phase (DIR/<phase>.txt, collapsed stacks)."""

    def __init__(self, directory: str | None, pid: int | None):
        self.directory, self.pid, self.process = directory, pid, None

    def phase(self, name: str | None) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=60)
            self.process = None
        if name and self.directory and self.pid:
            out = Path(self.directory) / f"{name}.txt"
            py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
            self.process = subprocess.Popen(
                [
                    py_spy,
                    "record",
                    "--pid",
                    str(self.pid),
                    "--rate",
                    "250",
                    "--format",
                    "raw",
                    "--threads",
                    "--nonblocking",
                    "--output",
                    str(out),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used: unlike wall time, barely affected by other load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def settle(condition, timeout: float = DRAIN_SECONDS) -> None:
    """Wait until `condition()` holds (every copy arrived, every send acknowledged), at most `timeout`:
    a phase's backlog must not be measured as the next phase's."""
    deadline = time.perf_counter() + timeout
    while not condition() and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)


async def measure_server(target, pid: int, profiler: Profiler | None = None) -> dict:
    profiler = profiler or Profiler(None, None)
    sockets = await open_sockets(target, MEMBERS)
    run = Run()
    loops = [asyncio.create_task(receive_loop(target, n, socket, run)) for n, socket in enumerate(sockets)]
    results = {}

    # Fan-out latency: one sender, 10 a second; the first second warms up.
    run.phase = f"L{uuid.uuid4().hex[:6]}"
    total = FANOUT_RATE * FANOUT_SECONDS
    profiler.phase("fanout")
    cpu_before = cpu_seconds(pid)
    start = time.perf_counter()
    for k in range(total):
        msg_id = f"{run.phase}-0-{k}"
        if k >= FANOUT_RATE:
            run.sent_at[msg_id] = time.perf_counter()
        await sockets[0].send(target.room_frame(msg_id))
        await asyncio.sleep(max(0.0, start + (k + 1) / FANOUT_RATE - time.perf_counter()))
    expected = (total - FANOUT_RATE) * (MEMBERS - 1)
    await settle(lambda: len(run.latencies) >= expected)
    results["fanout_cpu_us"] = (cpu_seconds(pid) - cpu_before) * 1e6 / (total * (MEMBERS - 1))
    profiler.phase(None)
    lat = sorted(run.latencies)
    results["p50_ms"] = statistics.median(lat) * 1000 if lat else float("nan")
    results["p99_ms"] = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000 if lat else float("nan")
    results["fanout_received"] = f"{len(lat)}/{expected}"

    # Saturation of the 200-member room, then direct pairs.
    # Direct pairs before saturation: a saturated server's backlog would otherwise delay every later phase.
    for phase, senders, make in [
        ("D", range(DIRECT_PAIRS), target.direct_frame),
        ("S", range(SATURATION_SENDERS), lambda n, msg_id: target.room_frame(msg_id)),
    ]:
        run.phase = f"{phase}{uuid.uuid4().hex[:6]}"
        run.sent_at = {}
        run.windows = {n: asyncio.Semaphore(WINDOW) for n in senders}
        stop = time.perf_counter() + PHASE_SECONDS + 1

        async def send_loop(n):
            k = 0
            while time.perf_counter() < stop:
                try:
                    await asyncio.wait_for(run.windows[n].acquire(), timeout=max(0.01, stop - time.perf_counter()))
                except TimeoutError:
                    return
                await sockets[n].send(make(n, f"{run.phase}-{n}-{k}"))
                k += 1

        profiler.phase("direct" if phase == "D" else "saturation")
        senders_tasks = [asyncio.create_task(send_loop(n)) for n in senders]
        await asyncio.sleep(1)  # ramp up
        run.room_deliveries = run.direct_deliveries = run.frames = 0
        run.counting = True
        cpu_before = cpu_seconds(pid)
        await asyncio.sleep(PHASE_SECONDS)
        cpu = cpu_seconds(pid) - cpu_before
        run.counting = False
        await asyncio.gather(*senders_tasks)
        profiler.phase(None)
        if phase == "S":
            results["deliveries_per_s"] = run.room_deliveries / PHASE_SECONDS
            results["frames_per_s"] = run.frames / PHASE_SECONDS
            results["saturation_cpu_us"] = cpu * 1e6 / max(1, run.room_deliveries)
        else:
            results["direct_per_s"] = run.direct_deliveries / PHASE_SECONDS
            results["direct_cpu_us"] = cpu * 1e6 / max(1, run.direct_deliveries)
        windows = list(run.windows.values())
        await settle(lambda: all(window._value == WINDOW for window in windows))  # noqa: SLF001

    for socket in sockets:
        await socket.close()
    for loop in loops:
        loop.cancel()
    return results


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def measure_idle(target, pid: int) -> float:
    """KiB of server memory per idle connection, with IDLE_SOCKETS connections open."""
    warm = await open_sockets(target, 10)
    for socket in warm:
        await socket.close()
    await asyncio.sleep(1)
    before = rss_kib(pid)
    sockets = await open_sockets(target, IDLE_SOCKETS)
    await asyncio.sleep(3)
    after = rss_kib(pid)
    open_count = sum(1 for socket in sockets if socket.state.name == "OPEN")
    for socket in sockets:
        await socket.close()
    if open_count != IDLE_SOCKETS:
        raise RuntimeError(f"only {open_count} of {IDLE_SOCKETS} sockets stayed open")
    return (after - before) / IDLE_SOCKETS


# --- Main ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", metavar="DIR", help="sample the daphne process with py-spy into DIR")
    options = parser.parse_args()
    server_url, bench_url, name = database_urls()
    admin_sql(server_url, f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = bench_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    try:
        print("Preparing the bench database (migrations, 200 members)…", file=sys.stderr)
        data = prepare_data()
        from django.conf import settings

        from tests.live_server import free_port, run_daphne

        env = {
            "DATABASE_URL": bench_url,
            "REDIS_URL": os.environ["REDIS_URL"],
            "SECRET_KEY": settings.SECRET_KEY,
            "CHANNEL_LAYER_PREFIX": prefix,
            "CACHE_KEY_PREFIX": prefix,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "false",
            "LANGUAGE_CODE": "en",
            "BENCH_LAYER": os.environ.get("BENCH_LAYER", ""),
            "DATABASE_POOL_MAX_SIZE": os.environ.get("DATABASE_POOL_MAX_SIZE", "8"),
        }
        with run_daphne(env) as daphne:
            intranet = Intranet(daphne.port, data)
            print("Measuring the intranet on one daphne process…", file=sys.stderr)
            profiler = Profiler(options.profile, daphne.process.pid)
            ours = asyncio.run(measure_server(intranet, daphne.process.pid, profiler))
            try:
                ours["idle_kib"] = asyncio.run(measure_idle(intranet, daphne.process.pid))
            except Exception:
                print(daphne.log_text()[-3000:], file=sys.stderr)
                raise
        port = free_port()
        raw = subprocess.Popen([sys.executable, str(ROOT / "bench" / "raw_server.py"), str(port)], cwd=ROOT)
        try:
            time.sleep(1.5)
            print("Measuring the raw websockets baseline…", file=sys.stderr)
            base = asyncio.run(measure_server(Raw(port), raw.pid))
            base["idle_kib"] = asyncio.run(measure_idle(Raw(port), raw.pid))
        finally:
            raw.terminate()
            raw.wait(timeout=10)
        from messaging.models import Message

        stored = Message.objects.count()
        print_table(ours, base, stored)
    finally:
        from django.db import connections

        connections.close_all()
        admin_sql(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _flush_redis_prefix(prefix)


def _flush_redis_prefix(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    for pattern in (f"{prefix}*", f":1:{prefix}*", f"{prefix}:*"):
        for key in client.scan_iter(match=pattern, count=1000):
            client.delete(key)


def print_table(ours: dict, base: dict, stored: int) -> None:
    from django.conf import settings

    def ratio(a, b):
        return f"{a / b:.2f}" if b else "-"

    p99_ok = ours["p99_ms"] <= GOALS["p99_ms"]
    rate_ok = ours["deliveries_per_s"] >= GOALS["deliveries"]
    ratio_ok = bool(base["deliveries_per_s"]) and ours["deliveries_per_s"] / base["deliveries_per_s"] >= GOALS["ratio"]

    rows = [
        (
            "fan-out 200 members, 10 msg/s: p50 latency (ms)",
            f"{ours['p50_ms']:.1f}",
            f"{base['p50_ms']:.1f}",
            ratio(ours["p50_ms"], base["p50_ms"]),
            "",
        ),
        (
            "fan-out 200 members, 10 msg/s: p99 latency (ms)",
            f"{ours['p99_ms']:.1f}",
            f"{base['p99_ms']:.1f}",
            ratio(ours["p99_ms"], base["p99_ms"]),
            f"<= {GOALS['p99_ms']}: {'met' if p99_ok else 'MISSED'}",
        ),
        ("fan-out copies received", ours["fanout_received"], base["fanout_received"], "", "all"),
        (
            "deliveries/s at saturation (200-member room)",
            f"{ours['deliveries_per_s']:.0f}",
            f"{base['deliveries_per_s']:.0f}",
            ratio(ours["deliveries_per_s"], base["deliveries_per_s"]),
            f">= {GOALS['deliveries']}: {'met' if rate_ok else 'MISSED'}; "
            f"ratio >= {GOALS['ratio']}: {'met' if ratio_ok else 'MISSED'}",
        ),
        # Copies that queue up for one socket leave the intranet in one batch frame; raw sends one each.
        (
            "frames received/s at saturation (all sockets)",
            f"{ours['frames_per_s']:.0f}",
            f"{base['frames_per_s']:.0f}",
            ratio(ours["frames_per_s"], base["frames_per_s"]),
            "",
        ),
        (
            "direct messages stored+delivered/s (100 pairs)",
            f"{ours['direct_per_s']:.0f}",
            f"{base['direct_per_s']:.0f}",
            ratio(ours["direct_per_s"], base["direct_per_s"]),
            "",
        ),
        (
            f"memory per idle connection, {IDLE_SOCKETS} sockets (KiB)",
            f"{ours['idle_kib']:.1f}",
            f"{base['idle_kib']:.1f}",
            ratio(ours["idle_kib"], base["idle_kib"]),
            "",
        ),
        # Server CPU time (user + system of the server process only, not PostgreSQL or Redis) per unit of
        # work: what the other load on a shared machine changes least. 1e6 / µs = the rate one core allows.
        (
            "server CPU per fan-out copy (µs)",
            f"{ours['fanout_cpu_us']:.0f}",
            f"{base['fanout_cpu_us']:.0f}",
            ratio(ours["fanout_cpu_us"], base["fanout_cpu_us"]),
            "",
        ),
        (
            "server CPU per delivery at saturation (µs)",
            f"{ours['saturation_cpu_us']:.0f}",
            f"{base['saturation_cpu_us']:.0f}",
            ratio(ours["saturation_cpu_us"], base["saturation_cpu_us"]),
            "",
        ),
        (
            "server CPU per direct message (µs)",
            f"{ours['direct_cpu_us']:.0f}",
            f"{base['direct_cpu_us']:.0f}",
            ratio(ours["direct_cpu_us"], base["direct_cpu_us"]),
            "",
        ),
    ]
    widths = [max(len(str(row[i])) for row in rows + [HEADER]) for i in range(5)]
    for row in [HEADER, tuple("-" * w for w in widths), *rows]:
        print(" | ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(
        f"\nGoals: p99 {'met' if p99_ok else 'MISSED'}; deliveries/s {'met' if rate_ok else 'MISSED'}; "
        f"ratio to baseline {'met' if ratio_ok else 'MISSED'}. Messages stored by the intranet: {stored}. "
        f"CPUs: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}. "
        f"Channel layer: {settings.CHANNEL_LAYERS['default']['BACKEND'].rsplit('.', 1)[-1]}."
    )
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        # Other load slows the two servers unevenly (the raw one's rate varies most): trust the CPU rows.
        print(
            f"The machine was busy (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs): rates and "
            "their ratios are not reliable; compare the server CPU rows instead."
        )


HEADER = ("measure", "intranet", "raw websockets", "ratio", "goal")


if __name__ == "__main__":
    main()
