"""Small builders for test data. They write through the ORM directly: tests of the
services call the services; these only set the scene."""

import itertools
from datetime import datetime

from django.utils import timezone

from feed.models import Comment, Post
from groups.models import Group, Membership
from people.models import Organisation, Profile, ProfileSkill, Skill, Unit, User

_counter = itertools.count(1)
PASSWORD = "correct-horse-battery"


def organisation(
    key: str | None = None, name: str | None = None, *, home: bool = True, kind: str = Organisation.Kind.MUNICIPALITY
) -> Organisation:
    n = next(_counter)
    key = key or f"org-{n}"
    org, _ = Organisation.objects.get_or_create(
        key=key, defaults={"name": name or f"Organisation {n}", "kind": kind, "is_home": home}
    )
    return org


def unit(org: Organisation, name: str = "Unit") -> Unit:
    return Unit.objects.create(key=f"unit-{next(_counter)}", organisation=org, name=name)


def skill(key: str, fi: str, sv: str, en: str, synonyms: list[str] | None = None) -> Skill:
    obj, _ = Skill.objects.get_or_create(
        key=key, defaults={"label_fi": fi, "label_sv": sv, "label_en": en, "synonyms": synonyms or []}
    )
    return obj


def person(
    first: str = "Test",
    last: str | None = None,
    *,
    org: Organisation | None = None,
    key: str | None = None,
    guest: bool = False,
    title: str = "",
    help_with: str = "",
    skills: dict[Skill, int] | None = None,
    email: str | None = None,
    active: bool = True,
) -> User:
    n = next(_counter)
    last = last or f"Person{n}"
    key = key or f"{first}.{last}".lower()
    user = User.objects.create_user(
        email=email or f"{key}@example.test",
        password=PASSWORD,
        first_name=first,
        last_name=last,
        is_guest=guest,
        is_active=active,
    )
    profile = Profile.objects.create(
        key=key,
        user=user,
        organisation=org or organisation(home=not guest),
        title=title,
        help_with=help_with,
        languages=["fi"],
    )
    for skill_obj, level in (skills or {}).items():
        ProfileSkill.objects.create(profile=profile, skill=skill_obj, level=level)
    return user


def group(
    key: str | None = None,
    name: str | None = None,
    *,
    visibility: str = Group.Visibility.PUBLIC,
    members: dict[User, str] | None = None,
) -> Group:
    n = next(_counter)
    obj = Group.objects.create(key=key or f"group-{n}", name=name or f"Group {n}", visibility=visibility)
    for user, role in (members or {}).items():
        Membership.objects.create(group=obj, user=user, role=role)
    return obj


def post(
    group_obj: Group,
    author: User,
    body: str = "Hello",
    *,
    question: bool = False,
    title: str = "",
    at: datetime | None = None,
) -> Post:
    return Post.objects.create(
        group=group_obj,
        author=author,
        body=body,
        title=title,
        kind=Post.Kind.QUESTION if question else Post.Kind.POST,
        created_at=at or timezone.now(),
    )


def comment(post_obj: Post, author: User, body: str = "Reply") -> Comment:
    return Comment.objects.create(post=post_obj, author=author, body=body, created_at=timezone.now())
