"""Domain events of the handover workflow, published on commit through core.events.

Notifications subscribes; the workflow never calls it. Events carry ids only.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ResponsibilitiesHandedOver:
    """A leaver's group roles and suggested-expert questions went to their successor, who is told.
    `group_ids`: groups where the successor's role changed; `expert_post_ids`: questions the successor
    is now asked to look at (only those they may read)."""

    profile_id: int
    successor_user_id: int
    handed_over_by_id: int
    group_ids: tuple[int, ...] = ()
    expert_post_ids: tuple[int, ...] = ()
