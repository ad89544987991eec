"""Whose profiles a user may see. Pages, the API and other apps read profiles through here."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from groups.queries import member_group_ids
from people.models import Profile, ProfileSkill


def visible_profiles(viewer) -> QuerySet[Profile]:
    """Active people the viewer may see: guests see the members of their own groups;
    staff see all staff and the guests of groups they belong to."""
    if not viewer.is_authenticated or not viewer.is_active:
        return Profile.objects.none()
    profiles = Profile.objects.filter(user__is_active=True)
    shares_a_group = Q(user__memberships__group_id__in=member_group_ids(viewer))
    if viewer.is_guest:
        return profiles.filter(shares_a_group | Q(user=viewer)).distinct()
    return profiles.filter(Q(user__is_guest=False) | shares_a_group).distinct()


def get_visible_profile(viewer, key: str) -> Profile:
    skills = Prefetch("profile_skills", queryset=ProfileSkill.objects.select_related("skill").order_by("-level"))
    profile = (
        visible_profiles(viewer)
        .select_related("user", "organisation", "unit")
        .prefetch_related(skills)
        .filter(key=key)
        .first()
    )
    if profile is None:
        raise Http404("No such person.")
    return profile


def may_see_contact_details(viewer, profile: Profile) -> bool:
    """Phone numbers are for colleagues; guests see name, organisation, title and skills only."""
    return viewer.is_authenticated and (not viewer.is_guest or viewer.pk == profile.user_id)
