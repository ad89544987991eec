from django import template
from django.utils.safestring import mark_safe

from feed.queries import post_mentions
from feed.text import to_html
from people.templatetags.people_authors import remember_shown_authors

register = template.Library()


@register.filter
def feed_html(item) -> str:
    """A post's or comment's body as safe HTML with its mentions and topics linked."""
    mentions = getattr(item, "linked_mentions", None)
    if mentions is None:
        mentions = {}
    return mark_safe(to_html(item.body, mentions))  # noqa: S308 - cleaned by nh3 in frontend.markdown


@register.simple_tag(takes_context=True)
def viewer_mentions(context, post) -> str:
    """For a listing: the post's stored mentions as the reader may see them (a person they may no longer
    find is "@former member"), unless the query already set them. Renders nothing."""

    if getattr(post, "linked_mentions", None) is None:
        request = context.get("request")
        post.linked_mentions = post_mentions(request.user, [post])[post.pk] if request is not None else {}
    return ""


@register.simple_tag(takes_context=True)
def prepare_post_listing(context, posts) -> str:
    """Before a listing's loop: the mentions and authors of every post, as the reader may see them, in a
    few queries for the whole page rather than a few per post (viewer_mentions and shown_author then find
    them ready). `posts` must be the same objects the loop renders (an evaluated page or queryset)."""

    request = context.get("request")
    posts = [post for post in posts if getattr(post, "linked_mentions", None) is None] if request else []
    if posts:
        authors = [post.author for post in posts]
        mentions = post_mentions(request.user, posts, authors)
        for post in posts:
            post.linked_mentions = mentions[post.pk]
        remember_shown_authors(request, request.user, authors)
    return ""


@register.simple_tag(takes_context=True)
def prepare_authors(context, items) -> str:
    """Before a loop over comments or answers: their authors as the reader may see them, in one query."""

    request = context.get("request")
    if request is not None:
        remember_shown_authors(request, request.user, [item.author for item in items])
    return ""
