"""Writes to profiles and skills. Each validates, writes in one transaction and records an audit entry."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from people.models import Profile, ProfileSkill, Skill, SkillEndorsement, SkillProposal

PROFILE_FIELDS = (
    "title",
    "unit",
    "manager",
    "languages",
    "help_with",
    "responsibilities",
    "bio",
    "phone",
    "field_visibility",
)
AVAILABILITY_FIELDS = ("out_of_office_until", "stand_in")


def _value(value):
    return getattr(value, "key", value) if value is not None else None


def update_profile(actor, profile: Profile, changes: dict) -> list[str]:
    """Apply the given field values; return the names that changed (recorded without their values
    for free text, so the audit trail does not copy personal data)."""
    changed = [name for name, value in changes.items() if getattr(profile, name) != value]
    if not changed:
        return []
    if "manager" in changed and changes["manager"] is not None and changes["manager"].pk == profile.pk:
        raise ValidationError({"manager": _("A person cannot be their own manager.")})
    if "stand_in" in changed and changes["stand_in"] is not None and changes["stand_in"].pk == profile.pk:
        raise ValidationError({"stand_in": _("Choose a colleague other than yourself as the stand-in.")})
    with transaction.atomic():
        for name in changed:
            setattr(profile, name, changes[name])
        profile.save()
        audit.record(actor, "profile.update", profile, fields=sorted(changed))
    return changed


def _check_owner(actor, profile: Profile) -> None:
    if actor.pk != profile.user_id and not actor.is_superuser:
        raise PermissionDenied


def set_skill(actor, profile: Profile, skill: Skill, level: int, *, shown_to_guests: bool = False) -> ProfileSkill:
    """Add or change a skill; stating a level confirms it today."""
    _check_owner(actor, profile)
    if level not in ProfileSkill.Level.values:
        raise ValidationError({"level": _("Choose a level from 1 to 4.")})
    with transaction.atomic():
        held, created = ProfileSkill.objects.update_or_create(
            profile=profile,
            skill=skill,
            defaults={"level": level, "shown_to_guests": shown_to_guests, "confirmed_at": timezone.localdate()},
        )
        audit.record(
            actor,
            "profile.skill_set",
            profile,
            skill=skill.key,
            level=level,
            created=created,
            shown_to_guests=shown_to_guests,
        )
    return held


def remove_skill(actor, held: ProfileSkill) -> None:
    _check_owner(actor, held.profile)
    with transaction.atomic():
        audit.record(actor, "profile.skill_remove", held.profile, skill=held.skill.key)
        held.delete()


def confirm_skills(actor, profile: Profile, held_ids=None) -> int:
    """Mark the person's skills (all, or the given ones) as confirmed today."""
    _check_owner(actor, profile)
    rows = profile.profile_skills.all()
    if held_ids is not None:
        rows = rows.filter(pk__in=held_ids)
    today = timezone.localdate()
    with transaction.atomic():
        skills = list(rows.select_related("skill"))
        for held in skills:
            held.confirmed_at = today
            held.save(update_fields=["confirmed_at"])
        audit.record(actor, "profile.skills_confirm", profile, skills=[held.skill.key for held in skills])
    return len(skills)


def endorse(actor, held: ProfileSkill) -> SkillEndorsement:
    """A named colleague vouches for someone's skill. Not oneself, not a guest."""
    endorser = Profile.objects.filter(user=actor).first()
    if endorser is None or actor.is_guest:
        raise PermissionDenied
    if endorser.pk == held.profile_id:
        raise ValidationError(_("You cannot endorse your own skill."))
    with transaction.atomic():
        endorsement, created = SkillEndorsement.objects.get_or_create(held=held, endorser=endorser)
        if created:
            audit.record(actor, "profile.skill_endorse", held.profile, skill=held.skill.key)
    return endorsement


def propose_skill(actor, profile: Profile, label: str, level: int) -> SkillProposal:
    _check_owner(actor, profile)
    label = " ".join(label.split())
    if not label or len(label) > 120:
        raise ValidationError({"label": _("Write the skill in 1 to 120 characters.")})
    if level not in ProfileSkill.Level.values:
        raise ValidationError({"level": _("Choose a level from 1 to 4.")})
    with transaction.atomic():
        proposal, _created = SkillProposal.objects.update_or_create(
            profile=profile, label__iexact=label, merged_into=None, defaults={"label": label, "level": level}
        )
        audit.record(actor, "skill.propose", profile, label=label, level=level)
    return proposal


def merge_proposals(actor, label: str, skill: Skill, *, add_synonym: bool = True) -> int:
    """An administrator merges every open proposal with this label (any letter case) into a taxonomy
    entry: each proposer now holds the skill (keeping a higher level they already had), and the
    label becomes a synonym so search still finds it."""
    if not actor.is_superuser:
        raise PermissionDenied
    with transaction.atomic():
        proposals = list(
            SkillProposal.objects.select_for_update()
            .filter(label__iexact=label, merged_into=None)
            .select_related("profile")
        )
        for proposal in proposals:
            held, created = ProfileSkill.objects.get_or_create(
                profile=proposal.profile,
                skill=skill,
                defaults={"level": proposal.level, "confirmed_at": proposal.created_at.date()},
            )
            if not created and held.level < proposal.level:
                held.level = proposal.level
                held.save(update_fields=["level"])
            proposal.merged_into, proposal.merged_at = skill, timezone.now()
            proposal.save(update_fields=["merged_into", "merged_at"])
        if add_synonym and proposals and label.lower() not in {word.lower() for word in skill.all_labels()}:
            skill.synonyms = [*skill.synonyms, proposals[0].label]
            skill.save(update_fields=["synonyms"])
        audit.record(
            actor, "skill.merge_proposals", skill, label=label, holders=[proposal.profile.key for proposal in proposals]
        )
    return len(proposals)
