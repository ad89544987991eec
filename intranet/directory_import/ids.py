"""Resolving keys to database ids while writing: objects just written are remembered, the rest
(references to what the database already held) are fetched in one query per type."""

from feed.models import Comment, Post
from groups.models import Group
from intranet.directory_import.known import chunked
from people.models import ExternalContact, Interaction, Organisation, Partnership, Profile, Skill, Unit

MODELS = {
    "organisation": Organisation,
    "unit": Unit,
    "skill": Skill,
    "person": Profile,
    "group": Group,
    "contact": ExternalContact,
    "interaction": Interaction,
    "partnership": Partnership,
    "post": Post,
    "comment": Comment,
}


class Ids:
    def __init__(self, referenced: dict[str, set[str]]):
        self.referenced = referenced
        self.pks: dict[str, dict[str, int]] = {name: {} for name in MODELS}
        # A person is a profile for contacts and interactions, and a user for posts and groups.
        self.user_pks: dict[str, int] = {}

    def remember(self, name: str, objects: dict) -> None:
        for key, obj in objects.items():
            self.pks[name][key] = obj.pk
            if name == "person":
                self.user_pks[key] = obj.user_id

    def get(self, name: str, key: str | None) -> int | None:
        if key is None:
            return None
        if key not in self.pks[name]:
            self._load(name)
        return self.pks[name][key]

    def user(self, key: str) -> int:
        if key not in self.user_pks:
            self._load("person")
        return self.user_pks[key]

    def _load(self, name: str) -> None:
        missing = self.referenced.get(name, set()) - set(self.pks[name])
        columns = ("key", "pk", "user_id") if name == "person" else ("key", "pk")
        for chunk in chunked(sorted(missing)):
            for row in MODELS[name].objects.filter(key__in=chunk).values_list(*columns):
                self.pks[name][row[0]] = row[1]
                if name == "person":
                    self.user_pks[row[0]] = row[2]
