from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import error_text
from core.view_errors import shown_errors
from groups import addresses, invitations, queries, services
from groups.forms import GroupForm, InvitationForm, MemberInviteForm, RenewForm, RoleForm
from groups.models import Membership


def group_list(request):
    mine = queries.groups_of(request.user)
    others = queries.visible_groups(request.user).exclude(pk__in=mine.values("pk")).order_by("name")
    return render(
        request,
        "groups/list.html",
        {
            "my_groups": mine,
            "other_groups": others,
            "invitations": queries.invitations_for(request.user),
            "can_create": services.can_create_group(request.user),
        },
    )


def _settings_from(form) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "description": data["description"],
        "visibility": data["visibility"],
        "owning": data["owning"],
        "shared": data["shared"],
    }


def create_group(request):
    """Staff set up a new group and become its owner; guests never reach this page."""
    if not services.can_create_group(request.user):
        raise Http404("No such page.")
    profile = getattr(request.user, "profile", None)
    home = profile.organisation if profile and profile.organisation and profile.organisation.is_home else None
    form = GroupForm(request.POST or None, initial={"owning": home})
    if request.method == "POST" and form.is_valid():
        with shown_errors(request, form, None) as call:
            group = services.create_group(request.user, **_settings_from(form))
        if call.ok:
            messages.success(request, _("The group %(group)s was created; you are its owner.") % {"group": group.name})
            return redirect("groups:detail", key=group.key)
    return render(request, "groups/group_form.html", {"form": form, "group": None}, status=400 if form.errors else 200)


def edit_settings(request, key: str):
    group = queries.get_visible_group(request.user, key)
    if not services.can_edit_settings(request.user, group):
        raise Http404("No such group.")
    form = GroupForm(request.POST or None, initial=GroupForm.initial_for(group))
    if request.method == "POST" and form.is_valid():
        with shown_errors(request, form, None) as call:
            services.update_group(request.user, group, **_settings_from(form))
        if call.ok:
            messages.success(request, _("The group's settings were saved."))
            return redirect("groups:detail", key=group.key)
    return render(request, "groups/group_form.html", {"form": form, "group": group}, status=400 if form.errors else 200)


