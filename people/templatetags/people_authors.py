"""`{% shown_author user as who %}`: an author as the viewer may see them (people.visibility.shown_authors),
looked up once per author and request; `remember_shown_authors` looks up a whole page's authors at once."""

from django import template

from people.visibility import ShownAuthor, shown_authors

register = template.Library()


def remember_shown_authors(request, viewer, authors) -> dict[int, ShownAuthor]:
    """The request's cache of shown authors, with any of `authors` not in it yet looked up in one query."""
    cache = getattr(request, "_shown_authors", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._shown_authors = cache
    missing = [author for author in authors if author is not None and author.pk not in cache]
    if missing:
        cache.update(shown_authors(viewer, missing))
    return cache


@register.simple_tag(takes_context=True)
def shown_author(context, author):
    request = context.get("request")
    viewer = getattr(request, "user", None) or context.get("user")
    return remember_shown_authors(request, viewer, [author])[author.pk]
