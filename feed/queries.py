"""Reading posts: only from groups whose content the user may read. Hidden posts and
comments are shown to the group's moderators only."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from feed.models import Attachment, Comment, Mention, Post, Report, Topic
from groups.queries import groups_of, managed_group_ids, readable_groups
from people.visibility import shown_authors


def moderated_group_ids(user) -> list[int]:
    # A list read once per request (groups.queries), not a subquery in each of the page's queries.
    return managed_group_ids(user)


def readable_posts(user) -> QuerySet[Post]:
    return Post.objects.filter(group__in=readable_groups(user)).filter(
        Q(hidden_at__isnull=True) | Q(group_id__in=moderated_group_ids(user))
    )


def _visible_comments(user) -> QuerySet[Comment]:
    return Comment.objects.filter(Q(hidden_at__isnull=True) | Q(post__group_id__in=moderated_group_ids(user)))


def _comment_count(**filters):
    """The post's comments, counted in a subquery per post shown: a Count() over a join grouped every
    readable post (500,000 in the page-speed bench) before the page kept its ten."""
    counted = (
        Comment.objects.filter(post=OuterRef("pk"), **filters)
        .order_by()
        .values("post")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _listing(posts: QuerySet[Post]) -> QuerySet[Post]:
    return (
        posts.select_related("group", "author__profile", "accepted_answer")
        .prefetch_related("attachments", "topics")
        .annotate(comment_count=_comment_count(hidden_at__isnull=True))
    )


def posts_for_group(user, group, limit: int = 30) -> QuerySet[Post]:
    return _listing(readable_posts(user).filter(group=group))[:limit]


def _mention_map(mentions, shown) -> dict[str, str | None]:
    """Stored mentions become links only to people the reader may still find (people.visibility); the
    others map to None, shown as "@former member"."""
    return {m.user.profile.key.lower(): shown[m.user_id].key for m in mentions if hasattr(m.user, "profile")}


def post_mentions(user, posts, authors=()) -> dict[int, dict[str, str | None]]:
    """For each post (by id), its stored mentions as the reader may see them (see _mention_map). The
    listing's `authors` are looked up in the same query (shown_authors remembers them for the page)."""
    mentions = list(Mention.objects.filter(post__in=posts, comment__isnull=True).select_related("user__profile"))
    shown = shown_authors(user, [m.user for m in mentions] + list(authors))
    return {post.pk: _mention_map((m for m in mentions if m.post_id == post.pk), shown) for post in posts}


def get_readable_post(user, pk: int) -> Post:
    comments = Prefetch(
        "comments",
        queryset=_visible_comments(user)
        .select_related("author__profile")
        .annotate(vote_count=Count("votes"))
        .order_by("created_at", "id"),
    )
    post = (
        readable_posts(user)
        .select_related("group", "author__profile")
        .prefetch_related(comments, "attachments", "topics", "reactions")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise Http404("No such post.")
    mentions = list(Mention.objects.filter(post=post).select_related("user__profile"))
    # The post's and the comments' authors in the same query as the mentioned people (the page shows them).
    authors = [post.author, *(comment.author for comment in post.comments.all())]
    shown = shown_authors(user, [m.user for m in mentions] + authors)
    # Per-reader attributes the templates read (the mention links this reader may follow).
    post.linked_mentions = _mention_map((m for m in mentions if m.comment_id is None), shown)  # type: ignore[attr-defined]
    for comment in post.comments.all():
        linked = _mention_map((m for m in mentions if m.comment_id == comment.pk), shown)
        comment.linked_mentions = linked  # type: ignore[attr-defined]
    return post


def get_readable_comment(user, post: Post, pk: int) -> Comment:
    comment = _visible_comments(user).filter(post=post, pk=pk).select_related("post__group").first()
    if comment is None:
        raise Http404("No such comment.")
    return comment


def get_readable_attachment(user, pk: int) -> Attachment:
    attachment = Attachment.objects.filter(pk=pk, post__in=readable_posts(user)).first()
    if attachment is None:
        raise Http404("No such file.")
    return attachment


def home_feed(user) -> QuerySet[Post]:
    """Posts of the user's groups and of the topics they follow (where they may read), newest first."""
    # Two IN subqueries and no join: the newest-first index then finds the first ten without reading
    # every readable post (a join through topics and followers needed DISTINCT over all of them).
    followed = (
        Q(pk__in=Topic.posts.through.objects.filter(topic__followers=user).values("post_id"))
        if user.is_authenticated
        else Q(pk__in=[])
    )
    mine = Q(group__in=groups_of(user))
    return _listing(readable_posts(user).filter(mine | followed)).order_by("-created_at", "-id")


def topic_posts(user, name: str) -> QuerySet[Post]:
    return _listing(readable_posts(user).filter(topics__name=name)).order_by("-created_at", "-id")


def recent_questions(user, limit: int = 5) -> QuerySet[Post]:
    return (
        readable_posts(user)
        .filter(kind=Post.Kind.QUESTION)
        .select_related("group", "author__profile")
        .annotate(answer_count=_comment_count())[:limit]
    )


def open_questions(user) -> QuerySet[Post]:
    return readable_posts(user).filter(kind=Post.Kind.QUESTION, accepted_answer__isnull=True)


def questions_i_could_answer(user, limit: int = 6) -> QuerySet[Post]:
    """Open questions the expertise search suggested this user for, most overdue first."""
    return (
        open_questions(user)
        .filter(suggested_experts__user=user)
        .exclude(author=user)
        .select_related("group")
        .annotate(answer_count=_comment_count())
        .order_by("answer_due_at")[:limit]
    )


def escalated_questions(user) -> QuerySet[Post]:
    """Unanswered questions past their promise, in the groups this user moderates."""
    return (
        open_questions(user)
        .filter(escalated_at__isnull=False, group_id__in=moderated_group_ids(user))
        .select_related("group")
        .order_by("answer_due_at")
    )


def open_reports(user) -> QuerySet[Report]:
    """The moderation queue: open reports in the groups this user moderates."""
    return (
        Report.objects.filter(resolved_at__isnull=True, post__group_id__in=moderated_group_ids(user))
        .select_related("post__group", "comment", "reporter")
        .order_by("created_at")
    )


def follows_topic(user, name: str) -> bool:
    return Topic.objects.filter(name=name, followers=user).exists()


def _unanswered_questions() -> QuerySet[Post]:
    return Post.objects.filter(kind=Post.Kind.QUESTION, accepted_answer__isnull=True, hidden_at__isnull=True)


def questions_asked_by(user, viewer=None) -> QuerySet[Post]:
    """Open questions the user asked, and those they took over from an earlier leaver (a chain of
    handovers). With a viewer, only those the viewer may read."""
    posts = (
        _unanswered_questions()
        .filter(Q(author=user, asker_successor__isnull=True) | Q(asker_successor=user))
        .select_related("group")
        .order_by("-created_at")
    )
    return posts if viewer is None else posts.filter(pk__in=readable_posts(viewer).values("pk"))


def questions_suggested_to(user, viewer=None) -> QuerySet[Post]:
    """Open questions of others the user was suggested to answer and has not answered yet. With a viewer,
    only those the viewer may read."""
    answered = Comment.objects.filter(post=OuterRef("pk"), author=user)
    posts = (
        _unanswered_questions()
        .filter(suggested_experts__user=user)
        .exclude(author=user)
        .exclude(Exists(answered))
        .select_related("group")
        .order_by("-created_at")
    )
    return posts if viewer is None else posts.filter(pk__in=readable_posts(viewer).values("pk"))
