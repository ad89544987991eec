"""What an operator sees when configuring the intranet through the environment.

Settings are read once per process, so each case loads Django in a fresh subprocess with exactly the
environment under test (the variables of the calling shell are removed first).
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SETTINGS_FILES = [REPO / "intranet" / "settings.py", REPO / "core" / "env.py"]

# Prints the settings an operator cares about. Reading the settings is enough for most cases;
# FULL_SETUP also loads every app, as a server does at start-up (slower).
SHOW_SETTINGS = """
import json
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECRET_KEY": s.SECRET_KEY,
    "DATABASE": s.DATABASES["default"],
    "CHANNEL_LAYER": s.CHANNEL_LAYERS["default"],
    "CACHE": s.CACHES["default"],
    "SEARCH_BACKEND": s.SEARCH_BACKEND,
    "TASKS_BACKEND": s.TASKS["default"]["BACKEND"],
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "STATICFILES_STORAGE": s.STORAGES["staticfiles"]["BACKEND"],
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
}, default=str))
"""
FULL_SETUP = "import django\ndjango.setup()\n" + SHOW_SETTINGS


def variables_read_by_settings() -> set[str]:
    """Every environment variable name that intranet/settings.py and core/env.py read."""
    pattern = re.compile(r"\b(?:text|boolean|number|listing)\(\s*\"([A-Z][A-Z0-9_]*)\"")
    return {name for path in SETTINGS_FILES for name in pattern.findall(path.read_text())}


def load_settings(var_dir: Path, script: str = SHOW_SETTINGS, **variables: str) -> subprocess.CompletedProcess:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in variables_read_by_settings() and name != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(DJANGO_SETTINGS_MODULE="intranet.settings", INTRANET_VAR_DIR=str(var_dir), **variables)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def loaded(var_dir: Path, script: str = SHOW_SETTINGS, **variables: str) -> dict:
    result = load_settings(var_dir, script, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_variable_list_is_found_in_the_settings():
    # Guards the parsing the other tests (and tests/test_deployment_files.py) rely on.
    assert {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "SECRET_KEY", "INTRANET_ENV", "DEBUG"} <= (
        variables_read_by_settings()
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = load_settings(tmp_path, FULL_SETUP, INTRANET_ENV="production")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when INTRANET_ENV=production." in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_to_start_with_debug_on(tmp_path):
    result = load_settings(tmp_path, FULL_SETUP, INTRANET_ENV="production", SECRET_KEY="k" * 50, DEBUG="true")

    assert result.returncode != 0
    assert "DEBUG must be off when INTRANET_ENV=production." in result.stderr


def test_production_with_a_secret_key_uses_secure_cookies_and_hashed_static_files(tmp_path):
    key = "0123456789abcdef" * 4
    settings = loaded(
        tmp_path,
        FULL_SETUP,
        INTRANET_ENV="production",
        SECRET_KEY=key,
        ALLOWED_HOSTS="intranet.example.fi",
        # Production needs every service named (tests/ops/test_production_config.py); none is contacted here.
        DATABASE_URL="postgres://intranet:pw@db.example:5432/intranet",
        REDIS_URL="redis://redis.example:6379/0",
        ELASTICSEARCH_URL="https://intranet:pw@search.example:9200",
        BASE_URL="https://intranet.example.fi",
    )

    assert settings["DEBUG"] is False
    assert settings["SECRET_KEY"] == key
    assert settings["SESSION_COOKIE_SECURE"] and settings["CSRF_COOKIE_SECURE"]
    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    # whitenoise's hashed, compressed files, with the imports between JavaScript modules rewritten.
    assert settings["STATICFILES_STORAGE"] == "frontend.storage.ModuleAwareStaticFilesStorage"
    assert settings["ALLOWED_HOSTS"] == ["intranet.example.fi"]


def test_without_any_variable_the_embedded_defaults_need_no_service(tmp_path):
    settings = loaded(tmp_path, FULL_SETUP)

    assert settings["DATABASE"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["DATABASE"]["NAME"] == str(tmp_path / "intranet.sqlite3")
    assert settings["CHANNEL_LAYER"] == {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    assert settings["CACHE"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings["SEARCH_BACKEND"] == "database"
    assert settings["TASKS_BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert settings["DEBUG"] is False
    assert settings["SESSION_COOKIE_SECURE"] is False


def test_outside_production_a_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = loaded(tmp_path)["SECRET_KEY"]
    second = loaded(tmp_path)["SECRET_KEY"]

    key_file = tmp_path / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_redis_url_selects_the_redis_channel_layer_without_a_socket_timeout(tmp_path):
    url = "redis://127.0.0.1:6390/2"
    settings = loaded(tmp_path, REDIS_URL=url, CHANNEL_LAYER_PREFIX="run-42")

    layer = settings["CHANNEL_LAYER"]
    assert layer["BACKEND"] == "messaging.channel_layer.LocalFanoutChannelLayer"
    # redis-py 8 would otherwise time the long-lived subscriber out after 5 s (channels_redis issue 422).
    assert layer["CONFIG"]["hosts"] == [{"address": url, "socket_timeout": None, "max_connections": 1000}]
    assert layer["CONFIG"]["prefix"] == "run-42"
    assert settings["CACHE"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert settings["CACHE"]["LOCATION"] == url


def test_database_url_selects_postgresql(tmp_path):
    settings = loaded(tmp_path, DATABASE_URL="postgres://intranet:pw@db.example:5433/intranet")

    database = settings["DATABASE"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"], database["USER"]) == (
        "db.example",
        5433,
        "intranet",
        "intranet",
    )


def test_postgresql_connections_are_pooled_only_when_a_pool_size_is_given(tmp_path):
    url = "postgres://intranet:pw@db.example:5433/intranet"
    assert "pool" not in loaded(tmp_path, DATABASE_URL=url)["DATABASE"].get("OPTIONS", {})

    pooled = loaded(tmp_path, DATABASE_URL=url, DATABASE_POOL_MAX_SIZE="20")["DATABASE"]

    assert pooled["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 20}


def test_elasticsearch_url_selects_the_elasticsearch_search_backend(tmp_path):
    assert loaded(tmp_path, ELASTICSEARCH_URL="http://127.0.0.1:9201")["SEARCH_BACKEND"] == "elasticsearch"


def test_database_tasks_backend_for_a_separate_worker(tmp_path):
    assert loaded(tmp_path, TASKS_BACKEND="database")["TASKS_BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_a_mistyped_value_is_refused_with_the_variable_named(tmp_path):
    bad_backend = load_settings(tmp_path, TASKS_BACKEND="celery")
    bad_number = load_settings(tmp_path, ELASTICSEARCH_TIMEOUT="ten")

    assert bad_backend.returncode == 1
    assert bad_backend.stderr.strip() == (
        "Configuration error: TASKS_BACKEND must be one of immediate, database, dummy, not 'celery'"
    )
    assert bad_number.returncode == 1
    assert bad_number.stderr.strip() == (
        "Configuration error: ELASTICSEARCH_TIMEOUT must be a whole number from 1 to 300, not 'ten'"
    )
