from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feed import queries as feed_queries
from feed import services as feed_services
from feed.forms import PostForm
from groups import invitations, queries, services
from groups.forms import InvitationForm
from groups.models import Membership


def group_list(request):
    mine = queries.groups_of(request.user)
    others = queries.visible_groups(request.user).exclude(pk__in=mine.values("pk")).order_by("name")
    return render(request, "groups/list.html", {"my_groups": mine, "other_groups": others})


def detail(request, key: str):
    group = queries.get_visible_group(request.user, key)
    role = queries.role_of(request.user, group)
    form = PostForm(request.POST or None)
    if request.method == "POST":
        if role is None:
            raise Http404("No such group.")
        if form.is_valid():
            try:
                post = feed_services.create_post(
                    request.user, group, form.cleaned_data["body"],
                    question=form.cleaned_data["question"], title=form.cleaned_data["title"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(request, _("Your post was published."))
                return redirect("feed:detail", pk=post.pk)
    readable = queries.can_read(request.user, group)
    context = {
        "group": group,
        "role": role,
        "role_label": Membership.Role(role).label if role else "",
        "readable": readable,
        "posts": feed_queries.posts_for_group(request.user, group) if readable else [],
        "members": queries.members(group) if readable else [],
        "form": form,
        "can_post": role is not None,
        "can_join": not request.user.is_guest and role is None and group.visibility == group.Visibility.PUBLIC,
        "can_invite": queries.can_invite(request.user, group),
    }
    return render(request, "groups/detail.html", context, status=400 if form.errors else 200)


@require_POST
def join(request, key: str):
    group = queries.get_visible_group(request.user, key)
    try:
        services.join_public_group(request.user, group)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You joined the group."))
    return redirect("groups:detail", key=group.key)


def invite(request, key: str):
    group = queries.get_visible_group(request.user, key)
    if not queries.can_invite(request.user, group):
        raise Http404("No such group.")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_guest(request.user, group, form.cleaned_data["email"],
                                  form.cleaned_data["organisation"], request.build_absolute_uri("/"))
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("The invitation was sent to %(email)s.") % form.cleaned_data)
            return redirect("groups:detail", key=group.key)
    return render(request, "groups/invite.html", {"group": group, "form": form},
                  status=400 if form.errors else 200)


@login_not_required
def invitation(request, token: str):
    """Where an invited partner lands from the email: accept, then sign up as a guest."""
    pending = invitations.open_invitation(token)
    if pending is None:
        return render(request, "groups/invitation_invalid.html", status=404)
    if request.method == "POST":
        if request.user.is_authenticated:
            messages.error(request, _("Log out first: the invitation creates a new guest account."))
            return redirect("/")
        invitations.remember(request, pending)
        return redirect(f"{reverse('account_signup')}?email={pending.email}")
    return render(request, "groups/invitation.html", {"invitation": pending})
