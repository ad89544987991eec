"""Sync always converges: a page that missed messages, edits, deletions and reactions gets each of them in a
bounded number of rounds, and nothing it already holds in that state comes again.

The page is modelled as conversation.js keeps it (the messages it shows, `lastSeq` up to which none is
missing, `lastChange` up to which it holds every change, `maxSeen`), and its sync frames go to the socket's
real handler on the real database. Hypothesis interleaves sends, edits, deletions, reactions, copies lost
on the way and disconnects; a small page size makes the paging show with a few dozen messages."""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from messaging import consumers, frames, message_actions, services
from messaging.models import Message
from messaging.payloads import message_payload
from tests import factories

pytestmark = pytest.mark.django_db


@dataclass
class Page:
    """What the conversation page holds, updated by the same rules as conversation.js's apply()."""

    held: dict[int, dict] = field(default_factory=dict)
    last_seq: int = 0
    last_change: int = 0
    max_seen: int = 0
    ahead: set[int] = field(default_factory=set)  # change numbers seen above last_change + 1

    def advance(self) -> None:
        while self.last_change + 1 in self.ahead:
            self.last_change += 1
        self.ahead = {change for change in self.ahead if change > self.last_change}

    def apply(self, message: dict) -> bool:
        """Show one copy; True when it reveals a gap (the page then asks for a sync, once the copies
        merely late have had their moment: here at once, as the model has no late copies)."""
        gap = False
        if message["change"]:
            self.max_seen = max(self.max_seen, message["change"])
            if message["change"] > self.last_change:
                self.ahead.add(message["change"])
            self.advance()
            gap = self.max_seen > self.last_change
        shown = self.held.get(message["seq"])
        if shown is not None:
            if shown["change"] < message["change"]:
                self.held[message["seq"]] = message
        elif message["seq"] > self.last_seq:
            self.held[message["seq"]] = message
            while self.last_seq + 1 in self.held:
                self.last_seq += 1
            gap = gap or message["seq"] > self.last_seq
        return gap

    def sync(self, user, conversation_id: int, max_rounds: int = 1000) -> tuple[int, list[dict]]:
        """Sync frames until the page holds every change: (rounds, the messages received)."""
        rounds, received = 0, []
        while True:
            frame = frames.SyncFrame(conversation_id, self.last_seq, self.last_change)
            result = consumers._sync(user, frame)
            assert result["type"] == "sync.result", result
            rounds += 1
            received += result["messages"]
            for message in result["messages"]:
                self.apply(message)
            self.last_change = max(self.last_change, result["last_change"])
            self.advance()
            if not (result["more"] or self.max_seen > self.last_change):
                return rounds, received
            assert rounds < max_rounds, f"sync has not converged in {max_rounds} rounds"


def state(message: dict) -> tuple:
    return (message["seq"], message["change"], message["body"], message["deleted"], message["reactions"])


def database_state(conversation_id: int) -> dict[int, tuple]:
    messages = Message.objects.filter(conversation_id=conversation_id).order_by("seq")
    return {message.seq: state(message_payload(message)) for message in messages}


def rounds_needed(missing: int, batch: int) -> int:
    # Each round but the last brings a full page of what was missing; at most one more round notices the end.
    return missing // batch + 2


def missing_from(page: Page, conversation_id: int) -> int:
    return sum(
        1
        for seq, now in database_state(conversation_id).items()
        if seq not in page.held or state(page.held[seq]) != now
    )


def assert_converged(page: Page, conversation_id: int, rounds: int, received: list[dict], missing: int, batch: int):
    assert {seq: state(message) for seq, message in page.held.items()} == database_state(conversation_id)
    assert rounds <= rounds_needed(missing, batch), (rounds, missing)
    # What it already held in that state never comes again (but the one copy that revealed a gap).
    assert len(received) <= missing + 1, (len(received), missing)


@pytest.fixture
def pair(db):
    alice = factories.person("Alice", "Aalto", key="alice")
    bob = factories.person("Bob", "Berg", key="bob")
    return alice, bob, services.start_direct(alice, bob)


