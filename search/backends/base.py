"""The interface every search backend implements, and the results it returns."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from search import availability
from search.visibility import Audience


class BackendUnavailable(Exception):
    """The backend cannot answer now (connection refused, timeout, missing index)."""


@dataclass
class PersonHit:
    key: str
    name: str
    title: str
    organisation: str
    score: float
    reasons: list[str] = field(default_factory=list)
    away_until: str | None = None  # ISO date while out of office
    stand_in: dict | None = None  # {"key", "name"} of whom to ask instead, when the searcher may see them
    former: bool = False  # former staff (left the organisation): found by staff only, ranked last
    successor: dict | None = None  # {"key", "name"}: whom to ask instead of former staff, if the searcher may


@dataclass
class PeopleResults:
    hits: list[PersonHit]
    backend: str
    took_ms: float
    total: int
    message: str = ""  # e.g. why nobody was found (an unknown filter value)
    engine_ms: float | None = None  # Elasticsearch's own `took`; None on the database backend
    facets: dict | None = None  # counts per filter value over all matches (search.filters)


class SearchBackend(ABC):
    name: str

    @abstractmethod
    def search_people(self, query: str, *, audience: Audience, limit: int = 10, filters=None) -> PeopleResults:
        """The best `limit` people for the query that the audience may see and the filters
        (search.filters.Filters) allow, with reasons."""

    @abstractmethod
    def suggest_people(self, text: str, *, audience: Audience, limit: int = 8) -> list[PersonHit]:
        """Type-ahead: people the audience may see whose name words start with every typed word,
        ordered by key (score 0, no reasons)."""

    @abstractmethod
    def index_people(self, documents: list[dict]) -> None:
        """Add or replace these person documents."""

    @abstractmethod
    def remove_people(self, profile_ids: Iterable[int]) -> None:
        """Drop these profiles from the index (missing ones are ignored)."""

    @abstractmethod
    def rebuild(self, documents: Iterable[dict], progress: Callable[[int], None] | None = None) -> None:
        """Replace the whole index with these documents; `progress(n)` after each batch."""

    def refresh(self) -> None:  # noqa: B027 - a no-op by default: most backends need nothing
        """Make recent writes searchable now; a no-op where they already are."""

    @abstractmethod
    def status(self) -> dict:
        """A small, JSON-serialisable health report; never raises."""


def hit_from_document(doc: dict, score: float, reasons: list[str], audience: Audience | None = None) -> PersonHit:
    away = availability.away_until(doc)
    stand_in = availability.visible_stand_in(doc, audience) if away else None
    successor = doc.get("successor") if doc.get("former") else None
    return PersonHit(
        key=doc["key"],
        name=doc["name"],
        title=doc["title"],
        organisation=doc["organisation"]["name"],
        score=round(score, 4),
        reasons=reasons,
        away_until=away,
        stand_in=stand_in,
        former=bool(doc.get("former")),
        successor={"key": successor["key"], "name": successor["name"]} if successor else None,
    )
