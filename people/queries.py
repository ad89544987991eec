"""Whose profiles a user may see. Pages, the API and other apps read profiles through here;
which fields of a visible profile a viewer sees is decided in people/visibility.py."""

from datetime import timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from people import spaces
from people.models import Profile, ProfileSkill, SkillProposal

STALE_AFTER = timedelta(days=365)


def _visible(viewer) -> Q:
    """The rule of visible_profiles as conditions on the profile's own row (and the viewer's groups),
    so that a query combining it with others never has to list every visible person first."""
    # Only current memberships count: a guest whose access has ended no longer shares a group.
    shares_a_group = Q(user__in=spaces.co_member_ids(viewer))
    if viewer.is_guest:
        return Q(user__is_active=True) & (shares_a_group | Q(user=viewer))
    return Q(user__is_active=True) & (Q(user__is_guest=False) | shares_a_group)


def visible_profiles(viewer) -> QuerySet[Profile]:
    """Active people the viewer may see: guests see the members of their own groups;
    staff see all staff and the guests of groups they belong to. (Other apps message and mention
    these people, so former staff, whose accounts are closed, are not among them.)"""
    if not viewer.is_authenticated or not viewer.is_active:
        return Profile.objects.none()
    return Profile.objects.filter(_visible(viewer))


def findable_profiles(viewer) -> QuerySet[Profile]:
    """The visible people, and for staff also former staff: their profile pages stay, with
    "ask instead" pointing at their successor."""
    if not viewer.is_authenticated or not viewer.is_active or viewer.is_guest:
        return visible_profiles(viewer)
    former = Q(left_on__isnull=False, user__is_guest=False)
    # Row conditions, not `pk IN (visible people)` nor an EXISTS over them: PostgreSQL answered both by
    # listing all 50,000 visible people first (200 ms for the ten authors of a page).
    return Profile.objects.filter(_visible(viewer) | former)


def get_visible_profile(viewer, key: str) -> Profile:
    skills = Prefetch(
        "profile_skills",
        queryset=ProfileSkill.objects.select_related("skill")
        .prefetch_related("endorsements__endorser__user")
        .order_by("-level"),
    )
    profile = (
        findable_profiles(viewer)
        .select_related("user", "organisation", "unit", "manager__user", "stand_in__user", "successor__user")
        .prefetch_related(skills)
        .filter(key=key)
        .first()
    )
    if profile is None:
        raise Http404("No such person.")
    return profile


def may_manage(viewer, profile: Profile) -> bool:
    """The person themself, their manager, or an administrator may edit availability and mark leaving."""
    if not viewer.is_authenticated:
        return False
    if viewer.pk == profile.user_id or viewer.is_superuser:
        return True
    return profile.manager is not None and profile.manager.user_id == viewer.pk


def stale_skills(profile: Profile, today=None) -> list[ProfileSkill]:
    """Skills not confirmed for a year (or never): the profile nudges the person to confirm them."""
    limit = (today or timezone.localdate()) - STALE_AFTER
    return [held for held in profile.profile_skills.all() if held.confirmed_at is None or held.confirmed_at < limit]


COMPLETENESS_PARTS = ("title", "unit", "languages", "help_with", "responsibilities", "phone", "photo", "skills")


def completeness(profile: Profile) -> tuple[int, list[str]]:
    """Percent of the profile filled in, and the parts still missing (names from COMPLETENESS_PARTS)."""
    filled = {
        "title": bool(profile.title),
        "unit": profile.unit_id is not None,
        "languages": bool(profile.languages),
        "help_with": bool(profile.help_with.strip()),
        "responsibilities": bool(profile.responsibilities.strip()),
        "phone": bool(profile.phone),
        "photo": bool(profile.photo),
        "skills": profile.profile_skills.exists(),
    }
    missing = [part for part in COMPLETENESS_PARTS if not filled[part]]
    return round(100 * (len(COMPLETENESS_PARTS) - len(missing)) / len(COMPLETENESS_PARTS)), missing


def own_profile(user) -> Profile | None:
    """The signed-in person's own profile (None for an account without one)."""
    return Profile.objects.filter(user=user).select_related("organisation", "user").first()


def open_skill_proposals() -> QuerySet[SkillProposal]:
    return SkillProposal.objects.filter(merged_into=None)
