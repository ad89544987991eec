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
