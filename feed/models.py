"""Posts in groups, comments on them; a question is a post whose comments are answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.keys import key_field
from files.attachments import alt_text, storage, type_label
from files.previews import has_preview
from groups.models import Group


class Post(models.Model):
    class Kind(models.TextChoices):
        POST = "post", _("Post")
        QUESTION = "question", _("Question")

    key = key_field(null=True, blank=True)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="posts", verbose_name=_("group"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts", verbose_name=_("author")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.POST)
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    accepted_answer = models.OneToOneField(
        "Comment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accepted_for",
        verbose_name=_("accepted answer"),
    )
    created_at = models.DateTimeField(_("posted"), db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # Questions: when an answer is promised, and when the first and the accepted one came.
    answer_due_at = models.DateTimeField(_("answer promised by"), null=True, blank=True, db_index=True)
    first_answer_at = models.DateTimeField(_("first answer"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("answer accepted"), null=True, blank=True)
    # Set by a handover when the asker leaves: the successor may then accept an answer in their place.
    asker_successor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("acts as the asker"),
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    # Moderation: hidden content stays stored (for the record) but is shown to nobody but moderators.
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at", "-id"]
        indexes = [
            # A group's page: its newest posts, without sorting all of the group's posts.
            models.Index(fields=["group", "-created_at", "-id"], name="post_group_newest"),
            # The moderators' count of escalated questions: few rows, found without reading the groups' posts.
            models.Index(fields=["group"], condition=models.Q(escalated_at__isnull=False), name="post_escalated"),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:60]

    @property
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION

    def acts_as_asker(self, user) -> bool:
        """The asker, or whoever took over the asker's questions in a handover."""
        return user.pk is not None and user.pk in (self.author_id, self.asker_successor_id)


class Comment(models.Model):
    key = key_field(null=True, blank=True)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("post"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments", verbose_name=_("author")
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("posted"), db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # Moderation: hidden content stays stored (for the record) but is shown to nobody but moderators.
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class Revision(models.Model):
    """The text of a post or comment before an edit, so the history stays readable."""

    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField(_("edited"))

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-edited_at", "-id"]


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        THANKS = "thanks", _("Thanks")
        AGREE = "agree", _("Agree")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("reaction"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user", "kind"], name="one_reaction_of_a_kind")]


class AnswerVote(models.Model):
    """One vote by one person for an answer to a question."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_vote_per_answer")]


class Mention(models.Model):
    """Someone named with @key in a post or comment who may read it (others are not linked)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "comment", "user"], name="one_mention_per_text", nulls_distinct=False
            )
        ]


class Topic(models.Model):
    """A hashtag: #name in a post's text files the post under the topic."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    posts = models.ManyToManyField(Post, related_name="topics", blank=True)
    followers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="followed_topics", blank=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"#{self.name}"


def attachment_storage():
    return storage()


class Attachment(models.Model):
    """A file on a post, kept outside the public media folder and served through a view
    that checks the reader may see the post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=attachment_storage, upload_to="attachments/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return has_preview(self)

    @property
    def type_label(self):
        return type_label(self.content_type)

    @property
    def alt_text(self) -> str:
        return alt_text(self.name)


class SuggestedExpert(models.Model):
    """A colleague the expertise search suggested for a question, and whether they were asked."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="suggested_experts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggested_questions")
    reasons = models.JSONField(default=list, blank=True)
    rank = models.PositiveSmallIntegerField(default=0)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["rank"]
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_suggestion_per_person")]


class Report(models.Model):
    """A reader's report of a post or comment, waiting in the group's moderation queue."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at"]
