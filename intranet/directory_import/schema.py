"""The import format: which types a line may have and which fields each type takes.

docs/import-format.md describes the same rules for people; keep the two in step.
"""

from dataclasses import dataclass

from feed.models import Post
from groups.models import Group, Membership
from intranet.directory_import.fields import (
    Boolean,
    Choice,
    Country,
    Date,
    DateTime,
    Email,
    Field,
    Key,
    Ref,
    RefList,
    SkillList,
    Text,
    TextList,
    Url,
)
from people.models import ExternalContact, Interaction, Organisation, Partnership
from people.models.profiles import LANGUAGE_CHOICES

# The same limit the feed's services put on a post or comment.
MAX_BODY = 20_000


@dataclass(frozen=True)
class TypeSpec:
    name: str
    fields: dict[str, Field]

    def references(self, values: dict) -> list[tuple[str, str, str]]:
        """(field path, type, key) for every reference in a line's cleaned values."""
        found = []
        for name, value in values.items():
            for path, target, key in self.fields[name].references(value):
                found.append((name + path, target, key))
        return found


def _spec(type_name: str, /, **fields: Field) -> TypeSpec:
    return TypeSpec(type_name, {"type": Text(required=True), **fields})


TYPES: dict[str, TypeSpec] = {
    spec.name: spec
    for spec in [
        _spec(
            "organisation",
            key=Key(required=True),
            name=Text(200, required=True),
            kind=Choice(Organisation.Kind.choices, required=True),
            home=Boolean(False),
            country=Country(),
            business_id=Text(30),
            website=Url(),
            email_domains=TextList(253),
        ),
        _spec(
            "unit",
            key=Key(required=True),
            organisation=Ref("organisation", required=True),
            name=Text(200, required=True),
            parent=Ref("unit"),
        ),
        _spec(
            "skill",
            key=Key(required=True),
            label_fi=Text(120, required=True),
            label_sv=Text(120, required=True),
            label_en=Text(120, required=True),
            synonyms=TextList(120),
        ),
        _spec(
            "person",
            key=Key(required=True),
            email=Email(required=True),
            first_name=Text(150, required=True),
            last_name=Text(150, required=True),
            organisation=Ref("organisation", required=True),
            unit=Ref("unit"),
            title=Text(200),
            languages=TextList(choices=LANGUAGE_CHOICES),
            help_with=Text(),
            bio=Text(),
            phone=Text(40),
            responsibilities=Text(),
            manager=Ref("person"),
            out_of_office_until=Date(),
            stand_in=Ref("person"),
            leaving_on=Date(),
            left_on=Date(),
            successor=Ref("person"),
            skills=SkillList(),
            guest=Boolean(False),
            active=Boolean(True),
        ),
        _spec(
            "group",
            key=Key(required=True),
            name=Text(200, required=True),
            description=Text(),
            visibility=Choice(Group.Visibility.choices, Group.Visibility.PUBLIC),
            organisations=RefList("organisation"),
        ),
        _spec(
            "membership",
            # A membership has no key of its own: it is the pair "group/person".
            key=Text(),
            group=Ref("group", required=True),
            person=Ref("person", required=True),
            role=Choice(Membership.Role.choices, Membership.Role.MEMBER),
        ),
        _spec(
            "contact",
            key=Key(required=True),
            name=Text(200, required=True),
            organisation=Ref("organisation"),
            role=Text(200),
            email=Email(),
            phone=Text(40),
            added_by=Ref("person"),
            known_by=RefList("person"),
            source=Text(200),
            source_kind=Choice([("", ""), *ExternalContact.SourceKind.choices], ""),
            partnership=Ref("partnership"),
            consent_given_on=Date(),
            consent_note=Text(300),
            legal_basis=Choice(ExternalContact.LegalBasis.choices, ExternalContact.LegalBasis.LEGITIMATE_INTEREST),
            visibility=Choice(ExternalContact.Visibility.choices, ExternalContact.Visibility.ORGANISATION),
        ),
        _spec(
            "interaction",
            key=Key(required=True),
            kind=Choice(Interaction.Kind.choices, required=True),
            date=Date(required=True),
            organisation=Ref("organisation"),
            summary=Text(),
            participants=RefList("person"),
            contacts=RefList("contact"),
            recorded_by=Ref("person"),
        ),
        _spec(
            "partnership",
            key=Key(required=True),
            name=Text(200, required=True),
            kind=Choice(Partnership.Kind.choices, required=True),
            description=Text(),
            starts_on=Date(),
            ends_on=Date(),
            organisations=RefList("organisation"),
            people=RefList("person"),
        ),
        _spec(
            "post",
            key=Key(required=True),
            group=Ref("group", required=True),
            author=Ref("person", required=True),
            kind=Choice(Post.Kind.choices, Post.Kind.POST),
            title=Text(200),
            body=Text(MAX_BODY, required=True),
            created_at=DateTime(),
            accepted_answer=Ref("comment"),
        ),
        _spec(
            "comment",
            key=Key(required=True),
            post=Ref("post", required=True),
            author=Ref("person", required=True),
            body=Text(MAX_BODY, required=True),
            created_at=DateTime(),
        ),
    ]
}

# The order in which types are written, so that a line's references exist before it.
# (A unit's parent, a person's manager, stand-in and successor, and a post's accepted answer are set in a
# second pass.)
APPLY_ORDER = [
    "organisation",
    "skill",
    "unit",
    "person",
    "group",
    "membership",
    "partnership",
    "contact",
    "interaction",
    "post",
    "comment",
]


def membership_key(group: str, person: str) -> str:
    return f"{group}/{person}"
