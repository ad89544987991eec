"""The operator-facing files: docker-compose.yml, deploy/nginx, Dockerfile, Makefile, .ci/run, scripts/services.py.

No Docker engine runs here, so the compose file is parsed and checked for what an operator relies on;
the Makefile is dry-run; the services script's helpers are exercised for real.
"""

import importlib
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.conftest import missing
from tests.test_settings import FULL_SETUP, load_settings, variables_read_by_settings

REPO = Path(__file__).resolve().parent.parent
APP_SERVICES = ("app", "worker", "migrate", "scheduler")
REQUIRED_SECRETS = {"SECRET_KEY", "POSTGRES_PASSWORD", "REDIS_PASSWORD", "ELASTIC_PASSWORD", "INTRANET_HOSTNAME"}
INTERPOLATION = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services_script():
    spec = importlib.util.spec_from_file_location("intranet_services_script", REPO / "scripts" / "services.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def interpolate(value: str, variables: dict[str, str]) -> str:
    """Docker Compose's ${NAME}, ${NAME:-default}, ${NAME:?error} and $$."""

    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name", "op", "arg")
        if variables.get(name):
            return variables[name]
        if op and op.endswith("?"):
            raise KeyError(f"{name}: {arg}")
        return arg if op and op.endswith("-") else ""

    return INTERPOLATION.sub(replace, value)


def run_script(*arguments: str, **environment: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **environment}
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "services.py"), *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- docker-compose.yml ------------------------------------------------------------------------


def test_compose_has_the_production_stack(compose):
    services = compose["services"]
    assert set(services) == {"proxy", "app", "worker", "migrate", "scheduler", "postgres", "redis", "elasticsearch"}
    assert services["proxy"]["image"] == "nginx:1.28"  # `server ... resolve` needs nginx 1.27.3+
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    assert services["elasticsearch"]["image"] == "docker.elastic.co/elasticsearch/elasticsearch:8.19.9"
    # App, worker and migrations run the one image built from the Dockerfile.
    assert {services[name]["build"] for name in APP_SERVICES} == {"."}
    assert len({services[name]["image"] for name in APP_SERVICES}) == 1


def test_app_and_worker_get_every_service_and_production_mode(compose):
    for name in APP_SERVICES:
        environment = compose["services"][name]["environment"]
        assert environment["INTRANET_ENV"] == "production"
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
        assert environment["DATABASE_URL"].startswith("postgres://intranet:${POSTGRES_PASSWORD")
        assert environment["DATABASE_URL"].endswith("@postgres:5432/intranet")
        assert environment["REDIS_URL"].endswith("@redis:6379/0")
        # Elasticsearch runs with security on: the URL carries the credentials.
        assert environment["ELASTICSEARCH_URL"].startswith("http://elastic:${ELASTIC_PASSWORD")
        assert environment["ELASTICSEARCH_URL"].endswith("@elasticsearch:9200")
        assert environment["TASKS_BACKEND"] == "database"


def test_compose_sets_only_variables_the_settings_read(compose):
    known = variables_read_by_settings()
    for name in APP_SERVICES:
        unknown = set(compose["services"][name]["environment"]) - known
        assert not unknown, f"{name} sets variables that intranet/settings.py never reads: {unknown}"


def test_the_stack_refuses_to_start_without_its_secrets():
    text = (REPO / "docker-compose.yml").read_text()
    required = {m.group("name") for m in INTERPOLATION.finditer(text) if m.group("op") == ":?"}
    assert required == REQUIRED_SECRETS
    with pytest.raises(KeyError, match="SECRET_KEY"):
        interpolate("${SECRET_KEY:?set SECRET_KEY in .env}", {})


def test_no_secret_is_written_into_the_compose_file(compose):
    for name, service in compose["services"].items():
        environment = service.get("environment", {})
        for key, value in environment.items():
            if re.search(r"PASSWORD|SECRET", key):
                assert re.fullmatch(r"\$\{[A-Z_]+(:[-?][^}]*)?\}", str(value)), f"{name}.{key} is written in"


