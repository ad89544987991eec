"""Close live sockets when their session ends or their account is disabled.

Sends are authorised again on every frame anyway; closing the socket also
stops the copies of new messages that would otherwise keep arriving.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from groups.models import Membership
from messaging import group_services, publish


@receiver(user_logged_out, dispatch_uid="messaging.close_sockets_on_logout")
def close_sockets_of_session(sender, request, user, **kwargs):
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if user is None or not session_key:
        return
    publish.to_users([user.pk], {"type": "session.ended", "session_key": session_key})


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="messaging.close_sockets_on_deactivation")
def close_sockets_of_disabled_account(sender, instance, created, **kwargs):
    if created or instance.is_active:
        return
    user_id = instance.pk
    transaction.on_commit(lambda: publish.to_users([user_id], {"type": "account.disabled"}), robust=True)


@receiver(post_save, sender=Membership, dispatch_uid="messaging.join_group_chat")
def join_group_chat(sender, instance, created, **kwargs):
    if created:
        group_services.space_member_added(instance.group_id, instance.user_id)


@receiver(post_delete, sender=Membership, dispatch_uid="messaging.leave_group_chat")
def leave_group_chat(sender, instance, **kwargs):
    group_services.space_member_removed(instance.group_id, instance.user_id)
