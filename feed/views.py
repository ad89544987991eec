from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feed import queries, services
from feed.forms import CommentForm
from groups import queries as group_queries


def detail(request, pk: int):
    post = queries.get_readable_post(request.user, pk)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_comment(request.user, post, form.cleaned_data["body"])
        except (ValidationError, PermissionDenied) as error:
            form.add_error("body", error.messages[0] if hasattr(error, "messages") else str(error))
        else:
            messages.success(request, _("Your reply was posted."))
            return redirect("feed:detail", pk=post.pk)
    context = {
        "post": post,
        "comments": post.comments.all(),
        "form": form,
        "can_reply": group_queries.role_of(request.user, post.group) is not None,
        "can_accept": post.is_question and (
            post.author_id == request.user.pk or group_queries.can_moderate(request.user, post.group)
        ),
    }
    return render(request, "feed/post_detail.html", context, status=400 if form.errors else 200)


@require_POST
def accept(request, pk: int, comment_pk: int):
    post = queries.get_readable_post(request.user, pk)
    comment = get_object_or_404(post.comments, pk=comment_pk)
    try:
        services.accept_answer(request.user, post, comment)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The answer was accepted."))
    return redirect("feed:detail", pk=post.pk)
