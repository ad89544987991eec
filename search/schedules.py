"""The search's periodic job, run by `manage.py run_scheduler`."""

from datetime import timedelta

from django.utils import timezone

from groups.models import Membership
from people.models import Profile
from scheduler.registry import register
from scheduler.timing import Every
from search.sync import reindex_profiles

# Runs every RUN_EVERY minutes and looks back twice as far, so one late or failed run loses nothing.
RUN_EVERY = 30


def reindex_people_whose_access_ended() -> int:
    """A membership's end date passes without any save: re-index the people (and the groups' content
    audiences follow the membership at query time) so that the group's members stop finding a guest
    through a group the guest has left. Returns how many people were re-indexed."""
    now = timezone.now()
    user_ids = Membership.objects.filter(
        access_until__gt=now - timedelta(minutes=2 * RUN_EVERY), access_until__lte=now
    ).values("user_id")
    profile_ids = list(Profile.objects.filter(user_id__in=user_ids).values_list("pk", flat=True))
    reindex_profiles(profile_ids)
    return len(profile_ids)


register("search_ended_access", Every(minutes=RUN_EVERY), reindex_people_whose_access_ended)
