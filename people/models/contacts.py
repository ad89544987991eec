"""External contacts (people who are not users) and interactions with them."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.keys import key_field
from people.models.organisations import Organisation
from people.models.profiles import Profile


class ExternalContact(models.Model):
    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Only the colleagues who know them")
        ORGANISATION = "organisation", _("My organisation")
        COOPERATING = "cooperating", _("Cooperating municipalities")

    class LegalBasis(models.TextChoices):
        LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
        PUBLIC_TASK = "public_task", _("Public task")
        CONTRACT = "contract", _("Contract")
        CONSENT = "consent", _("Consent")

    class SourceKind(models.TextChoices):
        PROJECT = "project", _("Project")
        EVENT = "event", _("Event")
        GROUP = "group", _("Group")
        OTHER = "other", _("Other")

    key = key_field()
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    added_by = models.ForeignKey(
        Profile, null=True, on_delete=models.SET_NULL, related_name="added_contacts", verbose_name=_("added by")
    )
    known_by = models.ManyToManyField(Profile, related_name="contacts", blank=True, verbose_name=_("known by"))
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("The project, event or group through which the contact was made."),
    )
    source_kind = models.CharField(_("source kind"), max_length=20, choices=SourceKind.choices, blank=True)
    partnership = models.ForeignKey(
        "people.Partnership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        verbose_name=_("project or partnership"),
    )
    # Consent, when the legal basis is consent: when it was given and how it was recorded.
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_note = models.CharField(_("consent record"), max_length=300, blank=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=30, choices=LegalBasis.choices, default=LegalBasis.LEGITIMATE_INTEREST
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.ORGANISATION
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Normalised copies for duplicate detection (the vCard import looks candidates up with these instead of
    # loading every contact); computed in Python so that both databases compare alike. Kept by save() and
    # by the directory import's bulk writes (refresh_match_keys).
    match_email = models.CharField(max_length=254, blank=True, editable=False)
    match_name = models.CharField(max_length=200, blank=True, editable=False)
    match_phone = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("external contact")
        verbose_name_plural = _("external contacts")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["match_email"], name="contact_match_email"),
            models.Index(fields=["match_phone", "match_name"], name="contact_match_phone_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def refresh_match_keys(self) -> list[str]:
        """Set the normalised copies; returns the names of those that changed."""
        wanted = match_keys(self.name, self.email, self.phone)
        changed = [name for name, value in wanted.items() if getattr(self, name) != value]
        for name in changed:
            setattr(self, name, wanted[name])
        return changed

    def save(self, *args, **kwargs):  # noqa: DJ012 - beside refresh_match_keys, which it calls
        changed = self.refresh_match_keys()
        if changed and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *changed}
        super().save(*args, **kwargs)


def normal_phone(phone: str) -> str:
    return re.sub(r"[^0-9+]", "", phone or "")


def match_keys(name: str, email: str, phone: str) -> dict[str, str]:
    return {
        "match_email": (email or "").lower(),
        "match_name": (name or "").casefold()[:200],
        "match_phone": normal_phone(phone),
    }


class Interaction(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Call")
        EMAIL = "email", _("Email")
        EVENT = "event", _("Event")
        PROJECT = "project", _("Project work")

    key = key_field()
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
        verbose_name=_("organisation"),
    )
    summary = models.TextField(_("summary"), blank=True)
    participants = models.ManyToManyField(
        Profile, related_name="interactions", blank=True, verbose_name=_("colleagues")
    )
    contacts = models.ManyToManyField(
        ExternalContact, related_name="interactions", blank=True, verbose_name=_("contacts")
    )
    recorded_by = models.ForeignKey(
        Profile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recorded_interactions",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"
