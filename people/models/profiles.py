"""Expertise profiles: who someone is, what they know and what they can help with."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.keys import key_field
from people.models.organisations import Organisation, Unit
from people.models.skills import Skill
from people.reserved_keys import is_reserved, unique_key

LANGUAGE_CHOICES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("de", _("German")),
    ("et", _("Estonian")),
    ("ru", _("Russian")),
    ("fr", _("French")),
]


class _PrivatePhotoStorage(FileSystemStorage):
    """Under PRIVATE_MEDIA_ROOT, read at each use (so a changed setting, as in tests, takes effect), with no
    public URL: photos are served only by people.views.photo, which checks who may see them."""

    @property
    def base_location(self):
        return Path(getattr(settings, "PRIVATE_MEDIA_ROOT", None) or Path(settings.MEDIA_ROOT).parent / "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Profile photos have no public URL: link people:photo_file instead.")


def photo_storage() -> FileSystemStorage:
    return _PrivatePhotoStorage()


class Profile(models.Model):
    key = key_field()
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="profiles", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles", verbose_name=_("unit")
    )
    title = models.CharField(_("job title"), max_length=200, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    help_with = models.TextField(_("I can help with"), blank=True)
    bio = models.TextField(_("about me"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    responsibilities = models.TextField(_("responsibilities"), blank=True)
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports", verbose_name=_("manager")
    )
    # Outside the public media folder (MEDIA_ROOT): served only through a view that checks who may see it.
    photo = models.ImageField(_("photo"), upload_to="profile-photos/", storage=photo_storage, blank=True)
    # Who may see which optional field: {"phone": "organisation", ...}; see people/visibility.py.
    field_visibility = models.JSONField(_("field visibility"), default=dict, blank=True)
    # Leaving: announced date, the date the handover was completed (former staff), the successor.
    leaving_on = models.DateField(_("leaving on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successor_for",
        verbose_name=_("successor"),
    )
    # Availability: out of office until this date (inclusive), and who to ask instead.
    out_of_office_until = models.DateField(_("out of office until"), null=True, blank=True)
    stand_in = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="standing_in_for",
        verbose_name=_("stand-in"),
    )
    skills = models.ManyToManyField(Skill, through="ProfileSkill", related_name="profiles", verbose_name=_("skills"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # A new person never gets a key that a fixed address of the people pages shadows (/people/me/...).

        if self._state.adding and self.key and is_reserved("person", self.key):
            self.key = unique_key(Profile, "person", self.key)
        super().save(*args, **kwargs)

    def is_away(self, today=None) -> bool:
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.out_of_office_until is not None and self.out_of_office_until >= today

    @property
    def is_former_staff(self) -> bool:
        return self.left_on is not None

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.email


class ProfileSkill(models.Model):
    class Level(models.IntegerChoices):
        BASIC = 1, _("Basic")
        WORKING = 2, _("Working knowledge")
        ADVANCED = 3, _("Advanced")
        EXPERT = 4, _("Expert")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="profile_skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="profile_skills")
    level = models.PositiveSmallIntegerField(
        _("level"),
        choices=Level.choices,
        default=Level.WORKING,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    confirmed_at = models.DateField(_("last confirmed"), null=True, blank=True)
    # Guests see only the skills a person chose to show them.
    shown_to_guests = models.BooleanField(_("shown to guests"), default=False)

    class Meta:
        verbose_name = _("skill of a person")
        verbose_name_plural = _("skills of people")
        constraints = [models.UniqueConstraint(fields=["profile", "skill"], name="unique_profile_skill")]
        ordering = ["-level"]
