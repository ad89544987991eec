from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search.forms import PeopleSearchForm
from search.queries import search_people

PAGE_LIMIT = 20


@require_GET
def people(request):
    form = PeopleSearchForm(request.GET or None, guest=request.user.is_guest)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        results = search_people(request.user, form.cleaned_data["q"], PAGE_LIMIT, form.filters())
        form.show_counts(results.facets)
    # Elasticsearch is configured but did not answer: the database index did, and the page says so.
    fell_back = bool(results) and settings.SEARCH_BACKEND != results.backend
    return render(request, "search/people.html", {"form": form, "results": results, "fell_back": fell_back})
