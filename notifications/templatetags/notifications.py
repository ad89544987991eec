from django import template

from notifications.queries import unread_count_for

register = template.Library()


@register.inclusion_tag("notifications/_nav_item.html", takes_context=True)
def notifications_nav_item(context):
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread": unread_count_for(user)}
