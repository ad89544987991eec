"""Conversations and their messages; each conversation numbers its messages 1, 2, 3, ..."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from files.attachments import alt_text
from files.previews import has_preview
from files.storage import PrivateStorage


class Conversation(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", _("Direct")
        GROUP = "group", _("Group conversation")
        # The live chat of a group space: its members are the group's members.
        SPACE = "space", _("Group chat")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DIRECT)
    title = models.CharField(_("title"), max_length=200, blank=True)
    # "lowid:highid" for a direct conversation, so a pair has only one.
    direct_key = models.CharField(max_length=50, unique=True, null=True, blank=True)
    # Set for the chat of a group space (kind SPACE); one chat per group.
    group = models.OneToOneField("groups.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="chat")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The sequence number of the newest message; raised under a row lock.
    last_seq = models.PositiveBigIntegerField(default=0)
    # The number of the latest change of any kind (a new message, an edit, a deletion, a reaction),
    # raised under the same row lock: `sync` sends every message changed after a client's number.
    last_change = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-updated_at"]


class ConversationMember(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_memberships"
    )
    last_read_seq = models.PositiveBigIntegerField(default=0)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="unique_conversation_member")]


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveBigIntegerField()
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages")
    # Chosen by the sending client; a repeated id returns the stored message.
    client_id = models.CharField(max_length=64)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    # A reply points at an earlier message of the same conversation.
    reply_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies")
    edited_at = models.DateTimeField(null=True, blank=True)
    # A deleted message keeps its row (and seq) so numbering has no gaps; its body is emptied.
    deleted_at = models.DateTimeField(null=True, blank=True)
    # The conversation's change number when this message was stored, and of its latest change.
    created_change = models.PositiveBigIntegerField(default=0)
    change = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["conversation", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="unique_message_seq"),
            models.UniqueConstraint(fields=["sender", "client_id"], name="unique_sender_client_id"),
        ]
        indexes = [models.Index(fields=["conversation", "change"], name="message_change")]

    @property
    def reaction_counts(self) -> list[tuple[str, int]]:
        """[(emoji, count)] from the prefetched reactions, in the order first given."""
        counts: dict[str, int] = {}
        for reaction in self.reactions.all():
            counts[reaction.emoji] = counts.get(reaction.emoji, 0) + 1
        return list(counts.items())


class MessageEdit(models.Model):
    """The text a message had before one edit: the history of a message, oldest first."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="edits")
    body = models.TextField()
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["message", "replaced_at", "pk"]


class Reaction(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_reactions")
    emoji = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "user", "emoji"], name="unique_message_reaction")]


def message_attachment_storage():
    return PrivateStorage(base_url=None)


class MessageAttachment(models.Model):
    """A file uploaded into a conversation, then attached to one message by the send that names it.

    Stored outside the public media folder and served only to the conversation's members.
    """

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="attachments")
    uploader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Empty until a message is sent with it.
    message = models.ForeignKey(Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    file = models.FileField(storage=message_attachment_storage, upload_to="messages/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message attachment")
        verbose_name_plural = _("message attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        """An image the page shows as a thumbnail (the types files.previews can make one of)."""

        return has_preview(self)

    @property
    def alt_text(self) -> str:
        return alt_text(self.name)
