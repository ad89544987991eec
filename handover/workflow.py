"""Handover when someone leaves: list what they hold, hand it to a successor in one step (one
transaction, one audit entry). Contacts keep their provenance (added_by, source, legal basis): the
successor is added to the colleagues who know them. Group roles are given to the successor (who joins the
group if needed; the leaver stays a member until they actually leave). Open questions the leaver asked
get the successor as the one who may accept an answer; questions the leaver was suggested for get the
successor as a suggested expert, who is told.

A workflow above people, groups and feed: each app's rows change through that app's services."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit, events
from feed import queries as feed_queries
from feed import succession_services as feed_succession
from groups import queries as group_queries
from groups import succession_services as group_succession
from handover.events import ResponsibilitiesHandedOver
from people import leaving_services, network_queries
from people.models import Profile
from people.queries import may_manage


@dataclass
class HandoverResult:
    contacts: list = field(default_factory=list)
    roles: list = field(default_factory=list)  # memberships of the successor that changed
    asked: list = field(default_factory=list)  # questions the successor now acts as asker for
    expert: list = field(default_factory=list)  # questions the successor is now suggested for
    unreadable: list = field(default_factory=list)  # chosen questions the successor may not read
    ownerless: list = field(default_factory=list)  # groups (the actor sees) left with no current owner
    already: int = 0  # chosen items that had already moved (a second submit)


def items(profile: Profile, viewer=None) -> dict:
    """What the person holds. With a viewer (the page), group roles and questions are limited to the
    groups that viewer may see: a manager does not learn the names of secret groups."""
    contacts = network_queries.held_contacts(profile)
    return {
        "contacts": contacts,
        "organisations": network_queries.organisations_dealt_with(profile, contacts),
        "roles": group_queries.handed_roles(profile.user, viewer),
        "questions": feed_queries.questions_asked_by(profile.user, viewer),
        "expert_questions": feed_queries.questions_suggested_to(profile.user, viewer),
    }


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
    if not may_manage(actor, profile):
        raise PermissionDenied
    if successor.pk == profile.pk or successor.user.is_guest or not successor.user.is_active:
        raise ValidationError(_("Choose a current colleague as the successor."))
    result = HandoverResult()
    with transaction.atomic():
        # One handover of a person at a time: a second submit waits, then finds nothing left to move.
        leaving_services.lock_for_handover(profile)
        held = items(profile, actor)  # only what the actor may see can be chosen
        result.contacts = list(held["contacts"].filter(pk__in=contact_ids))
        # What was chosen but is no longer held moved meanwhile (a second submit waited for the first).
        result.already = len(set(contact_ids)) - len(result.contacts)
        leaving_services.pass_contacts_on(profile, successor, result.contacts)
        roles = list(held["roles"].filter(pk__in=role_ids))
        result.roles, already = group_succession.take_over_roles(actor, profile.user, successor.user, roles)
        result.already += already + len(set(role_ids)) - len(roles)
        # After the roles: a group the successor now manages is one they may read.
        readable = set(
            feed_queries.readable_posts(successor.user)
            .filter(pk__in=[*question_ids, *expert_question_ids])
            .values_list("pk", flat=True)
        )
        for name, ids in (("questions", question_ids), ("expert_questions", expert_question_ids)):
            chosen = list(held[name].filter(pk__in=ids))
            result.already += len(set(ids)) - len(chosen)
            result.unreadable += [post for post in chosen if post.pk not in readable]
            posts = [post for post in chosen if post.pk in readable]
            if name == "questions":
                feed_succession.take_over_asking(successor.user, posts)
                result.asked = posts
            else:
                reason = _("Took over from %(name)s") % {"name": profile.name}
                result.expert, already = feed_succession.suggest_successor(
                    actor, profile.user, successor.user, posts, reason
                )
                result.already += already
        leaving_services.name_successor(profile, successor, finish=finish)
        if finish:
            result.ownerless = group_queries.groups_left_without_owner(actor, profile.user)
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
