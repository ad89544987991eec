"""Every write to notifications. A notification is created only for someone who may see
its group and post, so nothing reaches a guest (in the app, live or by email) about
spaces outside their own."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from feed.queries import readable_posts
from groups.queries import visible_groups
from notifications import queries, texts
from notifications.models import EmailPreference, Notification

logger = logging.getLogger(__name__)

Kind = Notification.Kind


def may_be_told(recipient, group=None, post=None) -> bool:
    if not recipient.is_active:
        return False
    if post is not None:
        return readable_posts(recipient).filter(pk=post.pk).exists()
    if group is not None:
        return visible_groups(recipient).filter(pk=group.pk).exists()
    return True


def notify(recipient, kind: str, *, actor=None, group=None, post=None) -> Notification | None:
    """Store a notification (unless the recipient may not see its subject or is the actor),
    then push it live and, for instant email, mail it once the transaction commits."""
    if actor is not None and actor.pk == recipient.pk:
        return None
    if post is not None and group is None:
        group = post.group
    if not may_be_told(recipient, group, post):
        return None
    with transaction.atomic():
        notification = Notification.objects.create(recipient=recipient, kind=kind, actor=actor, group=group, post=post)
        transaction.on_commit(lambda: _deliver(notification))
    return notification


def notify_about_group(recipient, kind: str, group, *, actor=None, accepted: bool | None = None):
    if kind == "request_decided":
        kind = Kind.REQUEST_ACCEPTED if accepted else Kind.REQUEST_DECLINED
    return notify(recipient, kind, actor=actor, group=group)


def _deliver(notification: Notification) -> None:
    push_unread_count(notification.recipient_id)
    if queries.frequency_of(notification.recipient) == EmailPreference.Frequency.INSTANT:
        _email(notification.recipient, [notification])


def push_unread_count(user_id: int) -> None:
    """Tell the user's open pages the new unread count. The channel layer may drop it;
    the count in the database is the truth and every page load shows it."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            queries.live_group(user_id),
            {
                "type": "notifications.unread",
                "unread": queries.unread_count_for(user_id),
            },
        )
    except Exception:  # A broken layer must not fail the write that caused the notification.
        logger.exception("Could not push the unread count to user %s", user_id)


def _language_of(user) -> str:
    profile = getattr(user, "profile", None)
    available = {code for code, _name in settings.LANGUAGES}
    for language in (profile.languages if profile else []) or []:
        if language in available:
            return language
    return settings.LANGUAGE_CODE


def _email(user, notifications: list[Notification], base_url: str | None = None) -> None:
    base_url = (base_url or settings.WAGTAILADMIN_BASE_URL or "").rstrip("/")
    with translation.override(_language_of(user)):
        lines = [f"- {texts.text(n)}\n  {base_url}{texts.link(n)}" for n in notifications]
        if len(notifications) == 1:
            subject = texts.text(notifications[0])[:150]
        else:
            subject = _("%(count)d new notifications in the intranet") % {"count": len(notifications)}
        body = "\n".join(lines) + "\n\n" + _("Change how often you get these emails on the notifications page.")
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=timezone.now())


def _send_digest(user) -> bool:
    """Claim the person's pending notifications (row locks; rows another run holds are skipped and rows
    already emailed are re-checked), mail them and mark them in the same transaction: two runs at once
    (the scheduler and the management command) never mail the same notification twice, and a failed send
    marks nothing, so the next digest carries it."""
    pending = [n for n in queries.undigested(user) if may_be_told(user, n.group, n.post)]
    if not pending:
        return False
    with transaction.atomic():
        claimed = set(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk__in=[n.pk for n in pending], emailed_at__isnull=True)
            .values_list("pk", flat=True)
        )
        pending = [n for n in pending if n.pk in claimed]
        if not pending:
            return False
        _email(user, pending)
    return True


class DigestFailed(Exception):
    """Some digests could not be sent; the others were (the scheduler records the job as failed)."""


def send_digests(frequency: str) -> int:
    """One email per person who chose this digest, with their unread, not yet emailed
    notifications that they may still see. Returns how many emails were sent. One person's failing
    address or a mail server hiccup does not stop the others' digests."""
    sent, failed = 0, 0
    for user in queries.digest_recipients(frequency):
        try:
            sent += _send_digest(user)
        except Exception:  # noqa: BLE001 - logged; the rest still get theirs
            logger.exception("Could not send the %s digest to user %s", frequency, user.pk)
            failed += 1
    if failed:
        raise DigestFailed(f"{failed} {frequency} digest(s) could not be sent; {sent} were sent.")
    return sent


def mark_read(user, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    count = unread.update(read_at=timezone.now())
    transaction.on_commit(lambda: push_unread_count(user.pk))
    return count


def set_frequency(user, frequency: str) -> EmailPreference:
    with transaction.atomic():
        preference, _created = EmailPreference.objects.update_or_create(user=user, defaults={"frequency": frequency})
    return preference
