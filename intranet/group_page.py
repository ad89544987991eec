"""A group's page: the group (groups), its feed and post form (feed) and its chat link (messaging) on one
page, so it is composed here above all three. The URL stays `groups:detail` (intranet/urls.py)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.view_errors import shown_errors
from feed import queries as feed_queries
from feed import services as feed_services
from feed.forms import PostForm
from groups import queries as group_queries
from groups import services as group_services
from groups.models import Membership

MEMBERS_ON_PAGE = 20  # on the group's page; its members page lists everyone


def group_page(request, key: str):
    group = group_queries.get_visible_group(request.user, key)
    role = group_queries.role_of(request.user, group)
    form = PostForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if role is None:
            raise Http404("No such group.")
        if form.is_valid():
            with shown_errors(request, form, None) as call:
                post = feed_services.create_post(
                    request.user,
                    group,
                    form.cleaned_data["body"],
                    question=form.cleaned_data["question"],
                    title=form.cleaned_data["title"],
                    files=form.cleaned_data["attachments"],
                )
            if call.ok:
                messages.success(request, _("Your post was published."))
                return redirect("feed:detail", pk=post.pk)
    readable = group_queries.can_read(request.user, group)
    context = {
        "group": group,
        "role": role,
        "role_label": Membership.Role(role).label if role else "",
        "readable": readable,
        "posts": feed_queries.posts_for_group(request.user, group) if readable else [],
        # The first few members; all of them are on the members page (a big group listed every one here).
        "members": group_queries.members(group)[:MEMBERS_ON_PAGE] if readable else [],
        "member_count": group_queries.members(group).count() if readable else 0,
        "form": form,
        "can_post": role is not None,
        "can_join": not request.user.is_guest and role is None and group.visibility == group.Visibility.PUBLIC,
        "can_invite": group_queries.can_invite(request.user, group),
        "can_edit_settings": group_services.can_edit_settings(request.user, group),
        "can_request": group_queries.can_request_to_join(request.user, group),
        "pending": group_queries.pending_request_of(request.user, group),
        "membership": group_queries.membership_of(request.user, group),
    }
    return render(request, "intranet/group_page.html", context, status=400 if form.errors else 200)
