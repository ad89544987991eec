"""A property of messaging.rules: for generated scenes, every messaging path gives exactly what the rule
allows, as a tiny model of the rule written here (not the production code) computes it.

A scene: staff of two municipalities and guests, memberships of two groups that are current, end in the
future, ended in the past or do not exist (removed), accounts active or not, and direct conversations,
group conversations and space chats whose member rows were written as if long ago (a space chat may
keep the row of someone who left). Nothing of it goes through the signals: time has passed and rows
changed by update().

The paths: the API's conversation list and messages, the conversation page and its presence list,
the header's unread count, an attachment and its thumbnail, a new socket's handshake, and the socket
frames sync, read, heartbeat (presence), typing, reaction, edit and send, with the recipients of each
live copy (typing, message.updated and message.new) as they are published.
"""

import itertools
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups.models import Membership
from messaging import consumers, frames, publish, queries
from messaging.errors import MessagingError
from messaging.models import Conversation, ConversationMember, Message, MessageAttachment
from tests import factories

pytestmark = pytest.mark.django_db

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00"
    b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
# name: (guest, municipality); staff of Kerava and Sipoo, guests of a company.
PEOPLE = {
    "kaisa": (False, "kerava"),
    "kalle": (False, "kerava"),
    "sanna": (False, "sipoo"),
    "gus": (True, None),
    "greta": (True, None),
}
NAMES = list(PEOPLE)
GROUPS = ["hanke", "verkosto"]
# What a membership is now.
NONE, CURRENT, ENDS_LATER, ENDED = "none", "current", "ends later", "ended"


# --- The model: the rule as the docs state it, over the scene's description only ---------------------


@dataclass(frozen=True)
class Scene:
    active: dict  # name -> bool
    memberships: dict  # (name, group) -> NONE / CURRENT / ENDS_LATER / ENDED
    conversations: tuple  # (kind, group or None, member names)


def guest(name) -> bool:
    return PEOPLE[name][0]


def current(scene, name, group) -> bool:
    return scene.active[name] and scene.memberships[(name, group)] in (CURRENT, ENDS_LATER)


def share(scene, one, other) -> bool:
    return any(current(scene, one, group) and current(scene, other, group) for group in GROUPS)


def may_talk(scene, one, other) -> bool:
    return (not guest(one) and not guest(other)) or share(scene, one, other)


def taking_part(scene, conversation) -> set:
    kind, group, members = conversation
    if kind == "space":
        return {name for name in members if current(scene, name, group)}
    staff = {name for name in members if scene.active[name] and not guest(name)}
    guests = {name for name in members if scene.active[name] and guest(name)}
    with_staff = {name for name in guests if all(share(scene, name, person) for person in staff)}
    return staff | {name for name in with_staff if all(share(scene, name, other) for other in with_staff - {name})}


def may_write(scene, conversation, name) -> bool:
    kind, _group, members = conversation
    if name not in taking_part(scene, conversation):
        return False
    return kind != "direct" or all(may_talk(scene, name, other) for other in members if other != name)


def socket_accepted(scene, name) -> bool:
    return scene.active[name] and (not guest(name) or any(current(scene, name, group) for group in GROUPS))


# --- Scenes -------------------------------------------------------------------------------------------


def conversations():
    direct = st.lists(st.sampled_from(NAMES), min_size=2, max_size=2, unique=True).map(
        lambda pair: ("direct", None, tuple(pair))
    )
    group = st.lists(st.sampled_from(NAMES), min_size=3, max_size=5, unique=True).map(
        lambda people: ("group", None, tuple(people))
    )
    space = st.tuples(
        st.sampled_from(GROUPS), st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True)
    ).map(lambda chat: ("space", chat[0], tuple(chat[1])))
    return st.one_of(direct, group, space)


def no_two_directs_of_one_pair(items) -> bool:
    pairs = [frozenset(members) for kind, _group, members in items if kind == "direct"]
    chats = [group for kind, group, _members in items if kind == "space"]
    return len(pairs) == len(set(pairs)) and len(chats) == len(set(chats))


scenes = st.builds(
    Scene,
    active=st.fixed_dictionaries({name: st.sampled_from([True, True, True, False]) for name in NAMES}),
    memberships=st.fixed_dictionaries(
        {
            (name, group): st.sampled_from([NONE, CURRENT, ENDS_LATER, ENDED])
            for name, group in itertools.product(NAMES, GROUPS)
        }
    ),
    conversations=st.lists(conversations(), min_size=1, max_size=3).filter(no_two_directs_of_one_pair).map(tuple),
)


