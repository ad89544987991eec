"""Index lag for the health check: how far the newest indexed person document trails the newest
profile change (both backends stamp documents when they index them)."""

from datetime import datetime

from django.db.models import Max

from people.models import Profile

# Changes are indexed by a task on commit, normally within seconds; beyond this something is stuck.
MAX_LAG_SECONDS = 600


def lag_report(newest_indexed: datetime | None) -> dict:
    newest_change = Profile.objects.aggregate(newest=Max("updated_at"))["newest"]
    if newest_change is None or (newest_indexed is not None and newest_indexed >= newest_change):
        return {"lag_seconds": 0.0}
    if newest_indexed is None:
        return {"lag_seconds": None}  # profiles exist, nothing indexed yet
    return {"lag_seconds": round((newest_change - newest_indexed).total_seconds(), 1)}


def is_lagging(report: dict) -> bool:
    lag = report.get("lag_seconds", 0.0)
    return lag is None or lag > MAX_LAG_SECONDS
