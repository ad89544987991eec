"""Reads of the organisation's network: contacts, interactions, organisations, partnerships.
Visibility of contacts is decided here and nowhere else.

A contact is visible to: the colleagues who know them or added them (any level); staff of the
organisation of a colleague who knows or added them ("organisation"); all staff of the cooperating
municipalities ("cooperating"). Guests and anonymous users see no contacts and no interactions.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from people.models import ExternalContact, Interaction, Organisation, Partnership, Profile
from people.queries import findable_profiles

Visibility = ExternalContact.Visibility


def _staff_profile(viewer) -> Profile | None:
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active or viewer.is_guest:
        return None
    return Profile.objects.filter(user=viewer).first()


def visible_contacts(viewer) -> QuerySet[ExternalContact]:
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active or viewer.is_guest:
        return ExternalContact.objects.none()
    me = _staff_profile(viewer)
    rule = Q(visibility=Visibility.COOPERATING)
    if me is not None:
        rule |= Q(known_by=me) | Q(added_by=me)
        rule |= Q(visibility=Visibility.ORGANISATION) & (
            Q(added_by__organisation_id=me.organisation_id) | Q(known_by__organisation_id=me.organisation_id)
        )
    ids = ExternalContact.objects.filter(rule).values("pk")
    return ExternalContact.objects.filter(pk__in=ids)


def get_visible_contact(viewer, key: str) -> ExternalContact:
    contact = (
        visible_contacts(viewer)
        .select_related("organisation", "added_by__user", "partnership")
        .prefetch_related("known_by__user")
        .filter(key=key)
        .first()
    )
    if contact is None:
        raise Http404("No such contact.")
    return contact


def visible_interactions(viewer) -> QuerySet[Interaction]:
    """Staff see interactions all of whose contacts they may see (a private contact's meetings stay
    private with them)."""
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active or viewer.is_guest:
        return Interaction.objects.none()
    hidden = ExternalContact.objects.exclude(pk__in=visible_contacts(viewer).values("pk"))
    return Interaction.objects.exclude(contacts__in=hidden).distinct()


def timeline(viewer, *, contact=None, organisation=None) -> QuerySet[Interaction]:
    rows = visible_interactions(viewer)
    if contact is not None:
        rows = rows.filter(contacts=contact)
    if organisation is not None:
        rows = rows.filter(Q(organisation=organisation) | Q(contacts__organisation=organisation))
    return (
        rows.distinct()
        .select_related("organisation")
        .prefetch_related("participants__user", "contacts")
        .order_by("-date", "-pk")
    )


def get_visible_organisation(viewer, key: str) -> Organisation:
    """Staff see every organisation; guests only their own."""
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        raise Http404("No such organisation.")
    rows = Organisation.objects.filter(key=key)
    if viewer.is_guest:
        rows = rows.filter(profiles__user=viewer)
    organisation = rows.first()
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def who_has_dealt_with(viewer, organisation: Organisation) -> list[dict]:
    """Colleagues with visible contacts at the organisation or visible interactions with it,
    most recent first: [{"profile": Profile, "last": date, "contacts": n, "interactions": n}]."""

    if _staff_profile(viewer) is None and (viewer.is_guest or not viewer.is_authenticated):
        return []
    seen: dict[int, dict] = {}

    def note(profile_id, when, counter):
        entry = seen.setdefault(profile_id, {"last": when, "contacts": 0, "interactions": 0})
        entry["last"] = max(entry["last"], when)
        entry[counter] += 1

    contacts = visible_contacts(viewer).filter(organisation=organisation).prefetch_related("known_by")
    for contact in contacts:
        for profile in contact.known_by.all():
            note(profile.pk, contact.created_at.date(), "contacts")
    for interaction in timeline(viewer, organisation=organisation):
        for profile in interaction.participants.all():
            note(profile.pk, interaction.date, "interactions")
    people = {p.pk: p for p in findable_profiles(viewer).filter(pk__in=seen).select_related("user")}
    result = [{"profile": people[pk], **entry} for pk, entry in seen.items() if pk in people]
    return sorted(result, key=lambda row: (row["last"], row["profile"].name), reverse=True)


def partnerships_of(organisation: Organisation) -> QuerySet[Partnership]:
    """Every partnership with the organisation, ended ones included, newest first."""
    return organisation.partnerships.order_by("-starts_on", "name")


def visible_partnerships(viewer) -> QuerySet[Partnership]:
    if _staff_profile(viewer) is None and (not viewer.is_authenticated or viewer.is_guest):
        return Partnership.objects.none()
    return Partnership.objects.all()


def may_change_interaction(viewer, interaction: Interaction) -> bool:
    me = _staff_profile(viewer)
    if me is None:
        return False
    if interaction.recorded_by_id == me.pk or interaction.participants.filter(pk=me.pk).exists():
        return True
    # Administrators change what they may see (a private contact's meetings stay private).
    return viewer.is_superuser and visible_interactions(viewer).filter(pk=interaction.pk).exists()


def get_changeable_interaction(viewer, key: str) -> Interaction:
    """The colleague who recorded it, its participating colleagues and administrators; 404 for anyone else."""
    interaction = Interaction.objects.select_related("organisation").filter(key=key).first()
    if interaction is None or not may_change_interaction(viewer, interaction):
        raise Http404("No such interaction.")
    return interaction


def changeable_interaction_ids(viewer, interactions) -> set[int]:
    """Of these (visible) interactions, the ones the viewer may edit or delete: the timeline links them."""
    me = _staff_profile(viewer)
    if me is None:
        return set()
    ids = [interaction.pk for interaction in interactions]
    if viewer.is_superuser:
        return set(ids)
    return set(
        Interaction.objects.filter(pk__in=ids)
        .filter(Q(recorded_by=me) | Q(participants=me))
        .values_list("pk", flat=True)
    )


def staff_of(organisation: Organisation) -> QuerySet[Profile]:
    """The organisation's current people, for its page (shown to staff only)."""
    return Profile.objects.filter(organisation=organisation, user__is_active=True).select_related("user")


def former_staff_of(organisation: Organisation) -> QuerySet[Profile]:
    return (
        Profile.objects.filter(organisation=organisation, left_on__isnull=False, user__is_guest=False)
        .select_related("user", "successor__user")
        .order_by("-left_on")
    )


def organisations_with_key(viewer, key: str) -> list[Organisation]:
    """The organisation of this key as a list (empty when there is none or the viewer may not see it)."""
    try:
        return [get_visible_organisation(viewer, key)]
    except Http404:
        return []


def held_contacts(profile: Profile) -> QuerySet[ExternalContact]:
    """The contacts a person keeps for the organisation: those they know, and those they added that no
    current colleague knows (nobody else would keep them). A handover passes these on."""
    known_by_someone = ExternalContact.known_by.through.objects.filter(
        externalcontact=OuterRef("pk"), profile__user__is_active=True
    ).exclude(profile=profile)
    orphans = Q(added_by=profile) & ~Exists(known_by_someone)
    return (
        ExternalContact.objects.filter(Q(known_by=profile) | orphans)
        .distinct()
        .select_related("organisation", "added_by__user")
        .order_by("name")
    )


def organisations_dealt_with(profile: Profile, contacts: QuerySet[ExternalContact]) -> QuerySet[Organisation]:
    """Organisations of these contacts and of the person's interactions."""
    return (
        Organisation.objects.filter(Q(contacts__in=contacts) | Q(interactions__participants=profile))
        .distinct()
        .order_by("name")
    )
