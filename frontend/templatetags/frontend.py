from django import template
from django.utils.safestring import mark_safe

from frontend import header, markdown

register = template.Library()


@register.filter(name="markdown")
def render_markdown(text: str) -> str:
    # Safe: frontend.markdown cleans the HTML with an explicit allowlist.
    return mark_safe(markdown.render(text))  # noqa: S308


@register.simple_tag
def header_nav_items() -> list[str]:
    """The templates of the registered navigation items (frontend/header.py), in their order."""
    return header.nav_items()


@register.simple_tag
def header_scripts() -> list[str]:
    return header.scripts()
