"""What a production deployment needs of its variables, reported at settings import through core/env.py,
which stops start-up with one clear line per problem and no traceback (with the malformed values of any
other variable, found as the settings read them).

Only the variables are checked here (no network at import time); whether the database, Redis and
Elasticsearch answer is `manage.py preflight`'s job, run before the processes start (docs/deploy.md).
Passwords never appear in a message.
"""

import sys
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from core import env, env_values

# Build steps of the image that need no service: they run with SECRET_KEY only.
OFFLINE_COMMANDS = {"collectstatic", "compilemessages", "makemessages"}
KEY_HINT = "(e.g. openssl rand -hex 50)"


def offline_command(argv: list[str] | None = None) -> bool:
    argv = sys.argv if argv is None else argv
    # manage.py, `python -m intranet.manage` (argv[0] is its manage.py), the `intranet` entry point.
    return (
        len(argv) > 1
        and Path(argv[0]).name in {"manage.py", "intranet", "django-admin", "__main__.py"}
        and argv[1] in OFFLINE_COMMANDS
    )


def _value(environ: Mapping[str, str], name: str) -> str:
    return environ.get(name, "").strip()


def _url_problem(name: str, url: str, schemes: tuple[str, ...], example: str) -> str | None:
    """What is wrong with the URL's shape, naming the variable and never its password."""
    problem = env_values.url_problem(url, schemes, example)
    return f"{name} {problem}" if problem else None


def _secret_key(environ, offline: bool) -> list[str]:
    key = _value(environ, "SECRET_KEY")
    if not key:
        return ["SECRET_KEY must be set when INTRANET_ENV=production."]
    if not offline and (len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-")):
        return [f"SECRET_KEY must be at least 50 random characters {KEY_HINT}."]
    return []


def _database(environ) -> list[str]:
    url = _value(environ, "DATABASE_URL")
    example = "postgres://intranet:password@db.example.fi:5432/intranet"
    if not url:
        return [f"DATABASE_URL must be set when INTRANET_ENV=production, e.g. {example}"]
    problem = _url_problem("DATABASE_URL", url, ("postgres", "postgresql", "pgsql"), example)
    if problem:
        return [problem]
    try:
        config = dj_database_url.parse(url)
    except (ValueError, KeyError) as error:
        return [f"DATABASE_URL cannot be read ({error.__class__.__name__}), e.g. {example}"]
    if not config.get("NAME"):
        return [f"DATABASE_URL names no database, e.g. {example}"]
    return []


def _redis(environ) -> list[str]:
    url = _value(environ, "REDIS_URL")
    example = "redis://:password@redis.example.fi:6379/0"
    if not url:
        return [
            f"REDIS_URL must be set when INTRANET_ENV=production (the channel layer of several "
            f"processes), e.g. {example}"
        ]
    problem = _url_problem("REDIS_URL", url, ("redis", "rediss", "unix"), example)
    return [problem] if problem else []


def _elasticsearch(environ) -> list[str]:
    if _value(environ, "SEARCH_BACKEND") == "database":
        return []  # chosen explicitly: search answers from PostgreSQL only
    url = _value(environ, "ELASTICSEARCH_URL")
    example = "https://intranet:password@search.example.fi:9200"
    if not url:
        return [
            f"ELASTICSEARCH_URL must be set when INTRANET_ENV=production (or SEARCH_BACKEND=database), e.g. {example}"
        ]
    problem = _url_problem("ELASTICSEARCH_URL", url, ("http", "https"), example)
    if problem:
        return [problem]
    parts = urlsplit(url)
    if not (parts.username and parts.password):
        return [f"ELASTICSEARCH_URL has no credentials: a production cluster runs with security on, e.g. {example}"]
    return []


def _allowed_hosts(environ) -> list[str]:
    hosts = [host.strip() for host in _value(environ, "ALLOWED_HOSTS").split(",") if host.strip()]
    if not hosts:
        return ["ALLOWED_HOSTS must be set when INTRANET_ENV=production, e.g. intranet.example.fi"]
    urls = [host for host in hosts if "/" in host]
    if urls:
        return [f"ALLOWED_HOSTS lists host names, not URLs: {', '.join(repr(host) for host in urls)}"]
    return []


def _base_url(environ) -> list[str]:
    url = _value(environ, "BASE_URL")
    example = "https://intranet.example.fi"
    if not url:
        return [f"BASE_URL must be set when INTRANET_ENV=production (links in emails), e.g. {example}"]
    problem = _url_problem("BASE_URL", url, ("https", "http"), example)
    if problem:
        return [problem]
    parts = urlsplit(url)
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return [f"BASE_URL must be the site's address only, e.g. {example}, not {url!r}"]
    return []


def problems(environ: Mapping[str, str], offline: bool = False) -> list[str]:
    """Every problem of a production configuration; `offline`: a build step that needs no service."""
    found = _secret_key(environ, offline)
    if _value(environ, "DEBUG").lower() in env_values.TRUE_WORDS:
        found.append("DEBUG must be off when INTRANET_ENV=production.")
    if offline:
        return found
    for check in (_database, _redis, _elasticsearch, _allowed_hosts, _base_url):
        found += check(environ)
    return found


def report_bad_production(environ: Mapping[str, str]) -> None:
    """Each problem under its variable (every line begins with its name); the settings stop at their end."""
    for line in problems(environ, offline=offline_command()):
        env.report(line.split(" ", 1)[0], line)
