"""A bad production configuration is refused at start-up with one line per problem and no traceback;
`manage.py preflight` tells which service cannot be reached."""

import sys
from pathlib import Path

import pytest

from intranet.ops.production_config import KEY_HINT
from tests.ops.helpers import fresh_database, manage, run, shared_database_url

GOOD = {
    "INTRANET_ENV": "production",
    "SECRET_KEY": "9f1c2b7e" * 7,
    "DATABASE_URL": "postgres://intranet:db-secret-pw@db.example.fi:5432/intranet",
    "REDIS_URL": "redis://:redis-secret-pw@redis.example.fi:6379/0",
    "ELASTICSEARCH_URL": "https://intranet:es-secret-pw@search.example.fi:9200",
    "ALLOWED_HOSTS": "intranet.example.fi",
    "BASE_URL": "https://intranet.example.fi",
}
SHOW = [
    sys.executable,
    "-c",
    "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['HOST'])",
]


def refused_lines(result) -> list[str]:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_a_good_production_configuration_loads(tmp_path):
    result = run(SHOW, INTRANET_VAR_DIR=str(tmp_path), **GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "db.example.fi"


def test_every_missing_variable_is_named_on_a_line_of_its_own(tmp_path):
    lines = refused_lines(run(SHOW, INTRANET_VAR_DIR=str(tmp_path), INTRANET_ENV="production"))
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "ALLOWED_HOSTS", "BASE_URL"):
        assert sum(line.startswith(f"Configuration error: {name} ") for line in lines) == 1, lines
    assert len(lines) == 6
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SECRET_KEY", "short-key", "SECRET_KEY must be at least 50 random characters"),
        ("SECRET_KEY", "django-insecure-" + "a1b2c3" * 9, "SECRET_KEY must be at least 50 random characters"),
        ("DATABASE_URL", "mysql://intranet:db-secret-pw@db/intranet", "DATABASE_URL must start with postgres://"),
        (
            "DATABASE_URL",
            "postgres://intranet:db-secret-pw@db:54x2/intranet",
            "DATABASE_URL has a port that is not a number",
        ),
        ("DATABASE_URL", "postgres://intranet:db-secret-pw@db:5432/", "DATABASE_URL names no database"),
        ("REDIS_URL", "redis.example.fi:6379", "REDIS_URL must start with redis://"),
        ("ELASTICSEARCH_URL", "http://search.example.fi:9200", "ELASTICSEARCH_URL has no credentials"),
        ("ELASTICSEARCH_URL", "search.example.fi", "ELASTICSEARCH_URL must start with http://"),
        ("ALLOWED_HOSTS", "https://intranet.example.fi", "ALLOWED_HOSTS lists host names, not URLs"),
        ("BASE_URL", "intranet.example.fi", "BASE_URL must start with https:// or http://"),
        ("BASE_URL", "https://intranet.example.fi/fi/", "BASE_URL must be the site's address only"),
        ("DEBUG", "true", "DEBUG must be off when INTRANET_ENV=production."),
    ],
)
def test_a_malformed_variable_is_refused_with_its_name_and_without_its_password(tmp_path, variable, value, message):
    lines = refused_lines(run(SHOW, INTRANET_VAR_DIR=str(tmp_path), **{**GOOD, variable: value}))
    assert len(lines) == 1
    assert lines[0].startswith(f"Configuration error: {message}"), lines
    assert "secret-pw" not in "".join(lines)


def test_search_on_the_database_needs_no_elasticsearch(tmp_path):
    environment = {**GOOD, "SEARCH_BACKEND": "database"}
    del environment["ELASTICSEARCH_URL"]
    assert run(SHOW, INTRANET_VAR_DIR=str(tmp_path), **environment).returncode == 0


def test_daphne_refuses_to_start_with_the_same_lines(tmp_path):
    result = run(
        [sys.executable, "-m", "daphne", "-p", "0", "intranet.asgi:application"],
        timeout=60,
        INTRANET_VAR_DIR=str(tmp_path),
        **{**GOOD, "REDIS_URL": ""},
    )
    assert refused_lines(result)[-1].startswith("Configuration error: REDIS_URL must be set")


@pytest.mark.parametrize("program", [["manage.py"], ["-m", "intranet.manage"], "intranet"])
def test_image_build_steps_run_with_only_a_secret_key(tmp_path, program):
    """scripts/install.sh runs collectstatic with SECRET_KEY only; any other command is checked in full."""
    start = [str(Path(sys.executable).parent / "intranet")] if program == "intranet" else [sys.executable, *program]
    variables = {"INTRANET_VAR_DIR": str(tmp_path), "INTRANET_ENV": "production", "SECRET_KEY": "build-only"}
    result = run([*start, "collectstatic", "--help"], **variables)
    assert result.returncode == 0, result.stderr
    refused = refused_lines(run([*start, "check"], **variables))
    assert refused[0] == f"Configuration error: SECRET_KEY must be at least 50 random characters {KEY_HINT}."


@pytest.mark.django_db
def test_preflight_names_each_service_that_does_not_answer(tmp_path):
    result = manage(
        "preflight",
        INTRANET_VAR_DIR=str(tmp_path),
        **{
            **GOOD,
            "DATABASE_URL": "postgres://intranet:db-secret-pw@127.0.0.1:9/intranet",
            "REDIS_URL": "redis://:redis-secret-pw@127.0.0.1:9/0",
            "ELASTICSEARCH_URL": "http://intranet:es-secret-pw@127.0.0.1:9",
        },
    )
    lines = refused_lines(result)
    assert lines[0].startswith("Preflight: Database at 127.0.0.1:9 does not answer")
    assert lines[1] == "Preflight: Redis at 127.0.0.1:9 does not answer: ConnectionError"
    assert lines[2] == "Preflight: Elasticsearch at 127.0.0.1:9 does not answer: ConnectionError"
    assert len(lines) == 3 and "secret-pw" not in result.stderr


@pytest.mark.django_db
def test_preflight_passes_on_real_services_and_can_demand_the_migrations(tmp_path, redis_url, elasticsearch_url):
    from urllib.parse import urlsplit

    es = urlsplit(elasticsearch_url)
    es_with_user = f"{es.scheme}://{es.username or 'elastic'}:{es.password or 'unused'}@{es.hostname}:{es.port}"
    environment = {
        **GOOD,
        "DATABASE_URL": shared_database_url(),
        "REDIS_URL": redis_url,
        "ELASTICSEARCH_URL": es_with_user,
        "INTRANET_VAR_DIR": str(tmp_path),
    }
    result = manage("preflight", "--migrated", **environment)
    assert result.returncode == 0, result.stderr
    assert "Preflight: the database, Redis and Elasticsearch answer." in result.stdout

    with fresh_database() as empty:
        lines = refused_lines(manage("preflight", "--migrated", **{**environment, "DATABASE_URL": empty}))
        assert len(lines) == 1 and "migration(s) of this release: run `manage.py migrate` first" in lines[0]
        assert manage("preflight", **{**environment, "DATABASE_URL": empty}).returncode == 0
