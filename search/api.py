"""GET /api/v1/search/people: find a colleague who can help, as JSON; /search/content: groups,
posts and questions, organisations, contacts and pages; /search/suggest: type-ahead."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from search.content import KINDS as CONTENT_KINDS
from search.content.forms import ContentSearchForm
from search.content.queries import DEFAULT_LIMIT as CONTENT_DEFAULT_LIMIT
from search.content.queries import MAX_LIMIT as CONTENT_MAX_LIMIT
from search.content.queries import MAX_WINDOW as CONTENT_MAX_WINDOW
from search.content.queries import search_content, suggest_content, unknown_kind_message
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
    # Former staff: listed after current colleagues, with the successor to ask instead.
    former: bool = False
    successor: StandInOut | None = None


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


@router.get(
    "/people",
    response={200: PeopleOut, 400: ErrorOut, 401: ErrorOut},
    summary="Find people who can help",
    url_name="search_people",
)
def people(
    request: HttpRequest,
    q: str = Query("", max_length=MAX_QUERY_CHARS),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    organisation: str = Query("", max_length=100),
    unit: str = Query("", max_length=100),
    skill: str = Query("", max_length=100),
    language: str = Query("", max_length=10),
    available: bool = False,
    kind: str = Query("", max_length=10),
):
    """People the caller may see, best first, each with the reasons it was found.
    `q` is free text in Finnish, Swedish or English (at most 500 characters; operators
    have no special meaning); `limit` is 1 to 100. Filters: `organisation`, `unit`, `skill`
    (keys), `language` (code), `available=true` (not out of office today), `kind` (staff or
    guest). An unknown filter value finds nobody and `message` says which."""
    unknown = sorted(set(request.GET) - ALLOWED_PARAMETERS)
    if unknown:
        message = _(
            "Unknown query parameter: %(names)s. Use q, limit, organisation, unit, skill, language, available or kind."
        ) % {"names": ", ".join(unknown)}
        return Status(400, {"error": message})
    filters = Filters(
        organisation=organisation, unit=unit, skill=skill, language=language, available=available, kind=kind
    )
    results = search_people(request.user, q, limit, filters)
    return Status(
        200,
        {
            "query": q,
            "backend": results.backend,
            "took_ms": results.took_ms,
            "engine_ms": results.engine_ms,
            "total": results.total,
            "message": results.message,
            "facets": results.facets,
            "results": [hit.__dict__ for hit in results.hits],
        },
    )


class SuggestionOut(Schema):
    key: str
    name: str
    title: str
    organisation: str
    url: str


class ContentSuggestionOut(Schema):
    title: str
    url: str


class SuggestionsOut(Schema):
    query: str
    backend: str
    suggestions: list[SuggestionOut]
    groups: list[ContentSuggestionOut] = []
    pages: list[ContentSuggestionOut] = []


@router.get(
    "/suggest",
    response={200: SuggestionsOut, 400: ErrorOut, 401: ErrorOut},
    summary="Type-ahead: people, groups and pages by the start of their names",
    url_name="search_suggest",
)
def suggest(request: HttpRequest, q: str = Query("", max_length=100), limit: int = Query(8, ge=1, le=20)):
    """Up to `limit` people the caller may see whose name words start with every word of `q`
    (diacritics optional), ordered by key; and up to 5 groups and 5 pages the caller may see whose
    title words start so, ordered by title (guests: their own groups, no pages)."""
    from django.urls import reverse

    hits, backend = suggest_people(request.user, q, limit)
    content = suggest_content(request.user, q)
    return Status(
        200,
        {
            "query": q,
            "backend": backend,
            "suggestions": [
                {
                    "key": hit.key,
                    "name": hit.name,
                    "title": hit.title,
                    "organisation": hit.organisation,
                    "url": reverse("people:profile", args=[hit.key]),
                }
                for hit in hits
            ],
            "groups": [{"title": hit.title, "url": hit.url} for hit in content if hit.kind == "groups"],
            "pages": [{"title": hit.title, "url": hit.url} for hit in content if hit.kind == "pages"],
        },
    )


class ContentHitOut(Schema):
    kind: str
    id: int
    title: str
    summary: str
    url: str
    meta: dict
    score: float
    created: str | None = None


class ContentOut(Schema):
    type: str
    query: str
    backend: str
    took_ms: float
    total: int
    message: str
    results: list[ContentHitOut]


CONTENT_PARAMETERS = {"type", "q", "limit", "offset", "group", "questions", "open", "kind"}


@router.get(
    "/content",
    response={200: ContentOut, 400: ErrorOut, 401: ErrorOut},
    summary="Search groups, posts and questions, organisations, contacts or pages",
    url_name="search_content",
)
def content(
    request: HttpRequest,
    type: str = Query(..., max_length=20),
    q: str = Query("", max_length=MAX_QUERY_CHARS),
    limit: int = Query(CONTENT_DEFAULT_LIMIT, ge=1, le=CONTENT_MAX_LIMIT),
    offset: int = Query(0, ge=0, le=CONTENT_MAX_WINDOW),
    group: str = Query("", max_length=100),
    questions: bool = False,
    open: bool = False,
    kind: str = Query("", max_length=30),
):
    """Documents of one `type` (groups, posts, organisations, contacts or pages) the caller may see,
    best first (newest first without `q`). `q` is plain text (at most 500 characters). Facets:
    `group` (key), `questions=true`, `open=true` (no accepted answer) for posts; `kind` for
    organisations. `offset + limit` is at most 10000. Guests may search groups and posts only. An
    unknown facet value finds nothing and `message` says why."""
    unknown = sorted(set(request.GET) - CONTENT_PARAMETERS)
    if unknown:
        return Status(400, {"error": _("Unknown query parameter: %(names)s.") % {"names": ", ".join(unknown)}})
    if type not in CONTENT_KINDS:
        return Status(400, {"error": unknown_kind_message(type)})
    if offset + limit > CONTENT_MAX_WINDOW:
        return Status(400, {"error": _("offset + limit may be at most %(window)s.") % {"window": CONTENT_MAX_WINDOW}})
    data = {"q": q, "group": group, "questions": questions, "open": open, "kind": kind}
    form = ContentSearchForm(data, kind=type, user=request.user)
    if not form.is_valid():
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return Status(
            200,
            {"type": type, "query": q, "backend": "", "took_ms": 0.0, "total": 0, "message": message, "results": []},
        )
    results = search_content(request.user, type, q, form.facets(), limit, offset)
    return Status(
        200,
        {
            "type": type,
            "query": q,
            "backend": results.backend,
            "took_ms": results.took_ms,
            "total": results.total,
            "message": results.message,
            "results": [hit.__dict__ for hit in results.hits],
        },
    )
