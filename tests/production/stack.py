"""The production topology of docker-compose.yml, on loopback and without Docker.

`production_stack(admin_url, venv)` takes a virtualenv with the project's wheel installed
(non-editable) on requirements.lock -- the test session's, made by the image's steps
(tests/packaging/install.py) and shared with tests/packaging -- or, without one, builds the wheel and
installs it into a fresh virtualenv. It then runs what docs/deploy.md ("Production without containers")
tells an operator to run, with the variables it names: INTRANET_ENV=production, a random SECRET_KEY,
a fresh PostgreSQL database on the suite's server, a Redis of its own with a password, an
Elasticsearch node of its own with security on and a generated password; then two daphne processes,
the task worker and the scheduler behind nginx, which terminates TLS (a self-signed certificate) on a
free loopback port.

Everything started is stopped when the context manager exits, also when starting fails half-way.
Standard library only, plus psycopg for the database (the suite's virtualenv has it).
"""

from __future__ import annotations

import importlib.util
import json
import os
import resource
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SERVICES_SCRIPT = PROJECT / "scripts" / "services.py"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# The people, group and post an operator would import from the HR directory (docs/import-format.md).
DIRECTORY = HERE / "directory.jsonl"
PASSWORD = "Prod-run-password-7d1e"
PEOPLE = {"aino": "aino.virtanen@kerava.example", "bertta": "bertta.berg@kerava.example"}


class StepFailed(RuntimeError):
    """A command of the deployment failed; the message ends with its output."""


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {path})"


def free_port(taken: set[int]) -> int:
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port not in taken:
            taken.add(port)
            return port


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for(
    ready: Callable[[], bool],
    timeout: float,
    what: str,
    log: Path | None = None,
    alive: Callable[[], bool] = lambda: True,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        if not alive():
            raise StepFailed(f"{what} exited while starting" + (f"; its log:\n{tail(log)}" if log else ""))
        time.sleep(0.2)
    raise StepFailed(f"{what} was not ready after {timeout:.0f} s" + (f"; its log:\n{tail(log)}" if log else ""))


def services_module():
    """scripts/services.py (standard library only): its Elasticsearch and service user."""
    spec = importlib.util.spec_from_file_location("intranet_services_script", SERVICES_SCRIPT)
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up here
        spec.loader.exec_module(module)
    return module


@dataclass
class Process:
    """A long-running process of the deployment, its output in a log file."""

    name: str
    argv: list[str]
    env: dict[str, str]
    cwd: Path
    log: Path
    popen: subprocess.Popen | None = None

    def start(self) -> Process:
        with open(self.log, "ab") as output:
            self.popen = subprocess.Popen(
                self.argv, env=self.env, cwd=self.cwd, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT
            )
        return self

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int | None:
        """Send `sig` and wait; SIGKILL after `timeout` seconds. Returns the exit status."""
        if self.popen is None:
            return None
        if self.popen.poll() is None:
            self.popen.send_signal(sig)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=10)
        return self.popen.returncode

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@dataclass
class Daphne(Process):
    port: int = 0
    access_log: Path | None = None

    def access_lines(self) -> list[str]:
        try:
            return self.access_log.read_text(errors="replace").splitlines()
        except (OSError, AttributeError):
            return []


@dataclass
class Stack:
    root: Path
    venv: Path
    env: dict[str, str]
    url: str
    daphnes: list[Daphne] = field(default_factory=list)
    processes: dict[str, Process] = field(default_factory=dict)
    # The cookie value that makes nginx send a browser to daphnes[i] (see nginx.conf.template).
    pins: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    logs: Path | None = None

    def manage(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = 300, check: bool = True
    ) -> subprocess.CompletedProcess:
        """`intranet ARGS...` in the production environment (from an empty folder, as an operator would)."""
        return run_step(
            [*manage_command(self.venv), *args],
            {**self.env, **(env or {})},
            self.root / "run",
            timeout=timeout,
            check=check,
        )

    def get(self, path: str, headers: dict[str, str] | None = None, port: int | None = None):
        """An HTTP request through the proxy (or straight to a daphne `port`): (status, headers, body)."""
        base = f"http://127.0.0.1:{port}" if port else self.url
        request = urllib.request.Request(base + path, headers=headers or {})
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # our own self-signed certificate
        opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect())
        try:
            with opener.open(request, timeout=20) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def restart_daphne(self, index: int) -> None:
        daphne = self.daphnes[index]
        daphne.stop()
        daphne.start()
        wait_for(lambda: listening(daphne.port), 90, daphne.name, daphne.log, daphne.alive)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def manage_command(venv: Path) -> list[str]:
    """The `intranet` command of the installed wheel (Django's manage.py for an installed copy)."""
    return [str(venv / "bin" / "intranet")]


