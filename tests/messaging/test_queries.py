"""Reading conversations: only your own, with who is on the other side and what is unread."""

import pytest
from django.http import Http404

from groups.models import Membership
from messaging import queries, services
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_list_shows_my_conversations_newest_first_with_the_other_person_and_unread_count():
    alice = factories.person("Alice", "Aalto")
    bob = factories.person("Bob", "Berg")
    carol = factories.person("Carol", "Candé")
    with_bob = services.start_direct(alice, bob)
    with_carol = services.start_direct(carol, alice)
    services.start_direct(bob, carol)  # not Alice's business
    services.send_message(bob, with_bob.pk, "b1", "one")
    services.send_message(bob, with_bob.pk, "b2", "two")
    services.send_message(carol, with_carol.pk, "c1", "newest")

    summaries = queries.conversations_of(alice)
    assert [(summary.other, summary.unread) for summary in summaries] == [(carol, 1), (bob, 2)]

    services.mark_read(alice, with_bob.pk, 2)
    services.send_message(alice, with_carol.pk, "a1", "reply")
    assert [(summary.other, summary.unread) for summary in queries.conversations_of(alice)] == [(carol, 0), (bob, 0)]
    assert [(summary.other, summary.unread) for summary in queries.conversations_of(carol)] == [(alice, 1), (bob, 0)]


def test_a_conversation_i_am_not_in_does_not_exist_for_me():
    alice = factories.person("Alice")
    conversation = services.start_direct(alice, factories.person("Bob"))
    assert queries.get_conversation_for(alice, conversation.pk) == conversation
    with pytest.raises(Http404):
        queries.get_conversation_for(factories.person("Carol"), conversation.pk)
    with pytest.raises(Http404):
        queries.get_conversation_for(alice, conversation.pk + 1000)


def test_messages_after_a_position_come_in_order_and_history_pages_backwards():
    alice = factories.person("Alice")
    conversation = services.start_direct(alice, factories.person("Bob"))
    for n in range(1, 8):
        services.send_message(alice, conversation.pk, f"m{n}", f"message {n}")

    assert [m.seq for m in queries.messages_after(conversation, 0, 3)] == [1, 2, 3]
    assert [m.seq for m in queries.messages_after(conversation, 5, 10)] == [6, 7]
    assert queries.messages_after(conversation, 7, 10) == []
    assert [m.seq for m in queries.history(conversation, None, 3)] == [5, 6, 7]
    assert [m.seq for m in queries.history(conversation, 5, 3)] == [2, 3, 4]
    assert [m.seq for m in queries.history(conversation, 2, 3)] == [1]


def test_guests_and_staff_find_each_other_only_through_a_shared_group():
    staff = factories.person("Staff", key="staff.member")
    guest = factories.person("Guest", key="the.guest", guest=True)
    with pytest.raises(Http404):
        queries.person_to_message(guest, "staff.member")
    with pytest.raises(Http404):
        queries.person_to_message(staff, "the.guest")
    factories.group(members={staff: Membership.Role.OWNER, guest: Membership.Role.GUEST})
    assert queries.person_to_message(guest, "staff.member") == staff
    assert queries.person_to_message(staff, "the.guest") == guest


def test_disabled_and_unknown_people_cannot_be_messaged():
    alice = factories.person("Alice")
    factories.person("Gone", key="gone", active=False)
    for key in ("gone", "nobody"):
        with pytest.raises(Http404):
            queries.person_to_message(alice, key)
