"""What an import run tells its operator: the problems found, or what it wrote."""

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Issue:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        if self.field:
            return f"line {self.line}: {self.field}: {self.message}"
        return f"line {self.line}: {self.message}"


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class ImportReport:
    issues: list[Issue] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)
    lines: int = 0
    applied: bool = False
    # Set when the import was saved but the search index could not be rebuilt afterwards.
    search_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values())

    def counts_dict(self) -> dict[str, dict[str, int]]:
        return {name: counts.as_dict() for name, counts in self.counts.items()}

    def summary(self) -> list[str]:
        return [
            f"{name}: created {c.created}, updated {c.updated}, unchanged {c.unchanged}"
            for name, c in self.counts.items()
        ]
