"""Every write to messaging: validate, one transaction, then publish on commit.

Persist first, publish second: the channel layer may drop a copy, the database
never does, and clients recover anything they missed with `sync`.
"""

from typing import cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from messaging import attachments as message_files
from messaging import publish, rules
from messaging.errors import MessagingError
from messaging.models import Conversation, ConversationMember, Message
from messaging.payloads import message_payload
from messaging.queries import may_talk, unread_total

NOT_A_MEMBER = _("You are not a member of this conversation.")
MAX_CLIENT_ID = 64


def start_direct(user, other_user) -> Conversation:
    """The one direct conversation of this pair, created on first use."""
    if not user.is_active:
        raise MessagingError(_("Your account is not active."), "inactive")
    if other_user.pk == user.pk:
        raise MessagingError(_("You cannot start a conversation with yourself."), "self")
    if not other_user.is_active:
        raise MessagingError(_("This person can no longer receive messages."), "inactive")
    if not may_talk(user, other_user):
        if user.is_guest:
            raise MessagingError(_("As a guest you can send messages only to people in your groups."), "not_allowed")
        raise MessagingError(
            _("This person is a guest: you can send them messages once you share a group."), "not_allowed"
        )
    low, high = sorted([user.pk, other_user.pk])
    with transaction.atomic():
        # get_or_create retries the read when a concurrent start wins the unique direct_key.
        conversation, created = Conversation.objects.get_or_create(
            direct_key=f"{low}:{high}", defaults={"kind": Conversation.Kind.DIRECT}
        )
        if created:
            ConversationMember.objects.bulk_create(
                [
                    ConversationMember(conversation=conversation, user=user),
                    ConversationMember(conversation=conversation, user=other_user),
                ]
            )
            audit.record(user, "conversation.start", conversation, with_user=other_user.pk)
            transaction.on_commit(lambda: publish.joined([user.pk, other_user.pk], conversation.pk), robust=True)
    return conversation


def send_message(
    sender, conversation_id, client_id, body, reply_to: int | None = None, attachments=None
) -> tuple[Message, bool]:
    """Store a message once per (sender, client_id) and publish it to every member's sockets.

    Returns (message, created); a repeated client_id returns the stored message
    with created False and publishes nothing again. `reply_to` is the seq of an
    earlier message of the same conversation. `attachments` are ids of files the sender
    uploaded to this conversation (messaging.attachments); with files the body may be empty.
    """
    client_id = _valid_client_id(client_id)
    body = "" if attachments and isinstance(body, str) and not body.strip() else _valid_body(body)
    member_ids = _member_ids_allowed_to_send(sender, conversation_id)

    try:
        with transaction.atomic():
            # Locks the conversation row and numbers the message in one statement: senders are
            # serialised, so sequence numbers have no gaps or repeats (a rollback gives the number back).
            seq, change = _next_numbers(conversation_id)
            replied = _replied(conversation_id, reply_to)
            # A repeated client_id fails here, on the unique (sender, client_id) constraint, before the
            # files are claimed (they went with the first send); no query looks for it beforehand.
            message = Message.objects.create(
                conversation_id=conversation_id,
                seq=seq,
                sender=sender,
                client_id=client_id,
                body=body,
                reply_to=replied,
                created_change=change,
                change=change,
            )
            files = message_files.claim(sender, conversation_id, attachments)
            message_files.attach(message, files)
            # A new message has no reactions and only these files: no query.
            message._prefetched_objects_cache = {"reactions": [], "attachments": files}  # type: ignore[attr-defined]
            # Writing is reading: your own messages never count as unread.
            ConversationMember.objects.filter(conversation_id=conversation_id, user=sender).update(last_read_seq=seq)
            payload = message_payload(message)
            transaction.on_commit(
                lambda: publish.to_conversation(
                    conversation_id, member_ids, {"type": "message.new", "message": payload}
                ),
                robust=True,
            )
    except IntegrityError:
        # The client_id was used before (a retry, or one that committed first while this one waited on the
        # row lock): the transaction rolled back, and the stored message is the answer.
        stored = _stored(sender, client_id, conversation_id)
        if stored is None:
            raise
        return stored, False
    return message, True


def mark_read(user, conversation_id, seq) -> int:
    """Move the user's read position forward to `seq` (never back, never past the end)."""
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
        raise MessagingError(_("The read position must be a whole number of zero or more."), "bad_seq")
    with transaction.atomic():
        member = (
            ConversationMember.objects.select_for_update()
            .select_related("conversation")
            .filter(conversation_id=conversation_id, user=user)
            .first()
        )
        if member is None or not rules.takes_part(user, member.conversation_id):
            raise MessagingError(NOT_A_MEMBER, "not_member")
        target = min(seq, member.conversation.last_seq)
        if target > member.last_read_seq:
            member.last_read_seq = target
            member.save(update_fields=["last_read_seq"])
            # Every tab of the reader updates its unread numbers, the header badge too.
            event = {
                "type": "read.updated",
                "conversation": member.conversation_id,
                "seq": target,
                "unread_total": unread_total(user),
            }
            transaction.on_commit(lambda: publish.to_users([user.pk], event), robust=True)
    return member.last_read_seq


