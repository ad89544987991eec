"""What every frame of /ws/ checks again, and which pages may open a socket at all."""

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from intranet.websocket_origin import origin_allowed
from messaging import consumers
from tests.messaging.test_consumer import logged_in, open_socket, send_frame, stored_bodies

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_deactivation_by_update_closes_the_socket_at_its_next_frame(scene, channel_layer):
    alice = await logged_in(scene, "alice")
    # No signal fires: the row changes under the open socket.
    await database_sync_to_async(get_user_model().objects.filter(pk=scene.alice.pk).update)(is_active=False)
    await alice.send_json_to({"type": "sync", "conversation": scene.conversation.pk, "after": 0})
    assert await alice.receive_output(timeout=3) == {
        "type": "websocket.close",
        "code": consumers.CLOSE_ACCOUNT_DISABLED,
    }
    assert await stored_bodies(scene.conversation.pk) == []


async def test_a_password_changed_by_update_closes_the_socket_at_its_next_frame(scene, channel_layer):
    alice = await logged_in(scene, "alice")
    await database_sync_to_async(get_user_model().objects.filter(pk=scene.alice.pk).update)(password="!changed")
    await alice.send_json_to(send_frame(scene.conversation.pk, "p-1", "Still me?"))
    assert await alice.receive_output(timeout=3) == {"type": "websocket.close", "code": consumers.CLOSE_SESSION_ENDED}
    assert await stored_bodies(scene.conversation.pk) == []


async def test_a_session_ended_without_its_event_closes_the_socket_at_its_next_frame(scene, channel_layer):
    # A logout while Redis was down: the session is gone, the event that would have closed the socket lost.
    alice = await logged_in(scene, "alice")
    _name, session_key = scene.cookies["alice"]
    await database_sync_to_async(Session.objects.filter(session_key=session_key).delete)()
    await alice.send_json_to(send_frame(scene.conversation.pk, "s-1", "Am I still here?"))
    assert await alice.receive_output(timeout=3) == {"type": "websocket.close", "code": consumers.CLOSE_SESSION_ENDED}
    assert await stored_bodies(scene.conversation.pk) == []


async def test_an_expired_session_closes_the_socket_at_its_next_frame(scene, channel_layer):
    alice = await logged_in(scene, "alice")
    _name, session_key = scene.cookies["alice"]
    expired = timezone.now() - timedelta(seconds=1)
    await database_sync_to_async(Session.objects.filter(session_key=session_key).update)(expire_date=expired)
    await alice.send_json_to({"type": "sync", "conversation": scene.conversation.pk, "after": 0})
    assert await alice.receive_output(timeout=3) == {"type": "websocket.close", "code": consumers.CLOSE_SESSION_ENDED}


async def test_a_live_session_keeps_its_socket(scene, channel_layer):
    # The check must not close what it should keep: the same frame, the session untouched, is answered.
    alice = await logged_in(scene, "alice")
    await alice.send_json_to({"type": "sync", "conversation": scene.conversation.pk, "after": 0})
    answer = await alice.receive_json_from(timeout=3)
    assert answer["type"] == "sync.result", answer


@pytest.mark.parametrize(
    "origin",
    [
        "http://127.0.0.1:9999",
        "https://127.0.0.1:8000",
        "https://localhost",
        "http://localhost:8000",
        "ws://127.0.0.1:8000",
        "null",
        "http://127.0.0.1:8000.evil.example",
        "http://evil.example",
    ],
)
async def test_a_socket_from_another_origin_is_refused(scene, channel_layer, origin):
    communicator, connected = await open_socket(scene.cookies["alice"], origin)
    assert not connected, origin
    await communicator.disconnect()


async def test_the_page_of_this_site_gets_its_socket(scene, channel_layer):
    for origin in ["http://127.0.0.1:8000", "HTTP://127.0.0.1:8000"]:
        communicator, connected = await open_socket(scene.cookies["alice"], origin)
        assert connected, origin
        await communicator.disconnect()


def scope(host, origin, scheme="ws", forwarded=None):
    headers = [(b"host", host.encode()), (b"origin", origin.encode())]
    if forwarded:
        headers.append((b"x-forwarded-proto", forwarded.encode()))
    return {"type": "websocket", "scheme": scheme, "headers": headers}


def test_behind_a_tls_proxy_the_browser_origin_is_https(settings):
    settings.ALLOWED_HOSTS = ["intranet.example.fi"]
    settings.CSRF_TRUSTED_ORIGINS = []
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert origin_allowed(scope("intranet.example.fi", "https://intranet.example.fi", forwarded="https"))
    assert origin_allowed(scope("intranet.example.fi", "https://intranet.example.fi:443", forwarded="https"))
    assert not origin_allowed(scope("intranet.example.fi", "http://intranet.example.fi", forwarded="https"))
    assert not origin_allowed(scope("intranet.example.fi", "https://intranet.example.fi:8443", forwarded="https"))
    # A Host the site does not answer to gives no origin of its own.
    assert not origin_allowed(scope("evil.example", "https://evil.example", forwarded="https"))
    # Without a trusted proxy header, the forwarded scheme counts for nothing.
    settings.SECURE_PROXY_SSL_HEADER = None
    assert not origin_allowed(scope("intranet.example.fi", "https://intranet.example.fi", forwarded="https"))


def test_the_configured_public_origins_are_allowed_exactly(settings):
    settings.ALLOWED_HOSTS = ["app.internal"]
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.WAGTAILADMIN_BASE_URL = "https://intranet.example.fi"
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.kunta.example"]
    assert origin_allowed(scope("app.internal", "https://intranet.example.fi"))
    assert origin_allowed(scope("app.internal", "https://www.kunta.example"))
    assert not origin_allowed(scope("app.internal", "http://intranet.example.fi"))
    assert not origin_allowed(scope("app.internal", "https://intranet.example.fi:444"))
    assert not origin_allowed(scope("app.internal", "https://kunta.example.evil"))
    assert not origin_allowed(scope("app.internal", "http://www.kunta.example"))
