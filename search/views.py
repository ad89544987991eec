from django.shortcuts import render
from django.views.decorators.http import require_GET

from search.forms import PeopleSearchForm
from search.queries import search_people

PAGE_LIMIT = 20


@require_GET
def people(request):
    form = PeopleSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        results = search_people(request.user, form.cleaned_data["q"], PAGE_LIMIT)
    return render(request, "search/people.html", {"form": form, "results": results})