@pytest.fixture
def no_rate_limits(settings):
    settings.MESSAGING_RATE_LIMITS = {"send": (10_000, 10), "typing": (10_000, 10), "frame": (10_000, 10)}


def test_a_page_far_behind_catches_up_when_an_early_message_changed_late(pair, no_rate_limits):
    # 250 missed messages, the fifth of them reacted to after all were stored: its change number sorts behind
    # two full pages. Sync used to resend the same first page every round, for ever.
    alice, bob, conversation = pair
    page = Page()
    sent = [services.send_message(alice, conversation.pk, f"c-{n}", f"Viesti {n}")[0] for n in range(250)]
    message_actions.react(bob, sent[4].pk, "👍")
    missing = missing_from(page, conversation.pk)
    rounds, received = page.sync(bob, conversation.pk)
    assert_converged(page, conversation.pk, rounds, received, missing, consumers.SYNC_BATCH)
    assert rounds == 3
    assert len(received) == 250


# --- Random interleavings ---------------------------------------------------------------------------------

SENDERS = ("alice", "bob")
operation = st.one_of(
    st.tuples(st.just("send"), st.sampled_from(SENDERS), st.booleans()),
    st.tuples(st.just("burst"), st.integers(2, 8), st.booleans()),
    st.tuples(st.just("edit"), st.integers(0, 40), st.booleans()),
    st.tuples(st.just("delete"), st.integers(0, 40), st.booleans()),
    st.tuples(st.just("react"), st.integers(0, 40), st.booleans()),
    st.tuples(st.just("disconnect"), st.just(0), st.just(False)),
    st.tuples(st.just("reconnect"), st.just(0), st.just(False)),
)
BATCH = 2  # a small page, so that paging shows in examples of a few dozen messages


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, min_size=1, max_size=60))
def test_every_interleaving_converges_and_resends_nothing_held(pair, no_rate_limits, monkeypatch, operations):
    """Bob's page misses whatever is lost on the way (the boolean of an operation: in a burst, every copy
    but the last) or happens while he is offline; he syncs when a copy reveals a gap, when he reconnects,
    and at the end."""
    monkeypatch.setattr(consumers, "SYNC_BATCH", BATCH)
    alice, bob, conversation = pair
    people = {"alice": alice, "bob": bob}
    with transaction.atomic():
        page, online, sent = Page(), True, []

        def sync_now():
            missing = missing_from(page, conversation.pk)
            rounds, received = page.sync(bob, conversation.pk, max_rounds=rounds_needed(missing, BATCH) + 1)
            assert_converged(page, conversation.pk, rounds, received, missing, BATCH)

        for n, (kind, target, lost) in enumerate(operations):
            if kind == "disconnect":
                online = False
                continue
            if kind == "reconnect":
                if not online:
                    online = True
                    sync_now()
                continue
            if kind in ("send", "burst"):
                # A burst: several messages from Alice, only the last of which may reach Bob's page.
                count, sender = (1, people[target]) if kind == "send" else (target, alice)
                for k in range(count):
                    changed, _created = services.send_message(sender, conversation.pk, f"c-{n}-{k}", f"Viesti {n}")
                    sent.append(changed)
            elif not sent:
                continue
            else:
                own = sent[target % len(sent)]
                if kind == "edit" and own.deleted_at is None:
                    changed = message_actions.edit_message(own.sender, own.pk, f"Muokattu {n}")
                elif kind == "delete" and own.deleted_at is None:
                    changed = message_actions.delete_message(own.sender, own.pk)
                elif kind == "react" and own.deleted_at is None:
                    changed = message_actions.react(bob if own.sender == alice else alice, own.pk, "👍", on=n % 2 == 0)
                else:
                    continue
                sent[target % len(sent)] = Message.objects.get(pk=own.pk)
            if online and not lost and page.apply(message_payload(Message.objects.get(pk=changed.pk))):
                sync_now()
        sync_now()
        transaction.set_rollback(True)  # the next example starts from the pair alone
