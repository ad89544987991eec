"""What the scheduler has run: one row per job, so a restart neither skips nor repeats a run."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    name = models.CharField(_("job"), max_length=100, unique=True)
    # The scheduled moment last claimed: a slot is claimed (atomically) before the job runs, so a
    # crash mid-run or a second scheduler process never runs the same slot again.
    last_slot = models.DateTimeField(_("last scheduled time run"), null=True, blank=True)
    started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    succeeded = models.BooleanField(_("last run succeeded"), null=True)
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
