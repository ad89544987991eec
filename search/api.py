"""GET /api/v1/search/people: find a colleague who can help, as JSON."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from search.filters import Filters
from search.queries import DEFAULT_LIMIT, MAX_LIMIT, search_people, suggest_people
from search.query import MAX_QUERY_CHARS

router = Router(tags=["search"])

ALLOWED_PARAMETERS = {"q", "limit", "organisation", "unit", "skill", "language", "available", "kind"}


class StandInOut(Schema):
    key: str
    name: str


class PersonHitOut(Schema):
    key: str
    name: str
    title: str
    organisation: str
    score: float
    reasons: list[str]
    away_until: str | None = None
    stand_in: StandInOut | None = None


class PeopleOut(Schema):
    query: str
    backend: str
    took_ms: float
    engine_ms: float | None
    total: int
    message: str
    facets: dict | None
    results: list[PersonHitOut]


class ErrorOut(Schema):
    error: str


@router.get("/people", response={200: PeopleOut, 400: ErrorOut, 401: ErrorOut},
            summary="Find people who can help", url_name="search_people")
def people(request: HttpRequest, q: str = Query("", max_length=MAX_QUERY_CHARS),
           limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
           organisation: str = Query("", max_length=100), unit: str = Query("", max_length=100),
           skill: str = Query("", max_length=100), language: str = Query("", max_length=10),
           available: bool = False, kind: str = Query("", max_length=10)):
    """People the caller may see, best first, each with the reasons it was found.
    `q` is free text in Finnish, Swedish or English (at most 500 characters; operators
    have no special meaning); `limit` is 1 to 100. Filters: `organisation`, `unit`, `skill`
    (keys), `language` (code), `available=true` (not out of office today), `kind` (staff or
    guest). An unknown filter value finds nobody and `message` says which."""
    unknown = sorted(set(request.GET) - ALLOWED_PARAMETERS)
    if unknown:
        message = _("Unknown query parameter: %(names)s. Use q, limit, organisation, unit, skill, language, "
                    "available or kind.") % {"names": ", ".join(unknown)}
        return Status(400, {"error": message})
    filters = Filters(organisation=organisation, unit=unit, skill=skill, language=language, available=available,
                      kind=kind)
    results = search_people(request.user, q, limit, filters)
    return Status(200, {
        "query": q,
        "backend": results.backend,
        "took_ms": results.took_ms,
        "engine_ms": results.engine_ms,
        "total": results.total,
        "message": results.message,
        "facets": results.facets,
        "results": [hit.__dict__ for hit in results.hits],
    })


class SuggestionOut(Schema):
    key: str
    name: str
    title: str
    organisation: str
    url: str


class SuggestionsOut(Schema):
    query: str
    backend: str
    suggestions: list[SuggestionOut]


@router.get("/suggest", response={200: SuggestionsOut, 400: ErrorOut, 401: ErrorOut},
            summary="Type-ahead: people by the start of their names", url_name="search_suggest")
def suggest(request: HttpRequest, q: str = Query("", max_length=100), limit: int = Query(8, ge=1, le=20)):
    """Up to `limit` people the caller may see whose name words start with every word of `q`
    (diacritics optional), ordered by key."""
    from django.urls import reverse

    hits, backend = suggest_people(request.user, q, limit)
    return Status(200, {"query": q, "backend": backend, "suggestions": [
        {"key": hit.key, "name": hit.name, "title": hit.title, "organisation": hit.organisation,
         "url": reverse("people:profile", args=[hit.key])} for hit in hits]})
