"""Who sees which field of a profile. Pages, the API, vCards and exports all read profiles through
`profile_view`, so a field a viewer may not see is absent everywhere, without a hint that it exists.

Audiences, narrowest first: the person themself; colleagues in the same organisation; colleagues in the
cooperating (home) organisations; guests. Guests see only name, organisation, title and the skills the
person chose to show them.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from core import request_memo
from people.models import Profile
from people.models.profiles import LANGUAGE_CHOICES
from people.queries import findable_profiles, visible_profiles

SELF, ORGANISATION, COOPERATING, GUEST, ANONYMOUS = "self", "organisation", "cooperating", "guest", "anonymous"

# The choices a person has for an optional field: their own organisation, or all cooperating ones.
FIELD_AUDIENCES = [(ORGANISATION, _("My organisation")), (COOPERATING, _("Cooperating municipalities"))]
# Fields a person may restrict, and their defaults: phone and availability stay with colleagues.
RESTRICTABLE = {
    "phone": ORGANISATION,
    "availability": ORGANISATION,
    "email": COOPERATING,
    "unit": COOPERATING,
    "manager": COOPERATING,
    "languages": COOPERATING,
    "help_with": COOPERATING,
    "responsibilities": COOPERATING,
    "bio": COOPERATING,
    "photo": COOPERATING,
}


def audience(viewer, profile: Profile) -> str:
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return ANONYMOUS
    if viewer.pk == profile.user_id:
        return SELF
    if viewer.is_guest:
        return GUEST
    own = getattr(viewer, "profile", None) if hasattr(viewer, "profile") else None
    if own is not None and own.organisation_id == profile.organisation_id:
        return ORGANISATION
    return COOPERATING


def field_audience(profile: Profile, name: str) -> str:
    chosen = (profile.field_visibility or {}).get(name)
    return chosen if chosen in (ORGANISATION, COOPERATING) else RESTRICTABLE[name]


def may_see(viewer_audience: str, profile: Profile, name: str) -> bool:
    if viewer_audience == SELF:
        return True
    if viewer_audience in (GUEST, ANONYMOUS):
        return False
    wanted = field_audience(profile, name)
    return wanted == COOPERATING or viewer_audience == ORGANISATION


def photo_visible(viewer, profile: Profile) -> bool:
    """The page shows the photo, and its address (people:photo_file) answers, to exactly these viewers."""
    return bool(profile.photo) and may_see(audience(viewer, profile), profile, "photo")


def photo_url(profile: Profile) -> str:
    """The photo's address: through the view that checks the viewer; the stored name (new for every upload)
    in the query, so a changed photo is never taken from a browser's memory of the old one."""
    from pathlib import PurePosixPath

    from django.urls import reverse

    return f"{reverse('people:photo_file', args=[profile.key])}?v={PurePosixPath(profile.photo.name).stem[-8:]}"


FORMER_MEMBER = _("Former member")


@dataclass(frozen=True)
class ShownAuthor:
    """How the author of a post, comment or mention appears to one viewer: `key` None means no link."""

    name: str
    key: str | None


def shown_authors(viewer, users) -> dict[int, ShownAuthor]:
    """By user id. Authors the viewer may find (people.queries.findable_profiles: the same people search
    and profile pages show them) keep their name and link; anyone else -- a colleague who left a guest's
    group, a guest whose access ended -- is a "former member", with no name and no profile key."""

    users = {user.pk: user for user in users if user is not None}
    # Within a reading request the answers are remembered per viewer (core.request_memo): a page asks for
    # its authors and its mentions in separate places, and each asked the database again.
    known = request_memo.remembered(("people.shown_authors", getattr(viewer, "pk", None)), dict)
    missing = [pk for pk in users if pk not in known]
    if missing:
        findable = {
            row.user_id: row for row in findable_profiles(viewer).filter(user_id__in=missing).select_related("user")
        }
        known.update(
            {
                pk: ShownAuthor(findable[pk].name, findable[pk].key)
                if pk in findable
                else ShownAuthor(str(FORMER_MEMBER), None)
                for pk in missing
            }
        )
    return {pk: known[pk] for pk in users}


