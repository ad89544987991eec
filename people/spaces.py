"""Who shares a space with whom: the port through which people's visibility rule reads group memberships.

Groups sits above people (its memberships and invitations name people), so people cannot import it.
Groups plugs its query in at start-up (GroupsConfig.ready: `use_shared_spaces`). Until something does,
nobody shares a space: guests see only themselves and staff see only staff (it fails closed)."""

from collections.abc import Callable

from django.db.models import QuerySet

SharedSpaces = Callable[[object], QuerySet | list]

_co_members: SharedSpaces | None = None


def use_shared_spaces(co_member_ids: SharedSpaces) -> None:
    """`co_member_ids(viewer)`: user ids (a values("user_id") query, or a list) of everyone who currently
    shares a group with the viewer, the viewer included when they are a current member."""
    global _co_members
    _co_members = co_member_ids


def co_member_ids(viewer) -> QuerySet | list:
    return [] if _co_members is None else _co_members(viewer)