def _next_numbers(conversation_id: int) -> tuple[int, int]:
    """Raise the conversation's last_seq and last_change by one under its row lock: (seq, change)."""
    fields = {
        name: cast(Field, Conversation._meta.get_field(name)).column
        for name in ("last_seq", "last_change", "updated_at")
    }
    quote = connection.ops.quote_name
    seq, change, updated = (quote(fields[name]) for name in ("last_seq", "last_change", "updated_at"))
    with connection.cursor() as cursor:
        # UPDATE ... RETURNING: PostgreSQL and SQLite >= 3.35 both have it. Only quoted column names go in.
        cursor.execute(
            f"UPDATE {quote(Conversation._meta.db_table)} SET {seq} = {seq} + 1, {change} = {change} + 1, "  # noqa: S608
            f"{updated} = %s WHERE {quote(Conversation._meta.pk.column)} = %s RETURNING {seq}, {change}",
            [connection.ops.adapt_datetimefield_value(timezone.now()), conversation_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise MessagingError(NOT_A_MEMBER, "not_member")
    return row[0], row[1]


def _replied(conversation_id: int, reply_to: int | None) -> Message | None:
    if reply_to is None:
        return None
    replied = (
        Message.objects.filter(conversation_id=conversation_id, seq=reply_to).first()
        if isinstance(reply_to, int) and not isinstance(reply_to, bool)
        else None
    )
    if replied is None:
        raise MessagingError(_("The message you reply to is not in this conversation."), "bad_reply")
    return replied


def storable(text: str) -> bool:
    """Whether the database can hold this text: no NUL (PostgreSQL text cannot), no lone surrogate
    (JSON's "\\ud800" decodes to one; it has no UTF-8 form, so the INSERT would fail)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _valid_client_id(client_id) -> str:
    # Refused here rather than failing in the INSERT with a server error.
    if not isinstance(client_id, str) or not 1 <= len(client_id) <= MAX_CLIENT_ID or not storable(client_id):
        raise MessagingError(_("Each message needs a client id of 1 to 64 characters."), "bad_client_id")
    return client_id


def _valid_body(body) -> str:
    if not isinstance(body, str) or not body.strip():
        raise MessagingError(_("Write something before sending."), "empty")
    body = body.strip()
    if "\x00" in body:
        # PostgreSQL text cannot hold it (the INSERT would fail with a server error); no editor types it.
        raise MessagingError(_("The text contains a character that cannot be stored (NUL)."), "bad_character")
    if not storable(body):
        # A lone surrogate: half of a character, which only a broken or hostile client sends.
        raise MessagingError(_("The text contains an incomplete character that cannot be stored."), "bad_character")
    limit = settings.MESSAGING_MAX_BODY_CHARS
    if len(body) > limit:
        raise MessagingError(
            _("A message can be at most %(limit)d characters long; this one has %(length)d."),
            "too_long",
            limit=limit,
            length=len(body),
        )
    return body


def valid_body(body) -> str:
    return _valid_body(body)


def member_ids_allowed_to_send(sender, conversation_id) -> list[int]:
    return _member_ids_allowed_to_send(sender, conversation_id)


def _member_ids_allowed_to_send(sender, conversation_id) -> list[int]:
    """The ids of the members who receive live copies, after checking that the sender may write here
    (every send is authorised, by messaging.rules as things are now)."""
    found = rules.audience(conversation_id)
    if found is None or not sender.is_active or sender.pk not in found.participants:
        raise MessagingError(NOT_A_MEMBER, "not_member")
    if found.kind == Conversation.Kind.DIRECT and any(member.guest for member in found.members.values()):
        # Both of a pair must still be allowed to talk: a message nobody may receive is refused.
        users = get_user_model().objects.in_bulk(found.others(sender.pk))
        if any(not may_talk(sender, other) for other in users.values()):
            raise MessagingError(
                _("You can no longer send messages to this person: you do not share a group."),
                "not_allowed",
            )
    # Live copies go only to those who take part now: a socket left open by a disabled account, or by a
    # guest whose group membership ended by date (no signal closes it), receives nothing more.
    return [user_id for user_id in found.members if user_id in found.participants]


def _stored(sender, client_id: str, conversation_id: int) -> Message | None:
    # No ORDER BY (first() would add the model's): the unique (sender, client_id) index finds it.
    message = next(
        iter(
            Message.objects.select_related("sender__profile", "reply_to")
            .filter(sender=sender, client_id=client_id)
            .order_by()[:1]
        ),
        None,
    )
    if message is not None and message.conversation_id != conversation_id:
        raise MessagingError(
            _("This client id was already used for a message in another conversation."), "client_id_reused"
        )
    return message
