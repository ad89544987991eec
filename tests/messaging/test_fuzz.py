"""Fuzzing the websocket protocol and the messaging and notifications API with generated input.

Arbitrary JSON values, wrong types, integers far past 64 bits, lone surrogates, NUL, deep nesting,
unknown frame types and text that is not JSON at all: the socket answers with error frames whose codes
are never `server_error` (the one the protocol tells clients to retry) and stays open; the API answers
no request with a 500.
"""

import json
import logging

import pytest
from asgiref.sync import async_to_sync
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from messaging import services
from tests.messaging.test_consumer import open_socket

FRAME_TYPES = [
    "message.send",
    "message.edit",
    "message.delete",
    "reaction",
    "sync",
    "read",
    "typing",
    "heartbeat",
    "subscribe",
    "",
    "MESSAGE.SEND",
    None,
]
FIELDS = [
    "type",
    "conversation",
    "client_id",
    "body",
    "reply_to",
    "attachments",
    "message",
    "emoji",
    "on",
    "after",
    "changes_after",
    "seq",
    "state",
    "ids",
    "limit",
]
HUGE = st.sampled_from([2**63, 2**63 - 1, -(2**63) - 1, 2**64, 2**200, -(2**100), 10**400])
NASTY_TEXT = st.sampled_from(
    ["\ud800", "a\udfffb", "\x00", "\ud83d\ude00", "👍", "online", "away", "", " ", "x" * 70, "1", "true", "null"]
)
texts = st.one_of(NASTY_TEXT, st.text(max_size=20))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    HUGE,
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from(FIELDS), texts), inner, max_size=4)
    ),
    max_leaves=12,
)


def frames_with(ids):
    """Frames shaped like the protocol's, with each field sometimes right and sometimes anything, and
    well-formed frames whose texts are nasty (they reach the services, where a 500 would hide)."""
    real = st.sampled_from(ids)
    field_values = st.one_of(real, json_values, st.lists(st.one_of(real, scalars), max_size=4))
    well_formed = st.one_of(
        st.fixed_dictionaries(
            {"type": st.just("message.send"), "conversation": real, "client_id": texts, "body": texts},
            optional={"reply_to": real, "attachments": st.lists(real)},
        ),
        st.fixed_dictionaries({"type": st.just("message.edit"), "message": real, "body": texts}),
        st.fixed_dictionaries({"type": st.just("reaction"), "message": real, "emoji": texts, "on": st.booleans()}),
        st.fixed_dictionaries(
            {
                "type": st.sampled_from(["sync", "read", "typing", "heartbeat"]),
                "conversation": real,
                "after": real,
                "seq": real,
                "state": texts,
            }
        ),
    )
    return st.one_of(
        well_formed,
        well_formed,
        well_formed,  # most frames reach the services
        st.fixed_dictionaries(
            {"type": st.sampled_from(FRAME_TYPES)}, optional={name: field_values for name in FIELDS if name != "type"}
        ),
        json_values,
    )


def encodable(text: str) -> bool:
    """A URL can carry it (the test client encodes the query as UTF-8; a browser cannot send half a
    character there either)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


raw_texts = st.one_of(
    st.text(min_size=1, max_size=40),
    st.integers(1, 100_000).map(deep),
    st.sampled_from(['{"type": "sync"', "\ud800", '"\\ud800"', "NaN", "{}" * 10, "[" * 70_000]),
)


@pytest.fixture
def fuzz_scene(scene, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # Enough for every generated frame: the limits themselves are tested elsewhere.
    settings.MESSAGING_RATE_LIMITS = {"send": (100_000, 10), "typing": (100_000, 10), "frame": (100_000, 10)}
    message, _created = services.send_message(scene.alice, scene.conversation.pk, "fuzz-1", "Hello")
    scene.ids = [scene.conversation.pk, message.pk, 1, 0]
    return scene


async def answers_to(cookie, texts) -> list:
    """Every frame the socket sends back to these texts, and how it closed (if it did)."""
    communicator, connected = await open_socket(cookie)
    assert connected
    out = []
    try:
        for text in texts:
            await communicator.send_to(text_data=text)
        # receive_nothing waits without ending the application (a timed-out receive_output cancels it).
        while not await communicator.receive_nothing(timeout=0.3):
            output = await communicator.receive_output()
            out.append(output)
            if output["type"] == "websocket.close":
                break
    finally:
        await communicator.disconnect()
    return out


def check(outputs, caplog):
    for output in outputs:
        assert output["type"] != "websocket.close", f"the socket was closed: {output}"
        frame = json.loads(output["text"])
        assert frame.get("code") != "server_error", frame
    failures = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert not failures, failures[0].getMessage()


@pytest.mark.django_db(transaction=True)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_no_frame_gets_a_server_error_or_ends_the_socket(fuzz_scene, caplog, data):
    batch = data.draw(
        st.lists(st.one_of(frames_with(fuzz_scene.ids).map(json.dumps), raw_texts), min_size=1, max_size=6)
    )
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        check(async_to_sync(answers_to)(fuzz_scene.cookies["alice"], batch), caplog)


ENDPOINTS = [
    ("post", "/api/v1/messages/conversations/{conversation}/messages"),
    ("post", "/api/v1/messages/conversations/{conversation}/read"),
    ("post", "/api/v1/notifications/read"),
]
QUERIES = [
    "/api/v1/messages/conversations/{conversation}/messages",
    "/api/v1/messages/conversations/{conversation}/messages/{message}/history",
    "/api/v1/notifications/",
    "/api/v1/messages/conversations",
]
path_ids = st.one_of(st.just("{real}"), st.just("{real}"), st.integers(0, 10), HUGE.map(abs), st.just("9" * 40))


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_no_api_request_gets_a_500(fuzz_scene, data):
    client = Client(raise_request_exception=False)
    client.force_login(fuzz_scene.alice)
    ids = {"conversation": data.draw(path_ids), "message": data.draw(path_ids)}
    ids = {
        name: fuzz_scene.ids[0 if name == "conversation" else 1] if value == "{real}" else value
        for name, value in ids.items()
    }
    method, url = data.draw(st.sampled_from(ENDPOINTS))
    ids_list = st.lists(st.one_of(HUGE, st.integers(), scalars), max_size=3)
    body = data.draw(
        st.one_of(
            # Well-formed but for the nasty texts and numbers, so that they reach the services.
            st.fixed_dictionaries({"client_id": texts, "body": texts}, optional={"attachments": ids_list}),
            st.fixed_dictionaries({"ids": ids_list}),
            st.fixed_dictionaries({"seq": st.one_of(HUGE, st.integers())}),
            st.fixed_dictionaries(
                {}, optional={name: json_values for name in ["client_id", "body", "attachments", "seq", "ids"]}
            ),
            json_values,
        )
    )
    raw = data.draw(st.one_of(st.just(json.dumps(body)), st.text(max_size=30), st.integers(1, 5000).map(deep)))
    response = client.post(url.format(**ids), raw, content_type="application/json")
    assert response.status_code < 500, (url, raw[:200], response.status_code)

    query = data.draw(
        st.dictionaries(
            st.sampled_from(["after", "before", "limit"]),
            st.one_of(st.integers(), HUGE, texts).map(str).filter(encodable),
            max_size=3,
        )
    )
    response = client.get(data.draw(st.sampled_from(QUERIES)).format(**ids), query)
    assert response.status_code < 500, (query, response.status_code)
