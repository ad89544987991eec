"""@mentions and #topics in user text: found when saving, turned into links when shown.

Only mentions that were stored (people who may read the post) become links; any other
@word stays plain text, so a mention never reveals or reaches someone outside the group.
"""

import re

from django.urls import reverse

from frontend.markdown import render

MENTION = re.compile(r"(?<![\w@/])@(\w[\w.-]*\w)", re.UNICODE)
TOPIC = re.compile(r"(?<![\w&#/])#(\w[\w-]{1,59})", re.UNICODE)


def mentioned_keys(text: str) -> set[str]:
    return {match.lower() for match in MENTION.findall(text or "")}


def topic_names(text: str) -> set[str]:
    return {match.lower() for match in TOPIC.findall(text or "")}


def to_html(text: str, mentioned: dict[str, str]) -> str:
    """Markdown to safe HTML, with stored mentions (key -> profile key) and every topic linked."""

    def mention(match):
        key = match.group(1).lower()
        if key not in mentioned:
            return match.group(0)
        return f"[@{key}]({reverse('people:profile', args=[mentioned[key]])})"

    def topic(match):
        return f"[#{match.group(1)}]({reverse('feed:topic', args=[match.group(1).lower()])})"

    linked = TOPIC.sub(topic, MENTION.sub(mention, text or ""))
    return render(linked)
