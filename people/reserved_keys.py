"""Keys that would be shadowed by a fixed address of the people pages: `/people/me/` is the edit page,
never a person keyed "me"; `/people/contacts/new/` is the form, never a contact keyed "new". The words
are read from the routes of the `people` namespace (people/urls.py and the pages intranet/urls.py adds to
it), so a new fixed page protects its word at once."""

from functools import cache

from django.db.models import Model
from django.urls import get_resolver

# The part of people/urls.py under which each kind of object has its own key (profiles at the top).
PREFIXES = {
    "person": "",
    "contact": "contacts/",
    "partnership": "partnerships/",
    "organisation": "organisations/",
    "interaction": "interactions/",
}


@cache
def fixed_words(prefix: str) -> frozenset[str]:
    """The literal path segments that follow `prefix` among the routes of the people pages. Read from the
    URLconf when first asked (not imported: the URLconf imports the views, which import the models)."""
    _, people_routes = get_resolver().namespace_dict["people"]
    words = set()
    for pattern in people_routes.url_patterns:
        route = str(pattern.pattern)
        if not route.startswith(prefix):
            continue
        segment = route[len(prefix) :].split("/", 1)[0]
        if segment and "<" not in segment:
            words.add(segment.lower())
    return frozenset(words)


def is_reserved(kind: str, key: str) -> bool:
    """Compared without case, so "Me" is refused too (it would only confuse)."""
    return kind in PREFIXES and key.lower() in fixed_words(PREFIXES[kind])


def unique_key(model: type[Model], kind: str, base: str) -> str:
    """`base`, or `base-2`, `base-3`... : neither a fixed word nor a key in use."""
    candidate, n = base, 1
    while is_reserved(kind, candidate) or model.objects.filter(key=candidate).exists():
        n += 1
        candidate = f"{base[:95]}-{n}"
    return candidate
