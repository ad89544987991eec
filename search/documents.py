"""The person document: what both backends index, built from the database in one place."""

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from feed.models import Comment, Post
from groups.models import Group, Membership
from people.models import Profile, ProfileSkill
from search import analysis, network
from search.visibility import field_audiences, organisation_only

CHUNK = 500


# Former staff (handover done, account usually closed) stay findable by staff: "ask instead".
FORMER_STAFF = Q(left_on__isnull=False, user__is_guest=False)


def _profiles():
    """Profiles of active users and former staff with everything a document needs, in few queries."""
    skills = ProfileSkill.objects.select_related("skill").annotate(endorsement_count=Count("endorsements"))
    return (
        Profile.objects.filter(Q(user__is_active=True) | FORMER_STAFF)
        .select_related("user", "organisation", "unit", "stand_in__user", "successor__user")
        .prefetch_related(Prefetch("profile_skills", queryset=skills))
        .order_by("pk")
    )


def _person(other: Profile | None) -> dict | None:
    """A stand-in or successor: findable when their account is open or they are former staff too."""
    if other is None:
        return None
    findable = other.user.is_active or (other.left_on is not None and not other.user.is_guest)
    return {"key": other.key, "name": other.name, "is_guest": other.user.is_guest, "findable": findable}


def _stand_in(profile: Profile) -> dict | None:
    other = profile.stand_in
    if other is None or not other.user.is_active:
        return None
    return _person(other)


def is_former(profile: Profile) -> bool:
    return profile.left_on is not None and not profile.user.is_guest


def build(
    profile: Profile, group_ids: list[int], active_in: list[dict] | None = None, dealt_with: list[dict] | None = None
) -> dict:
    user = profile.user
    name = profile.name
    audiences = field_audiences(profile)
    doc = {
        "profile_id": profile.pk,
        "user_id": user.pk,
        "key": profile.key,
        "name": name,
        "name_folded": analysis.fold(name),
        "title": profile.title,
        "organisation": {"key": profile.organisation.key, "name": profile.organisation.name},
        "unit": profile.unit.name if profile.unit else "",
        "unit_key": profile.unit.key if profile.unit else "",
        "languages": list(profile.languages or []),
        "help_with": profile.help_with,
        "bio": profile.bio,
        "skills": [
            {
                "key": held.skill.key,
                "level": held.level,
                "labels": {"fi": held.skill.label_fi, "sv": held.skill.label_sv, "en": held.skill.label_en},
                "synonyms": list(held.skill.synonyms or []),
                "confirmed": held.confirmed_at.isoformat() if held.confirmed_at else None,
                "shown_to_guests": held.shown_to_guests,
                # Colleagues who endorsed it (people.models.SkillEndorsement): evidence, and a reason.
                "endorsements": (
                    held.endorsement_count if hasattr(held, "endorsement_count") else held.endorsements.count()
                ),
            }
            for held in sorted(profile.profile_skills.all(), key=lambda held: (-held.level, held.skill.key))
        ],
        "is_guest": user.is_guest,
        "active": user.is_active,
        # Left the organisation: found by staff only, below every current colleague, "ask instead".
        "former": is_former(profile),
        "successor": _person(profile.successor) if is_former(profile) else None,
        # Organisations dealt with through contacts and interactions, each entry with its audience.
        "dealt_with": dealt_with or [],
        "group_ids": sorted(group_ids),
        # Availability: the rank is lowered until this date (inclusive); the stand-in is shown.
        "away_until": profile.out_of_office_until.isoformat() if profile.out_of_office_until else None,
        "stand_in": _stand_in(profile),
        # Public groups the person wrote in: activity any colleague may see.
        "active_in": sorted(active_in or [], key=lambda group: group["id"]),
        # Who may see help_with, bio, unit, languages and availability (people.visibility).
        "field_audiences": audiences,
    }
    doc["organisation_only"] = organisation_only(doc)
    return doc


def _group_ids_by_user(user_ids: Iterable[int]) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    # Only memberships that give access now: a guest whose access ended is no longer "in" the group for
    # its members' searches (search/schedules.py re-indexes people as their access ends).
    current = Membership.objects.filter(Q(access_until__isnull=True) | Q(access_until__gt=timezone.now()))
    for user_id, group_id in current.filter(user_id__in=list(user_ids)).values_list("user_id", "group_id"):
        groups[user_id].append(group_id)
    return groups


def _public_groups_written_in(user_ids: list[int]) -> dict[int, list[dict]]:
    """User -> public groups they posted or commented in (names and descriptions are evidence)."""
    # Hidden (moderated) posts and comments are not activity anyone but the moderators may see.
    pairs = set(
        Post.objects.filter(
            author_id__in=user_ids, group__visibility=Group.Visibility.PUBLIC, hidden_at__isnull=True
        ).values_list("author_id", "group_id")
    )
    pairs |= set(
        Comment.objects.filter(
            author_id__in=user_ids,
            post__group__visibility=Group.Visibility.PUBLIC,
            hidden_at__isnull=True,
            post__hidden_at__isnull=True,
        ).values_list("author_id", "post__group_id")
    )
    groups = {
        group["id"]: group
        for group in Group.objects.filter(pk__in={group_id for _, group_id in pairs}).values(
            "id", "name", "description"
        )
    }
    written: dict[int, list[dict]] = defaultdict(list)
    for user_id, group_id in pairs:
        written[user_id].append(groups[group_id])
    return written


def _build_all(profiles: list[Profile]) -> list[dict]:
    user_ids = [profile.user_id for profile in profiles]
    groups = _group_ids_by_user(user_ids)
    written = _public_groups_written_in(user_ids)
    dealt = network.dealt_with(profile.pk for profile in profiles)
    return [
        build(profile, groups.get(profile.user_id, []), written.get(profile.user_id, []), dealt.get(profile.pk, []))
        for profile in profiles
    ]


def documents_for(profile_ids: Iterable[int]) -> list[dict]:
    """Documents of those profiles whose users are active or who are former staff (the others must
    leave the index)."""
    return _build_all(list(_profiles().filter(pk__in=list(profile_ids))))


def count_all() -> int:
    return _profiles().count()


def all_documents() -> Iterator[dict]:
    """Every searchable person, built a chunk at a time."""
    ids = list(_profiles().values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        yield from documents_for(ids[start : start + CHUNK])
