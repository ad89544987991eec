"""Page speed benchmark: the pages people use most, over real HTTP against one daphne process
(PostgreSQL, Redis, Elasticsearch), as a ratio to the login page measured in the same run.

    python bench/pages.py                                    (50,000 people, 1,000 groups, 500,000 posts)
    python bench/pages.py --people 200 --groups 20 --posts 1000 --seconds 5   (the smoke test's size)

Needs DATABASE_URL (PostgreSQL), REDIS_URL and ELASTICSEARCH_URL: `make services && . var/services/env`.

The generated organisation (bench/pages_data.py) is kept between runs: a database
`benchpages_<sizes>_v<N>` on that server and Elasticsearch indices with the same prefix. A rerun
reuses them (as long as the PostgreSQL server keeps its data); `--regenerate` builds them again, `--drop`
deletes them at the end and exits 0 whether the goals are met or not (the smoke test uses it); otherwise
the exit status is 1 when a goal is missed. Sessions created for the run are deleted afterwards.
`--skip-index` leaves Elasticsearch as it is (building the content index of 500,000 posts takes long on a
busy machine; the search page then measures whatever the indices hold).

Measures, for each page (home, search results, profile, group, question, conversation, notifications)
and the login page: p50 and p95 of the time to the last byte of the response, in two phases:
- one user at a time: one client asks the pages in turn, waiting for each answer;
- 20 concurrent users: 20 logged-in clients (threads with keep-alive connections), each asking its
  own pages in turn, as fast as answers come.
Goals (docs/performance.md): p95 at most 100 ms with one user at a time, and at most 3x the login
page's p95 under 20 concurrent users.

`--profile DIR` samples the daphne process with py-spy during each phase (DIR/<phase>.txt, collapsed
stacks; needs py-spy from PyPI). `--queries` then asks each page once more in this process (Django's
test client, as the first bench user) and prints, per page, the number of SQL queries, the time spent
in them against the whole page, and the slowest ones: where the time goes.
"""

import argparse
import http.client
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA_VERSION = 1  # raise when bench/pages_data.py changes what it generates
PAGES = ["login", "home", "search", "profile", "group", "question", "conversation", "notifications"]
QUERIES = [
    "julkiset hankinnat",
    "kaavoitus",
    "tietosuoja",
    "varhaiskasvatus",
    "upphandling",
    "EU funding",
    "kouluruokailu",
    "talousarvio",
    "Virtanen",
    "sosiaalityö",
]
GOAL_SINGLE_MS = 100
GOAL_RATIO = 3.0


# --- The cached database -------------------------------------------------------------------------


def database_name(people: int, groups: int, posts: int) -> str:
    return f"benchpages_{people}_{groups}_{posts}_v{DATA_VERSION}"


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if (
        not url.startswith(("postgres://", "postgresql://"))
        or not os.environ.get("REDIS_URL")
        or not os.environ.get("ELASTICSEARCH_URL")
    ):
        sys.exit(
            "The benchmark needs DATABASE_URL (PostgreSQL), REDIS_URL and ELASTICSEARCH_URL.\n"
            "Run `make services && . var/services/env` first."
        )
    return url


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def admin_sql(url: str, statement: str) -> list:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(statement)
        return cursor.fetchall() if cursor.description else []


def database_exists(url: str, name: str) -> bool:
    return bool(admin_sql(url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))


