"""Handover when someone leaves: mark them leaving, list what they hold, hand it to a successor in one
step (one transaction, one audit entry). Contacts keep their provenance (added_by, source, legal basis):
the successor is added to the colleagues who know them. Group roles are given to the successor (who joins
the group if needed; the leaver stays a member until they actually leave). Open questions the leaver asked
get the successor as the one who may accept an answer; questions the leaver was suggested for get the
successor as a suggested expert, who is told."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, events
from feed.models import Comment, Post, SuggestedExpert
from groups.models import Membership
from people.events import ResponsibilitiesHandedOver
from people.models import ExternalContact, Organisation, Profile
from people.queries import may_manage

HANDED_ROLES = (Membership.Role.OWNER, Membership.Role.MODERATOR)
# A successor's existing role is never lowered: owner outranks moderator outranks member.
RANK = {Membership.Role.OWNER: 3, Membership.Role.MODERATOR: 2, Membership.Role.MEMBER: 1, Membership.Role.GUEST: 0}


@dataclass
class HandoverResult:
    contacts: list = field(default_factory=list)
    roles: list = field(default_factory=list)  # memberships of the successor that changed
    asked: list = field(default_factory=list)  # questions the successor now acts as asker for
    expert: list = field(default_factory=list)  # questions the successor is now suggested for
    unreadable: list = field(default_factory=list)  # chosen questions the successor may not read
    ownerless: list = field(default_factory=list)  # groups (the actor sees) left with no current owner
    already: int = 0  # chosen items that had already moved (a second submit)


def mark_leaving(actor, profile: Profile, leaving_on) -> None:
    if not may_manage(actor, profile):
        raise PermissionDenied
    if profile.user.is_guest or profile.is_former_staff:
        raise ValidationError(_("Only current staff can be marked as leaving."))
    with transaction.atomic():
        profile.leaving_on = leaving_on
        profile.save(update_fields=["leaving_on", "updated_at"])
        audit.record(actor, "profile.leaving", profile, leaving_on=str(leaving_on) if leaving_on else None)


def _open_questions():
    return Post.objects.filter(kind=Post.Kind.QUESTION, accepted_answer__isnull=True, hidden_at__isnull=True)


def items(profile: Profile, viewer=None) -> dict:
    """What the person holds. With a viewer (the page), group roles and questions are limited to the
    groups that viewer may see: a manager does not learn the names of secret groups."""
    # Contacts they know, and those they added that no current colleague knows (nobody else would keep them).
    known_by_someone = ExternalContact.known_by.through.objects.filter(
        externalcontact=OuterRef("pk"), profile__user__is_active=True
    ).exclude(profile=profile)
    orphans = Q(added_by=profile) & ~Exists(known_by_someone)
    contacts = (
        ExternalContact.objects.filter(Q(known_by=profile) | orphans)
        .distinct()
        .select_related("organisation", "added_by__user")
        .order_by("name")
    )
    organisations = (
        Organisation.objects.filter(Q(contacts__in=contacts) | Q(interactions__participants=profile))
        .distinct()
        .order_by("name")
    )
    roles = (
        Membership.objects.filter(user=profile.user, role__in=HANDED_ROLES)
        .select_related("group")
        .order_by("group__name")
    )
    # Their own questions, and those they took over from an earlier leaver (a chain of handovers).
    questions = (
        _open_questions()
        .filter(Q(author=profile.user, asker_successor__isnull=True) | Q(asker_successor=profile.user))
        .select_related("group")
        .order_by("-created_at")
    )
    answered = Comment.objects.filter(post=OuterRef("pk"), author=profile.user)
    expert_questions = (
        _open_questions()
        .filter(suggested_experts__user=profile.user)
        .exclude(author=profile.user)
        .exclude(Exists(answered))
        .select_related("group")
        .order_by("-created_at")
    )
    if viewer is not None:
        from feed.queries import readable_posts
        from groups.queries import visible_groups

        roles = roles.filter(group__in=visible_groups(viewer))
        questions = questions.filter(pk__in=readable_posts(viewer).values("pk"))
        expert_questions = expert_questions.filter(pk__in=readable_posts(viewer).values("pk"))
    return {
        "contacts": contacts,
        "organisations": organisations,
        "roles": roles,
        "questions": questions,
        "expert_questions": expert_questions,
    }


def _give_roles(profile: Profile, successor: Profile, memberships) -> tuple[list[Membership], int]:
    """The memberships that changed, and how many roles the successor already held (nothing to move)."""
    changed, already = [], 0
    for held in memberships:
        mine, created = Membership.objects.get_or_create(
            group=held.group, user=successor.user, defaults={"role": held.role}
        )
        if not created:
            if mine.role == Membership.Role.GUEST:
                raise ValidationError(_("A guest cannot take over a group role."))
            if RANK[mine.role] >= RANK[held.role]:
                already += 1
                continue
            mine.role = held.role
            mine.save(update_fields=["role"])
        changed.append(mine)
    return changed, already


def _suggest(actor, profile: Profile, successor: Profile, posts) -> tuple[list[Post], int]:
    """The posts are ones the successor may read; they are told about them (ResponsibilitiesHandedOver),
    unless the actor hands over to themselves: nobody is told about their own doing."""
    suggested, already = [], 0
    reason = _("Took over from %(name)s") % {"name": profile.name}
    for post in posts:
        leaver = post.suggested_experts.filter(user=profile.user).first()
        suggestion, created = SuggestedExpert.objects.get_or_create(
            post=post, user=successor.user, defaults={"reasons": [reason], "rank": leaver.rank if leaver else 0}
        )
        if not created and suggestion.notified_at is not None:
            already += 1
            continue  # already asked to look at it
        if successor.user_id != actor.pk:
            suggestion.notified_at = timezone.now()
            suggestion.save(update_fields=["notified_at"])
        suggested.append(post)
    return suggested, already


def _left_without_owner(actor, profile: Profile) -> list:
    """Groups the closed account owned whose owner role was not handed on: nobody current owns them now,
    so nobody can change their settings or name owners. The page tells the actor (only groups they see)."""
    from groups.queries import members, visible_groups

    owned = (
        Membership.objects.filter(user=profile.user, role=Membership.Role.OWNER, group__in=visible_groups(actor))
        .select_related("group")
        .order_by("group__name")
    )
    return [m.group for m in owned if not members(m.group).filter(role=Membership.Role.OWNER).exists()]


def hand_over(
    actor,
    profile: Profile,
    successor: Profile,
    contact_ids,
    *,
    role_ids=(),
    question_ids=(),
    expert_question_ids=(),
    finish: bool,
) -> HandoverResult:
    """Give the chosen contacts, group roles and open questions to the successor; with `finish`, the person
    becomes former staff (account closed, profile kept) and "ask instead" points at the successor."""
    from feed.queries import readable_posts

    if not may_manage(actor, profile):
        raise PermissionDenied
    if successor.pk == profile.pk or successor.user.is_guest or not successor.user.is_active:
        raise ValidationError(_("Choose a current colleague as the successor."))
    result = HandoverResult()
    with transaction.atomic():
        # One handover of a person at a time: a second submit waits, then finds nothing left to move.
        Profile.objects.select_for_update().filter(pk=profile.pk).first()
        held = items(profile, actor)  # only what the actor may see can be chosen
        result.contacts = list(held["contacts"].filter(pk__in=contact_ids))
        # What was chosen but is no longer held moved meanwhile (a second submit waited for the first).
        result.already = len(set(contact_ids)) - len(result.contacts)
        for contact in result.contacts:
            contact.known_by.add(successor)
            contact.known_by.remove(profile)
        roles = list(held["roles"].filter(pk__in=role_ids))
        result.roles, already = _give_roles(profile, successor, roles)
        result.already += already + len(set(role_ids)) - len(roles)
        # After the roles: a group the successor now manages is one they may read.
        readable = set(
            readable_posts(successor.user)
            .filter(pk__in=[*question_ids, *expert_question_ids])
            .values_list("pk", flat=True)
        )
        for name, ids in (("questions", question_ids), ("expert_questions", expert_question_ids)):
            chosen = list(held[name].filter(pk__in=ids))
            result.already += len(set(ids)) - len(chosen)
            result.unreadable += [post for post in chosen if post.pk not in readable]
            posts = [post for post in chosen if post.pk in readable]
            if name == "questions":
                Post.objects.filter(pk__in=[p.pk for p in posts]).update(asker_successor=successor.user)
                result.asked = posts
            else:
                result.expert, already = _suggest(actor, profile, successor, posts)
                result.already += already
        profile.successor = successor
        fields = ["successor", "updated_at"]
        if finish:
            profile.left_on = timezone.localdate()
            profile.out_of_office_until, profile.stand_in = None, None
            fields += ["left_on", "out_of_office_until", "stand_in"]
            profile.user.is_active = False
            profile.user.save(update_fields=["is_active"])
        profile.save(update_fields=fields)
        if finish:
            result.ownerless = _left_without_owner(actor, profile)
        audit.record(
            actor,
            "profile.handover",
            profile,
            successor=successor.key,
            contacts=[c.key for c in result.contacts],
            roles=[{"group": m.group.key, "role": m.role} for m in result.roles],
            questions=[p.pk for p in result.asked],
            expert_questions=[p.pk for p in result.expert],
            not_readable_by_successor=[p.pk for p in result.unreadable],
            finished=finish,
        )
        for membership in result.roles:
            audit.record(
                actor,
                "group.role_handover",
                membership.group,
                user=successor.user_id,
                role=membership.role,
                from_user=profile.user_id,
            )
        events.publish(
            ResponsibilitiesHandedOver(
                profile_id=profile.pk,
                successor_user_id=successor.user_id,
                handed_over_by_id=actor.pk,
                group_ids=tuple(m.group_id for m in result.roles),
                expert_post_ids=tuple(p.pk for p in result.expert),
            )
        )
    return result
