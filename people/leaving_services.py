"""Leaving: the announced date, and what a handover (handover/) changes on the leaver's own profile and
contacts. The workflow checks who may hand over and calls these inside its transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from people.models import Profile
from people.queries import may_manage


def mark_leaving(actor, profile: Profile, leaving_on) -> None:
    if not may_manage(actor, profile):
        raise PermissionDenied
    if profile.user.is_guest or profile.is_former_staff:
        raise ValidationError(_("Only current staff can be marked as leaving."))
    with transaction.atomic():
        profile.leaving_on = leaving_on
        profile.save(update_fields=["leaving_on", "updated_at"])
        audit.record(actor, "profile.leaving", profile, leaving_on=str(leaving_on) if leaving_on else None)


def lock_for_handover(profile: Profile) -> None:
    """Inside the handover's transaction: a second handover of the same person waits for the first."""
    Profile.objects.select_for_update().filter(pk=profile.pk).first()


def pass_contacts_on(profile: Profile, successor: Profile, contacts) -> None:
    """The successor knows these contacts now, the leaver no longer; provenance (who added them, the
    source, the legal basis) stays as it was."""
    for contact in contacts:
        contact.known_by.add(successor)
        contact.known_by.remove(profile)


def name_successor(profile: Profile, successor: Profile, *, finish: bool) -> None:
    """ "Ask instead" points at the successor; with `finish` the person is former staff: account closed,
    profile kept, no out-of-office or stand-in left over."""
    profile.successor = successor
    fields = ["successor", "updated_at"]
    if finish:
        profile.left_on = timezone.localdate()
        profile.out_of_office_until, profile.stand_in = None, None
        fields += ["left_on", "out_of_office_until", "stand_in"]
        profile.user.is_active = False
        profile.user.save(update_fields=["is_active"])
    profile.save(update_fields=fields)
