"""The domain-event bus (core.events): subscribers hear of a write only once it committed, never of one
that rolled back, and one failing subscriber neither breaks the write nor silences the others."""

import dataclasses
import logging
from dataclasses import dataclass

import pytest
from django.db import transaction

from core import events
from people.models import Organisation

# Real commits and rollbacks, not the test case's wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@dataclass(frozen=True)
class SomethingHappened:
    organisation_id: int


@pytest.fixture
def heard():
    """A subscriber that records what it heard, and reads the committed row like a real one does."""
    received = []

    def listener(event):
        received.append((event, Organisation.objects.filter(pk=event.organisation_id).exists()))

    events.subscribe(SomethingHappened, listener)
    yield received
    events.unsubscribe(SomethingHappened, listener)


def write(key="kerava", fail=False) -> Organisation:
    with transaction.atomic():
        organisation = Organisation.objects.create(key=key, name="Kerava")
        events.publish(SomethingHappened(organisation.pk))
        if fail:
            raise RuntimeError("the write fails after publishing")
    return organisation


def test_subscribers_hear_of_a_write_only_after_it_commits(heard):
    with transaction.atomic():
        organisation = Organisation.objects.create(key="kerava", name="Kerava")
        events.publish(SomethingHappened(organisation.pk))
        assert heard == [], "nothing is dispatched inside the transaction"
    assert heard == [(SomethingHappened(organisation.pk), True)], "dispatched after commit, and the row is there"


def test_a_rolled_back_write_publishes_nothing(heard):
    with pytest.raises(RuntimeError):
        write(fail=True)
    assert not Organisation.objects.exists()
    assert heard == []

    # Nor does a rolled-back savepoint inside a transaction that commits.
    with transaction.atomic():
        try:
            write(key="inner", fail=True)
        except RuntimeError:
            pass
        kept = write(key="kept")
    assert heard == [(SomethingHappened(kept.pk), True)]


def test_a_failing_subscriber_is_logged_and_does_not_break_the_writer_or_the_others(heard, caplog):
    def broken(event):
        raise ValueError("a subscriber's bug")

    events.subscribe(SomethingHappened, broken)
    events.subscribe(SomethingHappened, broken)  # subscribing twice is one subscription
    assert events.subscribers(SomethingHappened).count(broken) == 1
    later = []
    events.subscribe(SomethingHappened, later.append)
    try:
        with caplog.at_level(logging.ERROR, logger="core.events"):
            organisation = write()  # no exception reaches the writer
        assert Organisation.objects.filter(pk=organisation.pk).exists()
        assert heard == [(SomethingHappened(organisation.pk), True)], "the subscriber before it ran"
        assert later == [SomethingHappened(organisation.pk)], "the subscriber after it still ran"
        failures = [r for r in caplog.records if r.name == "core.events"]
        assert len(failures) == 1 and "broken" in failures[0].getMessage()
        assert failures[0].exc_info[0] is ValueError
    finally:
        events.unsubscribe(SomethingHappened, broken)
        events.unsubscribe(SomethingHappened, later.append)


def test_outside_a_transaction_the_event_is_dispatched_at_once(heard):
    organisation = Organisation.objects.create(key="sipoo", name="Sipoo")
    events.publish(SomethingHappened(organisation.pk))
    assert heard == [(SomethingHappened(organisation.pk), True)]


def test_events_are_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        SomethingHappened(1).organisation_id = 2
