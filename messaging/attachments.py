"""Files in messages, with the same rules as files on posts (files.attachments): type by content,
size limited, stored under PRIVATE_MEDIA_ROOT and served only to the conversation's members.

A file is uploaded over HTTP first (the socket carries no files), then the send frame names its id;
`claim` checks the ids inside the send's transaction and ties the files to the stored message.
"""

from datetime import timedelta

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from files import attachments as rules
from files import previews
from messaging import queries
from messaging.errors import MessagingError
from messaging.models import MessageAttachment

MAX_FILES = rules.MAX_FILES
LARGEST_ID = 2**63 - 1  # the database's bigint: a larger id cannot name a file (and would fail the query)
# An upload not sent within this time was abandoned (a closed tab, a refused send).
UNSENT_HOURS = 24
# Thumbnails are made by files.previews; kept apart from the posts' ones, as the ids overlap.
PREVIEW_FOLDER = "messages/previews"


UNSENT_BATCH = 500  # uploads deleted per transaction


def forget_unsent(user=None) -> int:
    """Delete uploads never sent, older than UNSENT_HOURS, with their files and thumbnails: the user's
    (at each upload) or everyone's (the scheduler's `messaging_unsent_uploads` job). Returns how many.

    A send may claim one of them at this very moment: its row is locked as `claim` locks it (FOR UPDATE)
    and skipped if that send holds it, so the send and the delete never both win. A row deleted first
    makes the send refuse the file (`bad_attachment`: upload it again)."""
    stale = MessageAttachment.objects.filter(
        message__isnull=True, created_at__lt=timezone.now() - timedelta(hours=UNSENT_HOURS)
    )
    if user is not None:
        stale = stale.filter(uploader=user)
    deleted = 0
    while True:
        # In batches: the first run after a deploy may find a long backlog, and each batch holds its locks
        # only for one short transaction.
        with transaction.atomic():
            # skip_locked: a row a send has claimed is left to it. (SQLite has no row locks; its transactions
            # here begin IMMEDIATE, with the one write lock, so no claim comes between this read and the delete.)
            found = list(stale.order_by("pk").select_for_update(skip_locked=True)[:UNSENT_BATCH])
            if found:
                MessageAttachment.objects.filter(pk__in=[attachment.pk for attachment in found]).delete()
                # The files go once the rows are surely gone (kept if this transaction rolls back).
                transaction.on_commit(lambda found=found: discard_files(found), robust=True)
        deleted += len(found)
        if len(found) < UNSENT_BATCH:
            return deleted


def remove_stored(stored) -> None:
    for attachment in stored:
        previews.delete_preview(attachment, PREVIEW_FOLDER)  # now, while its id is still known
        attachment.delete()
    discard_files(stored)


def claim(sender, conversation_id: int, ids) -> list[MessageAttachment]:
    """The sender's unsent uploads to this conversation named by `ids` (call inside the send's transaction)."""
    if ids is None:
        return []
    if (
        not isinstance(ids, list | tuple)
        or len(ids) > MAX_FILES
        or any(isinstance(pk, bool) or not isinstance(pk, int) or not 0 < pk <= LARGEST_ID for pk in ids)
    ):
        raise MessagingError(_("Attach at most %(max)d files."), "bad_attachment", max=MAX_FILES)
    ids = list(dict.fromkeys(ids))
    found = list(
        MessageAttachment.objects.select_for_update().filter(
            pk__in=ids, uploader=sender, conversation_id=conversation_id, message__isnull=True
        )
    )
    if len(found) != len(ids):
        raise MessagingError(_("An attached file is missing or was already sent; upload it again."), "bad_attachment")
    return sorted(found, key=lambda attachment: attachment.pk)


def discard_files(found) -> None:
    """Remove stored files (call on commit, after their rows are gone)."""
    for attachment in found:
        attachment.file.delete(save=False)
        if attachment.pk is not None:
            previews.delete_preview(attachment, PREVIEW_FOLDER)


def preview_path(attachment: MessageAttachment) -> str | None:
    """The cached JPEG thumbnail of an image attachment (made on first use); None for other files."""
    return previews.preview_path(attachment, PREVIEW_FOLDER)


def attach(message, found: list[MessageAttachment]) -> None:
    if found:
        MessageAttachment.objects.filter(pk__in=[attachment.pk for attachment in found]).update(message=message)
        for attachment in found:
            attachment.message = message


def readable(user, pk: int) -> MessageAttachment:
    """An attachment of a conversation the user is in (or their own upload), else 404."""
    attachment = MessageAttachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404("No such file.")
    queries.get_conversation_for(user, attachment.conversation_id)  # 404 unless a current member
    if attachment.message_id is None and attachment.uploader_id != user.pk:
        raise Http404("No such file.")
    if attachment.message_id is not None and attachment.message.deleted_at is not None:
        raise Http404("No such file.")
    return attachment


def payload(attachment: MessageAttachment) -> dict:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "size": attachment.size,
        "content_type": attachment.content_type,
        "url": reverse("messaging:attachment", args=[attachment.pk]),
        "preview_url": reverse("messaging:attachment_preview", args=[attachment.pk]) if attachment.is_image else None,
        "alt_text": attachment.alt_text,
    }


def payloads(message) -> list[dict]:
    if message.pk is None:
        return []
    return [payload(attachment) for attachment in message.attachments.all()]
