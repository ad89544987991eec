from django import template
from django.utils.safestring import mark_safe

from feed.text import to_html

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
    from feed.queries import post_mentions

    if getattr(post, "linked_mentions", None) is None:
        request = context.get("request")
        post.linked_mentions = post_mentions(request.user, [post])[post.pk] if request is not None else {}
    return ""
