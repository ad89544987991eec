"""Uploading files for a message, and the no-JavaScript send that uploads and sends in one request.
The rules of message files (types, sizes, who may read them) are messaging/attachments.py's; these are
the writes that also ask the send rules (messaging/services.py)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from files import attachments as rules
from messaging import services
from messaging.attachments import MAX_FILES, forget_unsent, remove_stored
from messaging.errors import MessagingError
from messaging.models import MessageAttachment


def upload(user, conversation_id: int, file) -> MessageAttachment:
    """Store one uploaded file for a later send; MessagingError (nothing stored) when it is refused."""
    return upload_all(user, conversation_id, [file])[0]


def upload_all(user, conversation_id: int, files) -> list[MessageAttachment]:
    """Check every file first, then store them all; one refused file stores none."""

    # Only a member who may write here may upload (the same check as a send).
    services.member_ids_allowed_to_send(user, conversation_id)
    if len(files) > MAX_FILES:
        raise MessagingError(_("Attach at most %(max)d files."), "bad_attachment", max=MAX_FILES)
    checked = []
    for file in files:
        try:
            checked.append((file, *rules.check(file)))
        except ValidationError as error:
            raise MessagingError(" ".join(error.messages), "bad_file") from None
    forget_unsent(user)
    for file, _content_type, name in checked:
        file.name = name  # the safe name, with the extension of the real type
    return [
        MessageAttachment.objects.create(
            conversation_id=conversation_id,
            uploader=user,
            file=file,
            name=name,
            content_type=content_type,
            size=file.size,
        )
        for file, content_type, name in checked
    ]


def send_with_files(user, conversation_id: int, client_id, body, files):
    """The form without JavaScript: store the files, send the message naming them; on refusal keep nothing."""

    stored = upload_all(user, conversation_id, files) if files else []
    try:
        message, created = services.send_message(
            user, conversation_id, client_id, body, attachments=[attachment.pk for attachment in stored] or None
        )
    except Exception:
        remove_stored(stored)
        raise
    if not created:
        remove_stored(stored)  # a double submit: the first one's files are in the stored message
    return message, created
