"""The sentence for a notification, written in the reader's language when shown or emailed."""

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.models import Notification

Kind = Notification.Kind


def text(notification: Notification) -> str:
    actor = str(notification.actor) if notification.actor_id else _("Someone")
    group = notification.group.name if notification.group_id else ""
    post = str(notification.post) if notification.post_id else ""
    sentences = {
        Kind.MENTION: _("%(actor)s mentioned you in %(group)s: %(post)s"),
        Kind.ANSWER: _("%(actor)s answered your question: %(post)s"),
        Kind.ACCEPTED: _("%(actor)s accepted your answer to: %(post)s"),
        Kind.INVITATION: _("%(actor)s invites you to the group %(group)s"),
        Kind.JOIN_REQUEST: _("%(actor)s asks to join %(group)s"),
        Kind.REQUEST_ACCEPTED: _("You were let into %(group)s"),
        Kind.REQUEST_DECLINED: _("Your request to join %(group)s was declined"),
        Kind.EXPERT: _("%(actor)s thinks you could answer: %(post)s"),
        Kind.ESCALATION: _("A question waits past its answer promise: %(post)s"),
        Kind.ROLE_CHANGED: _("%(actor)s changed your role in %(group)s"),
    }
    return sentences[notification.kind] % {"actor": actor, "group": group, "post": post}


def link(notification: Notification) -> str:
    if notification.post_id:
        return reverse("feed:detail", args=[notification.post_id])
    if notification.kind == Kind.INVITATION:
        return reverse("groups:list")
    if notification.kind == Kind.JOIN_REQUEST:
        return reverse("groups:members", args=[notification.group.key])
    if notification.group_id:
        return reverse("groups:detail", args=[notification.group.key])
    return reverse("notifications:list")