# --- Building a scene in the database -------------------------------------------------------------------


@pytest.fixture
def cast(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MESSAGING_RATE_LIMITS = {"send": (10_000, 10), "typing": (10_000, 10), "frame": (10_000, 10)}
    orgs = {"kerava": factories.organisation("kerava", "Kerava"), "sipoo": factories.organisation("sipoo", "Sipoo")}
    people = {
        name: factories.person(name.title(), "Model", key=name, guest=is_guest, org=orgs[org] if org else None)
        for name, (is_guest, org) in PEOPLE.items()
    }
    groups = {key: factories.group(key, key.title()) for key in GROUPS}
    return people, groups


def build(scene: Scene, people, groups) -> list[Conversation]:
    """The scene's rows, written directly (no signals, as after time passed and update())."""
    now = timezone.now()
    for name, user in people.items():
        # Every time: the previous example's change was rolled back in the database, not in the object.
        type(user).objects.filter(pk=user.pk).update(is_active=scene.active[name])
        user.is_active = scene.active[name]
    ends = {CURRENT: None, ENDS_LATER: now + timedelta(days=3), ENDED: now - timedelta(minutes=5)}
    Membership.objects.bulk_create(
        [
            Membership(
                group=groups[group],
                user=people[name],
                access_until=ends[state],
                role=Membership.Role.GUEST if guest(name) else Membership.Role.MEMBER,
            )
            for (name, group), state in scene.memberships.items()
            if state != NONE
        ]
    )
    built = []
    for n, (kind, group, members) in enumerate(scene.conversations):
        ids = sorted(people[name].pk for name in members)
        conversation = Conversation.objects.create(
            kind=kind,
            group=groups[group] if group else None,
            last_seq=1,
            last_change=1,
            direct_key=f"{ids[0]}:{ids[1]}" if kind == "direct" else None,
        )
        ConversationMember.objects.bulk_create(
            [ConversationMember(conversation=conversation, user=people[name]) for name in members]
        )
        first = Message.objects.create(
            conversation=conversation,
            seq=1,
            sender=people[members[0]],
            client_id=f"first-{n}",
            body="First",
            created_change=1,
            change=1,
        )
        attachment = MessageAttachment(
            conversation=conversation,
            uploader=people[members[0]],
            message=first,
            name="a.gif",
            content_type="image/gif",
            size=len(GIF),
        )
        attachment.file.save("a.gif", ContentFile(GIF), save=True)
        conversation.first, conversation.attachment = first, attachment
        built.append(conversation)
    return built


class Published:
    """The recipients of every live copy published (publish.to_conversation), by conversation."""

    def __init__(self, monkeypatch):
        self.events = []
        monkeypatch.setattr(
            publish,
            "to_conversation",
            lambda conversation_id, member_ids, event: self.events.append(
                (conversation_id, event["type"], set(member_ids))
            ),
        )

    def take(self):
        events, self.events = self.events, []
        return events


def frame_answer(user, frame):
    """What the socket answers a frame: its reply, ("error", code) or ("closed", code)."""
    try:
        return consumers._handle(user, frames.parse(frame), None)
    except consumers.SocketEnded as ended:
        return ("closed", ended.code)
    except MessagingError as error:
        return ("error", error.code)


# --- The property -----------------------------------------------------------------------------------------


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(scene=scenes)
def test_every_messaging_path_gives_exactly_what_the_rule_allows(
    cast, monkeypatch, django_capture_on_commit_callbacks, scene
):
    people, groups = cast
    published = Published(monkeypatch)
    with transaction.atomic():
        built = build(scene, people, groups)
        check_http(scene, people, built)
        check_frames(scene, people, built, published, django_capture_on_commit_callbacks)
        transaction.set_rollback(True)  # the next example starts from the cast alone


def check_http(scene, people, built):
    names_by_id = {user.pk: name for name, user in people.items()}
    for name, user in people.items():
        client = Client()
        if scene.active[name]:
            client.force_login(user)
        readable = {
            conversation.pk
            for conversation, description in zip(built, scene.conversations, strict=True)
            if name in taking_part(scene, description)
        }
        if scene.active[name]:
            listed = client.get("/api/v1/messages/conversations")
            assert listed.status_code == 200
            assert {item["id"] for item in listed.json()} == readable, name
            assert queries.unread_total(user) == len(readable), name
        if scene.active[name]:
            assert (consumers._joinable(user) is not None) == socket_accepted(scene, name), name
        for conversation, description in zip(built, scene.conversations, strict=True):
            expected = 200 if conversation.pk in readable else (401 if not scene.active[name] else 404)
            api = client.get(f"/api/v1/messages/conversations/{conversation.pk}/messages")
            assert api.status_code == expected, (name, description, api.status_code)
            if expected == 200:
                assert [item["body"] for item in api.json()["messages"]] == ["First"]
            page_expected = expected if expected != 401 else 302  # the login page
            page = client.get(f"/messages/{conversation.pk}/")
            assert page.status_code == page_expected, (name, description)
            if page_expected == 200:
                shown = {names_by_id[other.pk] for other, _state in page.context["presence"]}
                assert shown == taking_part(scene, description) - {name}, (name, description)
            for url in (
                f"/messages/attachments/{conversation.attachment.pk}/",
                f"/messages/attachments/{conversation.attachment.pk}/preview/",
            ):
                assert client.get(url).status_code == page_expected, (name, description, url)


def check_frames(scene, people, built, published, capture):
    for (conversation, description), (name, user) in itertools.product(
        zip(built, scene.conversations, strict=True), people.items()
    ):
        participants = taking_part(scene, description)
        recipients = {people[person].pk for person in participants}
        reads = name in participants
        writes = may_write(scene, description, name)
        pk = conversation.pk

        def answer(frame):
            with capture(execute=True):
                return frame_answer(user, frame)

        if not scene.active[name]:
            # A disabled account's socket is closed at its next frame, whatever it asks.
            assert answer({"type": "sync", "conversation": pk, "after": 0}) == ("closed", 4403)
            continue
        sync = answer({"type": "sync", "conversation": pk, "after": 0})
        if reads:
            assert sync["type"] == "sync.result" and "First" in [m["body"] for m in sync["messages"]]
        else:
            assert sync == ("error", "not_member"), (name, description)
        read = answer({"type": "read", "conversation": pk, "seq": 1})
        assert (read["type"] == "read.ack") if reads else read == ("error", "not_member"), (name, description)
        beat = answer({"type": "heartbeat", "state": "online", "conversation": pk})
        if reads:
            assert set(beat["people"]) == participants, (name, description)
        else:
            assert beat == ("error", "not_member")

        published.take()
        typing = answer({"type": "typing", "conversation": pk})
        events = published.take()
        # Typing and reactions need the right to write (the same as reading, except in a direct conversation).
        if writes:
            assert typing is None and events == [(pk, "typing", recipients - {user.pk})], (name, description)
        else:
            assert typing[0] == "error" and events == [], (name, description)
        reaction = answer({"type": "reaction", "message": conversation.first.pk, "emoji": "👍", "on": True})
        events = published.take()
        if writes:
            assert reaction["type"] == "reaction.ack" and events == [(pk, "message.updated", recipients)]
        else:
            assert reaction[0] == "error" and events == [], (name, description, reaction)
        sent = answer({"type": "message.send", "conversation": pk, "client_id": f"{name}-{pk}", "body": "Hi"})
        events = published.take()
        if writes:
            assert sent["type"] == "message.ack" and events == [(pk, "message.new", recipients)], (name, description)
        else:
            assert sent[0] == "error" and sent[1] in {"not_member", "not_allowed"} and events == [], (name, sent)


def test_the_model_and_the_scenes_cover_every_case():
    """The generated scenes reach guests who take part, guests who do not, and both kinds of refusal."""
    seen = set()

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(scene=scenes)
    def collect(scene):
        for description in scene.conversations:
            for name in description[2]:
                seen.add(
                    (
                        description[0],
                        guest(name),
                        name in taking_part(scene, description),
                        may_write(scene, description, name),
                    )
                )

    collect()
    for kind in ("direct", "group", "space"):
        assert (kind, True, True, True) in seen and (kind, True, False, False) in seen, kind
    assert ("direct", False, True, False) in seen  # staff reading a direct with a guest gone
