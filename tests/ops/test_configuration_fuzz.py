"""Fuzzing the parsers of environment values: whatever an operator types, a parser returns a value or
raises ConfigurationError (which start-up turns into one line), never another exception."""

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import env
from core import env_values as values

PARSERS = {
    "whole_number": values.whole_number(0, 1000),
    "boolean": values.boolean,
    "one_of": values.one_of("immediate", "database"),
    "one_of_any_case": values.one_of("DEBUG", "INFO", case_sensitive=False),
    "plain_text": values.plain_text,
    "token": values.token,
    "long_token": values.long_token,
    "index_prefix": values.index_prefix,
    "key_prefix": values.key_prefix,
    "slug": values.slug,
    "host_name": values.host_name,
    "host": values.host,
    "clock_time": values.clock_time,
    "weekday": values.weekday,
    "time_zone": values.time_zone,
    "log_level": values.log_level,
    "email_address": values.email_address,
    "absolute_path": values.absolute_path,
    "url": values.url(("redis", "rediss", "unix"), "redis://redis.example.fi:6379/0"),
    "origin": values.origin,
}
# Text an operator could type, and the characters that break parsers: URL and address punctuation,
# brackets (IPv6), digits, control characters and other scripts.
PUNCTUATION = list("aZ09:/@[]%.-_+ ,<>\"'\\*#?=\t\n\r\x00\x7fäö€\u200b")
TYPED = st.text(alphabet=st.sampled_from(PUNCTUATION) | st.characters(), max_size=60)


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=300, deadline=None)
@given(raw=TYPED)
def test_a_parser_returns_a_value_or_raises_only_the_configuration_error(name, raw):
    try:
        PARSERS[name](raw)
    except values.ConfigurationError as error:
        assert str(error).startswith(("must ", "has ", "names ", "is ")), str(error)


@settings(max_examples=200, deadline=None)
@given(
    raw=st.from_regex(r"[a-z]{1,8}://([a-z]{1,8}(:[^@/\s]{0,12})?@)?[a-z.\[\]:0-9]{0,20}(/.{0,10})?", fullmatch=True)
)
def test_url_shaped_text_never_escapes_the_url_parser(raw):
    try:
        values.url(("http", "https"), "https://search.example.fi:9200")(raw)
    except values.ConfigurationError:
        pass


@settings(max_examples=200, deadline=None)
@given(
    password=st.text(alphabet=st.sampled_from(list("abcXYZ0123456789-_.!~$&()*+;=%")), min_size=8, max_size=30),
    port=st.sampled_from(["5432", "54x2", "", "99999"]),
)
def test_a_shown_url_never_contains_its_password(password, port):
    raw = f"postgres://intranet:{password}@db.example.fi{':' + port if port else ''}/intranet"
    assert password not in values.shown(raw)


@settings(max_examples=100, deadline=None)
@given(raw=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40))
def test_a_reader_reports_a_malformed_value_under_its_name_and_hides_a_secret(raw):
    env._problems.clear()
    os.environ["FUZZ_SECRET"] = raw
    try:
        value = env.text("FUZZ_SECRET", "default", values.long_token, secret=True)
    finally:
        del os.environ["FUZZ_SECRET"]
    problems = env.reported()
    env._problems.clear()
    if problems:
        assert value == "default"
        assert len(problems) == 1 and problems[0].startswith("FUZZ_SECRET must ")
        assert problems[0].endswith(f"not a hidden value of {len(raw.strip())} characters")
    else:
        assert value == raw.strip() or value == "default"
