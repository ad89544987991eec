"""Every write to groups: validate, one transaction, audit, publish on commit."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, events
from groups import addresses, queries
from groups.events import JoinRequestDecided, JoinRequested, MemberInvited, RoleChanged
from groups.models import Group, Invitation, Membership, MembershipRequest
from people.models import Organisation, Profile

INVITATION_VALID_FOR = timedelta(days=14)
DEFAULT_GUEST_ACCESS = timedelta(days=180)
MAX_GUEST_ACCESS = timedelta(days=366)


def end_of_day(day: date) -> datetime:
    """Access "until" a date lasts through that whole day in the site's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _check_access_until(until: datetime | None) -> datetime:
    now = timezone.now()
    if until is None:
        return now + DEFAULT_GUEST_ACCESS
    if until <= now:
        raise ValidationError(_("The end date must be in the future."))
    if until > now + MAX_GUEST_ACCESS:
        raise ValidationError(_("Guest access can be granted for at most a year at a time."))
    return until


def invite_guest(
    inviter, group: Group, email: str, organisation: Organisation, base_url: str, access_until: datetime | None = None
) -> Invitation:
    """Invite an external partner into one group; the link is emailed to them. The inviter
    becomes the guest's sponsor; access ends at `access_until` unless renewed.

    Nobody is added here, not even a partner who already has a guest account: the invitation is
    accepted by whoever proves the mailbox, by opening the emailed link while signed in as the
    account that has proven the address, or by signing up through it (groups/addresses.py)."""
    if not queries.can_invite(inviter, group):
        raise PermissionDenied(_("Only the group's owners and moderators can invite partners."))
    if organisation.is_home:
        raise ValidationError(_("Guests come from partner organisations, not from the home municipalities."))
    access_until = _check_access_until(access_until)
    email = email.strip().lower()
    owner = addresses.proven_owner(email)
    if owner is not None and not owner.is_guest:
        raise ValidationError(
            _("%(email)s belongs to a colleague: invite them on the members page.") % {"email": email}
        )
    if owner is not None and not owner.is_active:
        raise ValidationError(_("This guest account is closed."))
    with transaction.atomic():
        invitation = Invitation.objects.create(
            group=group,
            email=email,
            organisation=organisation,
            invited_by=inviter,
            expires_at=timezone.now() + INVITATION_VALID_FOR,
            access_until=access_until,
        )
        audit.record(
            inviter, "invitation.create", invitation, target_id=str(invitation.pk), group=group.key, email=email
        )
        link = base_url.rstrip("/") + reverse("groups:invitation", args=[invitation.token])
        transaction.on_commit(lambda: _send_invitation_email(invitation, link, has_account=owner is not None))
    return invitation


def _send_invitation_email(invitation: Invitation, link: str, has_account: bool = False) -> None:
    inviter = invitation.invited_by.get_full_name() or invitation.invited_by.email
    values = {"inviter": inviter, "group": invitation.group.name, "link": link}
    if has_account:
        message = (
            _(
                "%(inviter)s invites you to the group %(group)s. Sign in to your guest account and "
                "open this link to join: %(link)s"
            )
            % values
        )
    else:
        message = _("%(inviter)s invites you to the group %(group)s. Create your guest account here: %(link)s") % values
    send_mail(
        subject=_("Invitation to %(group)s") % {"group": invitation.group.name},
        message=message,
        from_email=None,
        recipient_list=[invitation.email],
    )


def accept_invitation_signed_in(user, invitation: Invitation) -> Membership:
    """A guest who is signed in opened the emailed link: they join if the invited address is one
    they have proven; the link alone is not enough, nor is an address they only typed in."""
    if not user.is_guest:
        raise ValidationError(
            _("%(email)s belongs to a colleague: invite them on the members page.") % {"email": invitation.email}
        )
    if not addresses.has_proven(user, invitation.email):
        raise PermissionDenied(
            _(
                "This invitation was sent to %(email)s, which is not the address of your "
                "account. Sign out and open the link again to create an account for it."
            )
            % {"email": invitation.email}
        )
    return accept_invitation(user, invitation)


