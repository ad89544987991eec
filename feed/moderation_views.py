from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import error_text
from core.view_errors import shown_errors
from feed import moderation, queries


def _target(request, pk: int):
    post = queries.get_readable_post(request.user, pk)
    comment_id = request.POST.get("comment", "")
    comment = queries.get_readable_comment(request.user, post, int(comment_id)) if comment_id.isdigit() else None
    return post, comment


@require_POST
def report(request, pk: int):
    post, comment = _target(request, pk)
    with shown_errors(request) as call:
        moderation.report(request.user, post, comment, request.POST.get("reason", ""))
    if call.ok:
        messages.success(request, _("Thank you. The group's moderators will look at it."))
    return redirect("feed:detail", pk=post.pk)


@require_POST
def hide(request, pk: int):
    post, comment = _target(request, pk)
    try:
        moderation.hide(request.user, post, comment, request.POST.get("reason", ""))
    except PermissionDenied:
        raise Http404("No such post.") from None
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Hidden. Only moderators see it now."))
    if request.POST.get("next") == "queue":
        return redirect("feed:moderation")
    return redirect("feed:detail", pk=post.pk)


def queue(request):
    """Open reports and overdue questions in the groups this user moderates."""
    if request.method == "POST":
        report_id = request.POST.get("report", "")
        item = get_object_or_404(queries.open_reports(request.user), pk=int(report_id) if report_id.isdigit() else 0)
        moderation.dismiss(request.user, item)
        messages.success(request, _("The report was dismissed."))
        return redirect("feed:moderation")
    return render(
        request,
        "feed/moderation.html",
        {
            "reports": queries.open_reports(request.user),
            "escalated": queries.escalated_questions(request.user),
        },
    )
