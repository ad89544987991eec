"""Reading configuration from environment variables.

Each helper turns one variable (or a small group) into a Django setting, and
falls back to the embedded default when the variable is absent.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}


def text(name: str, default: str) -> str:
    return os.environ.get(name, default).strip()


def boolean(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in TRUE_WORDS


def number(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from error


def listing(name: str, default: str) -> list[str]:
    return [item.strip() for item in text(name, default).split(",") if item.strip()]


def secret_key(production: bool, var_dir: Path) -> str:
    """The secret key; outside production one is generated once and kept under var/."""
    key = text("SECRET_KEY", "")
    if key:
        return key
    if production:
        raise ImproperlyConfigured("SECRET_KEY must be set when INTRANET_ENV=production.")
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
        raise ImproperlyConfigured("DEBUG must be off when INTRANET_ENV=production.")


def database(var_dir: Path) -> dict:
    url = text("DATABASE_URL", "")
    if not url:
        var_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{var_dir / 'intranet.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=0)
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
        pool_size = number("DATABASE_POOL_MAX_SIZE", 0)
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
            "prefix": text("CHANNEL_LAYER_PREFIX", "intranet"),
        },
    }


def cache(redis_url: str) -> dict:
    if not redis_url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": text("CACHE_KEY_PREFIX", "intranet"),
    }


def tasks_backend(name: str) -> dict:
    backends = {
        "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        "database": "django_tasks_db.DatabaseBackend",
        "dummy": "django_tasks.backends.dummy.DummyBackend",
    }
    if name not in backends:
        raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(backends)}, not {name!r}")
    return {"BACKEND": backends[name]}


def email() -> tuple[str, str, int]:
    host = text("EMAIL_HOST", "")
    if not host:
        return "django.core.mail.backends.console.EmailBackend", "localhost", 25
    return "django.core.mail.backends.smtp.EmailBackend", host, number("EMAIL_PORT", 25)


def oidc_providers() -> dict:
    """Single sign-on through the municipality's OpenID Connect provider, when configured."""
    server_url = text("OIDC_SERVER_URL", "")
    if not server_url:
        return {}
    return {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": text("OIDC_PROVIDER_ID", "municipal-sso"),
                    "name": text("OIDC_PROVIDER_NAME", "Single sign-on"),
                    "client_id": text("OIDC_CLIENT_ID", ""),
                    "secret": text("OIDC_CLIENT_SECRET", ""),
                    "settings": {"server_url": server_url},
                }
            ]
        }
    }
