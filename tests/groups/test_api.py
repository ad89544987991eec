"""The groups and notifications API against every kind of caller: 401 without a session,
404 (not 403) for groups and posts the caller may not read."""

import pytest

from notifications import services as notification_services
from tests import factories
from tests.groups import scene as scenes
from tests.groups.test_authorisation_matrix import WHO

pytestmark = pytest.mark.django_db

READERS = {"guest", "member", "moderator", "owner"}


@pytest.fixture
def scene():
    built = scenes.build()
    factories.post(built["group"], built["owner"], "Hankkeen viesti")
    return built


def call(client, scene, who, method, url, **kwargs):
    if who != "anonymous":
        client.force_login(scene[who])
    return getattr(client, method)(url, **kwargs)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("path", ["members", "posts"])
def test_group_content_endpoints(client, scene, who, path):
    response = call(client, scene, who, "get", f"/api/v1/groups/hanke/{path}")
    if who in {"anonymous", "deactivated"}:
        assert response.status_code == 401
    elif who in READERS:
        assert response.status_code == 200
        assert ("Hankkeen viesti" in response.content.decode()) == (path == "posts")
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", WHO)
def test_group_list_shows_only_visible_groups(client, scene, who):
    response = call(client, scene, who, "get", "/api/v1/groups/")
    if who in {"anonymous", "deactivated"}:
        assert response.status_code == 401
        return
    keys = {group["key"] for group in response.json()}
    assert ("hanke" in keys) == (who != "other_guest")
    assert ("muu" in keys) == (who in {"other_guest", "other_staff"})


def test_bad_limit_is_a_400_with_a_message(client, scene):
    response = call(client, scene, "member", "get", "/api/v1/groups/hanke/posts?limit=1000")
    assert response.status_code == 400 and "limit" in response.json()["error"]


@pytest.mark.parametrize("who", WHO)
def test_notifications_are_only_ones_own(client, scene, who):
    notification_services.notify(scene["owner"], "join_request", actor=scene["other_staff"], group=scene["group"])
    response = call(client, scene, who, "get", "/api/v1/notifications/")
    if who in {"anonymous", "deactivated"}:
        assert response.status_code == 401
        return
    body = response.json()
    assert body["unread"] == (1 if who == "owner" else 0)
    assert len(body["notifications"]) == body["unread"]
    marked = call(
        client, scene, who, "post", "/api/v1/notifications/read", data={}, content_type="application/json"
    ).json()
    assert marked == {"marked": body["unread"], "unread": 0}