def accept_invitation(user, invitation: Invitation) -> Membership:
    """Make a freshly signed-up guest a member of the group they were invited to."""
    if invitation is None:
        raise ValidationError(_("This invitation is no longer valid."))
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        # An invitation whose partner organisation was deleted since (SET_NULL) cannot give the guest a profile.
        if locked.accepted_at is not None or locked.expires_at <= timezone.now() or locked.organisation is None:
            raise ValidationError(_("This invitation is no longer valid."))
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        if not hasattr(user, "profile"):
            Profile.objects.create(user=user, key=f"guest-{user.pk}", organisation=locked.organisation)
        membership, _created = Membership.objects.update_or_create(
            group=locked.group,
            user=user,
            defaults={
                "role": Membership.Role.GUEST,
                "sponsor": locked.invited_by,
                "access_until": locked.access_until or timezone.now() + DEFAULT_GUEST_ACCESS,
            },
        )
        audit.record(user, "invitation.accept", locked, target_id=str(locked.pk), group=locked.group.key)
    return membership


def join_public_group(user, group: Group) -> Membership:
    if user.is_guest or group.visibility != Group.Visibility.PUBLIC:
        raise PermissionDenied(_("You cannot join this group yourself."))
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(group=group, user=user)
        if created:
            audit.record(user, "group.join", group)
    return membership


def _require_manager(actor, group: Group) -> None:
    if not queries.can_invite(actor, group):
        raise PermissionDenied(_("Only the group's owners and moderators can do this."))


def request_to_join(user, group: Group) -> MembershipRequest:
    """A staff member asks to join a private group; its owners and moderators decide."""
    if not queries.can_request_to_join(user, group):
        raise PermissionDenied(_("You cannot ask to join this group."))
    with transaction.atomic():
        if queries.pending_request_of(user, group):
            raise ValidationError(_("You have already asked to join; wait for the answer."))
        request = MembershipRequest.objects.create(
            group=group, user=user, created_by=user, kind=MembershipRequest.Kind.REQUEST
        )
        audit.record(user, "group.request", group, request=request.pk)
        events.publish(JoinRequested(group_id=group.pk, request_id=request.pk, user_id=user.pk))
    return request


def _decide(request: MembershipRequest, decider, accept: bool) -> Membership | None:
    """Close a pending request or invitation; on acceptance the user becomes a member."""
    locked = MembershipRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != MembershipRequest.Status.PENDING:
        raise ValidationError(_("This has already been answered."))
    locked.status = MembershipRequest.Status.ACCEPTED if accept else MembershipRequest.Status.DECLINED
    locked.decided_by = decider
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    request.status = locked.status
    if not accept:
        return None
    membership, _created = Membership.objects.get_or_create(group=locked.group, user=locked.user)
    return membership


def decide_request(actor, request: MembershipRequest, accept: bool) -> Membership | None:
    if request.kind != MembershipRequest.Kind.REQUEST:
        raise ValidationError(_("This is not a join request."))
    _require_manager(actor, request.group)
    with transaction.atomic():
        membership = _decide(request, actor, accept)
        audit.record(
            actor, "group.request.accept" if accept else "group.request.decline", request.group, user=request.user_id
        )
        events.publish(
            JoinRequestDecided(
                group_id=request.group_id, user_id=request.user_id, decided_by_id=actor.pk, accepted=accept
            )
        )
    return membership


def invite_member(actor, group: Group, invitee) -> MembershipRequest:
    """An owner or moderator invites a colleague (staff only; partners come by email)."""
    _require_manager(actor, group)
    if invitee.is_guest or not invitee.is_active:
        raise ValidationError(_("Only active staff can be invited this way; invite partners by email."))
    if queries.role_of(invitee, group) is not None:
        raise ValidationError(_("%(name)s is already a member.") % {"name": invitee.get_full_name()})
    with transaction.atomic():
        if queries.pending_request_of(invitee, group):
            raise ValidationError(
                _("%(name)s already has an open invitation or request.") % {"name": invitee.get_full_name()}
            )
        invitation = MembershipRequest.objects.create(
            group=group, user=invitee, created_by=actor, kind=MembershipRequest.Kind.INVITATION
        )
        audit.record(actor, "group.invite", group, user=invitee.pk)
        events.publish(MemberInvited(group_id=group.pk, user_id=invitee.pk, invited_by_id=actor.pk))
    return invitation