def test_compose_environment_gives_a_working_production_configuration(compose, tmp_path):
    # Values of the shape deploy.md generates (openssl rand -hex): a SECRET_KEY shorter than 50 is refused.
    secrets = {name: f"{name.lower()}-" + "0123456789abcdef" * 4 for name in REQUIRED_SECRETS}
    secrets["INTRANET_HOSTNAME"] = "intranet.example.fi"
    app_environment = compose["services"]["app"]["environment"]
    environment = {key: interpolate(str(value), secrets) for key, value in app_environment.items()}

    result = load_settings(tmp_path, FULL_SETUP, **environment)

    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout.strip().splitlines()[-1])
    assert settings["DATABASE"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings["DATABASE"]["HOST"] == "postgres"
    assert settings["CHANNEL_LAYER"]["BACKEND"] == "messaging.channel_layer.LocalFanoutChannelLayer"
    assert settings["SEARCH_BACKEND"] == "elasticsearch"
    assert settings["TASKS_BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert "intranet.example.fi" in settings["ALLOWED_HOSTS"]


def test_elasticsearch_has_security_on_a_password_and_a_volume(compose):
    elasticsearch = compose["services"]["elasticsearch"]
    environment = elasticsearch["environment"]
    assert environment["xpack.security.enabled"] == "true"
    assert environment["ELASTIC_PASSWORD"].startswith("${ELASTIC_PASSWORD:?")
    assert environment["discovery.type"] == "single-node"
    assert any(volume.endswith(":/usr/share/elasticsearch/data") for volume in elasticsearch["volumes"])
    postgres_volumes = compose["services"]["postgres"]["volumes"]
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in postgres_volumes)


def test_every_long_running_service_has_a_health_check(compose):
    services = compose["services"]
    checks = {
        name: " ".join(services[name]["healthcheck"]["test"]) for name in ("app", "postgres", "redis", "elasticsearch")
    }
    assert "http://127.0.0.1:8000/healthz" in checks["app"]
    assert "pg_isready" in checks["postgres"]
    assert "redis-cli ping" in checks["redis"]
    # `GET /` is not a health check: ask the cluster, with the credentials security demands.
    assert "/_cluster/health" in checks["elasticsearch"]
    assert "elastic:$$ELASTIC_PASSWORD" in checks["elasticsearch"]


def test_app_and_worker_wait_for_healthy_services_and_migrations(compose):
    services = compose["services"]
    for name in ("app", "worker"):
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully"
        for dependency in ("postgres", "redis", "elasticsearch"):
            assert depends_on[dependency]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["migrate"]["restart"] == "no"
    # Every "healthy" condition points at a service that can become healthy.
    for service in services.values():
        for dependency, condition in service.get("depends_on", {}).items():
            if condition["condition"] == "service_healthy":
                assert "healthcheck" in services[dependency]


def test_worker_runs_the_database_task_worker_and_migrate_migrates(compose):
    assert compose["services"]["worker"]["command"] == ["intranet", "db_worker"]
    assert compose["services"]["scheduler"]["command"] == ["intranet", "run_scheduler"]
    assert compose["services"]["migrate"]["command"] == ["intranet", "migrate", "--noinput"]


def test_every_command_of_the_stack_is_a_real_command_of_the_project(compose):
    from django.core.management import get_commands

    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["intranet"] == "intranet.manage:main"
    commands = get_commands()
    for name in APP_SERVICES:
        command = compose["services"][name]["command"]
        if command[0] == "intranet":
            assert command[1] in commands, f"{name}: `intranet {command[1]}` is no management command"
        else:
            assert command[0] == "daphne", name
            module, attribute = command[-1].split(":")
            assert callable(getattr(importlib.import_module(module), attribute)), command[-1]


def test_the_app_runs_the_image_command_on_the_port_the_proxy_and_health_check_use(compose):
    app = compose["services"]["app"]
    dockerfile_cmd = json.loads(
        re.search(r"^CMD\s+(\[.*\])\s*$", (REPO / "Dockerfile").read_text(), re.MULTILINE).group(1)
    )
    assert app["command"] == dockerfile_cmd
    port = app["command"][app["command"].index("--port") + 1]
    assert app["command"][app["command"].index("--bind") + 1] == "0.0.0.0"
    assert f"http://127.0.0.1:{port}/healthz" in " ".join(app["healthcheck"]["test"])
    nginx = (REPO / "deploy" / "nginx" / "nginx.conf").read_text()
    assert re.search(rf"^\s*server app:{port} resolve;", nginx, re.MULTILINE)


def test_several_app_replicas_behind_the_proxy(compose):
    replicas = interpolate(str(compose["services"]["app"]["deploy"]["replicas"]), {})
    assert int(replicas) >= 2
    assert compose["services"]["proxy"]["depends_on"]["app"]["condition"] == "service_healthy"
    # Replicas cannot share a host port: the app publishes none.
    assert "ports" not in compose["services"]["app"]


def bind_mounts(service: dict) -> dict[str, Path]:
    """The service's bind mounts of the checkout: container path -> host path."""
    mounts = {}
    for volume in service.get("volumes", []):
        source, target = interpolate(volume, {}).split(":")[:2]
        if source.startswith("./"):
            mounts[target] = REPO / source
    return mounts


def test_the_proxy_mounts_a_configuration_that_exists_with_everything_it_includes(compose):
    proxy = compose["services"]["proxy"]
    mounts = bind_mounts(proxy)
    config_in_container = proxy["command"][proxy["command"].index("-c") + 1]
    config_dir = Path(config_in_container).parent
    host_dir = mounts[str(config_dir)]
    config = host_dir / Path(config_in_container).name
    assert config.is_file(), config
    text = config.read_text()
    for included in re.findall(r"^\s*include\s+([^;]+);", text, re.MULTILINE):
        if not included.startswith("/"):  # relative: next to nginx.conf, in the mounted folder
            assert (host_dir / included).is_file(), included
    assert "include intranet-http.conf;" in text and "include intranet-server.conf;" in text
    # The certificate's folder is mounted where nginx.conf reads it.
    tls_target = next(
        target for target in (interpolate(v, {}).split(":")[1] for v in proxy["volumes"]) if "tls" in target
    )
    for certificate in re.findall(r"ssl_certificate(?:_key)?\s+([^;]+);", text):
        assert certificate.startswith(tls_target + "/"), certificate


def test_the_proxy_serves_media_from_the_volume_the_app_writes_uploads_to(compose):
    text = (REPO / "deploy" / "nginx" / "nginx.conf").read_text()
    alias = re.search(r"location /media/ \{\s*alias ([^;]+);", text).group(1).rstrip("/")
    proxy_volumes = dict(interpolate(v, {}).split(":")[:2] for v in compose["services"]["proxy"]["volumes"])
    app_volumes = dict(interpolate(v, {}).split(":")[:2] for v in compose["services"]["app"]["volumes"])
    media_root = re.search(r"MEDIA_ROOT=(\S+)", (REPO / "Dockerfile").read_text()).group(1)
    assert app_volumes["media"] == media_root
    assert proxy_volumes["media"] == alias
    # Private files (attachments) are never reachable through the proxy.
    assert "private-media" not in proxy_volumes


def test_the_proxy_passes_websockets_and_overwrites_the_forwarded_headers():
    text = (REPO / "deploy" / "nginx" / "intranet-server.conf").read_text()
    assert "proxy_pass http://intranet;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert "proxy_set_header Connection $connection_upgrade;" in text
    assert "$connection_upgrade" in (REPO / "deploy" / "nginx" / "intranet-http.conf").read_text()
    # Overwritten with the peer's address: appending would let a client choose what daphne logs.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in text
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert "proxy_add_x_forwarded_for" not in text


def test_only_the_proxy_is_published(compose):
    published = {name: service["ports"] for name, service in compose["services"].items() if "ports" in service}
    assert list(published) == ["proxy"]
    assert [interpolate(port, {}) for port in published["proxy"]] == ["80:80", "443:443"]


# --- Dockerfile --------------------------------------------------------------------------------


def test_dockerfile_serves_the_asgi_application_with_daphne_as_a_non_root_user():
    text = (REPO / "Dockerfile").read_text()
    command = json.loads(re.search(r"^CMD\s+(\[.*\])\s*$", text, re.MULTILINE).group(1))
    assert command[0] == "daphne"
    assert command[-1] == "intranet.asgi:application"
    assert "--proxy-headers" in command
    assert re.search(r"^FROM python:3\.11", text, re.MULTILINE)
    assert re.search(r"^USER intranet$", text, re.MULTILINE)
    assert "install.sh static" in text  # collectstatic, run for real by tests/packaging


def test_docker_context_leaves_out_local_state_and_secrets():
    ignored = set((REPO / ".dockerignore").read_text().split())
    assert {".env", ".git", ".venv", "var", ".cache", "deploy/tls"} <= ignored  # no TLS key in an image


# --- Makefile and CI ---------------------------------------------------------------------------


def dry_run(target: str, *variables: str) -> str:
    # A clean make: under `make test` the outer make's variables would reach this one through MAKEFLAGS.
    outer = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "CI", "PYTEST_ARGS"}
    env = {name: value for name, value in os.environ.items() if name not in outer}
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", target, *variables],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_run_migrates_seeds_and_serves_with_daphne():
    recipe = dry_run("run")
    assert "manage.py migrate --noinput" in recipe
    assert "manage.py seed_demo" in recipe
    assert "daphne -b 127.0.0.1 -p ${PORT:-8000} intranet.asgi:application" in recipe


