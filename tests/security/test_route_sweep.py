"""The route sweep: every URL pattern of the project, GET and POST, as every kind of visitor.

- No request answers 500, whoever asks, whatever the pattern.
- Each pattern's audience (tests/security/routes.py) holds: those outside it get 401, 403, 404,
  405 or the login page. In particular a guest gets nothing outside their spaces: the sweep fills
  each pattern once with the objects of the guest's own group ("inside") and once with those of a
  secret group of other people ("outside"), and a guest whose access ended, or a visitor whose
  account is closed, gets nothing anywhere but the public pages.
- A pattern that routes.py does not classify fails the sweep: whoever adds a route decides who
  may reach it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from feed.models import Attachment
from groups.models import Invitation, Membership, MembershipRequest
from messaging import group_services
from messaging import services as messaging_services
from messaging.models import MessageAttachment
from people.models import ExternalContact, Interaction, Partnership, ProfileSkill
from tests import factories
from tests.feed.test_authorisation_matrix import png
from tests.groups import scene as scenes
from tests.security import routes

pytestmark = pytest.mark.django_db

VISITORS = [
    "anonymous",
    "home_staff",
    "coop_staff",
    "owner",
    "moderator",
    "guest",
    "ended_guest",
    "deactivated",
    "former_staff",
    "superuser",
]
# Who stands outside each audience (gets 401/403/404/405/the login page), whatever the objects.
NOBODY = {"anonymous", "deactivated", "former_staff"}
OUTSIDE = {
    routes.PUBLIC: set(),
    routes.ACCOUNT: NOBODY,
    routes.SPACE: NOBODY | {"ended_guest"},
    routes.STAFF: NOBODY | {"guest", "ended_guest"},
    routes.ADMIN: set(VISITORS) - {"superuser"},
}
# ... and with the objects of other people's secret group, a guest stands outside everything but
# their own account.
OUTSIDE_WITH_OTHERS_OBJECTS = {routes.SPACE: {"guest"}}
DENIED = {401, 403, 404, 405}
LOGIN_PAGES = ("/accounts/login/", "/admin/login/", "/django-admin/login/", "/_util/login/")


def is_denied(response, pattern) -> bool:
    if response.status_code in DENIED:
        return True
    if pattern.is_api and response.status_code == 400:
        return True  # the API refuses the (empty) request before it reads any object
    location = response.get("Location", "")
    return response.status_code == 302 and any(location.startswith(page) for page in LOGIN_PAGES)


@dataclass
class Objects:
    """The values the parameters of the patterns are filled with."""

    group: str
    post: int
    comment: int
    attachment: int
    image: int
    membership: int
    request: int
    invitation: int
    invitation_token: str
    person: str
    organisation: str
    conversation: int
    message: int
    message_attachment: int
    contact: str
    partnership: str
    interaction: str
    held_skill: int
    topic: str

    def values(self, route: str) -> dict[str, str]:
        key = self.group
        if route.startswith(("people/organisations/", "api/v1/people/organisations/")):
            key = self.organisation
        elif route.startswith(("people/contacts/", "api/v1/people/contacts/")):
            key = self.contact
        elif route.startswith("people/partnerships/"):
            key = self.partnership
        elif route.startswith("people/interactions/"):
            key = self.interaction
        elif route.startswith(("people/", "api/v1/people/")):
            key = self.person
        pk = self.post
        if route.startswith("posts/attachments/"):
            pk = self.image if route.endswith("preview/") else self.attachment
        elif route.startswith("messages/attachments/"):
            pk = self.message_attachment
        elif "/members/<int:pk>" in route:
            pk = self.membership
        elif "/requests/<int:pk>" in route:
            pk = self.request
        elif route.startswith("groups/invitations/"):
            pk = self.invitation
        return {
            "key": key,
            "pk": pk,
            "comment_pk": self.comment,
            "kind": "like",
            "name": self.topic,
            "token": self.invitation_token,
            "decision": "accept",
            "skill": "hankinnat",
            "held_id": self.held_skill,
            "profile_key": self.person,
            "group_key": self.group,
            "conversation_id": self.conversation,
            "message_id": self.message,
            "path": "x.png",
        }


def _group_objects(
    group, author, answerer, chatter, requester, invitee, person, contact, partnership, interaction, held_skill, topic
) -> Objects:
    post = factories.post(group, author, "Kysymys #hankinnat", question=True, title="Kysymys?")
    comment = factories.comment(post, answerer, "Vastaus")
    attachment = Attachment.objects.create(
        post=post, file=ContentFile(b"%PDF-1.4\n", name="a.pdf"), name="a.pdf", content_type="application/pdf", size=9
    )
    image = Attachment.objects.create(
        post=post, file=ContentFile(png(), name="k.png"), name="k.png", content_type="image/png", size=len(png())
    )
    request = MembershipRequest.objects.create(group=group, user=requester, created_by=requester, kind="request")
    invitation = MembershipRequest.objects.create(group=group, user=invitee, created_by=author, kind="invitation")
    emailed = Invitation.objects.create(
        group=group,
        email=f"partner-{group.key}@example.com",
        invited_by=author,
        expires_at=timezone.now() + timedelta(days=7),
    )
    chat = group_services.open_group_chat(chatter, group)
    message, _created = messaging_services.send_message(chatter, chat.pk, f"sweep-{chat.pk}", "Hei kaikki")
    message_attachment = MessageAttachment.objects.create(
        conversation=chat,
        uploader=chatter,
        message=message,
        file=ContentFile(png(), name="m.png"),
        name="m.png",
        content_type="image/png",
        size=len(png()),
    )
    return Objects(
        group=group.key,
        post=post.pk,
        comment=comment.pk,
        attachment=attachment.pk,
        image=image.pk,
        membership=Membership.objects.filter(group=group).exclude(role=Membership.Role.OWNER).first().pk,
        request=request.pk,
        invitation=invitation.pk,
        invitation_token=emailed.token,
        person=person.profile.key,
        organisation=person.profile.organisation.key,
        conversation=chat.pk,
        message=message.pk,
        message_attachment=message_attachment.pk,
        contact=contact.key,
        partnership=partnership.key,
        interaction=interaction.key,
        held_skill=held_skill,
        topic=topic,
    )


@pytest.fixture
def scene(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.MEDIA_ROOT = tmp_path
    built = scenes.build()
    kerava = built["kerava"]
    built["home_staff"] = factories.person("Heikki", "Kotikunta", org=kerava)
    built["coop_staff"] = built["other_staff"]  # Sipoo: a cooperating municipality, not in the group
    built["ended_guest"] = factories.person("Erkki", "Entinen", guest=True, org=built["acme"])
    Membership.objects.create(
        group=built["group"],
        user=built["ended_guest"],
        role=Membership.Role.GUEST,
        sponsor=built["owner"],
        access_until=timezone.now() - timedelta(days=1),
    )
    former = built["former_staff"] = factories.person("Feliks", "Lähtenyt", org=kerava)
    Membership.objects.create(group=built["group"], user=former, role=Membership.Role.MEMBER)
    former.profile.left_on = date.today() - timedelta(days=30)
    former.profile.successor = built["owner"].profile
    former.profile.save()
    former.is_active = False
    former.save()
    superuser = built["superuser"] = factories.person("Sanna", "Superkäyttäjä", org=kerava)
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()

    skill = factories.skill("hankinnat", "Hankinnat", "Upphandling", "Procurement")
    contact = ExternalContact.objects.create(
        key="pekka",
        name="Pekka Private",
        role="Myyjä",
        visibility=ExternalContact.Visibility.PRIVATE,
        added_by=built["owner"].profile,
    )
    partnership = Partnership.objects.create(key="kumppanuus", name="Kumppanuus", kind=Partnership.Kind.REGIONAL)
    interaction = Interaction.objects.create(
        key="tapaaminen",
        kind=Interaction.Kind.MEETING,
        date=date.today(),
        organisation=built["acme"],
        recorded_by=built["owner"].profile,
    )
    interaction.contacts.add(contact)
    held = ProfileSkill.objects.create(profile=built["member"].profile, skill=skill, level=3)
    shared = dict(
        contact=contact, partnership=partnership, interaction=interaction, held_skill=held.pk, topic="hankinnat"
    )
    built["inside"] = _group_objects(
        built["group"],
        built["member"],
        built["owner"],
        built["owner"],
        built["coop_staff"],
        built["home_staff"],
        built["member"],
        **shared,
    )
    built["outside"] = _group_objects(
        built["other_group"],
        built["other_staff"],
        built["other_staff"],
        built["other_staff"],
        built["home_staff"],
        built["member"],
        built["other_staff"],
        **shared,
    )
    return built


def test_every_pattern_is_classified():
    patterns = routes.all_patterns()
    assert len(patterns) > 300  # the walk reached the API routers, allauth and both admins
    unclassified = sorted(p.route for p in patterns if p.audience is None)
    assert unclassified == [], f"Classify these patterns in tests/security/routes.py: {unclassified}"
    # No stale entries either: every classified route still exists.
    assert sorted(set(routes.AUDIENCE) - {p.route for p in patterns}) == []


# The admins' patterns are requested with POST as well by these visitors (the threat model's
# outsiders); the others GET them (the admins' decorators treat both methods alike).
ADMIN_POSTERS = {"anonymous", "guest", "ended_guest"}
# Who is also sent to the objects of other people's secret group (the guest is checked there; the
# home municipality's staff member only for errors).
OUTSIDE_VISITORS = {"guest", "home_staff"}


def _requests(pattern: routes.Pattern, visitor: str):
    """(method, fill) pairs the sweep sends for this pattern and visitor."""
    admin = pattern.audience == routes.ADMIN
    fills = ["inside", "outside"] if visitor in OUTSIDE_VISITORS and not admin else ["inside"]
    # A superuser's empty POSTs could delete the scene's pages; the admins' own tests cover them.
    methods = ["GET", "POST"] if not admin or visitor in ADMIN_POSTERS else ["GET"]
    if visitor == "superuser" and pattern.route in routes.NOT_REQUESTED_BY_SUPERUSER:
        return
    for method in methods:
        if (method, pattern.route) in routes.NOT_REQUESTED:
            continue
        for fill in fills:
            yield method, fill


@pytest.mark.parametrize("visitor", VISITORS)
def test_sweep(scene, visitor):
    client = Client(raise_request_exception=False)
    if visitor != "anonymous":
        client.force_login(scene[visitor])
    patterns = sorted(routes.all_patterns(), key=lambda p: p.route)
    plan = [(method, fill, p) for p in patterns for method, fill in _requests(p, visitor)]
    plan.sort(key=lambda item: item[0] != "GET")  # every GET first: POSTs change the scene
    errors, leaks = [], []
    for method, fill, pattern in plan:
        url = routes.fill(pattern.route, scene[fill].values(pattern.route))
        response = client.get(url) if method == "GET" else client.post(url, {})
        where = f"{method} {url} ({pattern.route}, {fill})"
        if response.status_code >= 500:
            errors.append(f"{where}: {response.status_code}")
            continue
        outside = visitor in OUTSIDE[pattern.audience]
        if fill == "outside":
            outside |= visitor in OUTSIDE_WITH_OTHERS_OBJECTS.get(pattern.audience, set())
        if outside and not is_denied(response, pattern):
            leaks.append(f"{where}: {response.status_code} {response.get('Location', '')}")
    assert errors == [], "\n".join(errors)
    assert leaks == [], f"{visitor} reached what is outside their audience:\n" + "\n".join(leaks)
