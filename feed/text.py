"""@mentions and #topics in user text: found when saving, turned into links when shown.

Only mentions that were stored (people who may read the post) become links; any other
@word stays plain text, so a mention never reveals or reaches someone outside the group.
"""

import re

from django.urls import reverse

from frontend.markdown import render
from people.visibility import FORMER_MEMBER

MENTION = re.compile(r"(?<![\w@/])@(\w[\w.-]*\w)", re.UNICODE)
TOPIC = re.compile(r"(?<![\w&#/])#(\w[\w-]{1,59})", re.UNICODE)


def mentioned_keys(text: str) -> set[str]:
    return {match.lower() for match in MENTION.findall(text or "")}


def topic_names(text: str) -> set[str]:
    return {match.lower() for match in TOPIC.findall(text or "")}


def mask_mentions(text: str, mentioned: dict[str, str | None]) -> str:
    """The raw text (as the API gives it) with stored mentions of people the reader may no longer find
    (key -> None) replaced by "@former member"."""

    def mention(match):
        key = match.group(1).lower()
        return f"@{FORMER_MEMBER}" if key in mentioned and mentioned[key] is None else match.group(0)

    return MENTION.sub(mention, text or "")


def to_html(text: str, mentioned: dict[str, str | None]) -> str:
    """Markdown to safe HTML, with stored mentions (key -> profile key) and every topic linked. A stored
    mention of someone the reader may no longer find (key -> None) shows as "@former member", without
    their key or a link."""

    def mention(match):
        key = match.group(1).lower()
        if key not in mentioned:
            return match.group(0)
        if mentioned[key] is None:
            return f"@{FORMER_MEMBER}"
        return f"[@{key}]({reverse('people:profile', args=[mentioned[key]])})"

    def topic(match):
        return f"[#{match.group(1)}]({reverse('feed:topic', args=[match.group(1).lower()])})"

    linked = TOPIC.sub(topic, MENTION.sub(mention, text or ""))
    return render(linked)
