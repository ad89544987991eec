"""The interface every search backend implements, and the results it returns."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

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


@dataclass
class PeopleResults:
    hits: list[PersonHit]
    backend: str
    took_ms: float
    total: int


class SearchBackend(ABC):
    name: str

    @abstractmethod
    def search_people(self, query: str, *, audience: Audience, limit: int = 10) -> PeopleResults:
        """The best `limit` people for the query that the audience may see, with reasons."""

    @abstractmethod
    def index_people(self, documents: list[dict]) -> None:
        """Add or replace these person documents."""

    @abstractmethod
    def remove_people(self, profile_ids: Iterable[int]) -> None:
        """Drop these profiles from the index (missing ones are ignored)."""

    @abstractmethod
    def rebuild(self, documents: Iterable[dict], progress: Callable[[int], None] | None = None) -> None:
        """Replace the whole index with these documents; `progress(n)` after each batch."""

    def refresh(self) -> None:
        """Make recent writes searchable now; a no-op where they already are."""

    @abstractmethod
    def status(self) -> dict:
        """A small, JSON-serialisable health report; never raises."""


def hit_from_document(doc: dict, score: float, reasons: list[str]) -> PersonHit:
    return PersonHit(key=doc["key"], name=doc["name"], title=doc["title"],
                     organisation=doc["organisation"]["name"], score=round(score, 4), reasons=reasons)