def prepare(url: str, name: str, options) -> None:
    """The generated database and indices: reused when present, else built (into a `_building`
    database renamed at the end, so an interrupted build is never mistaken for a finished one)."""
    from bench import pages_data

    building = f"{name}_building"
    if options.regenerate and database_exists(url, name):
        admin_sql(url, f'DROP DATABASE "{name}" WITH (FORCE)')
    fresh = not database_exists(url, name)
    if fresh:
        admin_sql(url, f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        admin_sql(url, f'CREATE DATABASE "{building}"')
        os.environ["DATABASE_URL"] = with_database(url, building)
    else:
        os.environ["DATABASE_URL"] = with_database(url, name)
    import logging

    import django

    django.setup()
    logging.getLogger("elastic_transport").setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.db import connections

    # Migrations of the code measured (new indexes, say) apply to the kept database too.
    call_command("migrate", verbosity=0)
    if fresh:
        pages_data.log(f"Generating {options.people} people, {options.groups} groups, {options.posts} posts…")
        pages_data.generate(options.people, options.groups, options.posts)
    if not options.skip_index and (fresh or not indices_exist()):
        pages_data.log("Indexing into Elasticsearch…")
        pages_data.index()
    if fresh:
        connections.close_all()
        admin_sql(url, f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        os.environ["DATABASE_URL"] = with_database(url, name)
        connections["default"].settings_dict["NAME"] = name


def indices_exist() -> bool:
    """Both indices hold documents (a search asked for without them creates an empty content index)."""
    from search.backends import es_index
    from search.content import elasticsearch as es_content

    es = es_index.client()
    for alias in (es_index.alias_name(), es_content.alias_name()):
        if not es.indices.exists_alias(name=alias) or not es.count(index=alias)["count"]:
            return False
    return True


def drop(url: str, name: str) -> None:
    from django.conf import settings
    from django.db import connections

    from search.backends.es_index import client

    connections.close_all()
    admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    es = client()
    for index in es.indices.get(index=f"{settings.SEARCH_INDEX_PREFIX.lower()}-*", allow_no_indices=True):
        es.indices.delete(index=index)


# --- Asking for pages -----------------------------------------------------------------------------


def paths_for(target: dict, n: int) -> dict[str, str]:
    query = QUERIES[n % len(QUERIES)]
    return {
        "home": "/",
        "search": f"/search/?q={quote(query)}",
        "profile": f"/people/{target['profile']}/",
        "group": f"/groups/{target['group']}/",
        "question": f"/posts/{target['question']}/",
        "conversation": f"/messages/{target['conversation']}/",
        "notifications": "/notifications/",
    }


class Client:
    """One keep-alive HTTP connection; `get` returns (status, seconds to the last byte)."""

    def __init__(self, port: int, cookie: str | None):
        self.port, self.cookie = port, cookie
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path: str) -> tuple[int, float]:
        headers = {"Accept-Language": "fi", "Cookie": self.cookie} if self.cookie else {"Accept-Language": "fi"}
        started = time.perf_counter()
        for attempt in range(2):
            try:
                self.connection.request("GET", path, headers=headers)
                response = self.connection.getresponse()
                response.read()
                return response.status, time.perf_counter() - started
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()  # the server closed the keep-alive connection: one new try
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
                started = time.perf_counter()
        raise AssertionError("unreachable")


class Results:
    def __init__(self):
        self.times: dict[str, list[float]] = {page: [] for page in PAGES}
        self.errors: dict[str, int] = {}
        self.lock = threading.Lock()
        self.server_cpu = 0.0

    def add(self, page: str, status: int, seconds: float) -> None:
        with self.lock:
            if status == 200:
                self.times[page].append(seconds * 1000)
            else:
                self.errors[f"{page} {status}"] = self.errors.get(f"{page} {status}", 0) + 1

    def p(self, page: str, share: float) -> float:
        ordered = sorted(self.times[page])
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def user_loop(port: int, cookie: str, paths: dict[str, str], stop: float, results: Results, offset: int) -> None:
    """One person: their pages in turn (login page too, as an anonymous visitor), until `stop`."""
    client, anonymous = Client(port, cookie), Client(port, None)
    order = PAGES[offset % len(PAGES) :] + PAGES[: offset % len(PAGES)]
    while time.perf_counter() < stop:
        for page in order:
            if time.perf_counter() >= stop:
                return
            if page == "login":
                status, seconds = anonymous.get("/accounts/login/")
            else:
                status, seconds = client.get(paths[page])
            results.add(page, status, seconds)


def run_phase(port: int, users: list[tuple[str, dict]], seconds: float) -> Results:
    results = Results()
    stop = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=user_loop, args=(port, cookie, paths, stop, results, n), daemon=True)
        for n, (cookie, paths) in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return results


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server process: on a shared machine much steadier than wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Profiler:
    """`--profile DIR`: py-spy samples the server during each phase (DIR/<phase>.txt, collapsed stacks)."""

    def __init__(self, directory: str | None, pid: int):
        self.directory, self.pid, self.process = directory, pid, None

    def start(self, name: str) -> None:
        if self.directory:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
            self.process = subprocess.Popen(
                [
                    py_spy,
                    "record",
                    "--pid",
                    str(self.pid),
                    "--rate",
                    "200",
                    "--format",
                    "raw",
                    "--threads",
                    "--nonblocking",
                    "--output",
                    str(Path(self.directory) / f"{name}.txt"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=60)
            self.process = None


# --- Main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--groups", type=int, default=1_000)
    parser.add_argument("--posts", type=int, default=500_000)
    parser.add_argument("--users", type=int, default=20, help="concurrent users in the second phase (at most 20)")
    parser.add_argument("--seconds", type=float, default=30, help="length of each phase")
    parser.add_argument("--regenerate", action="store_true", help="build the cached database and indices again")
    parser.add_argument("--drop", action="store_true", help="delete the generated database and indices at the end")
    parser.add_argument("--profile", metavar="DIR", help="sample the daphne process with py-spy into DIR")
    parser.add_argument("--database", help="name of the kept database and index prefix (default from the sizes)")
    parser.add_argument(
        "--skip-index",
        action="store_true",
        help="do not build the Elasticsearch indices (the search page then measures empty ones)",
    )
    parser.add_argument("--queries", action="store_true", help="print each page's SQL queries and their time")
    options = parser.parse_args(argv)
    from bench.pages_data import BENCH_USERS

    options.users = max(1, min(options.users, BENCH_USERS))
    url = server_url()
    name = options.database or database_name(options.people, options.groups, options.posts)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["SEARCH_INDEX_PREFIX"] = name
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    os.environ["CACHE_KEY_PREFIX"] = prefix
    session_keys: list[str] = []
    try:
        prepare(url, name, options)
        from django.conf import settings

        from bench.pages_data import bench_targets, log
        from tests.live_server import run_daphne, session_cookie

        targets = bench_targets()
        users = []
        for n, target in enumerate(targets[: options.users]):
            cookie_name, key = session_cookie(target["user"])
            session_keys.append(key)
            users.append((f"{cookie_name}={key}", paths_for(target, n)))
        env = {
            "DATABASE_URL": os.environ["DATABASE_URL"],
            "REDIS_URL": os.environ["REDIS_URL"],
            "ELASTICSEARCH_URL": os.environ["ELASTICSEARCH_URL"],
            "SEARCH_INDEX_PREFIX": name,
            "SECRET_KEY": settings.SECRET_KEY,
            "CHANNEL_LAYER_PREFIX": prefix,
            "CACHE_KEY_PREFIX": prefix,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "false",
            "LANGUAGE_CODE": "fi",
            "DATABASE_POOL_MAX_SIZE": os.environ.get("DATABASE_POOL_MAX_SIZE", "8"),
            "LOG_LEVEL": "WARNING",
        }
        with run_daphne(env) as daphne:
            profiler = Profiler(options.profile, daphne.process.pid)
            log("Warming up…")
            for cookie, paths in users:
                client = Client(daphne.port, cookie)
                for page, path in paths.items():
                    status, _seconds = client.get(path)
                    if status != 200:
                        print(daphne.log_text()[-3000:], file=sys.stderr)
                        raise SystemExit(f"{page} {path} answered {status}")
            phases = {}
            for label, count in [("one user at a time", 1), (f"{options.users} concurrent users", options.users)]:
                log(f"Measuring {label} for {options.seconds:.0f} s…")
                profiler.start("single" if count == 1 else "concurrent")
                cpu = cpu_seconds(daphne.process.pid)
                phases[label] = run_phase(daphne.port, users[:count], options.seconds)
                phases[label].server_cpu = cpu_seconds(daphne.process.pid) - cpu
                profiler.stop()
        met = print_table(phases, options)
        if options.queries:
            print_queries(targets[0], paths_for(targets[0], 0))
        return 0 if met or options.drop else 1
    finally:
        try:
            from django.contrib.sessions.models import Session

            Session.objects.filter(session_key__in=session_keys).delete()
        except Exception:  # noqa: BLE001 - Django may not be set up when preparing failed
            pass
        if options.drop:
            drop(url, name)
        _flush_redis_prefix(prefix)


def _flush_redis_prefix(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    for pattern in (f"{prefix}*", f":1:{prefix}*", f"{prefix}:*"):
        for key in client.scan_iter(match=pattern, count=1000):
            client.delete(key)


def print_queries(target: dict, paths: dict[str, str], slowest: int = 3) -> None:
    """Each page once through Django's test client, every SQL query timed (the same database)."""
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    client = DjangoClient(HTTP_ACCEPT_LANGUAGE="fi", HTTP_HOST="127.0.0.1")
    client.force_login(target["user"])
    print("\nWhere the time goes (one request each, in this process):")
    for page, path in [("login", "/accounts/login/"), *paths.items()]:
        if page == "login":
            client.logout()
        else:
            client.force_login(target["user"])
        client.get(path)  # the first request fills per-process caches
        with CaptureQueriesContext(connection) as captured:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            total = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - cpu) * 1000
        timed = sorted(((float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries), reverse=True)
        sql = sum(ms for ms, _ in timed)
        print(
            f"- {page} ({response.status_code}): {total:.0f} ms, of which {cpu:.0f} ms CPU of this process; "
            f"{len(timed)} queries taking {sql:.0f} ms; {total - sql:.0f} ms elsewhere (Python, templates, "
            "Elasticsearch)"
        )
        for ms, text in timed[:slowest]:
            print(f"    {ms:6.1f} ms  {text[:220]}")


def answered(phase: Results) -> int:
    return sum(len(times) for times in phase.times.values())


def print_table(phases: dict[str, Results], options) -> bool:
    single, concurrent = phases.values()
    labels = list(phases)
    header = ("page", "1 user p50", "p95", "p95/login", f"{options.users} users p50", "p95", "p95/login", "goal")
    rows, met = [], True
    single_login, concurrent_login = single.p("login", 0.95), concurrent.p("login", 0.95)
    for page in PAGES:
        s50, s95, c50, c95 = (
            single.p(page, 0.5),
            single.p(page, 0.95),
            concurrent.p(page, 0.5),
            concurrent.p(page, 0.95),
        )
        if page == "login":
            goal = "(baseline)"
        else:
            ok_single = s95 <= GOAL_SINGLE_MS
            ok_ratio = c95 <= GOAL_RATIO * concurrent_login
            met = met and ok_single and ok_ratio
            goal = f"1 user {'met' if ok_single else 'MISSED'}; {options.users} users {'met' if ok_ratio else 'MISSED'}"
        rows.append(
            (
                page,
                f"{s50:.0f}",
                f"{s95:.0f}",
                f"{s95 / single_login:.1f}",
                f"{c50:.0f}",
                f"{c95:.0f}",
                f"{c95 / concurrent_login:.1f}",
                goal,
            )
        )
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    print(
        f"\n{options.people} people, {options.groups} groups, {options.posts} posts; times in ms to the last byte; "
        f"{options.seconds:.0f} s per phase"
    )
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print(" | ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    counts = ", ".join(
        f"{label}: {answered(phase)} pages, {phase.server_cpu * 1000 / max(1, answered(phase)):.0f} ms of server CPU each"
        for label, phase in zip(labels, phases.values(), strict=True)
    )
    print(f"\nRequests answered: {counts}. CPUs: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}.")
    for label, phase in phases.items():
        if phase.errors:
            print(f"Errors ({label}): {phase.errors}")
            met = False
    print(
        f"Goals (p95 <= {GOAL_SINGLE_MS} ms one user at a time; <= {GOAL_RATIO:.0f}x login under "
        f"{options.users} users): {'met' if met else 'MISSED'}."
    )
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        print(
            f"The machine was busy (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs): "
            "other work slowed the pages; trust the ratios more than the times."
        )
    return met


if __name__ == "__main__":
    sys.exit(main())
