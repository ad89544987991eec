from django.shortcuts import render

from groups.queries import visible_groups
from people import queries
from people.models.profiles import LANGUAGE_CHOICES


def profile(request, key: str):
    person = queries.get_visible_profile(request.user, key)
    context = {
        "person": person,
        "skills": person.profile_skills.all(),
        "groups": visible_groups(request.user).filter(memberships__user=person.user).order_by("name"),
        "show_contact_details": queries.may_see_contact_details(request.user, person),
        "languages": [str(dict(LANGUAGE_CHOICES).get(code, code)) for code in person.languages],
        "is_self": person.user_id == request.user.pk,
    }
    return render(request, "people/profile.html", context)
