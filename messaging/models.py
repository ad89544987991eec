"""Conversations and their messages; each conversation numbers its messages 1, 2, 3, ..."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    group = models.OneToOneField("groups.Group", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="chat")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    # The sequence number of the newest message; raised under a row lock.
    last_seq = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-updated_at"]


class ConversationMember(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="conversation_memberships")
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

    class Meta:
        ordering = ["conversation", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="unique_message_seq"),
            models.UniqueConstraint(fields=["sender", "client_id"], name="unique_sender_client_id"),
        ]

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
