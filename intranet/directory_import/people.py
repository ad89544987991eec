"""Writing persons: a login account (User), a profile, and the profile's skills."""

from django.utils import timezone

from intranet.directory_import.ids import Ids
from intranet.directory_import.known import chunked
from intranet.directory_import.parse import Record
from intranet.directory_import.upsert import UPDATED, Outcome, by_key, differences, save_changes, upsert
from people.models import Profile, ProfileSkill, User

USER_FIELDS = {
    "email": "email",
    "first_name": "first_name",
    "last_name": "last_name",
    "guest": "is_guest",
    "active": "is_active",
}
PROFILE_FIELDS = {
    "title": "title",
    "languages": "languages",
    "help_with": "help_with",
    "bio": "bio",
    "phone": "phone",
    "responsibilities": "responsibilities",
    "out_of_office_until": "out_of_office_until",
    "leaving_on": "leaving_on",
    "left_on": "left_on",
}


def apply_people(records: list[Record], ids: Ids) -> Outcome:
    profiles = by_key(Profile.objects.select_related("user"), [record.key for record in records])
    users, users_changed = _write_users(records, profiles)
    rows = {}
    for record in records:
        row = {
            "key": record.key,
            "user_id": users[record.key].pk,
            "organisation_id": ids.get("organisation", record.values["organisation"]),
        }
        row.update({attr: record.values[name] for name, attr in PROFILE_FIELDS.items() if name in record.values})
        if "unit" in record.values:
            row["unit_id"] = ids.get("unit", record.values["unit"])
        rows[record.key] = row
    outcome = upsert(Profile, rows, profiles)
    outcome.mark_updated(users_changed)
    ids.remember("person", outcome.objects)
    wanted = {
        outcome.objects[record.key].pk: {
            ids.get("skill", item["skill"]): (item["level"], item["confirmed"], item["shown_to_guests"])
            for item in record.values["skills"]
        }
        for record in records
        if "skills" in record.values
    }
    key_of = {obj.pk: key for key, obj in outcome.objects.items()}
    outcome.mark_updated(key_of[pk] for pk in _sync_skills(wanted))
    # A new account name or skill is a change of the profile too (search re-reads it).
    updated = [key for key, status in outcome.status.items() if status == UPDATED]
    for chunk in chunked(updated):
        Profile.objects.filter(key__in=chunk).update(updated_at=timezone.now())
    return outcome


def _write_users(records: list[Record], profiles: dict) -> tuple[dict, set]:
    """The account of each person: their profile's, an existing account with their email that has
    no profile yet (adopted), or a new one that cannot log in with a password until one is set."""
    emails = [record.values["email"] for record in records if record.key not in profiles]
    orphans = {}
    for chunk in chunked(emails):
        orphans.update({user.email: user for user in User.objects.filter(email__in=chunk, profile__isnull=True)})
    users, new, changed, names, changed_keys = {}, [], [], set(), set()
    for record in records:
        values = {attr: record.values[name] for name, attr in USER_FIELDS.items() if name in record.values}
        profile = profiles.get(record.key)
        user = profile.user if profile else orphans.get(record.values["email"])
        if user is None:
            user = User(**values)
            user.set_unusable_password()
            new.append(user)
        else:
            diff = differences(user, values)
            for name in diff:
                setattr(user, name, values[name])
            if diff:
                changed.append(user)
                names.update(diff)
                changed_keys.add(record.key)
        users[record.key] = user
    User.objects.bulk_create(new)
    save_changes(User, changed, names)
    return users, changed_keys


def _sync_skills(wanted: dict[int, dict[int, tuple]]) -> set[int]:
    """Make each listed profile's skills exactly the given ones; return the profiles that changed."""
    current: dict[int, dict[int, ProfileSkill]] = {pk: {} for pk in wanted}
    for chunk in chunked(wanted):
        for row in ProfileSkill.objects.filter(profile_id__in=chunk):
            current[row.profile_id][row.skill_id] = row
    new, changed, gone, touched = [], [], [], set()
    for profile_id, skills in wanted.items():
        for skill_id, (level, confirmed, shown) in skills.items():
            row = current[profile_id].pop(skill_id, None)
            if row is None:
                new.append(
                    ProfileSkill(
                        profile_id=profile_id,
                        skill_id=skill_id,
                        level=level,
                        confirmed_at=confirmed,
                        shown_to_guests=shown,
                    )
                )
                touched.add(profile_id)
            elif (row.level, row.confirmed_at, row.shown_to_guests) != (level, confirmed, shown):
                row.level, row.confirmed_at, row.shown_to_guests = level, confirmed, shown
                changed.append(row)
                touched.add(profile_id)
        for row in current[profile_id].values():
            gone.append(row.pk)
            touched.add(profile_id)
    ProfileSkill.objects.bulk_create(new)
    save_changes(ProfileSkill, changed, {"level", "confirmed_at", "shown_to_guests"})
    for chunk in chunked(gone):
        ProfileSkill.objects.filter(pk__in=chunk).delete()
    return touched
