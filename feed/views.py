from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.view_errors import shown_errors
from feed import promise, queries, services
from feed.forms import CommentForm, EditForm, ReasonForm
from feed.models import Reaction
from feed.text import TOPIC
from files import previews, responses
from groups import queries as group_queries
from people.queries import visible_profiles

PAGE_SIZE = 20


def detail(request, pk: int):
    post = queries.get_readable_post(request.user, pk)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with shown_errors(request, form, "body") as call:
            services.add_comment(request.user, post, form.cleaned_data["body"])
        if call.ok:
            messages.success(request, _("Your reply was posted."))
            return redirect("feed:detail", pk=post.pk)
    role = group_queries.role_of(request.user, post.group)
    moderator = group_queries.can_moderate(request.user, post.group)
    reactions = {kind: {"label": label, "count": 0, "mine": False} for kind, label in Reaction.Kind.choices}
    for reaction in post.reactions.all():
        reactions[reaction.kind]["count"] += 1
        reactions[reaction.kind]["mine"] |= reaction.user_id == request.user.pk
    my_votes = set(request.user.pk and post.comments.filter(votes__user=request.user).values_list("pk", flat=True))
    context = {
        "post": post,
        "comments": post.comments.all(),
        "form": form,
        "can_reply": role is not None,
        "is_member": role is not None,
        "moderator": moderator,
        "can_change_post": post.author_id == request.user.pk or moderator,
        "can_accept": post.is_question and (post.acts_as_asker(request.user) or moderator),
        "reactions": reactions,
        "my_votes": my_votes,
        # Only people this reader may see (a guest in a public group must not learn other staff's names).
        "experts": post.suggested_experts.select_related("user__profile").filter(
            user__profile__in=visible_profiles(request.user)
        )
        if post.is_question
        else [],
        "promise_days": promise.working_days(),
        "reason_form": ReasonForm(),
    }
    return render(request, "feed/post_detail.html", context, status=400 if form.errors else 200)


@require_POST
def accept(request, pk: int, comment_pk: int):
    post = queries.get_readable_post(request.user, pk)
    comment = queries.get_readable_comment(request.user, post, comment_pk)
    with shown_errors(request) as call:
        services.accept_answer(request.user, post, comment)
    if call.ok:
        messages.success(request, _("The answer was accepted."))
    return redirect("feed:detail", pk=post.pk)


def edit(request, pk: int, comment_pk: int | None = None):
    post = queries.get_readable_post(request.user, pk)
    target = queries.get_readable_comment(request.user, post, comment_pk) if comment_pk else post
    if target.author_id != request.user.pk:
        raise Http404("No such post.")
    form = EditForm(request.POST or None, initial={"title": getattr(target, "title", ""), "body": target.body})
    if comment_pk or not post.is_question:
        del form.fields["title"]
    if request.method == "POST" and form.is_valid():
        with shown_errors(request, form, None) as call:
            if comment_pk:
                services.edit_comment(request.user, target, form.cleaned_data["body"])
            else:
                services.edit_post(request.user, post, form.cleaned_data["body"], form.cleaned_data.get("title", ""))
        if call.ok:
            messages.success(request, _("Your changes were saved."))
            return redirect("feed:detail", pk=post.pk)
    return render(
        request,
        "feed/edit.html",
        {"post": post, "target": target, "form": form, "revisions": target.revisions.select_related("edited_by")},
        status=400 if form.errors else 200,
    )


@require_POST
def delete(request, pk: int, comment_pk: int | None = None):
    post = queries.get_readable_post(request.user, pk)
    try:
        if comment_pk:
            services.delete_comment(request.user, queries.get_readable_comment(request.user, post, comment_pk))
        else:
            services.delete_post(request.user, post)
    except PermissionDenied:
        raise Http404("No such post.") from None
    messages.success(request, _("Deleted."))
    if comment_pk:
        return redirect("feed:detail", pk=post.pk)
    return redirect("groups:detail", key=post.group.key)


@require_POST
def react(request, pk: int, kind: str):
    post = queries.get_readable_post(request.user, pk)
    with shown_errors(request):
        services.toggle_reaction(request.user, post, kind)
    return redirect("feed:detail", pk=post.pk)


@require_POST
def vote(request, pk: int, comment_pk: int):
    post = queries.get_readable_post(request.user, pk)
    comment = queries.get_readable_comment(request.user, post, comment_pk)
    with shown_errors(request):
        services.toggle_vote(request.user, comment)
    return redirect("feed:detail", pk=post.pk)


@require_POST
def notify_experts(request, pk: int):
    post = queries.get_readable_post(request.user, pk)
    ids = [int(value) for value in request.POST.getlist("expert") if value.isdigit()]
    try:
        count = services.notify_experts(request.user, post, ids)
    except PermissionDenied:
        raise Http404("No such post.") from None
    if count:
        messages.success(request, _("We let them know about your question."))
    else:
        messages.error(request, _("Choose at least one colleague who has not been asked yet."))
    return redirect("feed:detail", pk=post.pk)


def attachment(request, pk: int):
    """Files are served only through here, to those who may read the post."""
    return responses.download(queries.get_readable_attachment(request.user, pk))


def attachment_preview(request, pk: int):
    """An image attachment's preview, to those who may read the post (others: 404, like the file)."""
    return responses.preview(previews.preview_path(queries.get_readable_attachment(request.user, pk)))


def home(request):
    page = Paginator(queries.home_feed(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feed/home.html", {"page": page})


def topic(request, name: str):
    name = name.lower()
    page = Paginator(queries.topic_posts(request.user, name), PAGE_SIZE).get_page(request.GET.get("page"))
    following = queries.follows_topic(request.user, name)
    return render(request, "feed/topic.html", {"name": name, "page": page, "following": following})


@require_POST
def follow(request, name: str):
    name = name.lower()[:60]

    if not TOPIC.fullmatch(f"#{name}"):
        raise Http404("No such topic.")
    if services.toggle_follow(request.user, name):
        messages.success(request, _("You follow #%(topic)s.") % {"topic": name})
    else:
        messages.success(request, _("You no longer follow #%(topic)s.") % {"topic": name})
    return redirect("feed:topic", name=name)
