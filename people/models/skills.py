"""The skills taxonomy: one entry, labelled in Finnish, Swedish and English."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.keys import key_field


class Skill(models.Model):
    key = key_field()
    label_fi = models.CharField(_("Finnish label"), max_length=120)
    label_sv = models.CharField(_("Swedish label"), max_length=120)
    label_en = models.CharField(_("English label"), max_length=120)
    # Other words people use for the same skill, in any language.
    synonyms = models.JSONField(_("synonyms"), default=list, blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["label_en"]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        language = (language or get_language() or "fi")[:2]
        return getattr(self, f"label_{language}", "") or self.label_en

    def all_labels(self) -> list[str]:
        return [self.label_fi, self.label_sv, self.label_en, *self.synonyms]