def run_step(
    argv: list[str], env: dict[str, str], cwd: Path, timeout: float = 600, check: bool = True, input: str | None = None
) -> subprocess.CompletedProcess:
    result = subprocess.run(
        argv,
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
    )
    if check and result.returncode != 0:
        raise StepFailed(
            f"{' '.join(argv)} exited with {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
        )
    return result


def base_env() -> dict[str, str]:
    """What every process inherits: no variable of the test run (DATABASE_URL, SEARCH_INDEX_PREFIX...)."""
    keep = (
        "PATH",
        "HOME",
        "TMPDIR",
        "PIP_CACHE_DIR",
        "PIP_INDEX_URL",
        "PIP_EXTRA_INDEX_URL",
        "PIP_TRUSTED_HOST",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "NO_PROXY",
        "http_proxy",
        "https_proxy",
        "no_proxy",
    )
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update({"LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    return env


# --- The steps --------------------------------------------------------------------------------


def build_and_install(root: Path, timings: dict[str, float]) -> Path:
    """The wheel (scripts/build_wheel.py), installed into a fresh virtualenv from requirements.lock with
    scripts/install.sh: the image's steps, and the ones docs/deploy.md gives for a machine without Docker."""
    env = base_env()
    started = time.monotonic()
    built = run_step(
        [sys.executable, str(PROJECT / "scripts" / "build_wheel.py"), "--out", str(root / "dist")], env, root
    )
    wheel = Path(built.stdout.strip().splitlines()[-1])
    timings["build wheel"] = time.monotonic() - started

    started = time.monotonic()
    venv = root / "venv"
    run_step([sys.executable, "-m", "venv", str(venv)], env, root)
    install = ["bash", str(PROJECT / "scripts" / "install.sh")]
    env = {**env, "PYTHON": str(venv / "bin" / "python")}
    run_step([*install, "dependencies", str(PROJECT / "requirements.lock")], env, root)
    run_step([*install, "project", str(wheel)], env, root)  # ends with `pip check`
    timings["install into a fresh virtualenv"] = time.monotonic() - started
    return venv


def create_database(admin_url: str, name: str, cleanup: ExitStack) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    cleanup.callback(drop_database, admin_url, name)
    base, _, _old = admin_url.rpartition("/")
    return f"{base}/{name}"


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_redis(root: Path, port: int, password: str, cleanup: ExitStack) -> Process:
    redis = shutil.which("redis-server")
    if not redis:
        raise StepFailed("redis-server is not installed")
    home = root / "redis"
    home.mkdir()
    # The password in a config file rather than on the command line, where `ps` would show it.
    config = home / "redis.conf"
    config.write_text(f'port {port}\nbind 127.0.0.1\nrequirepass {password}\nsave ""\nappendonly no\ndir {home}\n')
    config.chmod(0o600)
    process = Process("redis", [redis, str(config)], base_env(), home, root / "logs" / "redis.log")
    cleanup.callback(process.stop)
    process.start()
    wait_for(lambda: listening(port), 30, "redis-server", process.log, process.alive)
    return process


def start_elasticsearch(root: Path, ports: list[int], password: str, cleanup: ExitStack) -> dict:
    """A node of its own with security on (scripts/services.py's node, with the `elastic` password)."""
    services = services_module()
    user = None
    if os.geteuid() == 0:  # Elasticsearch refuses to run as root
        services.ensure_service_user()
        user = services.SERVICE_USER
    run_dir = root / "services"
    run_dir.mkdir(mode=0o755)
    context = services.Context(run_dir=run_dir, user=user)
    context.own(run_dir)
    node = services.Elasticsearch()
    node.check()
    record = node.plan(context, ports, password=password)
    cleanup.callback(node.stop, context, record)  # also after a start that failed half-way
    node.start(context, record)
    return record


def write_certificate(folder: Path) -> None:
    openssl = shutil.which("openssl")
    if not openssl:
        raise StepFailed("openssl is not installed (it makes the proxy's self-signed certificate)")
    run_step(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(folder / "privkey.pem"),
            "-out",
            str(folder / "fullchain.pem"),
        ],
        base_env(),
        folder,
        timeout=60,
    )


def write_nginx_config(root: Path, port: int, daphne_ports: list[int]) -> Path:
    folder = root / "nginx"
    folder.mkdir()
    for name in ("intranet-http.conf", "intranet-server.conf"):  # the operator's includes, as they are
        shutil.copy(PROJECT / "deploy" / "nginx" / name, folder / name)
    write_certificate(folder)
    template = (HERE / "nginx.conf.template").read_text()
    config = folder / "nginx.conf"
    config.write_text(
        template.format(
            folder=folder, port=port, servers="\n".join(f"        server 127.0.0.1:{p};" for p in daphne_ports)
        )
    )
    return config


def start_nginx(root: Path, config: Path, port: int, cleanup: ExitStack) -> Process:
    if not Path(NGINX).exists():
        raise StepFailed("nginx is not installed (apt-get install nginx)")
    argv = [NGINX, "-e", "stderr", "-p", str(config.parent), "-c", str(config)]
    if os.geteuid() == 0:  # the workers would switch to `nobody`, who cannot write the folder
        services = services_module()
        services.ensure_service_user()
        services.Context(run_dir=config.parent, user=services.SERVICE_USER).own(config.parent)
        argv = ["runuser", "-u", services.SERVICE_USER, "--", *argv]
    run_step([*argv, "-t"], base_env(), config.parent, timeout=60)
    process = Process("nginx", argv, base_env(), config.parent, root / "logs" / "nginx.log")
    cleanup.callback(process.stop)
    process.start()
    wait_for(lambda: listening(port), 30, "nginx", process.log, process.alive)
    return process


def production_env(root: Path, *, port: int, database_url: str, redis_url: str, elasticsearch_url: str) -> dict:
    """The variables docs/deploy.md lists for a production start."""
    var = root / "var"
    return {
        **base_env(),
        "DJANGO_SETTINGS_MODULE": "intranet.settings",
        "INTRANET_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "BASE_URL": f"https://127.0.0.1:{port}",
        "DATABASE_URL": database_url,
        "DATABASE_POOL_MAX_SIZE": "4",
        "REDIS_URL": redis_url,
        "ELASTICSEARCH_URL": elasticsearch_url,
        "TASKS_BACKEND": "database",
        "INTRANET_VAR_DIR": str(var),
        # /metrics and the details of /healthz for this bearer token; the processes' samples summed.
        "METRICS_TOKEN": secrets.token_hex(16),
        "PROMETHEUS_MULTIPROC_DIR": str(var / "metrics"),
        "MEDIA_ROOT": str(var / "media"),
        "PRIVATE_MEDIA_ROOT": str(var / "private"),
    }


def prepare(stack: Stack) -> None:
    """The one-off commands of a first start (docs/deploy.md, "Production without containers")."""
    started = time.monotonic()
    stack.manage("preflight")
    stack.manage("compilemessages")
    install = ["bash", str(PROJECT / "scripts" / "install.sh"), "static"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        static = pool.submit(
            run_step, install, {**stack.env, "PYTHON": str(stack.venv / "bin" / "python")}, stack.root / "run"
        )
        migrate = pool.submit(stack.manage, "migrate", "--noinput")
        static.result()
        migrate.result()
    stack.timings["preflight, compilemessages, collectstatic + migrate"] = time.monotonic() - started

    started = time.monotonic()
    stack.manage("import_directory", str(DIRECTORY))
    # The import gives people no password (single sign-on, or an administrator sets one).
    stack.manage(
        "shell",
        "-c",
        (
            "from people.models import User\n"
            f"for email in {sorted(PEOPLE.values())!r}:\n"
            "    user = User.objects.get(email=email); user.set_password(" + repr(PASSWORD) + "); user.save()\n"
        ),
    )
    stack.manage("search_reindex", "--no-progress")
    stack.manage("preflight", "--migrated")
    stack.timings["import, passwords, search_reindex, preflight"] = time.monotonic() - started


def start_processes(stack: Stack, daphne_ports: list[int]) -> None:
    logs, run = stack.logs, stack.root / "run"
    for index, port in enumerate(daphne_ports, start=1):
        access = logs / f"daphne-{index}-access.log"
        stack.daphnes.append(
            Daphne(
                f"daphne-{index}",
                [
                    str(stack.venv / "bin" / "daphne"),
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--proxy-headers",
                    "--access-log",
                    str(access),
                    "intranet.asgi:application",
                ],
                stack.env,
                run,
                logs / f"daphne-{index}.log",
                port=port,
                access_log=access,
            )
        )
    manage = manage_command(stack.venv)
    stack.processes["worker"] = Process("worker", [*manage, "db_worker"], stack.env, run, logs / "worker.log")
    stack.processes["scheduler"] = Process(
        "scheduler", [*manage, "run_scheduler"], stack.env, run, logs / "scheduler.log"
    )
    for process in [*stack.daphnes, stack.processes["worker"], stack.processes["scheduler"]]:
        process.start()
    for daphne in stack.daphnes:
        wait_for(lambda d=daphne: listening(d.port), 120, daphne.name, daphne.log, daphne.alive)


def stop_together(processes: list[Process]) -> None:
    with ThreadPoolExecutor(max_workers=max(1, len(processes))) as pool:
        list(pool.map(Process.stop, processes))


def find_pins(stack: Stack) -> list[str]:
    """Which value of the `pin` cookie makes nginx's hash send a browser to each daphne: ask and look."""
    pins: dict[int, str] = {}
    for attempt in range(60):
        value = f"p{attempt}"
        marker = f"/healthz/live?probe={secrets.token_hex(6)}"
        status, _headers, body = stack.get(marker, headers={"Cookie": f"pin={value}"})
        if status != 200:
            raise StepFailed(f"/healthz/live through the proxy answered {status}: {body[:500]!r}")
        for index, daphne in enumerate(stack.daphnes):
            if any(marker in line for line in daphne.access_lines()) and index not in pins:
                pins[index] = value
        if len(pins) == len(stack.daphnes):
            return [pins[index] for index in range(len(stack.daphnes))]
    raise StepFailed(f"nginx sent no probe to some daphne process (found {pins})")


@contextmanager
def production_stack(admin_database_url: str, venv: Path | None = None) -> Iterator[Stack]:
    root = Path(tempfile.mkdtemp(prefix="intranet-production-"))
    root.chmod(0o755)  # the service user (Elasticsearch, nginx) must reach its folders
    for folder in ("logs", "run", "var", "var/metrics"):
        (root / folder).mkdir()
    taken: set[int] = set()
    port = free_port(taken)
    daphne_ports = [free_port(taken), free_port(taken)]
    redis_port, es_ports = free_port(taken), [free_port(taken), free_port(taken)]
    redis_password, elastic_password = secrets.token_hex(24), secrets.token_hex(24)
    database = f"intranet_production_{secrets.token_hex(4)}"
    timings: dict[str, float] = {}
    started = time.monotonic()

    with ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, root, ignore_errors=True)
        with ThreadPoolExecutor(max_workers=4) as pool:
            # Elasticsearch takes longest; the wheel, Redis, the database and the proxy's files meanwhile.
            # Each start registers its stop itself, so whatever started is stopped even if another failed.
            elasticsearch = pool.submit(start_elasticsearch, root, es_ports, elastic_password, cleanup)
            installed = venv
            venv = pool.submit(lambda: installed) if installed else pool.submit(build_and_install, root, timings)
            redis = pool.submit(start_redis, root, redis_port, redis_password, cleanup)
            database_url = pool.submit(create_database, admin_database_url, database, cleanup)
            nginx_config = pool.submit(write_nginx_config, root, port, daphne_ports)
            for future in (elasticsearch, venv, redis, database_url, nginx_config):
                future.result()
        timings["services, wheel and virtualenv (in parallel)"] = time.monotonic() - started
        es_record = elasticsearch.result()

        stack = Stack(
            root=root,
            venv=venv.result(),
            url=f"https://127.0.0.1:{port}",
            timings=timings,
            logs=root / "logs",
            env=production_env(
                root,
                port=port,
                database_url=database_url.result(),
                redis_url=f"redis://:{redis_password}@127.0.0.1:{redis_port}/0",
                elasticsearch_url=f"http://elastic:{elastic_password}@127.0.0.1:{es_record['port']}",
            ),
        )
        prepare(stack)

        step = time.monotonic()
        # Stopped in reverse: the proxy first, then the app processes (together: each gets SIGTERM and up
        # to 20 s, then SIGKILL, as before, but their waits overlap).
        cleanup.callback(lambda: stop_together([*stack.daphnes, *stack.processes.values()]))
        start_processes(stack, daphne_ports)
        stack.processes["nginx"] = start_nginx(root, nginx_config.result(), port, cleanup)
        stack.pins = find_pins(stack)
        timings["processes and proxy up"] = time.monotonic() - step
        timings["total start"] = time.monotonic() - started
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        timings["CPU seconds of the finished commands (user + system)"] = children.ru_utime + children.ru_stime
        (root / "logs" / "timings.json").write_text(json.dumps(timings, indent=2))
        yield stack
