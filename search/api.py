"""GET /api/v1/search/people: find a colleague who can help, as JSON."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from search.queries import DEFAULT_LIMIT, MAX_LIMIT, search_people
from search.query import MAX_QUERY_CHARS

router = Router(tags=["search"])

ALLOWED_PARAMETERS = {"q", "limit"}


class PersonHitOut(Schema):
    key: str
    name: str
    title: str
    organisation: str
    score: float
    reasons: list[str]


class PeopleOut(Schema):
    query: str
    backend: str
    took_ms: float
    total: int
    results: list[PersonHitOut]


class ErrorOut(Schema):
    error: str


@router.get("/people", response={200: PeopleOut, 400: ErrorOut, 401: ErrorOut},
            summary="Find people who can help", url_name="search_people")
def people(request: HttpRequest, q: str = Query("", max_length=MAX_QUERY_CHARS),
           limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)):
    """People the caller may see, best first, each with the reasons it was found.
    `q` is free text in Finnish, Swedish or English (at most 500 characters; operators
    have no special meaning); `limit` is 1 to 100."""
    unknown = sorted(set(request.GET) - ALLOWED_PARAMETERS)
    if unknown:
        message = _("Unknown query parameter: %(names)s. Use q and limit.") % {"names": ", ".join(unknown)}
        return Status(400, {"error": message})
    results = search_people(request.user, q, limit)
    return Status(200, {
        "query": q,
        "backend": results.backend,
        "took_ms": results.took_ms,
        "total": results.total,
        "results": [hit.__dict__ for hit in results.hits],
    })
