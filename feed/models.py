"""Posts in groups, comments on them; a question is a post whose comments are answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from groups.models import Group
from people.models.keys import key_field


class Post(models.Model):
    class Kind(models.TextChoices):
        POST = "post", _("Post")
        QUESTION = "question", _("Question")

    key = key_field(null=True, blank=True)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="posts", verbose_name=_("group"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts",
                               verbose_name=_("author"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.POST)
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    accepted_answer = models.OneToOneField("Comment", null=True, blank=True, on_delete=models.SET_NULL,
                                           related_name="accepted_for", verbose_name=_("accepted answer"))
    created_at = models.DateTimeField(_("posted"), db_index=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title or self.body[:60]

    @property
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION


class Comment(models.Model):
    key = key_field(null=True, blank=True)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("post"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments",
                               verbose_name=_("author"))
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("posted"), db_index=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]
