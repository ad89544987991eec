"""`{% shown_author user as who %}`: an author as the viewer may see them (people.visibility.shown_authors),
looked up once per author and request."""

from django import template

from people.visibility import shown_authors

register = template.Library()


@register.simple_tag(takes_context=True)
def shown_author(context, author):
    request = context.get("request")
    viewer = getattr(request, "user", None) or context.get("user")
    cache = getattr(request, "_shown_authors", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._shown_authors = cache
    if author.pk not in cache:
        cache.update(shown_authors(viewer, [author]))
    return cache[author.pk]
