"""What both backends add to the text score: evidence from answers, and availability.

final score = (profile text score + answer evidence) x availability, where availability
is AWAY_FACTOR while a person is out of office (the date is inclusive) and 1 otherwise.
"""

from search import reasons
from search.availability import away_until

# Out of office: still found (the stand-in is named), but below colleagues who are in.
AWAY_FACTOR = 0.5


def availability(doc: dict, today: str | None = None) -> float:
    return AWAY_FACTOR if away_until(doc, today) else 1.0


def sort_key(score: float, key: str, former: bool) -> tuple:
    """Former staff below every current colleague who matches; then score, then key."""
    return (bool(former), -score, key)


def lift_stand_ins(hits: list, limit: int, fetch) -> list:
    """Each away person's stand-in (visible to the searcher: hit.stand_in) right after them, with
    a reason. `fetch(keys)` returns {key: PersonHit} of the stand-ins not among the hits whom the
    searcher may find under the same filters; others are not added."""

    wanted = [hit.stand_in["key"] for hit in hits if hit.away_until and hit.stand_in]
    if not wanted:
        return hits
    by_key = {hit.key: hit for hit in hits}
    missing = sorted({key for key in wanted if key not in by_key})
    fetched = fetch(missing) if missing else {}
    lifted, placed = [], set()
    for hit in hits:
        if hit.key in placed:
            continue
        lifted.append(hit)
        placed.add(hit.key)
        if not (hit.away_until and hit.stand_in):
            continue
        other = by_key.get(hit.stand_in["key"]) or fetched.get(hit.stand_in["key"])
        if other is None:
            continue
        other.reasons.insert(0, reasons.stand_in_for(hit.name, hit.away_until))
        if other.key not in placed:
            if other.key not in by_key:
                other.score = hit.score  # found through the away person, shown at their level
            lifted.append(other)
            placed.add(other.key)
    return lifted[:limit]
