"""Who sees whom, as a property: for generated scenes (staff of two municipalities, former staff, guests
with and without end dates, memberships in a few groups), every people picker, the successor lookup, the
author shown on old posts, the profile page and the profile photo answer exactly what a tiny model of the
rule, written here independently of people/visibility.py and people/queries.py, allows."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups.models import Membership
from people.forms import AvailabilityForm, ProfileForm
from people.network_forms import InteractionForm, PartnershipForm, find_successor
from people.visibility import shown_authors
from tests import factories

pytestmark = pytest.mark.django_db

STAFF, FORMER, GUEST = "staff", "former", "guest"
# A guest's membership: none, open-ended, ended yesterday, ending tomorrow.
NONE, OPEN, ENDED, ENDING = "none", "open", "ended", "ending"


@dataclass(frozen=True)
class Person:
    kind: str
    org: str  # "a", "b" (municipalities) or "acme" (guests)
    photo_for_org_only: bool
    memberships: tuple  # one state per group


def people_strategy(groups: int):
    state = st.sampled_from([NONE, OPEN, ENDED, ENDING])
    staff_state = st.sampled_from([NONE, OPEN])
    staff = st.builds(
        Person, st.just(STAFF), st.sampled_from(["a", "b"]), st.booleans(), st.tuples(*[staff_state] * groups)
    )
    former = st.builds(
        Person, st.just(FORMER), st.sampled_from(["a", "b"]), st.booleans(), st.tuples(*[staff_state] * groups)
    )
    guest = st.builds(Person, st.just(GUEST), st.just("acme"), st.just(False), st.tuples(*[state] * groups))
    return st.tuples(
        st.lists(staff, min_size=1, max_size=3), st.lists(former, max_size=1), st.lists(guest, min_size=1, max_size=3)
    ).map(lambda parts: [p for part in parts for p in part])


scenes = st.integers(min_value=1, max_value=2).flatmap(people_strategy)


# --- the model -----------------------------------------------------------------------------------------
def current(person: Person, group: int) -> bool:
    return person.kind != FORMER and person.memberships[group] in (OPEN, ENDING)


def shares_a_group(one: Person, other: Person) -> bool:
    return any(current(one, g) and current(other, g) for g in range(len(one.memberships)))


def visible(viewer: int, target: int, people) -> bool:
    """Pickers: active people only. Guests see themselves and people of a current common group; staff see
    all staff and the guests of their current groups."""
    v, t = people[viewer], people[target]
    if t.kind == FORMER:
        return False
    if v.kind == GUEST:
        return viewer == target or shares_a_group(v, t)
    return t.kind == STAFF or shares_a_group(v, t)


def findable(viewer: int, target: int, people) -> bool:
    """Profile pages and search: the visible people, and for staff also former staff."""
    return visible(viewer, target, people) or (people[viewer].kind == STAFF and people[target].kind == FORMER)


def sees_photo(viewer: int, target: int, people) -> bool:
    v, t = people[viewer], people[target]
    if viewer == target:
        return True
    if not findable(viewer, target, people) or v.kind == GUEST:
        return False
    return not t.photo_for_org_only or v.org == t.org


# --- the scene in the database ---------------------------------------------------------------------------
def build(people, folder):
    orgs = {
        "a": factories.organisation("m-a", "A"),
        "b": factories.organisation("m-b", "B"),
        "acme": factories.organisation("acme-x", "Acme", home=False),
    }
    groups = [factories.group(f"g{n}") for n in range(len(people[0].memberships))]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profile-photos").mkdir(exist_ok=True)
    (folder / "profile-photos" / "shared-0000abcd.jpg").write_bytes(JPEG)
    users = []
    now = timezone.now()
    for n, person in enumerate(people):
        user = factories.person(
            f"P{n}", "Person", key=f"p{n}", email=f"p{n}@example.test", org=orgs[person.org], guest=person.kind == GUEST
        )
        profile = user.profile
        profile.photo = "profile-photos/shared-0000abcd.jpg"
        profile.field_visibility = {"photo": "organisation"} if person.photo_for_org_only else {}
        for g, state in enumerate(person.memberships):
            if state != NONE:
                until = {OPEN: None, ENDED: now - timedelta(days=1), ENDING: now + timedelta(days=1)}[state]
                Membership.objects.create(
                    group=groups[g], user=user, access_until=until, role="guest" if person.kind == GUEST else "member"
                )
        if person.kind == FORMER:
            profile.left_on = date(2026, 1, 1)
            user.is_active = False
            user.save()
        profile.save()
        users.append(user)
    return users


def _jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG")
    return out.getvalue()


JPEG = _jpeg()


def keys(queryset) -> set[str]:
    return set(queryset.values_list("key", flat=True))


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(people=scenes)
def test_every_picker_page_and_photo_answer_exactly_what_the_rule_allows(people, settings_override):
    with transaction.atomic():
        users = build(people, settings_override.PRIVATE_MEDIA_ROOT)
        client = Client()
        everyone = range(len(people))
        for viewer in everyone:
            if people[viewer].kind == FORMER:
                continue  # a closed account signs in nowhere
            user, own = users[viewer], users[viewer].profile
            may_see = {f"p{t}" for t in everyone if visible(viewer, t, people)}
            may_find = {f"p{t}" for t in everyone if findable(viewer, t, people)}
            staff = {f"p{t}" for t in everyone if people[t].kind != GUEST}
            stand_in = keys(AvailabilityForm(profile=own, viewer=user).fields["stand_in"].queryset)
            assert stand_in == (may_see & staff) - {own.key}
            manager = keys(ProfileForm(profile=own, viewer=user).fields["manager"].queryset)
            same_org = {f"p{t}" for t in everyone if people[t].org == people[viewer].org}
            assert manager == (may_see & same_org) - {own.key}
            if people[viewer].kind == STAFF:
                assert keys(InteractionForm(viewer=user).fields["participants"].queryset) == may_see & staff
                assert keys(PartnershipForm(viewer=user).fields["people"].queryset) == may_find & staff
            shown = shown_authors(user, users)
            client.force_login(user)
            for target in everyone:
                key = f"p{target}"
                found = findable(viewer, target, people)
                assert (find_successor(user, key) is not None) == found
                by_email = find_successor(user, f"P{target}@EXAMPLE.test")
                assert (by_email is not None) == (found and (viewer == target or people[viewer].kind != GUEST))
                assert shown[users[target].pk].key == (key if found else None)
                page = client.get(reverse("people:profile", args=[key]))
                assert page.status_code == (200 if found else 404), (viewer, target)
                photo = client.get(reverse("people:photo_file", args=[key]))
                assert photo.status_code == (200 if sees_photo(viewer, target, people) else 404), (viewer, target)
                if page.status_code == 200:
                    assert (b'class="profile-photo"' in page.content) == sees_photo(viewer, target, people)
        client.logout()
        assert client.get(reverse("people:photo_file", args=["p0"])).status_code == 302
        transaction.set_rollback(True)


@pytest.fixture
def settings_override(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings
