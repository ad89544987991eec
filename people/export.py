"""A person's own data as JSON: profile, skills with evidence, contacts they added, interactions."""

from django.utils import timezone

from core import audit
from people.models import ExternalContact, Interaction, Profile


def _contact(contact: ExternalContact) -> dict:
    return {
        "key": contact.key,
        "name": contact.name,
        "organisation": contact.organisation.name if contact.organisation else None,
        "role": contact.role,
        "email": contact.email,
        "phone": contact.phone,
        "source": contact.source,
        "source_kind": contact.source_kind,
        "legal_basis": contact.legal_basis,
        "visibility": contact.visibility,
        "consent_given_on": contact.consent_given_on.isoformat() if contact.consent_given_on else None,
        "added": contact.created_at.isoformat(),
    }


def own_data(user, profile: Profile) -> dict:
    skills = profile.profile_skills.select_related("skill").prefetch_related("endorsements__endorser__user")
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "guest": user.is_guest,
        },
        "profile": {
            "key": profile.key,
            "organisation": profile.organisation.name,
            "unit": profile.unit.name if profile.unit else None,
            "title": profile.title,
            "manager": profile.manager.key if profile.manager else None,
            "languages": profile.languages,
            "help_with": profile.help_with,
            "responsibilities": profile.responsibilities,
            "bio": profile.bio,
            "phone": profile.phone,
            "field_visibility": profile.field_visibility,
            "out_of_office_until": profile.out_of_office_until.isoformat() if profile.out_of_office_until else None,
            "stand_in": profile.stand_in.key if profile.stand_in else None,
            "photo": profile.photo.name or None,
        },
        "skills": [
            {
                "skill": held.skill.key,
                "label": held.skill.label_en,
                "level": held.level,
                "confirmed": held.confirmed_at.isoformat() if held.confirmed_at else None,
                "shown_to_guests": held.shown_to_guests,
                "endorsed_by": [e.endorser.name for e in held.endorsements.all()],
            }
            for held in skills
        ],
        "skill_proposals": [
            {"label": p.label, "level": p.level, "merged_into": p.merged_into.key if p.merged_into else None}
            for p in profile.skill_proposals.all()
        ],
        "contacts_added": [
            _contact(c) for c in ExternalContact.objects.filter(added_by=profile).select_related("organisation")
        ],
        "interactions": [
            {
                "key": i.key,
                "kind": i.kind,
                "date": i.date.isoformat(),
                "summary": i.summary,
                "organisation": i.organisation.name if i.organisation else None,
            }
            for i in Interaction.objects.filter(participants=profile).select_related("organisation")
        ],
    }
    audit.record(user, "profile.export", profile)
    return data