@require_POST
def join(request, key: str):
    group = queries.get_visible_group(request.user, key)
    try:
        services.join_public_group(request.user, group)
    except PermissionDenied as error:
        messages.error(request, error_text(error))
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
            until = form.cleaned_data.get("access_until")
            services.invite_guest(
                request.user,
                group,
                form.cleaned_data["email"],
                form.cleaned_data["organisation"],
                request.build_absolute_uri("/"),
                access_until=services.end_of_day(until) if until else None,
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The invitation was sent to %(email)s.") % form.cleaned_data)
            return redirect("groups:detail", key=group.key)
    return render(request, "groups/invite.html", {"group": group, "form": form}, status=400 if form.errors else 200)


@login_not_required
def invitation(request, token: str):
    """Where an invited partner lands from the email. Signed in as the account that has proven the
    invited address, they join; signed out, they sign up (or sign in, if the address has an account)."""
    pending = invitations.open_invitation(token)
    if pending is None:
        return render(request, "groups/invitation_invalid.html", status=404)
    signed_in = request.user.is_authenticated
    if request.method == "POST":
        if signed_in:
            with shown_errors(request) as call:
                services.accept_invitation_signed_in(request.user, pending)
            if not call.ok:
                return redirect(request.path)
            messages.success(request, _("You joined the group."))
            return redirect("groups:detail", key=pending.group.key)
        if addresses.proven_owner(pending.email) is not None:
            messages.info(
                request,
                _("%(email)s already has an account: sign in to accept the invitation.") % {"email": pending.email},
            )
            return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
        addresses.release_unproven_claims(pending.email)
        invitations.remember(request, pending)
        return redirect(f"{reverse('account_signup')}?{urlencode({'email': pending.email})}")
    proven = signed_in and addresses.has_proven(request.user, pending.email)
    return render(request, "groups/invitation.html", {"invitation": pending, "signed_in": signed_in, "proven": proven})


DECISIONS = {"accept", "decline"}


def _manageable_group(request, key: str):
    """The group if the user is one of its owners or moderators, else 404."""
    group = queries.get_visible_group(request.user, key)
    if not queries.can_invite(request.user, group):
        raise Http404("No such group.")
    return group


@require_POST
def request_to_join(request, key: str):
    group = queries.get_visible_group(request.user, key)
    with shown_errors(request) as call:
        services.request_to_join(request.user, group)
    if call.ok:
        messages.success(request, _("Your request was sent to the group's owners and moderators."))
    return redirect("groups:detail", key=group.key)


@require_POST
def leave(request, key: str):
    group = queries.get_visible_group(request.user, key)
    try:
        services.leave_group(request.user, group)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("groups:detail", key=group.key)
    messages.success(request, _("You left the group %(group)s.") % {"group": group.name})
    return redirect("groups:list")


def members(request, key: str):
    """Members with their roles; owners and moderators also decide requests, invite
    colleagues, renew guests' access and remove members here."""
    group = queries.get_visible_group(request.user, key)
    if not queries.can_read(request.user, group):
        raise Http404("No such group.")
    manager = queries.can_invite(request.user, group)
    form = MemberInviteForm(request.POST or None) if manager else None
    if request.method == "POST":
        if not manager:
            raise Http404("No such group.")
        if form.is_valid():
            invitee = queries.colleague_with_address(form.cleaned_data["email"])
            if invitee is None:
                form.add_error("email", _("No colleague has this address."))
            else:
                with shown_errors(request, form, "email") as call:
                    services.invite_member(request.user, group, invitee)
                if call.ok:
                    messages.success(request, _("%(name)s was invited.") % {"name": invitee.get_full_name()})
                    return redirect("groups:members", key=group.key)
    memberships = list(queries.members(group))
    my_role = queries.role_of(request.user, group)
    for membership in memberships:
        membership.role_choices = services.role_choices_for(request.user, membership, my_role) if manager else []
        membership.role_form = (
            RoleForm(choices=membership.role_choices, initial={"role": membership.role}, prefix=f"m{membership.pk}")
            if membership.role_choices
            else None
        )
    context = {
        "group": group,
        "members": memberships,
        "manager": manager,
        "requests": queries.pending_requests(group) if manager else [],
        "ended_guests": queries.ended_guests(group) if manager else [],
        "form": form,
        "renew_form": RenewForm(),
        "my_role": my_role,
    }
    return render(request, "groups/members.html", context, status=400 if form and form.errors else 200)


@require_POST
def decide_request(request, key: str, pk: int, decision: str):
    if decision not in DECISIONS:
        raise Http404("No such decision.")
    group = _manageable_group(request, key)
    join_request = get_object_or_404(queries.pending_requests(group), pk=pk)
    with shown_errors(request) as call:
        services.decide_request(request.user, join_request, accept=decision == "accept")
    if call.ok:
        messages.success(request, _("The request was answered."))
    return redirect("groups:members", key=group.key)


@require_POST
def remove_member(request, key: str, pk: int):
    group = _manageable_group(request, key)
    membership = queries.get_membership(group, pk)
    with shown_errors(request) as call:
        services.remove_member(request.user, membership)
    if call.ok:
        messages.success(request, _("%(name)s was removed from the group.") % {"name": membership.user})
    return redirect("groups:members", key=group.key)


@require_POST
def renew_guest(request, key: str, pk: int):
    group = queries.get_visible_group(request.user, key)
    membership = queries.get_membership(group, pk, role=Membership.Role.GUEST)
    if not queries.can_invite(request.user, group) and membership.sponsor_id != request.user.pk:
        raise Http404("No such member.")
    form = RenewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid end date."))
        return redirect("groups:members", key=group.key)
    with shown_errors(request) as call:
        services.renew_guest(request.user, membership, services.end_of_day(form.cleaned_data["access_until"]))
    if call.ok:
        messages.success(request, _("The guest's access was renewed."))
    return redirect("groups:members", key=group.key)


@require_POST
def answer_invitation(request, pk: int, decision: str):
    if decision not in DECISIONS:
        raise Http404("No such decision.")
    invitation = get_object_or_404(queries.invitations_for(request.user), pk=pk)
    services.answer_invitation(request.user, invitation, accept=decision == "accept")
    if decision == "accept":
        messages.success(request, _("You joined the group."))
        return redirect("groups:detail", key=invitation.group.key)
    messages.success(request, _("You declined the invitation."))
    return redirect("groups:list")


@require_POST
def change_role(request, key: str, pk: int):
    group = _manageable_group(request, key)
    membership = queries.get_membership(group, pk)
    form = RoleForm(request.POST, choices=services.ASSIGNABLE_ROLES, prefix=f"m{membership.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose owner, moderator or member."))
        return redirect("groups:members", key=group.key)
    with shown_errors(request) as call:
        services.change_role(request.user, membership, form.cleaned_data["role"])
    if call.ok:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": membership.user, "role": Membership.Role(membership.role).label.lower()},
        )
    return redirect("groups:members", key=group.key)