def answer_invitation(user, invitation: MembershipRequest, accept: bool) -> Membership | None:
    if invitation.kind != MembershipRequest.Kind.INVITATION or invitation.user_id != user.pk:
        raise PermissionDenied(_("This invitation is not yours."))
    with transaction.atomic():
        membership = _decide(invitation, user, accept)
        audit.record(user, "group.invitation.accept" if accept else "group.invitation.decline", invitation.group)
    return membership


def _other_owners(group: Group, user) -> bool:
    return queries.members(group).filter(role=Membership.Role.OWNER).exclude(user=user).exists()


def _lock_owners(group: Group) -> None:
    """Inside a transaction: hold the group's owner rows, so two owners demoting each other (or leaving)
    at the same moment cannot leave the group without an owner: the second waits, then sees the first."""
    list(
        Membership.objects.select_for_update()
        .filter(group=group, role=Membership.Role.OWNER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def leave_group(user, group: Group) -> None:
    membership = queries.membership_of(user, group)
    if membership is None:
        raise ValidationError(_("You are not a member of this group."))
    with transaction.atomic():
        _lock_owners(group)
        if membership.role == Membership.Role.OWNER and not _other_owners(group, user):
            raise ValidationError(_("Name another owner before you leave: a group needs an owner."))
        membership.delete()
        audit.record(user, "group.leave", group)


def remove_member(actor, membership: Membership) -> None:
    """Owners and moderators remove members; only owners remove owners. Access ends at once
    because every read path checks the membership."""
    group = membership.group
    _require_manager(actor, group)
    if membership.user_id == actor.pk:
        raise ValidationError(_("Use 'Leave the group' to remove yourself."))
    if membership.role == Membership.Role.OWNER and queries.role_of(actor, group) != Membership.Role.OWNER:
        raise PermissionDenied(_("Only an owner can remove another owner."))
    with transaction.atomic():
        membership.delete()
        audit.record(actor, "group.remove", group, user=membership.user_id, role=membership.role)


def renew_guest(actor, membership: Membership, until: datetime) -> Membership:
    """Extend a guest's access (also after it has ended): by the sponsor or a manager of the group."""
    if membership.role != Membership.Role.GUEST:
        raise ValidationError(_("Only a guest's access has an end date."))
    if actor.pk != membership.sponsor_id:
        _require_manager(actor, membership.group)
    if actor.is_guest:
        raise PermissionDenied(_("Only the group's owners and moderators can do this."))
    until = _check_access_until(until)
    with transaction.atomic():
        membership.access_until = until
        membership.save(update_fields=["access_until"])
        audit.record(actor, "group.guest.renew", membership.group, user=membership.user_id, until=until.isoformat())
    return membership


# --- Creating groups, their settings, and members' roles ---------------------------------------------

# Keys that would shadow the groups app's own URLs (/groups/new/, /groups/invitation/...).
RESERVED_KEYS = {"new", "invitation", "invitations"}


def _new_group_key(name: str) -> str:
    from django.utils.text import slugify

    base = (slugify(name) or "group")[:90].strip("-") or "group"
    key, n = base, 1
    while key in RESERVED_KEYS or Group.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key


def _check_settings(name: str, owning: Organisation, shared) -> tuple[str, set]:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the group a name."))
    if owning is None or not owning.is_home:
        raise ValidationError(_("Choose the municipality that owns the group."))
    shared = set(shared or [])
    if any(not organisation.is_home for organisation in shared):
        raise ValidationError(_("A group can be shared only with cooperating municipalities."))
    return name, shared | {owning}


def can_create_group(user) -> bool:
    return user.is_authenticated and user.is_active and not user.is_guest


def create_group(creator, *, name: str, description: str, visibility: str, owning: Organisation, shared=()) -> Group:
    """Staff set up a group; the creator becomes its first owner."""
    if not can_create_group(creator):
        raise PermissionDenied(_("Only staff can create groups."))
    if visibility not in Group.Visibility.values:
        raise ValidationError(_("Choose who can see the group."))
    name, organisations = _check_settings(name, owning, shared)
    with transaction.atomic():
        group = Group.objects.create(
            key=_new_group_key(name),
            name=name,
            description=(description or "").strip(),
            visibility=visibility,
            owning_organisation=owning,
        )
        group.organisations.set(organisations)
        Membership.objects.create(group=group, user=creator, role=Membership.Role.OWNER)
        audit.record(
            creator, "group.create", group, visibility=visibility, organisations=sorted(o.key for o in organisations)
        )
    return group


def can_edit_settings(user, group: Group) -> bool:
    return not user.is_guest and queries.role_of(user, group) == Membership.Role.OWNER


def update_group(
    actor, group: Group, *, name: str, description: str, visibility: str, owning: Organisation, shared=()
) -> Group:
    """Owners change the name, description, visibility and owning municipalities."""
    if not can_edit_settings(actor, group):
        raise PermissionDenied(_("Only the group's owners can change its settings."))
    if visibility not in Group.Visibility.values:
        raise ValidationError(_("Choose who can see the group."))
    name, organisations = _check_settings(name, owning, shared)
    before = {
        "name": group.name,
        "description": group.description,
        "visibility": group.visibility,
        "organisations": sorted(group.organisations.values_list("key", flat=True)),
    }
    with transaction.atomic():
        group.name, group.description, group.visibility = name, (description or "").strip(), visibility
        group.owning_organisation = owning
        group.save(update_fields=["name", "description", "visibility", "owning_organisation"])
        group.organisations.set(organisations)
        after = {
            "name": group.name,
            "description": group.description,
            "visibility": group.visibility,
            "organisations": sorted(o.key for o in organisations),
        }
        changed = {
            field: {"from": before[field], "to": after[field]} for field in before if before[field] != after[field]
        }
        audit.record(actor, "group.settings", group, changed=changed)
    return group


ASSIGNABLE_ROLES = (Membership.Role.OWNER, Membership.Role.MODERATOR, Membership.Role.MEMBER)


def role_choices_for(actor, membership: Membership, actor_role: str | None = None) -> list[str]:
    """The roles the actor may give this member (empty: the actor may not change it). Pass the actor's
    role when asking for many members of one group."""
    actor_role = actor_role or queries.role_of(actor, membership.group)
    if actor.is_guest or actor_role not in queries.MANAGING_ROLES or membership.role == Membership.Role.GUEST:
        return []
    if membership.user.is_guest:
        return []
    if actor_role == Membership.Role.OWNER:
        return list(ASSIGNABLE_ROLES)
    # Moderators promote members to moderators and back; owners are out of their reach.
    if membership.role == Membership.Role.OWNER:
        return []
    return [Membership.Role.MODERATOR, Membership.Role.MEMBER]


def change_role(actor, membership: Membership, role: str) -> Membership:
    """Promote or demote a member. Guests keep the guest role; a group always keeps an owner."""
    group = membership.group
    _require_manager(actor, group)
    if membership.role == Membership.Role.GUEST or membership.user.is_guest:
        raise ValidationError(_("A guest cannot be an owner or a moderator."))
    if role not in ASSIGNABLE_ROLES:
        raise ValidationError(_("Choose owner, moderator or member."))
    if role not in role_choices_for(actor, membership):
        raise PermissionDenied(_("Only an owner can make owners or change an owner's role."))
    if role == membership.role:
        return membership
    with transaction.atomic():
        _lock_owners(group)
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if (
            locked.role == Membership.Role.OWNER
            and role != Membership.Role.OWNER
            and not _other_owners(group, locked.user)
        ):
            raise ValidationError(_("A group needs an owner: make someone else an owner first."))
        old = locked.role
        locked.role = role
        locked.save(update_fields=["role"])
        membership.role = role
        audit.record(actor, "group.role", group, user=locked.user_id, old=old, new=role)
        events.publish(RoleChanged(group_id=group.pk, user_id=locked.user_id, changed_by_id=actor.pk, role=role))
    return membership
