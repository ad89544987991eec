"""In-app notifications and each person's email preference.

A notification stores what happened (kind, who, where), not a sentence: the text is
written when shown, in the reader's language.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        MENTION = "mention", _("Mention")
        ANSWER = "answer", _("Answer to your question")
        ACCEPTED = "accepted", _("Your answer was accepted")
        INVITATION = "invitation", _("Invitation to a group")
        JOIN_REQUEST = "join_request", _("Request to join")
        REQUEST_ACCEPTED = "request_accepted", _("Request approved")
        REQUEST_DECLINED = "request_declined", _("Request declined")
        EXPERT = "expert", _("A question you could answer")
        ESCALATION = "escalation", _("Unanswered question")
        ROLE_CHANGED = "role_changed", _("Your role in a group changed")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    group = models.ForeignKey("groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("feed.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]


class EmailPreference(models.Model):
    class Frequency(models.TextChoices):
        INSTANT = "instant", _("An email for each notification")
        DAILY = "daily", _("A daily digest")
        WEEKLY = "weekly", _("A weekly digest")
        NEVER = "never", _("No email")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    frequency = models.CharField(
        _("email notifications"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")
