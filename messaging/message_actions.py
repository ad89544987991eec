"""Writes on stored messages: edit (keeping the history), delete, react.

The same rules as sending: every action is authorised against the current membership.
Changes are published as `message.updated` with the whole message, on commit.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from messaging import attachments as message_files
from messaging import publish, services
from messaging.errors import MessagingError
from messaging.models import Conversation, Message, MessageEdit, Reaction
from messaging.payloads import message_payload

# A short fixed set keeps reactions meaningful and the storage bounded.
REACTIONS = ("👍", "❤️", "😄", "🎉", "😮", "🙏")


def edit_message(user, message_id, body) -> Message:
    body = services.valid_body(body)
    with transaction.atomic():
        message, member_ids = _own_message(user, message_id)
        message = _locked(message)
        if message.body != body:
            MessageEdit.objects.create(message=message, body=message.body)
            message.body = body
            message.edited_at = timezone.now()
            message.change = _next_change(message)
            message.save(update_fields=["body", "edited_at", "change"])
            _publish_update(message, member_ids)
    return message


def delete_message(user, message_id) -> Message:
    with transaction.atomic():
        message, member_ids = _own_message(user, message_id)
        message = _locked(message)
        # The row stays so sequence numbers keep no gaps; its text and history go.
        message.edits.all().delete()
        message.reactions.all().delete()
        files = list(message.attachments.all())
        message.attachments.all().delete()
        transaction.on_commit(lambda: message_files.discard_files(files), robust=True)
        message.body = ""
        message.deleted_at = timezone.now()
        message.change = _next_change(message)
        message.save(update_fields=["body", "deleted_at", "change"])
        _publish_update(message, member_ids)
    return message


def react(user, message_id, emoji, on: bool = True) -> Message:
    if emoji not in REACTIONS:
        raise MessagingError(_("Choose one of the offered reactions."), "bad_reaction")
    with transaction.atomic():
        message, member_ids = _visible_message(user, message_id)
        message = _locked(message)
        if on:
            try:
                with transaction.atomic():
                    _reaction, changed = Reaction.objects.get_or_create(message=message, user=user, emoji=emoji)
            except IntegrityError:
                changed = False  # the same reaction raced in twice: one is enough
        else:
            changed = Reaction.objects.filter(message=message, user=user, emoji=emoji).delete()[0] > 0
        if changed:
            message.change = _next_change(message)
            message.save(update_fields=["change"])
            _publish_update(message, member_ids)
    return message


def my_reactions(user, message_id) -> list[str]:
    return list(Reaction.objects.filter(message_id=message_id, user=user).values_list("emoji", flat=True))


def history_of(user, message_id) -> list[MessageEdit]:
    """Earlier versions of a message, for its members."""
    message, _ids = _visible_message(user, message_id)
    return list(message.edits.all())


def _locked(message: Message) -> Message:
    """Take the conversation's row lock first (as sends do), then read the message afresh.

    Changes to one conversation are serialised, so their numbers are committed in order.
    """
    Conversation.objects.select_for_update().filter(pk=message.conversation_id).values_list("pk").first()
    message.refresh_from_db(fields=["body", "edited_at", "deleted_at", "change"])
    if message.deleted_at is not None:
        raise MessagingError(_("This message was deleted."), "deleted")
    return message


def _next_change(message: Message) -> int:
    """A new number from the conversation's change counter (the caller holds its row lock)."""
    conversation = Conversation.objects.get(pk=message.conversation_id)
    conversation.last_change += 1
    conversation.save(update_fields=["last_change"])
    return conversation.last_change


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
    message = (
        Message.objects.select_related("sender__profile", "reply_to")
        .prefetch_related("reactions", "attachments")
        .get(pk=message.pk)
    )
    event = {"type": "message.updated", "message": message_payload(message)}
    transaction.on_commit(lambda: publish.to_conversation(message.conversation_id, member_ids, event), robust=True)