def test_make_test_runs_pytest_between_starting_and_stopping_the_services():
    recipe = dry_run("test", "PYTEST_ARGS=tests/test_settings.py")
    start = recipe.index("scripts/services.py start")
    pytest_run = recipe.index("-m pytest")
    assert start < pytest_run < recipe.rindex("stop_services")
    assert "tests/test_settings.py" in recipe
    assert "trap stop_services EXIT" in recipe
    assert "REQUIRE_SERVICES=1" in recipe and "--require" in recipe
    assert "SEARCH_INDEX_PREFIX=" in recipe and "CHANNEL_LAYER_PREFIX=" in recipe
    assert "exit $status" in recipe


def test_make_has_the_service_and_translation_helpers():
    assert "scripts/services.py start" in dry_run("services")
    assert "scripts/services.py stop" in dry_run("services-stop")
    messages = dry_run("messages")
    assert "makemessages --no-obsolete" in messages and "--ignore=tests" in messages
    assert "compilemessages" in messages


def test_make_has_the_packaging_helpers_the_docs_name():
    assert "scripts/lock.sh" in dry_run("lock")
    assert "LOCK_UPGRADE=1 scripts/lock.sh" in dry_run("lock-upgrade")
    assert "scripts/build_wheel.py --out dist" in dry_run("wheel")


