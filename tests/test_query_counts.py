"""Queries per page do not grow with the data: each page the page-speed budget covers (docs/performance.md)
is asked for in a small and a ten times bigger scene, and must make the same number of SQL queries
(an N+1, a query per post, answer, member or message, fails here), and at most a ceiling.

The second request of each page is counted: the first fills per-process caches (content types, the
Wagtail site) that every later request reuses.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feed.models import AnswerVote, Mention, Reaction, Topic
from groups.models import Membership
from messaging import services as messaging_services
from messaging.models import Message
from notifications.models import Notification
from search.sync import reindex_all
from tests import factories

SMALL, BIG = 3, 30
# The most queries each page may make; what they are is in docs/performance.md. Listings pay one for the
# read-time rule on authors and mentions together (people.visibility.shown_authors), every logged-in page
# one for the viewer's memberships (read once per request, groups.queries), search a few for re-checking
# its hits against the database.
CEILINGS = {
    "home": 19,
    "search": 29,
    "profile": 11,
    "group": 16,
    "question": 15,
    "conversation": 12,
    "notifications": 9,
    # The sign-in services: allauth lists them for their buttons, and the form-action policy names their origins.
    "login": 2,
}
PAGES = list(CEILINGS)


def build_scene(size: int) -> dict:
    """A viewer in a busy group: `size` colleagues, posts, answers, messages, notifications."""
    org = factories.organisation(f"scene-{size}")
    expertise = factories.skill(f"procurement-{size}", "Hankinnat", "Upphandling", "Procurement")
    viewer = factories.person("Viewer", "Reader", org=org, key=f"viewer-{size}")
    colleagues = [
        factories.person(
            "Colleague",
            f"Number{n}",
            org=org,
            key=f"colleague-{size}-{n}",
            help_with="kilpailutus ja hankinnat",
            skills={expertise: 3},
        )
        for n in range(size)
    ]
    group = factories.group(f"busy-{size}", "Busy group", members={viewer: Membership.Role.MEMBER})
    for colleague in colleagues:
        Membership.objects.create(group=group, user=colleague, role=Membership.Role.MEMBER)
    # Other groups the viewer and the profile's person are in.
    for n in range(size):
        factories.group(
            f"side-{size}-{n}",
            f"Side group {n}",
            members={viewer: Membership.Role.MEMBER, colleagues[0]: Membership.Role.MEMBER},
        )
    topic = Topic.objects.create(name=f"hankinnat{size}")
    topic.followers.add(viewer)
    for n, colleague in enumerate(colleagues):
        post = factories.post(group, colleague, f"Post {n} about #hankinnat{size} @viewer-{size}")
        topic.posts.add(post)
        Mention.objects.create(post=post, user=viewer)
        Reaction.objects.create(post=post, user=viewer, kind=Reaction.Kind.LIKE)
        factories.comment(post, colleagues[(n + 1) % size], "A comment")
    question = factories.post(group, viewer, "How do we tender school meals?", question=True, title="Tendering")
    for n, colleague in enumerate(colleagues):
        answer = factories.comment(question, colleague, f"Answer {n} by @viewer-{size}'s colleague")
        AnswerVote.objects.create(comment=answer, user=viewer)
        Mention.objects.create(post=question, comment=answer, user=viewer)
        Reaction.objects.create(post=question, user=colleague, kind=Reaction.Kind.THANKS)
    conversation = messaging_services.start_direct(viewer, colleagues[0])
    for n in range(size):
        messaging_services.send_message(viewer if n % 2 else colleagues[0], conversation.pk, f"c{n}", f"Message {n}")
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(recipient=viewer, kind=kind, actor=colleague, group=group, post=question, created_at=now)
            for colleague in colleagues
            for kind in (Notification.Kind.ANSWER, Notification.Kind.MENTION)
        ]
    )
    reindex_all()
    return {
        "viewer": viewer,
        "profile": colleagues[0].profile.key,
        "group": group.key,
        "question": question.pk,
        "conversation": conversation.pk,
    }


def path_of(page: str, scene: dict) -> str:
    return {
        "home": "/",
        "search": "/search/?q=hankinnat",
        "profile": f"/people/{scene['profile']}/",
        "group": f"/groups/{scene['group']}/",
        "question": f"/posts/{scene['question']}/",
        "conversation": f"/messages/{scene['conversation']}/",
        "notifications": "/notifications/",
        "login": "/accounts/login/",
    }[page]


def count_queries(client, page: str, scene: dict) -> tuple[int, list[str]]:
    path = path_of(page, scene)
    if page == "login":
        client.logout()
    else:
        client.force_login(scene["viewer"])
    first = client.get(path)
    assert first.status_code == 200, (page, first.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (page, response.status_code)
    return len(queries), [query["sql"] for query in queries.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [SMALL, BIG])
def test_pages_answer_with_their_content(client, size):
    scene = build_scene(size)
    client.force_login(scene["viewer"])
    home = client.get("/")
    assert home.status_code == 200
    assert f"Post {size - 1} about".encode() in home.content  # the newest
    question = client.get(path_of("question", scene))
    assert question.status_code == 200
    assert f"Answer {size - 1} by".encode() in question.content
    conversation = client.get(path_of("conversation", scene))
    assert conversation.status_code == 200
    assert f"Message {size - 1}".encode() in conversation.content
    assert Message.objects.filter(conversation_id=scene["conversation"]).count() == size


@pytest.mark.django_db
def test_queries_per_page_do_not_grow_with_the_data(client):
    # Both scenes side by side (built once: building is the slow part): the second ten times bigger.
    small_scene, big_scene = build_scene(SMALL), build_scene(BIG)
    problems = []
    for page in PAGES:
        small, _ = count_queries(client, page, small_scene)
        big, sql = count_queries(client, page, big_scene)
        if big != small:
            problems.append(f"{page}: {small} queries with {SMALL} items, {big} with {BIG}:\n" + "\n".join(sql))
        elif big > CEILINGS[page]:
            problems.append(f"{page}: {big} queries, ceiling {CEILINGS[page]}:\n" + "\n".join(sql))
    assert not problems, "\n\n".join(problems)
