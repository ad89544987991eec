"""Writing messages: one stored row per send, numbered without gaps, refused when not allowed."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection

from core.models import AuditEntry
from groups.models import Membership
from messaging import services
from messaging.errors import MessagingError
from messaging.models import Conversation, ConversationMember, Message
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    alice = factories.person("Alice", "Aalto")
    bob = factories.person("Bob", "Berg")
    return alice, bob, services.start_direct(alice, bob)


async def nothing_arrives(layer, channel) -> bool:
    try:
        await asyncio.wait_for(layer.receive(channel), timeout=0.2)
    except TimeoutError:
        return True
    return False


def refused(call, code: str) -> MessagingError:
    with pytest.raises(MessagingError) as caught:
        call()
    assert caught.value.code == code
    assert str(caught.value), "the refusal must say why"
    return caught.value


# --- Starting a direct conversation ------------------------------------------------


def test_a_pair_has_one_direct_conversation_whoever_starts_it(pair):
    alice, bob, conversation = pair
    assert services.start_direct(bob, alice) == conversation
    assert services.start_direct(alice, bob) == conversation
    assert Conversation.objects.count() == 1
    assert set(conversation.members.values_list("user_id", flat=True)) == {alice.pk, bob.pk}
    assert AuditEntry.objects.filter(action="conversation.start", target_id=str(conversation.pk)).count() == 1


def test_nobody_starts_a_conversation_with_themselves_or_a_disabled_account():
    alice = factories.person("Alice")
    gone = factories.person("Gone", active=False)
    refused(lambda: services.start_direct(alice, alice), "self")
    refused(lambda: services.start_direct(alice, gone), "inactive")
    assert not Conversation.objects.exists()


def test_a_guest_talks_only_with_people_who_share_a_group():
    staff = factories.person("Staff")
    guest = factories.person("Guest", guest=True)
    other_guest = factories.person("Other", guest=True)
    refused(lambda: services.start_direct(guest, staff), "not_allowed")
    refused(lambda: services.start_direct(staff, guest), "not_allowed")
    refused(lambda: services.start_direct(guest, other_guest), "not_allowed")
    assert not Conversation.objects.exists()

    factories.group(
        members={staff: Membership.Role.OWNER, guest: Membership.Role.GUEST, other_guest: Membership.Role.GUEST}
    )
    assert services.start_direct(guest, staff).members.count() == 2
    assert services.start_direct(other_guest, guest).members.count() == 2


def test_staff_always_talk_with_staff_even_across_organisations():
    alice = factories.person("Alice", org=factories.organisation())
    bob = factories.person("Bob", org=factories.organisation())
    assert services.start_direct(alice, bob).kind == Conversation.Kind.DIRECT


# --- Sending ------------------------------------------------------------------------


def test_messages_are_numbered_one_two_three_and_the_conversation_moves_up(pair):
    alice, bob, conversation = pair
    before = Conversation.objects.get(pk=conversation.pk).updated_at
    sent = [
        services.send_message(sender, conversation.pk, f"c{n}", f"hello {n}")
        for n, sender in enumerate([alice, bob, alice])
    ]
    assert [message.seq for message, _created in sent] == [1, 2, 3]
    assert all(created for _message, created in sent)
    conversation.refresh_from_db()
    assert conversation.last_seq == 3
    assert conversation.updated_at > before
    assert list(conversation.messages.values_list("body", flat=True)) == ["hello 0", "hello 1", "hello 2"]


def test_a_repeated_client_id_returns_the_stored_message_without_a_second_row(pair):
    alice, bob, conversation = pair
    first, created = services.send_message(alice, conversation.pk, "same-id", "Hi Bob")
    again, created_again = services.send_message(alice, conversation.pk, "same-id", "Hi Bob")
    assert created and not created_again
    assert again.pk == first.pk and again.seq == 1
    assert Message.objects.count() == 1
    assert Conversation.objects.get(pk=conversation.pk).last_seq == 1


def test_client_ids_are_per_sender(pair):
    alice, bob, conversation = pair
    services.send_message(alice, conversation.pk, "1", "from Alice")
    services.send_message(bob, conversation.pk, "1", "from Bob")
    assert Message.objects.count() == 2


def test_a_client_id_cannot_be_reused_in_another_conversation(pair):
    alice, bob, conversation = pair
    other = services.start_direct(alice, factories.person("Carol"))
    services.send_message(alice, conversation.pk, "once", "first")
    refused(lambda: services.send_message(alice, other.pk, "once", "second"), "client_id_reused")
    assert Message.objects.count() == 1


def test_a_non_member_cannot_send_and_nothing_is_stored(pair):
    _alice, _bob, conversation = pair
    carol = factories.person("Carol")
    refused(lambda: services.send_message(carol, conversation.pk, "x", "let me in"), "not_member")
    refused(lambda: services.send_message(carol, 999_999, "y", "nowhere"), "not_member")
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("client_id", "body", "code"),
    [
        ("ok", "", "empty"),
        ("ok", "   \n\t ", "empty"),
        ("ok", None, "empty"),
        ("ok", "x" * 11, "too_long"),
        ("", "hello", "bad_client_id"),
        ("x" * 65, "hello", "bad_client_id"),
        (42, "hello", "bad_client_id"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(pair, settings, client_id, body, code):
    settings.MESSAGING_MAX_BODY_CHARS = 10
    alice, _bob, conversation = pair
    error = refused(lambda: services.send_message(alice, conversation.pk, client_id, body), code)
    if code == "too_long":
        assert "10" in str(error) and "11" in str(error)
    assert not Message.objects.exists()
    assert Conversation.objects.get(pk=conversation.pk).last_seq == 0


def test_the_longest_allowed_body_and_client_id_are_accepted(pair, settings):
    settings.MESSAGING_MAX_BODY_CHARS = 10
    alice, _bob, conversation = pair
    message, _created = services.send_message(alice, conversation.pk, "x" * 64, "  0123456789  ")
    assert message.body == "0123456789"


def test_a_disabled_account_cannot_send(pair):
    alice, _bob, conversation = pair
    alice.is_active = False
    alice.save()
    refused(lambda: services.send_message(alice, conversation.pk, "x", "still here?"), "not_member")


def test_a_guest_who_left_the_shared_group_can_no_longer_write():
    staff = factories.person("Staff")
    guest = factories.person("Guest", guest=True)
    space = factories.group(members={staff: Membership.Role.OWNER, guest: Membership.Role.GUEST})
    conversation = services.start_direct(guest, staff)
    services.send_message(guest, conversation.pk, "a", "hello")
    Membership.objects.filter(group=space, user=guest).delete()
    # The guest takes no part any more (messaging.rules); the staff member may read but not write.
    refused(lambda: services.send_message(guest, conversation.pk, "b", "still there?"), "not_member")
    refused(lambda: services.send_message(staff, conversation.pk, "c", "are you?"), "not_allowed")
    assert Message.objects.count() == 1


def test_writing_marks_the_conversation_read_for_the_writer(pair):
    alice, bob, conversation = pair
    services.send_message(alice, conversation.pk, "a", "one")
    services.send_message(alice, conversation.pk, "b", "two")
    positions = dict(ConversationMember.objects.values_list("user_id", "last_read_seq"))
    assert positions == {alice.pk: 2, bob.pk: 0}


# --- Publishing ------------------------------------------------------------------------


def test_the_message_is_published_to_every_member_only_after_commit(pair, django_capture_on_commit_callbacks):
    alice, bob, conversation = pair
    layer = get_channel_layer()
    inboxes = {}
    for user in (alice, bob):
        inboxes[user] = async_to_sync(layer.new_channel)()
        # Each socket listens to one group per conversation it is in.
        async_to_sync(layer.group_add)(f"conversation.{conversation.pk}", inboxes[user])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message, _created = services.send_message(alice, conversation.pk, "pub-1", "Published?")
    assert len(callbacks) == 1, "publishing waits for the commit"
    assert async_to_sync(nothing_arrives)(layer, inboxes[bob]), "nothing is published before the commit"
    callbacks[0]()

    for inbox in inboxes.values():
        event = async_to_sync(layer.receive)(inbox)
        assert event["type"] == "message.new"
        assert event["message"] == {
            "id": message.pk,
            "conversation": conversation.pk,
            "seq": 1,
            "sender_key": alice.profile.key,
            "sender_name": "Alice Aalto",
            "body": "Published?",
            "created_at": message.created_at.isoformat(),
            "html": "<p>Published?</p>\n",
            "reply_to": None,
            "edited_at": None,
            "deleted": False,
            "reactions": {},
            "change": 1,
            "attachments": [],
        }
        assert sorted(event["members"]) == sorted([alice.pk, bob.pk])

    with django_capture_on_commit_callbacks() as repeated:
        services.send_message(alice, conversation.pk, "pub-1", "Published?")
    assert repeated == [], "a repeated send publishes nothing again"


# --- Read positions ---------------------------------------------------------------------


def test_mark_read_moves_forward_only_and_not_past_the_end(pair):
    alice, bob, conversation = pair
    for n in range(3):
        services.send_message(alice, conversation.pk, f"m{n}", "hi")
    assert services.mark_read(bob, conversation.pk, 2) == 2
    assert services.mark_read(bob, conversation.pk, 1) == 2
    assert services.mark_read(bob, conversation.pk, 99) == 3
    refused(lambda: services.mark_read(bob, conversation.pk, -1), "bad_seq")
    refused(lambda: services.mark_read(factories.person("Carol"), conversation.pk, 1), "not_member")


# --- Concurrency (real transactions, several connections) ---------------------------------


def _in_thread(function):
    """Run `function` on its own database connection, as another request would."""

    def run(*args):
        try:
            return function(*args)
        except MessagingError as error:
            return error
        finally:
            connection.close()

    return run


@pytest.mark.django_db(transaction=True)
def test_concurrent_senders_get_distinct_gapless_numbers():
    alice = factories.person("Alice")
    bob = factories.person("Bob")
    conversation = services.start_direct(alice, bob)
    start = threading.Barrier(8)

    def send(n):
        start.wait()
        return services.send_message(alice if n % 2 else bob, conversation.pk, f"n{n}", f"message {n}")

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(_in_thread(send), range(8)))
    assert all(created for _message, created in results)
    assert sorted(message.seq for message, _created in results) == list(range(1, 9))
    assert Conversation.objects.get(pk=conversation.pk).last_seq == 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_of_one_client_id_store_one_message():
    alice = factories.person("Alice")
    conversation = services.start_direct(alice, factories.person("Bob"))
    start = threading.Barrier(6)

    def send(_n):
        start.wait()
        return services.send_message(alice, conversation.pk, "retry-me", "once only")

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(_in_thread(send), range(6)))
    assert Message.objects.count() == 1
    assert {message.pk for message, _created in results} == {Message.objects.get().pk}
    assert sum(created for _message, created in results) == 1


@pytest.mark.django_db(transaction=True)
def test_one_client_id_raced_into_two_conversations_is_stored_once():
    alice = factories.person("Alice")
    first = services.start_direct(alice, factories.person("Bob"))
    second = services.start_direct(alice, factories.person("Carol"))
    start = threading.Barrier(2)

    def send(conversation_id):
        start.wait()
        return services.send_message(alice, conversation_id, "shared", "which one?")

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(_in_thread(send), [first.pk, second.pk]))
    assert Message.objects.count() == 1
    outcomes = sorted("error" if isinstance(result, MessagingError) else "stored" for result in results)
    assert outcomes == ["error", "stored"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_of_one_pair_make_one_conversation():
    alice = factories.person("Alice")
    bob = factories.person("Bob")
    start = threading.Barrier(6)

    def begin(n):
        start.wait()
        return services.start_direct(alice, bob) if n % 2 else services.start_direct(bob, alice)

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(_in_thread(begin), range(6)))
    assert len({conversation.pk for conversation in results}) == 1
    assert Conversation.objects.count() == 1
    assert ConversationMember.objects.count() == 2