def test_ci_script_installs_what_is_missing_and_runs_make_test():
    script = REPO / ".ci" / "run"
    text = script.read_text()
    assert os.access(script, os.X_OK)
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0
    assert "set -euo pipefail" in text
    assert "apt-get install -y --no-install-recommends" in text
    for package in (
        "postgresql",
        "redis-server",
        "openjdk-17-jre-headless",
        "chromium",
        "chromium-driver",
        "gettext",
        "libvoikko1",
        "voikko-fi",
        "nginx",
        "openssl",
    ):
        assert f"missing+=({package})" in text
    assert "export CI=true" in text and "make test" in text


# --- scripts/services.py -----------------------------------------------------------------------


def test_free_port_is_bindable_and_never_a_reserved_or_taken_one(services_script):
    first = services_script.free_port()
    second = services_script.free_port({first})

    assert first != second
    for port in (first, second):
        assert port not in {55432, 56379, 59200, 59300}
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", port))


def test_env_file_is_sourced_by_a_shell_with_the_exact_values(services_script, tmp_path):
    values = {"DATABASE_URL": "postgres://u:p@127.0.0.1:5/db", "ODD": 'it\'s "quoted" $HOME `x` a b'}
    env_file = tmp_path / "env"
    services_script.write_env_file(env_file, values)

    shown = subprocess.run(
        ["bash", "-c", f'. {env_file}; printf "%s\\n%s" "$DATABASE_URL" "$ODD"'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert shown.split("\n") == [values["DATABASE_URL"], values["ODD"]]
    assert services_script.read_env_file(env_file) == values
    assert env_file.read_text().startswith("export DATABASE_URL=")


def test_service_data_moves_to_tmp_when_the_service_user_cannot_reach_the_repo(services_script):
    short = Path(tempfile.mkdtemp(prefix="svc"))
    closed = short / "closed"
    closed.mkdir(mode=0o700)
    try:
        assert services_script.choose_run_dir(short, as_root=False) == short / "run"
        state = closed / "state"
        moved = services_script.choose_run_dir(state, as_root=True)
        assert moved.parent == Path(tempfile.gettempdir()) and moved.name.startswith("intranet-services-")
        assert services_script.choose_run_dir(state, as_root=True) == moved  # stable
        # Too long for a unix socket path: moved as well.
        too_long = services_script.choose_run_dir(short / ("x" * 80), as_root=False)
        assert too_long.name.startswith("intranet-services-")
    finally:
        closed.chmod(0o755)
        subprocess.run(["rm", "-rf", str(short)], check=True)


def test_stop_status_and_env_with_nothing_started(tmp_path):
    state_dir = str(tmp_path / "services")

    assert run_script("--state-dir", state_dir, "stop").returncode == 0
    assert run_script("--state-dir", state_dir, "stop").returncode == 0  # idempotent
    status = run_script("--state-dir", state_dir, "status")
    assert status.returncode == 1 and "No services started" in status.stdout
    assert run_script("--state-dir", state_dir, "env").returncode == 1


def test_required_services_with_a_missing_tool_fail_before_starting_anything(tmp_path):
    state_dir = tmp_path / "services"
    empty_path = tmp_path / "bin"
    empty_path.mkdir()

    result = run_script("--state-dir", str(state_dir), "start", "--require", PATH=str(empty_path), CI="")

    assert result.returncode == 2
    assert "redis: unavailable: redis-server not found on PATH" in result.stderr
    assert "nothing was started" in result.stderr
    assert not (state_dir / "state.json").exists()


# --- docs ----------------------------------------------------------------------------------------


def test_configuration_doc_describes_every_variable_the_settings_read():
    text = (REPO / "docs" / "configuration.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", text, re.MULTILINE))
    missing = variables_read_by_settings() - documented
    assert not missing, f"docs/configuration.md does not describe {sorted(missing)}"


def test_deploy_doc_names_every_variable_of_the_compose_file():
    compose_text = (REPO / "docker-compose.yml").read_text()
    used = {m.group("name") for m in INTERPOLATION.finditer(compose_text) if m.group("name")}
    deploy = (REPO / "docs" / "deploy.md").read_text()
    missing = {name for name in used if f"`{name}`" not in deploy and f"{name}=" not in deploy}
    assert not missing, f"docs/deploy.md does not mention {sorted(missing)}"


# --- deploy/nginx, checked by nginx itself ---------------------------------------------------------


def nginx_test(config: str, tmp_path: Path) -> subprocess.CompletedProcess:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if nginx is None:
        missing("nginx is not installed (Debian package nginx; .ci/run installs it)")
    (tmp_path / "nginx.conf").write_text(config)
    return subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        timeout=60,
    )


