"""Group roles passed from a leaver to their successor, for the handover workflow (handover/), which
decides who may hand over and what was chosen. Here: the role rule of groups and its audit entries."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from groups.models import Membership

# A successor's existing role is never lowered: owner outranks moderator outranks member.
RANK: dict[str, int] = {
    Membership.Role.OWNER: 3,
    Membership.Role.MODERATOR: 2,
    Membership.Role.MEMBER: 1,
    Membership.Role.GUEST: 0,
}


def take_over_roles(actor, leaver_user, successor_user, memberships) -> tuple[list[Membership], int]:
    """Give the successor the leaver's role in each membership's group (joining it if needed); the leaver
    stays a member until they leave. Returns the successor's memberships that changed, and how many roles
    they already held (nothing to move). A guest cannot take over a role: ValidationError, nothing changes."""
    changed, already = [], 0
    with transaction.atomic():
        for held in memberships:
            mine, created = Membership.objects.get_or_create(
                group=held.group, user=successor_user, defaults={"role": held.role}
            )
            if not created:
                if mine.role == Membership.Role.GUEST:
                    raise ValidationError(_("A guest cannot take over a group role."))
                if RANK[mine.role] >= RANK[held.role]:
                    already += 1
                    continue
                mine.role = held.role
                mine.save(update_fields=["role"])
            changed.append(mine)
        for membership in changed:
            audit.record(
                actor,
                "group.role_handover",
                membership.group,
                user=successor_user.pk,
                role=membership.role,
                from_user=leaver_user.pk,
            )
    return changed, already