@dataclass
class ProfileView:
    """The part of a profile one viewer may see; absent fields are None (or empty)."""

    key: str
    name: str
    organisation: str
    organisation_key: str
    title: str
    is_guest: bool
    is_former_staff: bool
    skills: list = field(default_factory=list)  # ProfileSkill rows
    successor: Profile | None = None
    email: str | None = None
    phone: str | None = None
    unit: str | None = None
    manager: Profile | None = None
    languages: list[str] | None = None
    help_with: str | None = None
    responsibilities: str | None = None
    bio: str | None = None
    photo_url: str | None = None
    away_until: date | None = None
    stand_in: Profile | None = None
    shows_availability: bool = False

    def as_dict(self) -> dict:
        """For the API and exports: only what the viewer may see."""
        data = {
            "key": self.key,
            "name": self.name,
            "organisation": self.organisation,
            "title": self.title,
            "former_staff": self.is_former_staff,
            "skills": [
                {
                    "skill": held.skill.key,
                    "label": held.skill.label(),
                    "level": held.level,
                    "confirmed": held.confirmed_at.isoformat() if held.confirmed_at else None,
                }
                for held in self.skills
            ],
        }
        if self.successor is not None:
            data["ask_instead"] = self.successor.key
        for name in ("email", "phone", "unit", "languages", "help_with", "responsibilities", "bio", "photo_url"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.manager is not None:
            data["manager"] = self.manager.key
        if self.shows_availability:
            data["away_until"] = self.away_until.isoformat() if self.away_until else None
            data["stand_in"] = self.stand_in.key if self.stand_in else None
        return data


def current_successor(profile: Profile) -> Profile | None:
    """Whom to ask instead of a former colleague: their successor, or, if that person has left too, the
    successor's successor, and so on (a loop ends the search)."""
    seen, successor = {profile.pk}, profile.successor
    while successor is not None and successor.is_former_staff and successor.successor_id not in seen:
        seen.add(successor.pk)
        successor = successor.successor
    if successor is None or successor.is_former_staff or not successor.user.is_active:
        return None
    return successor


def _ask_instead(viewer, seen: str, profile: Profile) -> Profile | None:
    """Every audience that may see a former colleague is pointed at their successor, if it may see that
    person too (staff see all staff; a guest only the people of their groups)."""
    if not profile.is_former_staff or seen == ANONYMOUS:
        return None
    successor = current_successor(profile)
    if successor is not None and seen == GUEST:
        if not visible_profiles(viewer).filter(pk=successor.pk).exists():
            return None
    return successor


def profile_view(viewer, profile: Profile, *, skills=None) -> ProfileView:
    seen = audience(viewer, profile)
    held = list(skills if skills is not None else profile.profile_skills.select_related("skill").order_by("-level"))
    if seen in (GUEST, ANONYMOUS):
        held = [row for row in held if row.shown_to_guests]
    view = ProfileView(
        key=profile.key,
        name=profile.name,
        organisation=profile.organisation.name,
        organisation_key=profile.organisation.key,
        title=profile.title,
        is_guest=profile.user.is_guest,
        is_former_staff=profile.is_former_staff,
        skills=held,
        successor=_ask_instead(viewer, seen, profile),
    )

    def allowed(name):
        return may_see(seen, profile, name)

    if allowed("email"):
        view.email = profile.user.email
    if allowed("phone") and profile.phone:
        view.phone = profile.phone
    if allowed("unit") and profile.unit_id:
        view.unit = profile.unit.name
    if allowed("manager") and profile.manager_id:
        view.manager = profile.manager
    if allowed("languages"):
        labels = dict(LANGUAGE_CHOICES)
        view.languages = [str(labels.get(code, code)) for code in profile.languages or []]
    for name in ("help_with", "responsibilities", "bio"):
        if allowed(name):
            setattr(view, name, getattr(profile, name))
    if photo_visible(viewer, profile):
        view.photo_url = photo_url(profile)
    if allowed("availability"):
        view.shows_availability = True
        if profile.is_away() and not profile.is_former_staff:  # "ask instead" is the successor now
            view.away_until = profile.out_of_office_until
            view.stand_in = profile.stand_in
    return view
