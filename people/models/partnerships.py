"""Partnerships and projects: they keep their partners and dates, and stay findable after they end."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.keys import key_field
from people.models.organisations import Organisation
from people.models.profiles import Profile


class Partnership(models.Model):
    class Kind(models.TextChoices):
        EU_PROJECT = "eu_project", _("EU project")
        NATIONAL_PROJECT = "national_project", _("National project")
        REGIONAL = "regional", _("Regional cooperation")
        TWIN_CITY = "twin_city", _("Twin cities")

    key = key_field()
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    organisations = models.ManyToManyField(
        Organisation, related_name="partnerships", blank=True, verbose_name=_("partner organisations")
    )
    people = models.ManyToManyField(Profile, related_name="partnerships", blank=True, verbose_name=_("colleagues"))

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_ended(self) -> bool:
        return self.ends_on is not None and self.ends_on < timezone.localdate()
