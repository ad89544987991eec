"""A password change logs the user's other sessions out (Django refuses their auth hash): their sockets
close too (4401); the sockets of the session that made the change close with 4409 and reconnect under its
new key, while a copy of its old cookie is refused; a change made outside the user's own session (an
admin's reset, `manage.py changepassword`) closes them all with 4401.

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
RENEWED = {"type": "websocket.close", "code": consumers.CLOSE_SESSION_RENEWED}


def change_own_password(cookie, old=PASSWORD, new=NEW_PASSWORD) -> Client:
    """Alice changes her password on allauth's page, in the session of `cookie`."""
    client = Client()
    client.cookies[cookie[0]] = cookie[1]
    answer = client.post("/accounts/password/change/", {"oldpassword": old, "password1": new, "password2": new})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    return client


async def test_changing_the_password_ends_the_other_sessions_and_renews_this_ones_sockets(scene, channel_layer):
    this_tab = await logged_in(scene, "alice")
    stolen_copy, connected = await open_socket(scene.cookies["alice"])  # the same cookie, elsewhere
    assert connected
    other_session = await database_sync_to_async(session_cookie)(scene.alice)
    other_device, connected = await open_socket(other_session)
    assert connected
    bob = await logged_in(scene, "bob")

    client = await database_sync_to_async(change_own_password)(scene.cookies["alice"])

    assert await other_device.receive_output(timeout=2) == CLOSED
    # Every socket opened with this session's old key closes; the page reconnects (4409) ...
    assert await this_tab.receive_output(timeout=2) == RENEWED
    assert await stolen_copy.receive_output(timeout=2) == RENEWED
    assert await bob.receive_nothing(timeout=0.3)
    # ... under the new key the change gave the session, which stays logged in.
    new_cookie = (scene.cookies["alice"][0], client.cookies[scene.cookies["alice"][0]].value)
    assert new_cookie != scene.cookies["alice"]
    reopened, connected = await open_socket(new_cookie)
    assert connected
    await reopened.send_json_to(send_frame(scene.conversation.pk, "after-change", "Still here"))
    assert (await reopened.receive_json_from())["type"] == "message.ack"
    assert (await database_sync_to_async(client.get)("/messages/")).status_code == 200
    # The old key (a stolen copy of the cookie) and the other session are refused from now on.
    for cookie in (scene.cookies["alice"], other_session):
        _socket, connected = await open_socket(cookie)
        assert not connected
    for communicator in (reopened, bob):
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


async def test_a_failed_save_leaves_no_change_behind_for_a_later_save(scene, channel_layer):
    from django.db.models.signals import pre_save

    alice = await logged_in(scene, "alice")

    def refuse(sender, instance, **kwargs):
        raise RuntimeError("the save fails after the password check")

    def failed_then_other_save():
        scene.alice.set_password(NEW_PASSWORD)
        pre_save.connect(refuse, sender=type(scene.alice), dispatch_uid="test-refuse")
        try:
            with pytest.raises(RuntimeError):
                scene.alice.save()
        finally:
            pre_save.disconnect(sender=type(scene.alice), dispatch_uid="test-refuse")
        scene.alice.first_name = "Alicia"
        scene.alice.save(update_fields=["first_name"])

    await database_sync_to_async(failed_then_other_save)()
    assert await alice.receive_nothing(timeout=0.5)
    await alice.disconnect()
