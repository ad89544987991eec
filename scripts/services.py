#!/usr/bin/env python3
"""Throwaway PostgreSQL, Redis, Elasticsearch and Keycloak for the test suite, without Docker.

    python scripts/services.py start [--require] [--only NAME,...]
                                                  start each on a free loopback port, write var/services/env
    python scripts/services.py env                print the `export ...` lines of the running services
    python scripts/services.py status [--quiet]   what runs; exit 1 when a started service is down
    python scripts/services.py stop               stop what `start` started and delete its data (idempotent)

A service whose tools are missing (PostgreSQL server binaries, redis-server, Java 17+, Maven for the
first Elasticsearch download; Keycloak's zip comes from Maven Central over HTTPS, checked against its
.sha1, and is cached under .cache/) is skipped with the reason, unless --require is given or CI=true: then
`start` fails. Elasticsearch and PostgreSQL refuse to run as root, so under root every service runs as
the unprivileged system user `intranet-svc` (created when absent) through `runuser`.

Standard library only, so it runs before any virtualenv exists.
"""

from __future__ import annotations

import argparse
import base64
import glob
import hashlib
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_STATE_DIR = REPO / "var" / "services"
ES_VERSION = "8.19.9"
ES_ARTIFACT = f"org.elasticsearch.distribution.integ-test-zip:elasticsearch:{ES_VERSION}:zip"
ES_CACHE_DIR = REPO / ".cache" / "elasticsearch"
# The identity provider of the single sign-on tests: two realms, one per municipality (scripts/keycloak/).
KEYCLOAK_VERSION = "26.5.6"
KEYCLOAK_MAVEN = "https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist"
KEYCLOAK_CACHE_DIR = REPO / ".cache" / "keycloak"
KEYCLOAK_REALMS_DIR = REPO / "scripts" / "keycloak"
# Build-time options of the cached, pre-built distribution: an in-memory database, a local cache.
KEYCLOAK_BUILD_OPTIONS = ("--db=dev-mem", "--cache=local", "--health-enabled=false", "--metrics-enabled=false")
SERVICE_USER = "intranet-svc"
# The long-lived dev services of this machine listen here: never hand these ports out.
RESERVED_PORTS = frozenset({55432, 56379, 59200, 59300})
# A unix socket path must fit in 107 bytes: keep the service folder well below that.
MAX_RUN_DIR_LENGTH = 70
TRUE_WORDS = {"1", "true", "yes", "on"}


class Unavailable(Exception):
    """A tool the service needs is not installed on this machine."""


class StartFailed(Exception):
    """The tools are there but the service did not come up."""


# --- Small helpers (tested in tests/test_deployment_files.py) ---------------------------------


def free_port(taken: set[int] | frozenset[int] = frozenset()) -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now, never a reserved or already chosen one."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port not in RESERVED_PORTS and port not in taken:
            return port
    raise RuntimeError("could not find a free TCP port on 127.0.0.1")


def env_file_text(variables: dict[str, str]) -> str:
    """`export NAME=value` lines that a POSIX shell can source."""
    return "".join(f"export {name}={shlex.quote(value)}\n" for name, value in variables.items())


def write_env_file(path: Path, variables: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(env_file_text(variables))
    partial.replace(path)


def read_env_file(path: Path) -> dict[str, str]:
    variables = {}
    for line in path.read_text().splitlines():
        words = shlex.split(line)
        if len(words) == 2 and words[0] == "export" and "=" in words[1]:
            name, value = words[1].split("=", 1)
            variables[name] = value
    return variables


def truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in TRUE_WORDS


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {path})"


def say(message: str) -> None:
    # One write per line: the services start in parallel threads.
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def process_alive(pid: int, expected_in_cmdline: str = "") -> bool:
    if pid <= 0:  # 0 and negatives address process groups, never one process
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    if not expected_in_cmdline:
        return True
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    # A zombie has an empty command line: it is gone for our purposes.
    return expected_in_cmdline in cmdline


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def terminate(pid: int | None, expected_in_cmdline: str, timeout: float = 30) -> None:
    """SIGTERM, then SIGKILL if it is still there after `timeout` seconds."""
    if pid is None or not process_alive(pid, expected_in_cmdline):
        return
    try:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not process_alive(pid, expected_in_cmdline):
                return
            time.sleep(0.2)
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it exited meanwhile


