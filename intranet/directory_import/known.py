"""What validation knows about every object a file mentions: its own lines first, then the
database, loaded with one query per type."""

from itertools import islice

from feed.models import Comment, Post
from groups.models import Group
from intranet.directory_import.fields import Boolean, Choice
from intranet.directory_import.parse import Record
from intranet.directory_import.schema import TYPES
from people.models import ExternalContact, Organisation, Partnership, Profile, Skill, Unit, User

# Per type: the model, and the facts (named like the import fields) the cross-line rules need.
DATABASE_FACTS = {
    "organisation": (Organisation, {"home": "is_home"}),
    "unit": (Unit, {"organisation": "organisation__key", "parent": "parent__key"}),
    "skill": (Skill, {}),
    "person": (
        Profile,
        {"organisation": "organisation__key", "unit": "unit__key", "guest": "user__is_guest", "email": "user__email"},
    ),
    "group": (Group, {}),
    "contact": (ExternalContact, {}),
    "partnership": (Partnership, {}),
    "post": (Post, {"kind": "kind", "title": "title"}),
    "comment": (Comment, {"post": "post__key"}),
}
CHUNK = 1000


def chunked(items, size: int = CHUNK):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Known:
    def __init__(self, records: list[Record]):
        self.in_file: dict[str, dict[str, Record]] = {name: {} for name in TYPES}
        for record in records:
            if record.key is not None:
                self.in_file[record.type].setdefault(record.key, record)
        self.in_database: dict[str, dict[str, dict]] = {name: {} for name in DATABASE_FACTS}
        self.email_owners: dict[str, str | None] = {}

    def load(self, wanted: dict[str, set[str]], emails: set[str]) -> None:
        """Fetch the facts of these keys (and the owners of these emails) from the database."""
        for name, keys in wanted.items():
            model, facts = DATABASE_FACTS[name]
            for chunk in chunked(sorted(keys)):
                for row in model.objects.filter(key__in=chunk).values("key", *facts.values()):
                    self.in_database[name][row["key"]] = {fact: row[column] for fact, column in facts.items()}
        for chunk in chunked(sorted(emails)):
            for email, profile_key in User.objects.filter(email__in=chunk).values_list("email", "profile__key"):
                self.email_owners[email] = profile_key

    def exists(self, name: str, key: str) -> bool:
        return key in self.in_file[name] or key in self.in_database.get(name, {})

    def in_db(self, name: str, key: str) -> bool:
        return key in self.in_database.get(name, {})

    def fact(self, name: str, key: str | None, fact: str):
        """The value a field will have after the import: from the file, else the database, else the default."""
        if key is None:
            return None
        record = self.in_file[name].get(key)
        if record is not None and fact in record.values:
            return record.values[fact]
        stored = self.in_database.get(name, {}).get(key)
        if stored is not None and fact in stored:
            return stored[fact]
        rule = TYPES[name].fields.get(fact)
        return rule.default if isinstance(rule, (Boolean, Choice)) else None
