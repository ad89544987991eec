"""Group conversations and the chat of a group space: who is in, who may write, and the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Membership
from messaging import group_services, queries, services
from messaging.errors import MessagingError
from messaging.models import Conversation, ConversationMember, Message
from tests import factories
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return [factories.person(name, f"Member{n}") for n, name in enumerate(["Alice", "Bob", "Carol", "Dan"])]


def test_a_group_conversation_delivers_to_all_its_members_and_only_them(people):
    alice, bob, carol, dan = people
    conversation = group_services.start_group(alice, [bob, carol], "Budget 2027")
    assert conversation.kind == Conversation.Kind.GROUP and conversation.title == "Budget 2027"
    assert sorted(queries.member_ids(conversation.pk)) == sorted([alice.pk, bob.pk, carol.pk])

    message, created = services.send_message(carol, conversation.pk, "g-1", "Hello all")
    assert created and message.seq == 1
    assert [s.unread for s in queries.conversations_of(bob)] == [1]
    assert queries.unread_total(bob) == 1 and queries.unread_total(carol) == 0
    with pytest.raises(MessagingError) as refused:
        services.send_message(dan, conversation.pk, "g-2", "Let me in")
    assert refused.value.code == "not_member"
    assert queries.conversations_of(dan) == []


@pytest.mark.parametrize("others, code", [([], "too_few"), (["bob"], "too_few"), (["bob", "alice"], "too_few")])
def test_a_group_conversation_needs_two_other_people(people, others, code):
    alice, bob, *_ = people
    chosen = [{"alice": alice, "bob": bob}[name] for name in others]
    with pytest.raises(MessagingError) as refused:
        group_services.start_group(alice, chosen)
    assert refused.value.code == code
    assert not Conversation.objects.filter(kind=Conversation.Kind.GROUP).exists()


def test_size_limit_and_guest_rule(people, settings):
    alice, bob, carol, dan = people
    settings.MESSAGING_MAX_GROUP_MEMBERS = 3
    with pytest.raises(MessagingError) as refused:
        group_services.start_group(alice, [bob, carol, dan])
    assert refused.value.code == "too_many"

    guest = factories.person("Gus", "Guest", guest=True)
    with pytest.raises(MessagingError) as refused:
        group_services.start_group(alice, [bob, guest])
    assert refused.value.code == "not_allowed"
    space = factories.group(members={alice: Membership.Role.OWNER, guest: Membership.Role.GUEST})
    # Every pair must share a group, not only the starter and each member: Bob and the guest share none.
    with pytest.raises(MessagingError) as refused:
        group_services.start_group(alice, [bob, guest])
    assert refused.value.code == "not_allowed"
    Membership.objects.create(group=space, user=bob)
    assert group_services.start_group(alice, [bob, guest]).members.count() == 3


def test_leaving_and_removing_from_a_group_conversation(people):
    alice, bob, carol, dan = people
    conversation = group_services.start_group(alice, [bob, carol, dan])
    with pytest.raises(MessagingError):
        group_services.remove_member(bob, conversation.pk, carol)  # only the starter removes others
    group_services.remove_member(alice, conversation.pk, carol)
    group_services.remove_member(dan, conversation.pk, dan)  # anyone may leave
    assert sorted(queries.member_ids(conversation.pk)) == sorted([alice.pk, bob.pk])
    with pytest.raises(MessagingError):
        services.send_message(carol, conversation.pk, "x-1", "still here?")


def test_the_chat_of_a_group_follows_the_group_membership(people):
    alice, bob, carol, dan = people
    group = factories.group(members={alice: Membership.Role.OWNER, bob: Membership.Role.MEMBER})
    with pytest.raises(MessagingError):
        group_services.open_group_chat(carol, group)
    chat = group_services.open_group_chat(alice, group)
    assert chat.kind == Conversation.Kind.SPACE and group_services.open_group_chat(bob, group) == chat
    assert sorted(queries.member_ids(chat.pk)) == sorted([alice.pk, bob.pk])

    Membership.objects.create(group=group, user=carol)
    services.send_message(carol, chat.pk, "s-1", "Hi, I just joined")
    assert queries.unread_total(bob) == 1

    Membership.objects.filter(group=group, user=bob).delete()
    assert bob.pk not in queries.member_ids(chat.pk)
    with pytest.raises(MessagingError):
        services.send_message(bob, chat.pk, "s-2", "Am I still here?")
    assert queries.unread_total(bob) == 0
    assert Message.objects.filter(conversation=chat).count() == 1


def test_an_expired_guest_membership_ends_access_to_the_chat(people):
    alice, *_ = people
    guest = factories.person("Gus", "Guest", guest=True)
    group = factories.group(members={alice: Membership.Role.OWNER, guest: Membership.Role.GUEST})
    chat = group_services.open_group_chat(alice, group)
    assert guest.pk in queries.member_ids(chat.pk)
    Membership.objects.filter(group=group, user=guest).update(access_until=timezone.now() - timedelta(days=1))
    with pytest.raises(MessagingError):
        services.send_message(guest, chat.pk, "e-1", "hello?")
    assert queries.conversations_of(guest) == []


def test_pages_start_a_group_conversation_and_open_a_group_chat(client, people):
    alice, bob, carol, dan = people
    client.force_login(alice)
    form = client.get(reverse("messaging:new_group") + f"?with={bob.profile.key}")
    assert form.status_code == 200 and "selected" in form.content.decode()

    refused = client.post(reverse("messaging:new_group"), {"people": [bob.profile.pk]})
    assert refused.status_code == 400 and "at least two" in refused.content.decode()
    response = client.post(
        reverse("messaging:new_group"), {"title": "Tender team", "people": [bob.profile.pk, carol.profile.pk]}
    )
    conversation = Conversation.objects.get(title="Tender team")
    assert response.status_code == 302 and response["Location"].endswith(f"/messages/{conversation.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "Tender team" in page and "Leave the conversation" in page

    group = factories.group("hanke", "Hanke", members={alice: Membership.Role.OWNER})
    detail = client.get(reverse("groups:detail", args=[group.key])).content.decode()
    assert reverse("messaging:group_chat", args=[group.key]) in detail
    opened = client.post(reverse("messaging:group_chat", args=[group.key]))
    assert (
        opened.status_code == 302 and ConversationMember.objects.filter(conversation__group=group, user=alice).exists()
    )

    client.force_login(dan)  # not a member: no button, and the chat is refused
    assert reverse("messaging:group_chat", args=[group.key]) not in body(
        client.get(reverse("groups:detail", args=[group.key]))
    )
    assert client.post(reverse("messaging:group_chat", args=[group.key])).status_code == 302
    assert client.get(opened["Location"]).status_code == 404


def test_the_header_shows_the_unread_total(client, people):
    alice, bob, carol, _dan = people
    conversation = group_services.start_group(alice, [bob, carol])
    services.send_message(alice, conversation.pk, "h-1", "one")
    services.send_message(carol, services.start_direct(carol, bob).pk, "h-2", "two")
    client.force_login(bob)
    page = client.get(reverse("messaging:index")).content.decode()
    assert 'id="unread-badge" data-unread="2" class="badge"' in page
    client.force_login(alice)
    assert 'id="unread-badge" data-unread="0"' in client.get(reverse("messaging:index")).content.decode()
