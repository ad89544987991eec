"""A password change logs the user's other sessions out (Django refuses their auth hash): their sockets
close too (4401), the session that made the change keeps its sockets, and a change made outside the
user's own session (an admin's reset, `manage.py changepassword`) closes them all.

In-process sockets on both channel layers here; tests/messaging/test_password_change_live.py runs the
same through a real daphne."""

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from messaging import consumers
from tests.factories import PASSWORD
from tests.live_server import session_cookie
from tests.messaging.test_consumer import logged_in, open_socket, send_frame

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Uusi-salasana-2026!"
CLOSED = {"type": "websocket.close", "code": consumers.CLOSE_SESSION_ENDED}


def change_own_password(cookie, old=PASSWORD, new=NEW_PASSWORD) -> Client:
    """Alice changes her password on allauth's page, in the session of `cookie`."""
    client = Client()
    client.cookies[cookie[0]] = cookie[1]
    answer = client.post("/accounts/password/change/", {"oldpassword": old, "password1": new, "password2": new})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    return client


async def test_changing_the_password_closes_the_other_sessions_sockets_and_keeps_this_ones(scene, channel_layer):
    this_tab = await logged_in(scene, "alice")
    other_session = await database_sync_to_async(session_cookie)(scene.alice)
    other_device, connected = await open_socket(other_session)
    assert connected
    bob = await logged_in(scene, "bob")

    client = await database_sync_to_async(change_own_password)(scene.cookies["alice"])

    assert await other_device.receive_output(timeout=2) == CLOSED
    assert await this_tab.receive_nothing(timeout=0.3)
    assert await bob.receive_nothing(timeout=0.1)
    # The changing tab is still live, and its session still logged in (under a new key).
    await this_tab.send_json_to(send_frame(scene.conversation.pk, "after-change", "Still here"))
    assert (await this_tab.receive_json_from())["type"] == "message.ack"
    assert (await database_sync_to_async(client.get)("/messages/")).status_code == 200
    # The other session is refused from now on, by the socket as by pages.
    _socket, connected = await open_socket(other_session)
    assert not connected
    for communicator in (this_tab, bob):
        await communicator.disconnect()


async def test_a_password_reset_outside_the_users_sessions_closes_all_their_sockets(scene, channel_layer):
    first = await logged_in(scene, "alice")
    second, connected = await open_socket(await database_sync_to_async(session_cookie)(scene.alice))
    assert connected
    bob = await logged_in(scene, "bob")

    def admin_reset():  # what the Wagtail admin's user form and `manage.py changepassword` do
        scene.alice.set_password(NEW_PASSWORD)
        scene.alice.save()

    await database_sync_to_async(admin_reset)()
    assert await first.receive_output(timeout=2) == CLOSED
    assert await second.receive_output(timeout=2) == CLOSED
    assert await bob.receive_nothing(timeout=0.3)
    await bob.disconnect()


async def test_saving_the_user_without_a_new_password_closes_nothing(scene, channel_layer):
    alice = await logged_in(scene, "alice")

    def edit_name_and_log_in():
        scene.alice.first_name = "Alicia"
        scene.alice.save()
        scene.alice.save(update_fields=["last_login"])
        scene.alice.set_password(PASSWORD)  # the same password hashes differently (a new salt) ...
        scene.alice.save(update_fields=["first_name"])  # ... but is not saved here

    await database_sync_to_async(edit_name_and_log_in)()
    assert await alice.receive_nothing(timeout=0.5)
    await alice.send_json_to(send_frame(scene.conversation.pk, "after-edit", "Still here"))
    assert (await alice.receive_json_from())["type"] == "message.ack"
    await alice.disconnect()


async def test_sockets_kept_by_a_change_still_close_at_logout_and_at_a_later_change(scene, channel_layer):
    # They carry the session's key from before the change, which gave the session a new one.
    at_logout = await logged_in(scene, "alice")
    client = await database_sync_to_async(change_own_password)(scene.cookies["alice"])
    assert await at_logout.receive_nothing(timeout=0.3)
    assert (await database_sync_to_async(client.post)("/accounts/logout/")).status_code == 302
    assert await at_logout.receive_output(timeout=2) == CLOSED

    await database_sync_to_async(scene.alice.refresh_from_db)()  # a new login: with the new password's hash
    cookie = await database_sync_to_async(session_cookie)(scene.alice)
    at_later_change, connected = await open_socket(cookie)
    assert connected
    await database_sync_to_async(change_own_password)(cookie, old=NEW_PASSWORD, new=PASSWORD)
    assert await at_later_change.receive_nothing(timeout=0.3)

    def admin_reset():
        scene.alice.refresh_from_db()
        scene.alice.set_password(NEW_PASSWORD)
        scene.alice.save()

    await database_sync_to_async(admin_reset)()
    assert await at_later_change.receive_output(timeout=2) == CLOSED


async def test_sessions_that_cannot_be_listed_close_every_socket_of_the_user(scene, channel_layer, settings):
    alice = await logged_in(scene, "alice")
    bob = await logged_in(scene, "bob")
    # A cache engine keeps no table to find the user's sessions in: closing all beats leaving any open.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"

    def admin_reset():
        scene.alice.set_password(NEW_PASSWORD)
        scene.alice.save()

    await database_sync_to_async(admin_reset)()
    assert await alice.receive_output(timeout=2) == {"type": "websocket.close",
                                                     "code": consumers.CLOSE_ACCOUNT_DISABLED}
    assert await bob.receive_nothing(timeout=0.3)
    await bob.disconnect()
