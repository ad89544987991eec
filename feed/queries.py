"""Reading posts: only from groups whose content the user may read."""

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from feed.models import Comment, Post
from groups.queries import readable_groups


def readable_posts(user) -> QuerySet[Post]:
    return Post.objects.filter(group__in=readable_groups(user))


def posts_for_group(user, group, limit: int = 30) -> QuerySet[Post]:
    return (
        readable_posts(user)
        .filter(group=group)
        .select_related("author__profile", "accepted_answer")
        .annotate(comment_count=Count("comments"))[:limit]
    )


def get_readable_post(user, pk: int) -> Post:
    comments = Prefetch("comments", queryset=Comment.objects.select_related("author__profile"))
    post = (
        readable_posts(user).select_related("group", "author__profile").prefetch_related(comments)
        .filter(pk=pk).first()
    )
    if post is None:
        raise Http404("No such post.")
    return post


def recent_questions(user, limit: int = 5) -> QuerySet[Post]:
    return (
        readable_posts(user)
        .filter(kind=Post.Kind.QUESTION)
        .select_related("group", "author__profile")
        .annotate(answer_count=Count("comments"))[:limit]
    )