def scratch_paths(tmp_path: Path) -> str:
    return "\n".join(
        f"{kind}_temp_path {tmp_path / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )


def test_the_shared_nginx_parts_are_valid_in_a_configuration_of_ones_own(tmp_path):
    # As docs/deploy.md shows it: the two includes, an upstream of daphne processes, a media location.
    nginx_dir = REPO / "deploy" / "nginx"
    config = f"""
pid {tmp_path}/nginx.pid;
events {{}}
http {{
    {scratch_paths(tmp_path)}
    include {nginx_dir}/intranet-http.conf;
    upstream intranet {{ server 127.0.0.1:8001; server 127.0.0.1:8002; }}
    server {{
        listen 127.0.0.1:8443;
        include {nginx_dir}/intranet-server.conf;
        location /media/ {{ alias {tmp_path}/media/; }}
    }}
}}
"""
    result = nginx_test(config, tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_compose_proxy_configuration_is_valid(tmp_path):
    """deploy/nginx/nginx.conf with a throwaway certificate. Debian's nginx predates `server ... resolve`
    (1.27.3) and `http2 on` (1.25.1), which the compose image (nginx:1.28) has: only those are adapted."""
    if shutil.which("openssl") is None:
        missing("openssl is not installed")
    tls = tmp_path / "tls"
    tls.mkdir()
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=test",
            "-keyout",
            str(tls / "privkey.pem"),
            "-out",
            str(tls / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    text = (REPO / "deploy" / "nginx" / "nginx.conf").read_text()
    assert "server app:8000 resolve;" in text and "http2 on;" in text
    adapted = (
        text.replace("server app:8000 resolve;", "server 127.0.0.1:8000;")
        .replace("http2 on;", "")
        .replace("include intranet-", f"include {REPO}/deploy/nginx/intranet-")
        .replace("/etc/nginx/tls/", f"{tls}/")
        .replace("/etc/nginx/mime.types", str(Path("/etc/nginx/mime.types")))
        .replace("listen 80;", "listen 127.0.0.1:8080;")
        .replace("listen 443 ssl;", "listen 127.0.0.1:8443 ssl;")
        .replace("pid /tmp/nginx.pid;", f"pid {tmp_path}/nginx.pid;")
        .replace("http {", "http {\n" + scratch_paths(tmp_path), 1)
    )
    result = nginx_test(adapted, tmp_path)
    assert result.returncode == 0, result.stderr