def wait_until(ready, timeout: float, what: str, log: Path, still_running=lambda: True) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        if not still_running():
            raise StartFailed(f"{what} exited while starting; last lines of {log}:\n{tail(log)}")
        time.sleep(0.3)
    raise StartFailed(f"{what} was not ready after {timeout:.0f} s; last lines of {log}:\n{tail(log)}")


# --- Where and as whom the services run ------------------------------------------------------


@dataclass
class Context:
    run_dir: Path
    user: str | None  # run the services as this user (set when we are root)

    def command(self, argv: list, env: dict[str, str] | None = None) -> list[str]:
        words = [str(word) for word in argv]
        if env:
            words = ["env", *(f"{name}={value}" for name, value in env.items()), *words]
        if self.user:
            words = ["runuser", "-u", self.user, "--", *words]
        return words

    def run(
        self, argv: list, log: Path, timeout: float, env: dict[str, str] | None = None, input: bytes | None = None
    ) -> None:
        """Run a command that returns once its daemon is up; its output goes to `log`."""
        command = self.command(argv, env)
        # Output goes to a file, not a pipe: a daemon that keeps the pipe open would hang us.
        with open(log, "ab") as output:
            try:
                result = subprocess.run(
                    command,
                    stdin=subprocess.DEVNULL if input is None else None,
                    input=input,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    cwd=log.parent,
                    timeout=timeout,
                )
            except subprocess.TimeoutExpired as error:
                raise StartFailed(f"{shlex.join(command)} took over {timeout:.0f} s; see {log}") from error
        if result.returncode != 0:
            raise StartFailed(
                f"{shlex.join(command)} exited with {result.returncode}; last lines of {log}:\n{tail(log)}"
            )

    def own(self, path: Path) -> None:
        """Give `path` (recursively) to the service user, so the service can write there."""
        if not self.user:
            return
        account = pwd.getpwnam(self.user)
        for root, dirs, files in os.walk(path):
            os.chown(root, account.pw_uid, account.pw_gid, follow_symlinks=False)
            for name in dirs + files:
                os.chown(os.path.join(root, name), account.pw_uid, account.pw_gid, follow_symlinks=False)

    def make_home(self, name: str) -> Path:
        home = self.run_dir / name
        home.mkdir(parents=True, exist_ok=True)
        self.own(home)
        return home


def ensure_service_user() -> None:
    try:
        pwd.getpwnam(SERVICE_USER)
        return
    except KeyError:
        pass
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    say(f"Creating the unprivileged system user {SERVICE_USER} to run the services.")
    subprocess.run(
        [
            useradd,
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
            SERVICE_USER,
        ],
        check=True,
    )


def traversable_by_others(path: Path) -> bool:
    for folder in [path, *path.parents]:
        if folder.exists() and not folder.stat().st_mode & stat.S_IXOTH:
            return False
    return True


