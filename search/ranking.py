"""What both backends add to the text score: evidence from answers, and availability.

final score = (profile text score + answer evidence) x availability, where availability
is AWAY_FACTOR while a person is out of office (the date is inclusive) and 1 otherwise.
"""

from django.utils import timezone

from search.visibility import Audience

# Out of office: still found (the stand-in is named), but below colleagues who are in.
AWAY_FACTOR = 0.5


def today_iso() -> str:
    return timezone.localdate().isoformat()


def away_until(doc: dict, today: str | None = None) -> str | None:
    """The date the person is away until, if they are away today."""
    until = doc.get("away_until")
    if until and until >= (today or today_iso()):
        return until
    return None


def availability(doc: dict, today: str | None = None) -> float:
    return AWAY_FACTOR if away_until(doc, today) else 1.0


def visible_stand_in(doc: dict, audience: Audience | None) -> dict | None:
    """The stand-in, if the searcher may find them (staff find staff; guests are not told)."""
    stand_in = doc.get("stand_in")
    if not stand_in or audience is None:
        return None
    if audience.everyone or (audience.all_staff and not stand_in.get("is_guest")):
        return {"key": stand_in["key"], "name": stand_in["name"]}
    return None
