"""The person document: what both backends index, built from the database in one place."""

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch

from groups.models import Membership
from people.models import Profile, ProfileSkill
from search import analysis

CHUNK = 500


def _profiles():
    """Profiles of active users with everything a document needs, in few queries."""
    return (
        Profile.objects.filter(user__is_active=True)
        .select_related("user", "organisation", "unit")
        .prefetch_related(Prefetch("profile_skills", queryset=ProfileSkill.objects.select_related("skill")))
        .order_by("pk")
    )


def build(profile: Profile, group_ids: list[int]) -> dict:
    user = profile.user
    name = profile.name
    return {
        "profile_id": profile.pk,
        "user_id": user.pk,
        "key": profile.key,
        "name": name,
        "name_folded": analysis.fold(name),
        "title": profile.title,
        "organisation": {"key": profile.organisation.key, "name": profile.organisation.name},
        "unit": profile.unit.name if profile.unit else "",
        "languages": list(profile.languages or []),
        "help_with": profile.help_with,
        "bio": profile.bio,
        "skills": [
            {
                "key": held.skill.key,
                "level": held.level,
                "labels": {"fi": held.skill.label_fi, "sv": held.skill.label_sv, "en": held.skill.label_en},
                "synonyms": list(held.skill.synonyms or []),
            }
            for held in sorted(profile.profile_skills.all(), key=lambda held: (-held.level, held.skill.key))
        ],
        "is_guest": user.is_guest,
        "active": user.is_active,
        "group_ids": sorted(group_ids),
    }


def _group_ids_by_user(user_ids: Iterable[int]) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for user_id, group_id in Membership.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "group_id"):
        groups[user_id].append(group_id)
    return groups


def _build_all(profiles: list[Profile]) -> list[dict]:
    groups = _group_ids_by_user(profile.user_id for profile in profiles)
    return [build(profile, groups.get(profile.user_id, [])) for profile in profiles]


def documents_for(profile_ids: Iterable[int]) -> list[dict]:
    """Documents of those profiles whose users are active (the others must leave the index)."""
    return _build_all(list(_profiles().filter(pk__in=list(profile_ids))))


def count_all() -> int:
    return _profiles().count()


def all_documents() -> Iterator[dict]:
    """Every searchable person, built a chunk at a time."""
    ids = list(_profiles().values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        yield from documents_for(ids[start:start + CHUNK])
