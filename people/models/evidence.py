"""Evidence of skills: endorsements by named colleagues, and free-text skills proposed for the taxonomy."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models.profiles import Profile, ProfileSkill
from people.models.skills import Skill


class SkillEndorsement(models.Model):
    held = models.ForeignKey(
        ProfileSkill, on_delete=models.CASCADE, related_name="endorsements", verbose_name=_("skill")
    )
    endorser = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="endorsements_given", verbose_name=_("endorsed by")
    )
    created_at = models.DateTimeField(_("endorsed"), auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [models.UniqueConstraint(fields=["held", "endorser"], name="unique_endorsement")]
        ordering = ["-created_at"]


class SkillProposal(models.Model):
    """A skill someone holds that the taxonomy lacks. Merging keeps the holder: the proposal becomes a
    ProfileSkill of the chosen taxonomy entry and remembers which one (`merged_into`)."""

    profile = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="skill_proposals", verbose_name=_("proposed by")
    )
    label = models.CharField(_("skill"), max_length=120)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=ProfileSkill.Level.choices, default=ProfileSkill.Level.WORKING
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    merged_into = models.ForeignKey(
        Skill,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_proposals",
        verbose_name=_("merged into"),
    )
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True)

    class Meta:
        verbose_name = _("skill proposal")
        verbose_name_plural = _("skill proposals")
        ordering = ["label", "created_at"]

    def __str__(self) -> str:
        return self.label
