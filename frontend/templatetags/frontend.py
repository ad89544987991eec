from django import template
from django.utils.safestring import mark_safe

from frontend import markdown

register = template.Library()


@register.filter(name="markdown")
def render_markdown(text: str) -> str:
    # Safe: frontend.markdown cleans the HTML with an explicit allowlist.
    return mark_safe(markdown.render(text))  # noqa: S308
