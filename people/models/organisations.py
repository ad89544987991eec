"""Organisations (the home municipalities and everyone they work with) and units."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.keys import key_field


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        STATE_AGENCY = "state_agency", _("State agency")
        COMPANY = "company", _("Company")
        ASSOCIATION = "association", _("Association")
        FOUNDATION = "foundation", _("Foundation")
        COOPERATIVE = "cooperative", _("Cooperative")
        RESEARCH_EDUCATION = "research_education", _("Research or education body")
        MEDIA = "media", _("Media")
        INTERNATIONAL_CITY = "international_city", _("International partner city")

    key = key_field()
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # Home organisations are the cooperating municipalities whose staff use the intranet.
    is_home = models.BooleanField(_("home organisation"), default=False)
    country = models.CharField(_("country"), max_length=2, default="FI")
    business_id = models.CharField(_("business ID"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    # The domains of its staff's work addresses: home-realm discovery sends an address of one of them to
    # the organisation's sign-in service, and single sign-on links an account only by one of them.
    email_domains = models.JSONField(_("email domains"), default=list, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def owns_address(self, email: str) -> bool:
        domain = email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""
        return bool(domain) and domain in {d.lower() for d in self.email_domains}


class Unit(models.Model):
    key = key_field()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name=_("parent unit")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
