"""Handover when someone leaves: mark them leaving, list what they hold, hand it to a successor in one
step. Contacts keep their provenance (added_by, source, legal basis): the successor is added to the
colleagues who know them. Group roles and open questions are listed for the successor to take over
in their own pages (groups and feed own those writes)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from feed.models import Post
from groups.models import Membership
from intranet import audit
from people.models import ExternalContact, Organisation, Profile
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


def items(profile: Profile, viewer=None) -> dict:
    """What the person holds. With a viewer (the page), group roles and questions are limited to the
    groups that viewer may see: a manager does not learn the names of secret groups."""
    contacts = (ExternalContact.objects.filter(Q(known_by=profile) | Q(added_by=profile)).distinct()
                .select_related("organisation", "added_by__user").order_by("name"))
    organisations = Organisation.objects.filter(
        Q(contacts__in=contacts) | Q(interactions__participants=profile)).distinct().order_by("name")
    roles = (Membership.objects.filter(user=profile.user).select_related("group").order_by("group__name"))
    questions = (Post.objects.filter(author=profile.user, kind=Post.Kind.QUESTION, accepted_answer__isnull=True)
                 .select_related("group").order_by("-created_at"))
    if viewer is not None:
        from feed.queries import readable_posts
        from groups.queries import visible_groups

        roles = roles.filter(group__in=visible_groups(viewer))
        questions = questions.filter(pk__in=readable_posts(viewer).values("pk"))
    return {"contacts": contacts, "organisations": organisations, "roles": roles, "questions": questions}


def hand_over(actor, profile: Profile, successor: Profile, contact_ids, *, finish: bool) -> int:
    """Give the chosen contacts to the successor; with `finish`, the person becomes former staff
    (account closed, profile kept) and "ask instead" points at the successor."""
    if not may_manage(actor, profile):
        raise PermissionDenied
    if successor.pk == profile.pk or successor.user.is_guest or not successor.user.is_active:
        raise ValidationError(_("Choose a current colleague as the successor."))
    with transaction.atomic():
        contacts = list(items(profile)["contacts"].filter(pk__in=contact_ids))
        for contact in contacts:
            contact.known_by.add(successor)
            contact.known_by.remove(profile)
        profile.successor = successor
        fields = ["successor", "updated_at"]
        if finish:
            profile.left_on = timezone.localdate()
            profile.out_of_office_until, profile.stand_in = None, None
            fields += ["left_on", "out_of_office_until", "stand_in"]
            profile.user.is_active = False
            profile.user.save(update_fields=["is_active"])
        profile.save(update_fields=fields)
        audit.record(actor, "profile.handover", profile, successor=successor.key,
                     contacts=[c.key for c in contacts], finished=finish)
    return len(contacts)
