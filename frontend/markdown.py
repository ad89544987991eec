"""User text to safe HTML: Markdown rendered by markdown-it-py, then cleaned by nh3.

The allowlist is explicit (nh3's default keeps <img>, which would let posts load
remote images and track readers). Headings start at h3 so user content never
breaks the page's heading order.
"""

import functools

import nh3
from markdown_it import MarkdownIt

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


# Rendered HTML by source text, per process: a page renders each shown post, comment and message on every
# request, and markdown-it plus nh3 cost about 0.3 ms each. The output depends on the text alone (mentions
# are resolved for the reader before, in feed.text), so a remembered result is the one the sanitiser gave.
# Bounded: the 1,000 most recent texts, and long texts are not kept.
CACHED_ENTRIES = 1000
CACHED_LENGTH = 10_000


def render(text: str) -> str:
    text = text or ""
    return _cached_render(text) if len(text) <= CACHED_LENGTH else _render(text)


@functools.lru_cache(maxsize=CACHED_ENTRIES)
def _cached_render(text: str) -> str:
    return _render(text)


def _render(text: str) -> str:
    html = _renderer.render(text)
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
