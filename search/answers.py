"""Evidence from answers: a document-first pass over questions and answers, aggregated by author.

Each answer to a question (a comment by someone other than the asker) is indexed with the
tokens of its whole thread (question title and text, and the answer). A query finds the
answers whose thread contains at least half of its words, only in groups the searcher may
read; per author they add up to an evidence score that both backends add to the person's
profile score, and to a reason ("Answered 3 questions about …, 2 accepted").

The answers live in database tables for both backends: they are few next to profiles, and
the same rows give both backends the same evidence.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q

from feed.models import Comment, Post
from people.models import Profile
from search import analysis
from search.models import AnswerDocument, AnswerTerm
from search.query import ParsedQuery

# An accepted answer counts twice.
ACCEPTED_QUALITY = 2.0
# Evidence = ANSWER_WEIGHT x query words x s / (s + 1), s = sum of (coverage x quality) over answers.
ANSWER_WEIGHT = 6.0
# At most this many authors' evidence is merged into a search (the strongest).
MAX_AUTHORS = 100
BATCH = 500


@dataclass(frozen=True)
class Evidence:
    questions: int  # distinct questions answered on the topic
    accepted: int  # of which the answer was accepted
    score: float


def _thread_rows(post_ids: Iterable[int]) -> list[tuple[AnswerDocument, set[str]]]:
    # Hidden (moderated) questions and answers are read by the group's moderators only: never evidence.
    posts = Post.objects.filter(pk__in=list(post_ids), kind=Post.Kind.QUESTION, hidden_at__isnull=True)
    comments = (
        Comment.objects.filter(post__in=posts, hidden_at__isnull=True)
        .exclude(author_id=F("post__author_id"))
        .select_related("post")
    )
    profile_ids = dict(Profile.objects.filter(user_id__in={c.author_id for c in comments}).values_list("user_id", "pk"))
    rows = []
    for comment in comments:
        if comment.author_id not in profile_ids:
            continue
        post = comment.post
        tokens = set(analysis.text_tokens(f"{post.title} {post.body} {comment.body}"))
        rows.append(
            (
                AnswerDocument(
                    comment_id=comment.pk,
                    post_id=post.pk,
                    group_id=post.group_id,
                    author_profile_id=profile_ids[comment.author_id],
                    accepted=post.accepted_answer_id == comment.pk,
                ),
                tokens,
            )
        )
    return rows


def _insert(rows: list[tuple[AnswerDocument, set[str]]]) -> None:
    created = AnswerDocument.objects.bulk_create([document for document, _ in rows])
    AnswerTerm.objects.bulk_create(
        [
            AnswerTerm(answer=document, term=term)
            for document, (_, tokens) in zip(created, rows, strict=True)
            for term in tokens
        ],
        batch_size=2000,
    )


def index_posts(post_ids: Iterable[int]) -> None:
    """Bring the answers of these posts up to date (deleted posts and comments leave)."""
    post_ids = list(post_ids)
    with transaction.atomic():
        AnswerDocument.objects.filter(post_id__in=post_ids).delete()
        _insert(_thread_rows(post_ids))


def rebuild() -> int:
    """Every answer again, from the database; returns how many were indexed."""
    question_ids = list(Post.objects.filter(kind=Post.Kind.QUESTION).values_list("pk", flat=True))
    total = 0
    with transaction.atomic():
        AnswerDocument.objects.all().delete()
        for start in range(0, len(question_ids), BATCH):
            rows = _thread_rows(question_ids[start : start + BATCH])
            _insert(rows)
            total += len(rows)
    return total


def evidence(parsed: ParsedQuery, readable_group_ids: frozenset[int] | None) -> dict[int, Evidence]:
    """Profile id -> evidence from answers in the groups given (None: every group)."""
    if parsed.is_empty or readable_group_ids is not None and not readable_group_ids:
        return {}
    wanted = Q()
    for word in parsed.words:
        if word.terms:
            wanted |= Q(term__in=list(word.terms))
        for prefix in word.prefixes:
            wanted |= Q(term__startswith=prefix)
    if not wanted:
        return {}
    rows = AnswerTerm.objects.filter(wanted)
    if readable_group_ids is not None:
        rows = rows.filter(answer__group_id__in=sorted(readable_group_ids))
    # The answer's post, author and acceptance come in the same rows: a second query by answer id would
    # send thousands of ids back to the database for a common word.
    matched_terms: dict[int, set[str]] = defaultdict(set)
    answers: dict[int, tuple[int, int, bool]] = {}
    for answer_id, term, post_id, author, accepted in rows.values_list(
        "answer_id", "term", "answer__post_id", "answer__author_profile_id", "answer__accepted"
    ):
        matched_terms[answer_id].add(term)
        answers[answer_id] = (post_id, author, accepted)
    if not matched_terms:
        return {}
    words = len(parsed.words)
    needed = max(1, math.ceil(words / 2))
    coverage: dict[int, float] = {}
    for answer_id, terms in matched_terms.items():
        matched = sum(1 for word in parsed.words if word.matches(terms))
        if matched >= needed:
            coverage[answer_id] = matched / words
    if not coverage:
        return {}
    per_author: dict[int, dict] = defaultdict(lambda: {"sum": 0.0, "posts": set(), "accepted": set()})
    for answer_id in coverage:
        post_id, author, accepted = answers[answer_id]
        entry = per_author[author]
        entry["sum"] += coverage[answer_id] * (ACCEPTED_QUALITY if accepted else 1.0)
        entry["posts"].add(post_id)
        if accepted:
            entry["accepted"].add(post_id)
    found = {
        author: Evidence(
            questions=len(entry["posts"]),
            accepted=len(entry["accepted"]),
            score=round(ANSWER_WEIGHT * words * entry["sum"] / (entry["sum"] + 1.0), 4),
        )
        for author, entry in per_author.items()
    }
    strongest = sorted(found, key=lambda author: (-found[author].score, author))[:MAX_AUTHORS]
    return {author: found[author] for author in strongest}
