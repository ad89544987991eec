"""The unread total for the page header."""

from django import template

from messaging.queries import unread_total

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_messages(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_total(user) if user is not None and user.is_authenticated else 0
