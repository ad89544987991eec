"""Every group view against every kind of visitor: non-members get 404, never 403,
and anonymous or deactivated visitors are sent to the login page."""

import pytest
from django.urls import reverse

from groups.models import Membership, MembershipRequest
from tests import factories
from tests.groups import scene as scenes

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "guest", "other_guest", "member", "moderator", "owner", "other_staff", "deactivated"]
LOGIN = "login"


def statuses(**by_who) -> list[int | str]:
    return [by_who[who] for who in WHO]


# (name, method, expected per visitor in WHO's order) on the private group "hanke".
MATRIX = {
    "detail": (
        "GET",
        statuses(
            anonymous=LOGIN,
            guest=200,
            other_guest=404,
            member=200,
            moderator=200,
            owner=200,
            other_staff=200,
            deactivated=LOGIN,
        ),
    ),
    "members": (
        "GET",
        statuses(
            anonymous=LOGIN,
            guest=200,
            other_guest=404,
            member=200,
            moderator=200,
            owner=200,
            other_staff=404,
            deactivated=LOGIN,
        ),
    ),
    "invite": (
        "GET",
        statuses(
            anonymous=LOGIN,
            guest=404,
            other_guest=404,
            member=404,
            moderator=200,
            owner=200,
            other_staff=404,
            deactivated=LOGIN,
        ),
    ),
    "remove": (
        "POST",
        statuses(
            anonymous=LOGIN,
            guest=404,
            other_guest=404,
            member=404,
            moderator=302,
            owner=302,
            other_staff=404,
            deactivated=LOGIN,
        ),
    ),
    "renew": (
        "POST",
        statuses(
            anonymous=LOGIN,
            guest=404,
            other_guest=404,
            member=404,
            moderator=302,
            owner=302,
            other_staff=404,
            deactivated=LOGIN,
        ),
    ),
    "decide": (
        "POST",
        statuses(
            anonymous=LOGIN,
            guest=404,
            other_guest=404,
            member=404,
            moderator=302,
            owner=302,
            other_staff=404,
            deactivated=LOGIN,
        ),
    ),
    "request": (
        "POST",
        statuses(
            anonymous=LOGIN,
            guest=302,
            other_guest=404,
            member=302,
            moderator=302,
            owner=302,
            other_staff=302,
            deactivated=LOGIN,
        ),
    ),
    "leave": (
        "POST",
        statuses(
            anonymous=LOGIN,
            guest=302,
            other_guest=404,
            member=302,
            moderator=302,
            owner=302,
            other_staff=302,
            deactivated=LOGIN,
        ),
    ),
    "settings": (
        "GET",
        statuses(
            anonymous=LOGIN,
            guest=404,
            other_guest=404,
            member=404,
            moderator=404,
            owner=200,
            other_staff=404,
            deactivated=LOGIN,
        ),
    ),
    "role": (
        "POST",
        statuses(
            anonymous=LOGIN,
            guest=404,
            other_guest=404,
            member=404,
            moderator=302,
            owner=302,
            other_staff=404,
            deactivated=LOGIN,
        ),
    ),
    # Joining yourself works only for public groups: here everyone who sees the group is told no.
    "join": (
        "POST",
        statuses(
            anonymous=LOGIN,
            guest=302,
            other_guest=404,
            member=302,
            moderator=302,
            owner=302,
            other_staff=302,
            deactivated=LOGIN,
        ),
    ),
    # An invitation of a colleague is answered only by the colleague invited (here the outsider Sven).
    "answer": (
        "POST",
        statuses(
            anonymous=LOGIN,
            guest=404,
            other_guest=404,
            member=404,
            moderator=404,
            owner=404,
            other_staff=302,
            deactivated=LOGIN,
        ),
    ),
    # Not about one group: staff may create groups, guests never.
    "create": (
        "GET",
        statuses(
            anonymous=LOGIN,
            guest=404,
            other_guest=404,
            member=200,
            moderator=200,
            owner=200,
            other_staff=200,
            deactivated=LOGIN,
        ),
    ),
}
CASES = [(view, who, expected[i]) for view, (_m, expected) in MATRIX.items() for i, who in enumerate(WHO)]


@pytest.fixture
def scene():
    built = scenes.build()
    built["request_obj"] = MembershipRequest.objects.create(
        group=built["group"], user=built["other_staff"], created_by=built["other_staff"], kind="request"
    )
    public = factories.group(
        "avoin", "Avoin ryhmä", visibility="public", members={built["owner"]: Membership.Role.OWNER}
    )
    built["invitation_obj"] = MembershipRequest.objects.create(
        group=public, user=built["other_staff"], created_by=built["owner"], kind="invitation"
    )
    return built


def url_for(view: str, scene) -> tuple[str, dict]:
    group = scene["group"]
    if view == "remove":
        target = Membership.objects.get(group=group, user=scene["member"])
        return reverse("groups:remove", args=[group.key, target.pk]), {}
    if view == "renew":
        target = Membership.objects.get(group=group, user=scene["guest"])
        return reverse("groups:renew", args=[group.key, target.pk]), {"access_until": "2099-01-01"}
    if view == "role":
        target = Membership.objects.get(group=group, user=scene["member"])
        return reverse("groups:role", args=[group.key, target.pk]), {f"m{target.pk}-role": "moderator"}
    if view == "answer":
        return reverse("groups:answer", args=[scene["invitation_obj"].pk, "decline"]), {}
    if view == "create":
        return reverse("groups:create"), {}
    if view == "decide":
        return reverse("groups:decide", args=[group.key, scene["request_obj"].pk, "accept"]), {}
    return reverse(f"groups:{view}", args=[group.key]), {}


@pytest.mark.parametrize(("view", "who", "expected"), CASES)
def test_group_view_answers(client, scene, view, who, expected):
    if who != "anonymous":
        client.force_login(scene[who])
    url, data = url_for(view, scene)
    method, _expected = MATRIX[view]
    response = client.get(url) if method == "GET" else client.post(url, data)
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("who", ["anonymous", "guest", "other_guest", "member", "other_staff", "deactivated"])
def test_those_who_may_not_manage_change_nothing(client, scene, who):
    if who != "anonymous":
        client.force_login(scene[who])
    for view in ["remove", "renew", "decide", "role", "settings"]:
        url, data = url_for(view, scene)
        client.post(url, data or {"name": "Kaapattu", "visibility": "public", "owning": scene["kerava"].pk})
    assert Membership.objects.get(group=scene["group"], user=scene["member"]).role == "member"
    scene["group"].refresh_from_db()
    assert scene["group"].name == "Yhteishanke"
    assert scene["request_obj"].__class__.objects.get(pk=scene["request_obj"].pk).status == "pending"
    guest = Membership.objects.get(group=scene["group"], user=scene["guest"])
    assert guest.access_until.year != 2099


def test_the_secret_group_is_invisible_to_staff_of_another_municipality(client, scene):
    client.force_login(scene["member"])
    for name in ["detail", "members", "request", "invite", "settings"]:
        method = "post" if name == "request" else "get"
        response = getattr(client, method)(reverse(f"groups:{name}", args=["muu"]))
        assert response.status_code == 404, name
