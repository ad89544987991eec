from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from search.content import CONTACTS, GROUPS, KINDS, ORGANISATIONS, PAGES, POSTS
from search.content.audience import kinds_for
from search.content.forms import ContentSearchForm
from search.content.queries import content_counts, search_content, unknown_kind_message
from search.forms import PeopleSearchForm
from search.queries import search_people

PAGE_LIMIT = 20
MAX_PAGE = 50  # content tabs: at most the first 1000 results are paged through
PEOPLE = "people"
TAB_LABELS = {
    PEOPLE: _("People"),
    GROUPS: _("Groups"),
    POSTS: _("Posts and questions"),
    ORGANISATIONS: _("Organisations"),
    CONTACTS: _("Contacts"),
    PAGES: _("Pages"),
}


def _tabs(user, active: str, query: str, counts: dict[str, int | None]) -> list[dict]:
    """The tabs the user may use, each a link keeping the query, with its count when there is one."""
    tabs = []
    for kind in (PEOPLE, *kinds_for(user)):
        params = {"q": query} if query else {}
        if kind != PEOPLE:
            params["type"] = kind
        url = reverse("search:people") + (f"?{urlencode(params)}" if params else "")
        tabs.append(
            {"kind": kind, "label": TAB_LABELS[kind], "url": url, "active": kind == active, "count": counts.get(kind)}
        )
    return tabs


@require_GET
def people(request):  # the URL name search:people is kept: base.html and other apps link to it
    """The search page: people by default, another tab with ?type=groups|posts|organisations|contacts|pages."""
    kind = request.GET.get("type") or PEOPLE
    if kind != PEOPLE:
        return _content(request, kind)
    form = PeopleSearchForm(request.GET or None, guest=request.user.is_guest)
    results = None
    # A query, or filters alone: browsing "everyone in Kerava who knows procurement" needs no words.
    if form.is_bound and form.is_valid() and (form.cleaned_data["q"].strip() or not form.filters().is_empty):
        results = search_people(request.user, form.cleaned_data["q"], PAGE_LIMIT, form.filters())
        form.show_counts(results.facets)
    # Elasticsearch is configured but did not answer: the database index did, and the page says so.
    fell_back = bool(results) and settings.SEARCH_BACKEND != results.backend
    query = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    counts = {PEOPLE: results.total} if results else {}
    if query:
        counts.update(content_counts(request.user, query))
    return render(
        request,
        "search/people.html",
        {"form": form, "results": results, "fell_back": fell_back, "tabs": _tabs(request.user, PEOPLE, query, counts)},
    )


def _content(request, kind: str):
    query = (request.GET.get("q") or "").strip()
    if kind not in kinds_for(request.user):
        # An unknown type, or one this user may not search (guests: groups and posts only).
        return render(
            request,
            "search/content.html",
            {"tabs": _tabs(request.user, "", query[:500], {}), "message": unknown_kind_message(kind), "kind": kind},
            status=404 if kind in KINDS else 400,
        )
    form = ContentSearchForm(request.GET, kind=kind, user=request.user)
    number = _page_number(request.GET.get("page"))
    results = None
    counts: dict[str, int | None] = {}
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        facets = form.facets()
        if query or facets:
            results = search_content(request.user, kind, query, facets, PAGE_LIMIT, (number - 1) * PAGE_LIMIT)
        if query:
            counts = content_counts(request.user, query)
            counts[PEOPLE] = search_people(request.user, query, 1).total
            if results and not facets:
                counts[kind] = results.total
    fell_back = bool(results) and settings.SEARCH_BACKEND != results.backend
    return render(
        request,
        "search/content.html",
        {
            "form": form,
            "kind": kind,
            "label": TAB_LABELS[kind],
            "results": results,
            "fell_back": fell_back,
            **_pages(request, results, number),
            "tabs": _tabs(request.user, kind, query[:500], counts),
        },
        status=200 if form.is_valid() else 400,
    )


def _page_number(value) -> int:
    """?page=N, 1..MAX_PAGE; anything else is the first page."""
    try:
        return max(1, min(int(value), MAX_PAGE))
    except (TypeError, ValueError):
        return 1


def _pages(request, results, number: int) -> dict:
    """Links to the previous and next page of results, keeping the query and filters."""
    if not results:
        return {}
    params = request.GET.copy()
    first = (number - 1) * PAGE_LIMIT + 1
    links = {"first_shown": first, "last_shown": first + len(results.hits) - 1}
    if number > 1:
        params["page"] = number - 1
        links["previous_url"] = f"?{params.urlencode()}"
    if number * PAGE_LIMIT < results.total and number < MAX_PAGE:
        params["page"] = number + 1
        links["next_url"] = f"?{params.urlencode()}"
    return links
