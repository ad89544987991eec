"""One group with every kind of visitor the authorisation tests ask about."""

from datetime import timedelta

from django.utils import timezone

from groups.models import Group, Membership
from people.models import Organisation
from tests import factories


def build(visibility: str = Group.Visibility.PRIVATE) -> dict:
    kerava = factories.organisation("kerava", "Kerava")
    sipoo = factories.organisation("sipoo", "Sipoo")
    acme = factories.organisation("acme", "Acme Oy", home=False, kind=Organisation.Kind.COMPANY)
    owner = factories.person("Olli", "Omistaja", org=kerava)
    moderator = factories.person("Mona", "Moderaattori", org=kerava)
    member = factories.person("Maija", "Jäsen", org=sipoo)
    guest = factories.person("Paula", "Partner", guest=True, org=acme)
    other_guest = factories.person("Gustav", "Gäst", guest=True, org=acme, email="gustav@acme.example")
    other_staff = factories.person("Sven", "Utanför", org=sipoo, email="sven@sipoo.example")
    deactivated = factories.person("Dora", "Poistettu", org=kerava)
    group = factories.group(
        "hanke",
        "Yhteishanke",
        visibility=visibility,
        members={
            owner: Membership.Role.OWNER,
            moderator: Membership.Role.MODERATOR,
            member: Membership.Role.MEMBER,
            guest: Membership.Role.GUEST,
            deactivated: Membership.Role.MEMBER,
        },
    )
    group.organisations.set([kerava, sipoo])
    Membership.objects.filter(group=group, user=guest).update(
        sponsor=owner, access_until=timezone.now() + timedelta(days=30)
    )
    other_group = factories.group(
        "muu",
        "Muu ryhmä",
        visibility=Group.Visibility.SECRET,
        members={other_staff: Membership.Role.OWNER, other_guest: Membership.Role.GUEST},
    )
    deactivated.is_active = False
    deactivated.save()
    return locals()
