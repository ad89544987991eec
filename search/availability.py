"""Who is away, and the stand-in a searcher may be told about: read from a person's search document by
the ranking (which lowers the away), the reasons (which say so) and both backends' hits."""

from django.utils import timezone

from search.visibility import Audience


def today_iso() -> str:
    return timezone.localdate().isoformat()


def away_until(doc: dict, today: str | None = None) -> str | None:
    """The date the person is away until, if they are away today."""
    until = doc.get("away_until")
    if until and until >= (today or today_iso()):
        return until
    return None


def visible_stand_in(doc: dict, audience: Audience | None) -> dict | None:
    """The stand-in, if the searcher may find them (staff find staff; guests are not told)."""
    stand_in = doc.get("stand_in")
    if not stand_in or audience is None:
        return None
    if audience.everyone or (audience.all_staff and not stand_in.get("is_guest")):
        return {"key": stand_in["key"], "name": stand_in["name"]}
    return None
