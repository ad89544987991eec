"""The audit trail: who changed or read which personal data, and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    # e.g. "profile.update", "contact.view", "import.apply", "invitation.accept"
    action = models.CharField(_("action"), max_length=60, db_index=True)
    target_type = models.CharField(_("object type"), max_length=60)
    target_id = models.CharField(_("object"), max_length=100)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        # The table keeps the name it had when the model lived in the intranet app (no data moves).
        db_table = "intranet_auditentry"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"
