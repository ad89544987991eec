"""The people a form may offer in a picker (manager, stand-in, colleagues in interactions and partnerships):
only people the user may see, decided by people.queries (the same rule as profile pages and search), so a
list never shows someone whose profile would be 404 to that user."""

from django.db.models import Q, QuerySet

from people.models import Profile
from people.queries import findable_profiles, visible_profiles


def visible_choices(viewer, *, exclude: Profile | None = None) -> QuerySet[Profile]:
    """Visible, active people (staff and guests the viewer may see), the viewer's own profile included."""

    rows = visible_profiles(viewer)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows.select_related("user").order_by("user__last_name", "user__first_name", "pk")


def colleague_choices(viewer, *, former: bool = False, keep=(), exclude: Profile | None = None) -> QuerySet[Profile]:
    """Staff (no guests) the viewer may see; with `former`, also the former staff the viewer may find. `keep`:
    people already chosen (an existing record's participants), who stay choosable so saving keeps them."""

    source = findable_profiles(viewer) if former else visible_profiles(viewer)
    rule = Q(pk__in=source.filter(user__is_guest=False).values("pk"))
    kept = [person.pk for person in keep]
    if kept:
        rule |= Q(pk__in=kept)
    rows = Profile.objects.filter(rule)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows.select_related("user").order_by("user__last_name", "user__first_name", "pk")
