"""Writes on stored messages: edit (keeping the history), delete, react.

The same rules as sending: every action is authorised against the current membership.
Changes are published as `message.updated` with the whole message, on commit.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from messaging import publish, services
from messaging.errors import MessagingError
from messaging.models import Message, MessageEdit, Reaction
from messaging.payloads import message_payload

# A short fixed set keeps reactions meaningful and the storage bounded.
REACTIONS = ("👍", "❤️", "😄", "🎉", "😮", "🙏")


def edit_message(user, message_id, body) -> Message:
    body = services.valid_body(body)
    with transaction.atomic():
        message, member_ids = _own_message(user, message_id)
        if message.body != body:
            MessageEdit.objects.create(message=message, body=message.body)
            message.body = body
            message.edited_at = timezone.now()
            message.save(update_fields=["body", "edited_at"])
            _publish_update(message, member_ids)
    return message


def delete_message(user, message_id) -> Message:
    with transaction.atomic():
        message, member_ids = _own_message(user, message_id)
        # The row stays so sequence numbers keep no gaps; its text and history go.
        message.edits.all().delete()
        message.reactions.all().delete()
        message.body = ""
        message.deleted_at = timezone.now()
        message.save(update_fields=["body", "deleted_at"])
        _publish_update(message, member_ids)
    return message


def react(user, message_id, emoji, on: bool = True) -> Message:
    if emoji not in REACTIONS:
        raise MessagingError(_("Choose one of the offered reactions."), "bad_reaction")
    with transaction.atomic():
        message, member_ids = _visible_message(user, message_id)
        if on:
            try:
                with transaction.atomic():
                    Reaction.objects.get_or_create(message=message, user=user, emoji=emoji)
            except IntegrityError:
                pass  # the same reaction raced in twice: one is enough
        else:
            Reaction.objects.filter(message=message, user=user, emoji=emoji).delete()
        _publish_update(message, member_ids)
    return message


def history_of(user, message_id) -> list[MessageEdit]:
    """Earlier versions of a message, for its members."""
    message, _ids = _visible_message(user, message_id)
    return list(message.edits.all())


def _visible_message(user, message_id):
    if isinstance(message_id, bool) or not isinstance(message_id, int):
        raise MessagingError(_("There is no such message."), "no_message")
    message = Message.objects.select_related("sender__profile", "reply_to").filter(pk=message_id).first()
    if message is None:
        raise MessagingError(_("There is no such message."), "no_message")
    try:
        member_ids = services.member_ids_allowed_to_send(user, message.conversation_id)
    except MessagingError:
        raise MessagingError(_("There is no such message."), "no_message") from None
    if message.deleted_at is not None:
        raise MessagingError(_("This message was deleted."), "deleted")
    return message, member_ids


def _own_message(user, message_id):
    message, member_ids = _visible_message(user, message_id)
    if message.sender_id != user.pk:
        raise MessagingError(_("You can change only your own messages."), "not_allowed")
    return message, member_ids


def _publish_update(message: Message, member_ids) -> None:
    message = Message.objects.select_related("sender__profile", "reply_to").prefetch_related("reactions").get(
        pk=message.pk)
    event = {"type": "message.updated", "message": message_payload(message)}
    transaction.on_commit(lambda: publish.to_conversation(message.conversation_id, member_ids, event), robust=True)
