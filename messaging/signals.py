"""Close live sockets when their session ends (logout, or logged out by a password change) or their
account is disabled.

Sends are authorised again on every frame anyway; closing the socket also
stops the copies of new messages that would otherwise keep arriving.
"""

from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from groups.models import Membership
from messaging import group_services, password_sockets, publish


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


# A password change is detected on the user row itself, by comparing the stored hash: that catches every
# path (allauth's change, set and reset pages, the Wagtail admin, `manage.py changepassword`, a hash
# upgraded at login) and mirrors Django's own rule, which refuses sessions by an HMAC of that hash.
# allauth's password_changed/password_set/password_reset signals would miss the admin and the command.
@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="messaging.notice_password_change")
def notice_password_change(sender, instance, update_fields=None, **kwargs):
    instance._messaging_password_changed = False  # not left over from an earlier save that failed
    if (
        instance._state.adding
        or "password" in instance.get_deferred_fields()
        or (update_fields is not None and "password" not in update_fields)
    ):
        return
    stored = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._messaging_password_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="messaging.close_sockets_on_password_change")
def close_sockets_of_sessions_logged_out_by_password_change(sender, instance, created, **kwargs):
    if not getattr(instance, "_messaging_password_changed", False):
        return
    instance._messaging_password_changed = False
    user_id, current_hash = instance.pk, instance.get_session_auth_hash()
    renewed = _own_session_key(user_id)
    transaction.on_commit(lambda: password_sockets.announce(user_id, current_hash, renewed), robust=True)


def _own_session_key(user_id):
    """The key of the session saving this user, if it is that user's own request (its sockets may reconnect:
    the change pages keep it logged in under a new key; if a page did not, the reconnect is refused); None for
    an admin's reset, a command or a login's hash upgrade. From allauth's request context, which its
    AccountMiddleware sets for every request."""
    request = allauth_context.request
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.pk != user_id:
        return None
    return request.session.session_key


@receiver(post_save, sender=Membership, dispatch_uid="messaging.join_group_chat")
def join_group_chat(sender, instance, created, **kwargs):
    if created:
        group_services.space_member_added(instance.group_id, instance.user_id)


@receiver(post_delete, sender=Membership, dispatch_uid="messaging.leave_group_chat")
def leave_group_chat(sender, instance, **kwargs):
    group_services.space_member_removed(instance.group_id, instance.user_id)
