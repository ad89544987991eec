"""A person's profile page: the profile (people) with the groups they are in (groups) and their accepted
answers (feed), so it is composed here above all three. The URL stays `people:profile` (intranet/urls.py)."""

from django.shortcuts import render

from feed.queries import readable_posts
from groups.queries import current_memberships, visible_groups
from people import queries
from people.visibility import SELF, audience, profile_view


def profile(request, key: str):
    person = queries.get_visible_profile(request.user, key)
    view = profile_view(request.user, person, skills=person.profile_skills.all())
    is_self = audience(request.user, person) == SELF
    context = {
        "person": person,
        "view": view,
        "groups": visible_groups(request.user)
        .filter(pk__in=current_memberships().filter(user=person.user).values("group_id"))
        .order_by("name"),
        "is_self": is_self,
        "may_manage": queries.may_manage(request.user, person),
        "may_endorse": not request.user.is_guest and not is_self and not person.is_former_staff,
        # Evidence: answers of this person accepted in questions the viewer may read.
        "accepted_answers": readable_posts(request.user).filter(accepted_answer__author=person.user).count(),
    }
    if is_self:
        context["completeness"], context["missing"] = queries.completeness(person)
        context["stale"] = queries.stale_skills(person)
    return render(request, "people/profile.html", context)