def choose_run_dir(state_dir: Path, as_root: bool) -> Path:
    """Service data goes in the state dir, unless the service user could not reach it or the path is
    too long for a unix socket: then in a private folder under /tmp (the state dir keeps a pointer)."""
    preferred = state_dir / "run"
    if len(str(preferred)) <= MAX_RUN_DIR_LENGTH and (not as_root or traversable_by_others(state_dir)):
        return preferred
    digest = hashlib.sha256(str(state_dir.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"intranet-services-{digest}"


# --- The services ----------------------------------------------------------------------------


class Postgres:
    name = "postgres"
    variable = "DATABASE_URL"
    ports_needed = 1

    def bindir(self) -> Path:
        def version(path: str) -> tuple:
            return tuple(int(part) for part in re.findall(r"\d+", path))

        candidates = sorted(
            (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
            key=lambda p: version(str(p)),
            reverse=True,
        )
        on_path = shutil.which("initdb")
        if on_path:
            candidates.append(Path(on_path).resolve().parent)
        for folder in candidates:
            if all((folder / tool).exists() for tool in ("initdb", "pg_ctl", "pg_isready")):
                return folder
        raise Unavailable(
            "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or on PATH; "
            "install the Debian package postgresql"
        )

    def check(self) -> None:
        self.bindir()

    def plan(self, ctx: Context, ports: list[int]) -> dict:
        home = ctx.run_dir / self.name
        return {
            "port": ports[0],
            "home": str(home),
            "data": str(home / "data"),
            "bindir": str(self.bindir()),
            "url": f"postgres://postgres@127.0.0.1:{ports[0]}/postgres",
        }

    def start(self, ctx: Context, record: dict) -> None:
        home = ctx.make_home(self.name)
        bindir, port = Path(record["bindir"]), record["port"]
        log = home / "start.log"
        ctx.run(
            [
                bindir / "initdb",
                "-D",
                record["data"],
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            log,
            timeout=120,
        )
        # A throwaway cluster: durability is worth nothing here, speed is.
        options = (
            f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c max_connections=200 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        ctx.run(
            [
                bindir / "pg_ctl",
                "-D",
                record["data"],
                "-l",
                home / "postgres.log",
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ],
            log,
            timeout=90,
        )
        wait_until(lambda: self.alive(record), 30, "PostgreSQL", home / "postgres.log")

    def alive(self, record: dict) -> bool:
        result = subprocess.run(
            [str(Path(record["bindir"]) / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(record["port"])],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return result.returncode == 0

    def stop(self, ctx: Context, record: dict) -> None:
        data = Path(record["data"])
        pid_file = data / "postmaster.pid"
        if not pid_file.exists():
            return
        log = Path(record["home"]) / "stop.log"
        try:
            ctx.run(
                [Path(record["bindir"]) / "pg_ctl", "-D", data, "stop", "-m", "fast", "-w", "-t", "30"], log, timeout=60
            )
        except StartFailed:
            terminate(read_pid(pid_file), "postgres")


class Redis:
    name = "redis"
    variable = "REDIS_URL"
    ports_needed = 1

    def server(self) -> str:
        server = shutil.which("redis-server")
        if not server:
            raise Unavailable("redis-server not found on PATH; install the Debian package redis-server")
        return server

    def check(self) -> None:
        self.server()

    def plan(self, ctx: Context, ports: list[int]) -> dict:
        home = ctx.run_dir / self.name
        return {
            "port": ports[0],
            "home": str(home),
            "pid_file": str(home / "redis.pid"),
            "url": f"redis://127.0.0.1:{ports[0]}/0",
        }

    def start(self, ctx: Context, record: dict) -> None:
        home = ctx.make_home(self.name)
        ctx.run(
            [
                self.server(),
                "--port",
                record["port"],
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                home,
                "--pidfile",
                record["pid_file"],
                "--logfile",
                home / "redis.log",
            ],
            home / "start.log",
            timeout=30,
        )
        wait_until(lambda: self.alive(record), 30, "Redis", home / "redis.log")

    def ask(self, record: dict, command: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", record["port"]), timeout=2) as connection:
            connection.sendall(command + b"\r\n")
            return connection.recv(64)

    def alive(self, record: dict) -> bool:
        try:
            return self.ask(record, b"PING").startswith(b"+PONG")
        except OSError:
            return False

    def stop(self, ctx: Context, record: dict) -> None:
        pid = read_pid(Path(record["pid_file"]))
        if self.alive(record):
            try:
                self.ask(record, b"SHUTDOWN NOSAVE")
            except OSError:
                pass  # Redis closes the connection as it exits.
        deadline = time.monotonic() + 10
        while pid and process_alive(pid, "redis-server") and time.monotonic() < deadline:
            time.sleep(0.1)
        terminate(pid, "redis-server")


def find_java_home(variables: tuple[str, ...]) -> Path:
    """A Java 17 or newer: the variables' first, then /usr/lib/jvm (17 first: what the services are
    tested with here, and what Debian 12 ships), then `java` on PATH."""
    candidates = [Path(os.environ[name]) for name in variables if os.environ.get(name)]
    candidates.append(Path("/usr/lib/jvm/java-17-openjdk-amd64"))
    installed = sorted(Path(p) for p in glob.glob("/usr/lib/jvm/*") if not Path(p).is_symlink())
    candidates += sorted(installed, key=lambda p: ("17" not in p.name, "21" not in p.name, p.name))
    java = shutil.which("java")
    if java:
        candidates.append(Path(java).resolve().parent.parent)
    for home in candidates:
        major = Elasticsearch.java_major(home)
        if major and major >= 17:
            return home
    raise Unavailable(
        f"no Java 17 or newer found ({', '.join(variables)}, /usr/lib/jvm, java on PATH); "
        "install the Debian package openjdk-17-jre-headless"
    )


class Elasticsearch:
    name = "elasticsearch"
    variable = "ELASTICSEARCH_URL"
    ports_needed = 2  # HTTP and transport

    @staticmethod
    def java_major(home: Path) -> int | None:
        java = home / "bin" / "java"
        if not os.access(java, os.X_OK):
            return None
        release = home / "release"
        if release.exists():
            found = re.search(r'^JAVA_VERSION="(\d+)', release.read_text(errors="replace"), re.MULTILINE)
            if found:
                return int(found.group(1))
        try:
            result = subprocess.run([str(java), "-version"], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return None
        found = re.search(r'version "(\d+)', result.stderr)
        return int(found.group(1)) if found else None

    def java_home(self) -> Path:
        return find_java_home(("ES_JAVA_HOME", "JAVA_HOME"))

    @staticmethod
    def cached_zip() -> Path:
        return ES_CACHE_DIR / f"elasticsearch-{ES_VERSION}.zip"

    def check(self) -> None:
        self.java_home()
        if not zipfile.is_zipfile(self.cached_zip()) and not shutil.which("mvn"):
            raise Unavailable(
                f"Elasticsearch {ES_VERSION} is not cached in {ES_CACHE_DIR} and Maven (mvn), which fetches it "
                "from Maven Central, is not on PATH; install the Debian package maven"
            )

    def distribution(self) -> Path:
        """The integ-test zip from Maven Central, downloaded once into the ignored .cache/ folder."""
        archive = self.cached_zip()
        if zipfile.is_zipfile(archive):
            return archive
        archive.unlink(missing_ok=True)
        ES_CACHE_DIR.mkdir(parents=True, exist_ok=True)
        say(f"elasticsearch: fetching {ES_ARTIFACT} with Maven into {ES_CACHE_DIR} (once)")
        log = ES_CACHE_DIR / "mvn.log"
        Context(run_dir=ES_CACHE_DIR, user=None).run(
            [
                shutil.which("mvn"),
                "-q",
                "-B",
                "dependency:copy",
                f"-Dartifact={ES_ARTIFACT}",
                f"-DoutputDirectory={ES_CACHE_DIR}",
            ],
            log,
            timeout=900,
        )
        if not zipfile.is_zipfile(archive):
            raise StartFailed(f"Maven finished but {archive} is not a zip; see {log}")
        return archive

    def plan(self, ctx: Context, ports: list[int], password: str | None = None) -> dict:
        """`password`: security on, with that password for the `elastic` user (tests/production);
        without it the loopback test node runs with security off."""
        home = ctx.run_dir / self.name
        return {
            "port": ports[0],
            "transport_port": ports[1],
            "password": password,
            "home": str(home),
            "pid_file": str(home / "elasticsearch.pid"),
            "url": f"http://127.0.0.1:{ports[0]}",
        }

    def start(self, ctx: Context, record: dict) -> None:
        archive = self.distribution()
        home = ctx.run_dir / self.name
        home.mkdir(parents=True, exist_ok=True)
        unzip(archive, home)
        for folder in ("data", "logs", "tmp"):
            (home / folder).mkdir(exist_ok=True)
        ctx.own(home)
        es_home = home / f"elasticsearch-{ES_VERSION}"
        java_env = {"ES_JAVA_HOME": str(self.java_home())}
        password = record.get("password")
        if password:
            # The `elastic` user's password, as the official image's ELASTIC_PASSWORD sets it: read once
            # from the keystore at the first start. --force creates the keystore without asking.
            ctx.run(
                [es_home / "bin" / "elasticsearch-keystore", "add", "--stdin", "--force", "bootstrap.password"],
                home / "start.log",
                timeout=180,
                env=java_env,
                input=password.encode(),
            )
        ctx.run(
            [
                es_home / "bin" / "elasticsearch",
                "-d",
                "-p",
                record["pid_file"],
                "-Ecluster.name=intranet-test",
                "-Ediscovery.type=single-node",
                f"-Expack.security.enabled={'true' if password else 'false'}",
                "-Enetwork.host=127.0.0.1",
                f"-Ehttp.port={record['port']}",
                f"-Etransport.port={record['transport_port']}",
                f"-Epath.data={home / 'data'}",
                f"-Epath.logs={home / 'logs'}",
                # A nearly full CI disk must not turn the test node read-only.
                "-Ecluster.routing.allocation.disk.threshold_enabled=false",
            ],
            home / "start.log",
            timeout=240,
            env={
                **java_env,
                "ES_JAVA_OPTS": "-Xms512m -Xmx512m",
                "ES_TMPDIR": str(home / "tmp"),
            },
        )
        pid_file = Path(record["pid_file"])

        def still_running() -> bool:
            pid = read_pid(pid_file)
            return pid is None or process_alive(pid, "java")  # no pid yet: still starting

        wait_until(
            lambda: self.alive(record),
            120,
            "Elasticsearch",
            home / "logs" / "intranet-test.log",
            still_running=still_running,
        )

    def alive(self, record: dict) -> bool:
        # `GET /` answers 405 on this build: ask for the cluster health instead.
        request = urllib.request.Request(f"{record['url']}/_cluster/health?wait_for_status=yellow&timeout=1s")
        if record.get("password"):
            token = base64.b64encode(f"elastic:{record['password']}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return json.load(response).get("status") in {"yellow", "green"}
        except (OSError, ValueError, urllib.error.URLError):
            return False

    def stop(self, ctx: Context, record: dict) -> None:
        terminate(read_pid(Path(record["pid_file"])), "java", timeout=30)


class Keycloak:
    """Keycloak's distribution from Maven Central, built once (in-memory database, local cache) and
    cached pre-built under .cache/keycloak; each start copies it and imports the realms of
    scripts/keycloak/, one per municipality. Starts in about half a minute, beside the others."""

    name = "keycloak"
    variable = "KEYCLOAK_URL"
    ports_needed = 1

    def java_home(self) -> Path:
        return find_java_home(("KEYCLOAK_JAVA_HOME", "JAVA_HOME"))

    def check(self) -> None:
        self.java_home()
        if not list(KEYCLOAK_REALMS_DIR.glob("*-realm.json")):
            raise Unavailable(f"no realm files (*-realm.json) in {KEYCLOAK_REALMS_DIR}")

    @staticmethod
    def realms() -> list[str]:
        return sorted(json.loads(path.read_text())["realm"] for path in KEYCLOAK_REALMS_DIR.glob("*-realm.json"))

    def distribution(self) -> Path:
        """The zip, downloaded once and checked against the .sha1 Maven Central serves beside it."""
        name = f"keycloak-quarkus-dist-{KEYCLOAK_VERSION}.zip"
        archive = KEYCLOAK_CACHE_DIR / name
        if zipfile.is_zipfile(archive):
            return archive
        KEYCLOAK_CACHE_DIR.mkdir(parents=True, exist_ok=True)
        url = f"{KEYCLOAK_MAVEN}/{KEYCLOAK_VERSION}/{name}"
        say(f"keycloak: fetching {url} into {KEYCLOAK_CACHE_DIR} (once)")
        partial = archive.with_name(name + ".partial")
        try:
            with urllib.request.urlopen(url + ".sha1", timeout=60) as response:
                expected = response.read().decode().split()[0].strip().lower()
            digest = hashlib.sha1(usedforsecurity=False)  # the checksum Maven Central publishes beside the zip
            with urllib.request.urlopen(url, timeout=60) as response, open(partial, "wb") as out:
                while chunk := response.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
        except (OSError, urllib.error.URLError) as error:
            partial.unlink(missing_ok=True)
            raise StartFailed(f"could not download {url}: {error}") from error
        if digest.hexdigest() != expected:
            partial.unlink(missing_ok=True)
            raise StartFailed(f"{url} has SHA-1 {digest.hexdigest()}, Maven Central says {expected}")
        partial.replace(archive)
        return archive

    def built(self) -> Path:
        """The distribution unzipped and built with KEYCLOAK_BUILD_OPTIONS, once per version and options:
        the build is most of a first start's time, and `start --optimized` skips it."""
        tag = hashlib.sha256(" ".join(KEYCLOAK_BUILD_OPTIONS).encode()).hexdigest()[:8]
        target = KEYCLOAK_CACHE_DIR / f"keycloak-{KEYCLOAK_VERSION}-built-{tag}"
        if (target / "bin" / "kc.sh").exists():
            return target
        archive = self.distribution()
        scratch = Path(tempfile.mkdtemp(prefix="keycloak-build-", dir=KEYCLOAK_CACHE_DIR))
        try:
            unzip(archive, scratch)
            home = scratch / f"keycloak-{KEYCLOAK_VERSION}"
            say("keycloak: building the distribution (once)")
            Context(run_dir=scratch, user=None).run(
                [home / "bin" / "kc.sh", "build", *KEYCLOAK_BUILD_OPTIONS],
                scratch / "build.log",
                timeout=600,
                env={"JAVA_HOME": str(self.java_home())},
            )
            home.replace(target)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return target

    def plan(self, ctx: Context, ports: list[int]) -> dict:
        home = ctx.run_dir / self.name
        return {
            "port": ports[0],
            "home": str(home),
            "pid_file": str(home / "keycloak.pid"),
            "url": f"http://127.0.0.1:{ports[0]}",
            "realms": self.realms(),
        }

    def start(self, ctx: Context, record: dict) -> None:
        started = time.monotonic()
        built = self.built()
        home = Path(record["home"])
        home.mkdir(parents=True, exist_ok=True)
        kc_home = home / "keycloak"
        shutil.copytree(built, kc_home, symlinks=True)
        imports = kc_home / "data" / "import"
        imports.mkdir(parents=True, exist_ok=True)
        for realm_file in KEYCLOAK_REALMS_DIR.glob("*-realm.json"):
            shutil.copy(realm_file, imports / realm_file.name)
        ctx.own(home)
        log = home / "keycloak.log"
        command = ctx.command(
            [
                kc_home / "bin" / "kc.sh",
                "start",
                "--optimized",
                "--import-realm",
                "--http-enabled=true",
                "--http-host=127.0.0.1",
                f"--http-port={record['port']}",
                "--hostname-strict=false",
                "--log-console-output=default",
            ],
            env={
                "JAVA_HOME": str(self.java_home()),
                "JAVA_OPTS_KC_HEAP": "-Xms128m -Xmx512m",
                # An admin account for looking around by hand; the tests use only the realms' endpoints.
                "KC_BOOTSTRAP_ADMIN_USERNAME": "admin",
                "KC_BOOTSTRAP_ADMIN_PASSWORD": "admin",
            },
        )
        with open(log, "ab") as output:
            # A session of its own, so `stop` ends kc.sh, runuser and java together.
            process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        Path(record["pid_file"]).write_text(str(process.pid))
        wait_until(lambda: self.alive(record), 180, "Keycloak", log, still_running=lambda: process.poll() is None)
        record["start_seconds"] = round(time.monotonic() - started, 1)
        say(f"keycloak: started in {record['start_seconds']} s")

    def alive(self, record: dict) -> bool:
        """Every realm answers its OpenID Connect discovery document."""
        for realm in record.get("realms", []):
            url = f"{record['url']}/realms/{realm}/.well-known/openid-configuration"
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status != 200:
                        return False
            except (OSError, urllib.error.URLError):
                return False
        return True

    def stop(self, ctx: Context, record: dict) -> None:
        pid = read_pid(Path(record["pid_file"]))
        if pid is None or not process_alive(pid, "keycloak"):
            return
        try:
            os.killpg(pid, signal.SIGTERM)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and process_alive(pid, "keycloak"):
                time.sleep(0.2)
                try:
                    os.waitpid(pid, os.WNOHANG)  # reap it when it is our own child
                except ChildProcessError:
                    pass
            if process_alive(pid, "keycloak"):
                os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def unzip(archive: Path, target: Path) -> None:
    """Extract keeping the Unix permissions (zipfile alone drops the executable bits)."""
    with zipfile.ZipFile(archive) as bundle:
        for member in bundle.infolist():
            path = bundle.extract(member, target)
            mode = member.external_attr >> 16
            if mode and not stat.S_ISLNK(mode):
                os.chmod(path, stat.S_IMODE(mode))


SERVICES = {service.name: service for service in (Postgres(), Redis(), Elasticsearch(), Keycloak())}


# --- State ------------------------------------------------------------------------------------


class State:
    def __init__(self, state_dir: Path):
        self.dir = state_dir
        self.file = state_dir / "state.json"
        self.env_file = state_dir / "env"

    def load(self) -> dict | None:
        try:
            return json.loads(self.file.read_text())
        except (OSError, ValueError):
            return None

    def save(self, state: dict) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        partial = self.file.with_name("state.json.partial")
        partial.write_text(json.dumps(state, indent=2))
        partial.replace(self.file)

    def forget(self) -> None:
        self.file.unlink(missing_ok=True)
        self.env_file.unlink(missing_ok=True)


def context_of(state: dict) -> Context:
    return Context(run_dir=Path(state["run_dir"]), user=state.get("user"))


def running(state: dict) -> dict[str, bool]:
    return {name: SERVICES[name].alive(record) for name, record in state["services"].items()}


def stop_all(state: dict) -> None:
    ctx = context_of(state)
    for name, record in state["services"].items():
        try:
            SERVICES[name].stop(ctx, record)
        except Exception as error:  # keep stopping the others
            say(f"{name}: could not stop cleanly: {error}")
    shutil.rmtree(ctx.run_dir, ignore_errors=True)


# --- Commands ---------------------------------------------------------------------------------


def command_start(store: State, require: bool, only: set[str] | None = None) -> int:
    previous = store.load()
    if previous:
        complete = not (require and previous.get("unavailable"))
        if previous["services"] and complete and all(running(previous).values()):
            say(f"Services already running (state in {store.dir}); `stop` them first for fresh ones.")
            sys.stdout.write(store.env_file.read_text() if store.env_file.exists() else "")
            return 0
        say("Cleaning up services left over from an earlier start.")
        stop_all(previous)
        store.forget()

    unavailable: dict[str, str] = {}
    wanted = []
    for name, service in SERVICES.items():
        if only is not None and name not in only:
            continue
        try:
            service.check()
            wanted.append(service)
        except Unavailable as reason:
            unavailable[name] = str(reason)
            say(f"{name}: unavailable: {reason}")
    if require and unavailable:
        say("Services are required (--require or CI=true) but some cannot run; nothing was started.")
        return 2

    as_root = os.geteuid() == 0
    if as_root:
        if not shutil.which("runuser"):
            say("Running as root needs `runuser` (util-linux) to start the services as an unprivileged user.")
            return 2
        ensure_service_user()
    store.dir.mkdir(parents=True, exist_ok=True)
    ctx = Context(run_dir=choose_run_dir(store.dir, as_root), user=SERVICE_USER if as_root else None)
    shutil.rmtree(ctx.run_dir, ignore_errors=True)
    ctx.run_dir.mkdir(parents=True, mode=0o755)
    ctx.run_dir.chmod(0o755)  # the umask may have taken the others' bits away
    ctx.own(ctx.run_dir)

    taken: set[int] = set()
    state = {"run_dir": str(ctx.run_dir), "user": ctx.user, "services": {}, "unavailable": unavailable}
    for service in wanted:
        ports = []
        for _ in range(service.ports_needed):
            ports.append(free_port(taken))
            taken.add(ports[-1])
        state["services"][service.name] = service.plan(ctx, ports)
    # Saved before anything starts, so `stop` can clean up after a crash half-way.
    store.save(state)

    def start_one(service) -> tuple[str, str | None]:
        record = state["services"][service.name]
        say(f"{service.name}: starting on 127.0.0.1:{record['port']}")
        try:
            service.start(ctx, record)
        except (StartFailed, OSError, subprocess.SubprocessError) as error:
            return service.name, str(error)
        say(f"{service.name}: ready at {record['url']}")
        return service.name, None

    # Elasticsearch and Keycloak take the longest: start them all at once.
    with ThreadPoolExecutor(max_workers=len(wanted) or 1) as pool:
        failures = {name: error for name, error in pool.map(start_one, wanted) if error}

    for name, error in failures.items():
        say(f"{name}: failed to start: {error}")
    if failures and require:
        stop_all(state)
        store.forget()
        say("Services are required (--require or CI=true) and some failed to start; stopped the others.")
        return 1
    for name, error in failures.items():
        SERVICES[name].stop(ctx, state["services"].pop(name))
        state["unavailable"][name] = f"failed to start: {error.splitlines()[0]}"
    store.save(state)

    variables = {SERVICES[name].variable: record["url"] for name, record in state["services"].items()}
    write_env_file(store.env_file, variables)
    say(f"Wrote {store.env_file}; stop the services with `python scripts/services.py stop`.")
    sys.stdout.write(env_file_text(variables))
    return 0


def command_stop(store: State) -> int:
    state = store.load()
    if not state:
        say("No services started from here are running; nothing to stop.")
        store.forget()
        return 0
    stop_all(state)
    store.forget()
    say(f"Stopped: {', '.join(state['services']) or 'nothing was running'}.")
    return 0


def command_env(store: State) -> int:
    if not store.load() or not store.env_file.exists():
        say("No services are running; start them with `python scripts/services.py start`.")
        return 1
    sys.stdout.write(store.env_file.read_text())
    return 0


def command_status(store: State, quiet: bool) -> int:
    state = store.load()
    if not state:
        if not quiet:
            print("No services started (python scripts/services.py start).")
        return 1
    alive = running(state)
    if not quiet:
        for name, record in state["services"].items():
            print(f"{name:14} {'running' if alive[name] else 'DOWN':8} {record['url']}")
        for name, reason in state.get("unavailable", {}).items():
            print(f"{name:14} {'skipped':8} {reason}")
    return 0 if alive and all(alive.values()) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=Path(os.environ.get("INTRANET_SERVICES_DIR", DEFAULT_STATE_DIR)),
        help="where the state and env files live (default: var/services)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="start the services on free loopback ports")
    start.add_argument("--require", action="store_true", help="fail when a service cannot run (default under CI=true)")
    start.add_argument(
        "--only",
        type=lambda names: {name.strip() for name in names.split(",") if name.strip()},
        help=f"start only these (comma-separated: {', '.join(SERVICES)}); default: all",
    )
    commands.add_parser("stop", help="stop the services and delete their data")
    commands.add_parser("env", help="print the export lines of the running services")
    status = commands.add_parser("status", help="show what runs; exit 1 when not everything started runs")
    status.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    store = State(args.state_dir.resolve())
    if args.command == "start":
        unknown = (args.only or set()) - set(SERVICES)
        if unknown:
            parser.error(f"unknown services: {', '.join(sorted(unknown))} (known: {', '.join(SERVICES)})")
        return command_start(store, require=args.require or truthy(os.environ.get("CI")), only=args.only)
    if args.command == "stop":
        return command_stop(store)
    if args.command == "env":
        return command_env(store)
    return command_status(store, args.quiet)


if __name__ == "__main__":
    sys.exit(main())
