"""Reading configuration from environment variables.

Each helper turns one variable (or a small group) into a Django setting, and falls back to the
embedded default when the variable is absent or empty. A present value is checked against its format
(core/env_values.py); a malformed one is reported here, under its variable's name, and the default is
used meanwhile, so that the settings go on and every problem is found. The settings end with
`refuse_bad_configuration()`, which stops start-up with one line per problem and no traceback
(intranet/ops/production_config.py reports the rules of a production deployment the same way).
"""

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dj_database_url

from core import env_values as values

# One message per variable, the first problem found: the production rules report before the formats.
_problems: dict[str, str] = {}


def report(name: str, message: str) -> None:
    _problems.setdefault(name, message)


def reported() -> list[str]:
    return list(_problems.values())


def refuse_bad_configuration() -> None:
    """Stop start-up (settings import) when anything was reported: one line each, exit status 1."""
    if _problems:
        raise SystemExit("\n".join(f"Configuration error: {line}" for line in _problems.values()))


def _read(name: str, default, parse: Callable[[str], object], secret: bool = False):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return parse(raw)
    except values.ConfigurationError as error:
        report(name, f"{name} {error}, not {values.shown(raw, secret)}")
        return default


def text(name: str, default: str, rule: Callable[[str], str] = values.plain_text, secret: bool = False) -> str:
    return _read(name, default, rule, secret)


def boolean(name: str, default: bool) -> bool:
    return _read(name, default, values.boolean)


def number(name: str, default: int, *, minimum: int, maximum: int) -> int:
    return _read(name, default, values.whole_number(minimum, maximum))


def listing(name: str, default: str, item: Callable[[str], str] = values.plain_text) -> list[str]:
    def parse(raw: str) -> list[str]:
        return [item(part.strip()) for part in raw.split(",") if part.strip()]

    return _read(name, parse(default), parse)


def secret_key(production: bool, var_dir: Path) -> str:
    """The secret key; outside production one is generated once and kept under var/."""
    key = text("SECRET_KEY", "", values.secret_key, secret=True)
    if key:
        return key
    if production:
        report("SECRET_KEY", "SECRET_KEY must be set when INTRANET_ENV=production.")
        return ""
    if _problems:
        return ""  # start-up is refused at the end of the settings: write no key (INTRANET_ENV=prod...)
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def refuse_unsafe_production(production: bool, debug: bool) -> None:
    if production and debug:
        report("DEBUG", "DEBUG must be off when INTRANET_ENV=production.")


def database(var_dir: Path) -> Any:  # dj_database_url.DBConfig, a TypedDict
    # Read whatever the database: a malformed size is reported on SQLite too.
    pool_size = number("DATABASE_POOL_MAX_SIZE", 0, minimum=0, maximum=1000)
    url = text("DATABASE_URL", "", values.token, secret=False)
    config = None
    if url:
        try:
            config = dj_database_url.parse(url, conn_max_age=0)
        except Exception:  # noqa: BLE001 - any failure of the parser is a malformed URL
            report(
                "DATABASE_URL",
                f"DATABASE_URL must be a database URL such as "
                f"postgres://user:password@host:5432/name, not {values.shown(url)}",
            )
    if config is None:
        var_dir.mkdir(parents=True, exist_ok=True)
        config = dj_database_url.parse(f"sqlite:///{var_dir / 'intranet.sqlite3'}", conn_max_age=0)
    # Test databases are named per process so that test runs side by side do not
    # drop each other's database; a SQLite one is a file so a daphne subprocess
    # in the browser tests can share it.
    run_id = os.getpid()
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Daphne serves requests from several threads; wait for the write lock
        # instead of failing at once.
        config.setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
        config["TEST"] = {"NAME": str(var_dir / f"test-intranet-{run_id}.sqlite3")}
    else:
        config["TEST"] = {"NAME": f"test_{config['NAME']}_{run_id}"}
        # Without a pool every websocket frame and request opens a PostgreSQL connection; with it the
        # messaging benchmark's p99 fell by a factor of six (docs/messaging.md). Off when 0.
        if pool_size > 0:
            config.setdefault("OPTIONS", {})["pool"] = {"min_size": min(2, pool_size), "max_size": pool_size}
    return config


def channel_layer(redis_url: str) -> dict:
    if not redis_url:
        return {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    # The PubSub layer: one Redis PUBLISH per group message, fanned out to the sockets inside each
    # daphne process; group memberships live in the process, so they never expire (docs/decisions.md).
    # redis-py 8 times sockets out after 5 s: disable it for the long-lived subscriber (channels_redis
    # issue 422).
    return {
        "BACKEND": "messaging.channel_layer.LocalFanoutChannelLayer",
        "CONFIG": {
            "hosts": [{"address": redis_url, "socket_timeout": None, "max_connections": 1000}],
            "prefix": text("CHANNEL_LAYER_PREFIX", "intranet", values.key_prefix),
        },
    }


def cache(redis_url: str) -> dict:
    if not redis_url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": text("CACHE_KEY_PREFIX", "intranet", values.key_prefix),
    }


TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}


def tasks_backend() -> dict:
    name = text("TASKS_BACKEND", "immediate", values.one_of(*TASKS_BACKENDS))
    return {"BACKEND": TASKS_BACKENDS[name]}


def email() -> tuple[str, str, int]:
    host = text("EMAIL_HOST", "", values.host_name)
    port = number("EMAIL_PORT", 25, minimum=1, maximum=65535)
    if not host:
        return "django.core.mail.backends.console.EmailBackend", "localhost", 25
    return "django.core.mail.backends.smtp.EmailBackend", host, port


def oidc_providers() -> dict:
    """Single sign-on through the municipality's OpenID Connect provider, when configured."""
    # Every variable is read (and checked) even when single sign-on is off.
    server_url = text("OIDC_SERVER_URL", "", values.url(("https", "http"), "https://login.example.fi/realms/staff"))
    app = {
        "provider_id": text("OIDC_PROVIDER_ID", "municipal-sso", values.slug),
        "name": text("OIDC_PROVIDER_NAME", "Single sign-on"),
        "client_id": text("OIDC_CLIENT_ID", "", values.token),
        "secret": text("OIDC_CLIENT_SECRET", "", values.token, secret=True),
        "settings": {"server_url": server_url},
    }
    return {"openid_connect": {"APPS": [app]}} if server_url else {}
