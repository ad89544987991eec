"""A password change closes the sockets of the sessions it logs out, on a real daphne with `websockets`
clients: changed on allauth's page in one session, the other session's socket closes (4401) and the
changing one's closes with 4409 and reopens under the new key; an admin-style reset (another process,
through Redis as in production) closes all."""

import asyncio
import json
import re

import pytest
import requests

from core import env
from messaging import consumers
from tests.factories import PASSWORD
from tests.live_server import run_daphne, server_env, session_cookie
from tests.messaging.test_live_daphne import open_socket, receive, receives_nothing

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Uusi-salasana-2026!"


def fast_hash_server_env() -> dict[str, str]:
    return server_env(DJANGO_SETTINGS_MODULE="tests.messaging.fast_hash_settings")


def change_password_on_the_page(server, cookie) -> str:
    """Fill in allauth's change-password form as a browser would; returns the new session cookie."""
    browser = requests.Session()
    browser.trust_env = False  # no proxy for 127.0.0.1
    browser.cookies.set(cookie[0], cookie[1])
    form = browser.get(f"{server.url}/accounts/password/change/", timeout=10)
    assert form.status_code == 200, form.text[:2000]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = browser.post(
        f"{server.url}/accounts/password/change/",
        timeout=10,
        allow_redirects=False,
        data={
            "csrfmiddlewaretoken": token,
            "oldpassword": PASSWORD,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert answer.status_code == 302, answer.text[:2000]
    return answer.cookies[cookie[0]]  # update_session_auth_hash gave the session a new key


async def close_code(socket, timeout=5.0) -> int:
    await asyncio.wait_for(socket.wait_closed(), timeout)
    return socket.close_code


async def still_works(socket, conversation: int, client_id: str) -> None:
    await socket.send(
        json.dumps({"type": "message.send", "conversation": conversation, "client_id": client_id, "body": "Still here"})
    )
    assert (await receive(socket))["type"] == "message.ack"


def test_a_password_changed_on_the_page_ends_the_other_session_and_renews_this_ones_socket(scene):
    other_session = session_cookie(scene.alice)
    with run_daphne(fast_hash_server_env()) as server:

        async def scenario():
            async with (
                open_socket(server, scene.cookies["alice"]) as this_tab,
                open_socket(server, other_session) as other_device,
                open_socket(server, scene.cookies["bob"]) as bob,
            ):
                new_key = await asyncio.to_thread(change_password_on_the_page, server, scene.cookies["alice"])
                assert await close_code(other_device) == consumers.CLOSE_SESSION_ENDED
                assert await close_code(this_tab) == consumers.CLOSE_SESSION_RENEWED
                assert await receives_nothing(bob)
            # The changing browser carries on under its new session key; the old key and the other
            # session are refused.
            async with open_socket(server, (scene.cookies["alice"][0], new_key)) as reopened:
                await still_works(reopened, scene.conversation.pk, "reopened")
            for refused in (scene.cookies["alice"], other_session):
                with pytest.raises(Exception, match="403"):
                    async with open_socket(server, refused):
                        pass

        asyncio.run(scenario())


def test_an_admin_reset_in_another_process_closes_every_socket_of_the_user(scene, redis_url, settings):
    server_settings = fast_hash_server_env()
    # This process publishes on the daphne's layer (Redis, its prefix), as `manage.py changepassword` or
    # a second app process would in production.
    layer = env.channel_layer(redis_url)
    layer["CONFIG"]["prefix"] = server_settings["CHANNEL_LAYER_PREFIX"]
    settings.CHANNEL_LAYERS = {"default": layer}
    second_session = session_cookie(scene.alice)

    def admin_reset():
        scene.alice.set_password(NEW_PASSWORD)
        scene.alice.save()

    with run_daphne(server_settings) as server:

        async def scenario():
            async with (
                open_socket(server, scene.cookies["alice"]) as first,
                open_socket(server, second_session) as second,
                open_socket(server, scene.cookies["bob"]) as bob,
            ):
                await asyncio.to_thread(admin_reset)
                assert await close_code(first) == consumers.CLOSE_SESSION_ENDED
                assert await close_code(second) == consumers.CLOSE_SESSION_ENDED
                assert await receives_nothing(bob)
                await still_works(bob, scene.conversation.pk, "bob-still-here")

        asyncio.run(scenario())
