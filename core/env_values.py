"""The formats of configuration values: each parser turns the text of one environment variable into a
value or raises ConfigurationError saying what was expected.

The parsers are pure (no environment, no I/O besides the time-zone database), so they can be fuzzed;
core/env.py reads the variables and names them in the message. A secret's value is never shown.
"""

import ipaddress
import re
import zoneinfo
from collections.abc import Callable
from email.utils import parseaddr
from functools import cache
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LANGUAGES = ("fi", "sv", "en")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
HOST_NAME = re.compile(r"\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?|\.[A-Za-z0-9_.-]+|\*")
# Elasticsearch index names: lowercase, and none of \ / * ? " < > | , # or a space.
INDEX_PREFIX = re.compile(r"[a-z0-9][a-z0-9_.-]{0,99}")
KEY_PREFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}")
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
ADDRESS = re.compile(r"[^@\s]+@[^@\s]+")


class ConfigurationError(ImproperlyConfigured):
    """A value does not have its variable's format. The message continues the variable's name:
    "must be a whole number from 1 to 600", "must start with https:// ..."."""


def expected(what: str) -> ConfigurationError:
    return ConfigurationError(f"must be {what}")


TextParser = Callable[[str], str]


def shown(raw: str, secret: bool = False) -> str:
    """The value as a message may show it: a secret hidden, a URL's password masked, long text cut."""
    if secret:
        return f"a hidden value of {len(raw)} characters"
    masked = mask_password(raw)
    return repr(masked if len(masked) <= 80 else masked[:77] + "...")


def mask_password(raw: str) -> str:
    """Whatever sits between a ':' and the '@' of a URL's user part is taken for a password."""
    try:
        parts = urlsplit(raw)
        if parts.password is not None:
            host = parts.netloc.rpartition("@")[2]
            raw = urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))
    except ValueError:
        pass
    # Also a URL too malformed to split ("redis//:password@host"), or whose password holds a '/' that
    # urlsplit took for the path: everything from the user's ':' to the last '@' is hidden.
    return re.sub(r"^([^:/@]*:?/*[^:/@]*):.*@", r"\1:***@", raw) if "@" in raw else raw


def whole_number(minimum: int, maximum: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        if not re.fullmatch(r"[+-]?[0-9]{1,18}", raw) or not minimum <= int(raw) <= maximum:
            raise expected(f"a whole number from {minimum} to {maximum}")
        return int(raw)

    return parse


def boolean(raw: str) -> bool:
    word = raw.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise expected(f"on ({', '.join(TRUE_WORDS)}) or off ({', '.join(FALSE_WORDS)})")


def one_of(*choices: str, case_sensitive: bool = True) -> TextParser:
    def parse(raw: str) -> str:
        value = raw if case_sensitive else raw.lower()
        for choice in choices:
            if value == (choice if case_sensitive else choice.lower()):
                return choice
        raise expected(f"one of {', '.join(choices)}")

    return parse


def plain_text(raw: str) -> str:
    if CONTROL.search(raw) or len(raw) > 200:
        raise expected("text of at most 200 characters on one line, without control characters")
    return raw


def token(raw: str) -> str:
    """A secret such as a client secret: one word, no spaces or control characters."""
    if not raw.isprintable() or any(character.isspace() for character in raw) or len(raw) > 1000:
        raise expected("one word without spaces or control characters")
    return raw


def long_token(raw: str) -> str:
    token(raw)
    if len(raw) < 32:
        raise expected("at least 32 random characters (e.g. openssl rand -hex 32)")
    return raw


def pattern(regex: re.Pattern, what: str) -> TextParser:
    def parse(raw: str) -> str:
        if not regex.fullmatch(raw):
            raise expected(what)
        return raw

    return parse


index_prefix = pattern(INDEX_PREFIX, "lowercase letters, digits, '-', '_' or '.', starting with a letter or digit")
key_prefix = pattern(KEY_PREFIX, "letters, digits, '-', '_', '.' or ':', starting with a letter or digit")
slug = pattern(SLUG, "letters, digits, '-' or '_' (it is part of the callback URL)")
_host_name = pattern(HOST_NAME, "a host name such as mail.example.fi, without scheme, port or path")


def host_name(raw: str) -> str:
    """A host name, an IPv4 address, or a bare IPv6 address (as smtplib takes it, e.g. 2001:db8::25)."""
    try:
        ipaddress.ip_address(raw)
        return raw
    except ValueError:
        return _host_name(raw)


def secret_key(raw: str) -> str:
    """Django's SECRET_KEY: any printable text on one line (spaces allowed: an existing key signs the
    sessions and links already handed out, so a key that worked must keep working)."""
    if not raw.isprintable() or len(raw) > 1000:
        raise expected("printable characters on one line")
    return raw


def clock_time(raw: str) -> str:
    match = CLOCK.fullmatch(raw)
    if not match:
        raise expected("a time of day like 07:30 (00:00 to 23:59)")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def weekday(raw: str) -> str:
    return one_of(*WEEKDAYS, case_sensitive=False)(raw)


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone(raw: str) -> str:
    if raw not in _time_zones():
        raise expected("a time zone name of the tz database, e.g. Europe/Helsinki")
    return raw


def log_level(raw: str) -> str:
    # WARN is Python's own alias of WARNING.
    return one_of(*LOG_LEVELS, case_sensitive=False)("WARNING" if raw.upper() == "WARN" else raw)


def email_address(raw: str) -> str:
    _name, address = parseaddr(raw)
    if CONTROL.search(raw) or not ADDRESS.fullmatch(address or ""):
        raise expected("an email address such as intranet@example.fi (or Name <intranet@example.fi>)")
    return raw


def absolute_path(raw: str) -> str:
    if not raw.startswith("/") or "\x00" in raw or CONTROL.search(raw):
        raise expected("an absolute path (each process may start in another folder)")
    return raw


def url_problem(url: str, schemes: tuple[str, ...], example: str) -> str | None:
    """What is wrong with a URL's shape (the message's subject is the variable), never its password."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"is not a URL, e.g. {example}"
    if parts.scheme not in schemes:
        found = f"'{parts.scheme}://'" if parts.scheme else "no scheme"
        return f"must start with {' or '.join(s + '://' for s in schemes)} (it has {found}), e.g. {example}"
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return f"has a port that is not a number, e.g. {example}"
    if not parts.hostname and parts.scheme != "unix":
        return f"names no host, e.g. {example}"
    if CONTROL.search(url) or " " in url:
        return f"has spaces or control characters, e.g. {example}"
    return None


def url(schemes: tuple[str, ...], example: str) -> TextParser:
    def parse(raw: str) -> str:
        problem = url_problem(raw, schemes, example)
        if problem:
            raise ConfigurationError(problem)
        return raw

    return parse


def origin(raw: str) -> str:
    """A browser origin for CSRF_TRUSTED_ORIGINS: scheme and host (a leading *. allowed), no path."""
    parts = url(("https", "http"), "https://intranet.example.fi")(raw.replace("://*.", "://", 1))
    if urlsplit(parts).path not in ("", "/"):
        raise expected("origins such as https://intranet.example.fi, without a path")
    return raw


def host(raw: str) -> str:
    if "/" in raw:
        raise expected("host names, not URLs, e.g. intranet.example.fi")
    return host_name(raw)
