"""Every variable the settings read is checked at start-up: a malformed value stops the production
settings with one line naming the variable, the value (a secret's hidden) and what is expected, all
problems together, exit status 1 and no traceback."""

import sys

import pytest

from tests.ops.helpers import run
from tests.ops.test_production_config import GOOD, SHOW, refused_lines
from tests.test_settings import variables_read_by_settings

# Reading the settings is all start-up does before it refuses; no app is loaded (fast, 43 processes).
READ_SETTINGS = [sys.executable, "-c", "import intranet.settings"]

# A value of the wrong shape for each variable, as an operator might mistype it. "secret-pw" marks what
# must never be printed.
MALFORMED = {
    "ALLOWED_HOSTS": "https://intranet.example.fi",
    "ANSWER_PROMISE_WORKING_DAYS": "0",
    "ATTACHMENT_MAX_BYTES": "10MB",
    "BASE_URL": "intranet.example.fi",
    "CACHE_KEY_PREFIX": "intranet cache",
    "CHANNEL_LAYER_PREFIX": "-layer",
    "CSRF_TRUSTED_ORIGINS": "intranet.example.fi",
    "DATABASE_POOL_MAX_SIZE": "-1",
    "DATABASE_URL": "mysql://intranet:db-secret-pw@db/intranet",
    "DEBUG": "maybe",
    "DEFAULT_FROM_EMAIL": "intranet",
    "DIGEST_DAILY_AT": "7am",
    "DIGEST_WEEKLY_AT": "25:00",
    "DIGEST_WEEKLY_ON": "maanantai",
    "ELASTICSEARCH_CA_CERTS": "certs/ca.pem",
    "ELASTICSEARCH_TIMEOUT": "ten",
    "ELASTICSEARCH_URL": "search.example.fi:9200",
    "ELASTICSEARCH_VERIFY_CERTS": "nope",
    "EMAIL_HOST": "smtp://mail.example.fi",
    "EMAIL_PORT": "70000",
    "ESCALATION_INTERVAL_MINUTES": "1.5",
    "INTRANET_ENV": "prod",
    "INTRANET_VAR_DIR": "var",
    "LANGUAGE_CODE": "de",
    "LOG_FORMAT": "xml",
    "LOG_LEVEL": "LOUD",
    "MEDIA_ROOT": "media",
    "METRICS_TOKEN": "short-secret-pw",
    "OIDC_CLIENT_ID": "intranet client",
    "OIDC_CLIENT_SECRET": "two words-secret-pw",
    "OIDC_PROVIDER_ID": "municipal/sso",
    "OIDC_PROVIDER_NAME": "Single\nsign-on",
    "OIDC_SERVER_URL": "login.example.fi",
    "PRIVATE_MEDIA_ROOT": "private",
    "REDIS_URL": "redis.example.fi:6379",
    "SEARCH_BACKEND": "opensearch",
    "SEARCH_INDEX_PREFIX": "Intranet",
    "SEARCH_VOIKKO": "si",
    "SECRET_KEY": "short-secret-pw",
    "SECURE_SSL_REDIRECT": "always",
    "SITE_NAME": "Intranet\r\nBcc: everyone@example.fi",
    "TASKS_BACKEND": "celery",
    "TIME_ZONE": "Helsinki",
}


def test_every_variable_the_settings_read_has_a_malformed_example():
    # A new variable must be added here, with its format checked in core/env_values.py.
    assert set(MALFORMED) == variables_read_by_settings()


@pytest.mark.parametrize("variable", sorted(variables_read_by_settings()))
def test_a_malformed_value_stops_production_with_one_line_naming_the_variable(tmp_path, variable):
    environment = {"INTRANET_VAR_DIR": str(tmp_path), **GOOD, variable: MALFORMED[variable]}
    result = run(READ_SETTINGS, **environment)

    lines = refused_lines(result)  # exit status 1, no traceback
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Configuration error: {variable} "), lines
    assert " must " in lines[0] or " has " in lines[0] or " lists " in lines[0], lines
    assert "secret-pw" not in result.stderr + result.stdout
    assert not (tmp_path / "secret_key").exists()


def test_every_problem_is_printed_together(tmp_path):
    bad = ("TASKS_BACKEND", "ELASTICSEARCH_TIMEOUT", "DEBUG", "METRICS_TOKEN", "DIGEST_WEEKLY_ON")
    result = run(SHOW, INTRANET_VAR_DIR=str(tmp_path), **GOOD, **{name: MALFORMED[name] for name in bad})

    lines = refused_lines(result)
    assert sorted(line.split()[2] for line in lines) == sorted(bad), lines
    assert "Configuration error: TASKS_BACKEND must be one of immediate, database, dummy, not 'celery'" in lines
    assert "Configuration error: ELASTICSEARCH_TIMEOUT must be a whole number from 1 to 300, not 'ten'" in lines
    assert (
        "Configuration error: METRICS_TOKEN must be at least 32 random characters (e.g. openssl rand -hex 32), "
        "not a hidden value of 15 characters"
    ) in lines


def test_a_number_out_of_its_range_is_refused_outside_production_too(tmp_path):
    result = run(
        [sys.executable, "-c", "import django; django.setup()"],
        INTRANET_VAR_DIR=str(tmp_path),
        EMAIL_PORT="0",
        DATABASE_POOL_MAX_SIZE="1001",
    )

    lines = refused_lines(result)
    assert lines == [
        "Configuration error: DATABASE_POOL_MAX_SIZE must be a whole number from 0 to 1000, not '1001'",
        "Configuration error: EMAIL_PORT must be a whole number from 1 to 65535, not '0'",
    ]


def test_a_password_in_a_malformed_url_is_masked(tmp_path):
    result = run(SHOW, INTRANET_VAR_DIR=str(tmp_path), REDIS_URL="redis//:redis-secret-pw@redis.example.fi")

    lines = refused_lines(result)
    assert lines == [
        "Configuration error: REDIS_URL must start with redis:// or rediss:// or unix:// (it has no "
        "scheme), e.g. redis://:password@redis.example.fi:6379/0, not 'redis//:***@redis.example.fi'"
    ]
