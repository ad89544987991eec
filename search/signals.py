"""Queue re-indexing when the data a person document is built from changes.

Services may call search.sync.queue_profiles themselves too: a transaction enqueues
one task however many times it asks. Bulk imports wrap their work in
search.sync.suspended() and call reindex_all() at the end.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from core import events
from feed.events import ContentHidden
from feed.models import Comment, Post
from groups.models import Group, Membership
from people.models import (
    ExternalContact,
    Interaction,
    Organisation,
    Profile,
    ProfileSkill,
    Skill,
    SkillEndorsement,
    Unit,
    User,
)
from search.sync import queue_posts, queue_profiles

# Saving only these fields changes nothing a search shows.
IRRELEVANT_USER_FIELDS = {"last_login", "password"}


def _pointing_at(profile_ids):
    """Profiles that name these as their stand-in or successor (their documents carry the name)."""
    return Profile.objects.filter(Q(stand_in__in=profile_ids) | Q(successor__in=profile_ids)).values_list(
        "pk", flat=True
    )


@receiver(post_save, sender=Profile)
@receiver(post_delete, sender=Profile)
def profile_changed(sender, instance, **kwargs):
    # Leaving, left_on and successor are profile fields: saving them re-indexes the person.
    queue_profiles([instance.pk])
    if kwargs.get("signal") is post_save:
        queue_profiles(_pointing_at([instance.pk]))


@receiver(post_save, sender=ProfileSkill)
@receiver(post_delete, sender=ProfileSkill)
def profile_skill_changed(sender, instance, **kwargs):
    queue_profiles([instance.profile_id])


@receiver(post_save, sender=User)
def user_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= IRRELEVANT_USER_FIELDS:
        return
    own = list(Profile.objects.filter(user=instance).values_list("pk", flat=True))
    queue_profiles(own)
    queue_profiles(_pointing_at(own))  # a closed account or a new name is shown to those who point here


@receiver(post_save, sender=SkillEndorsement)
@receiver(post_delete, sender=SkillEndorsement)
def endorsement_changed(sender, instance, **kwargs):
    queue_profiles(ProfileSkill.objects.filter(pk=instance.held_id).values_list("profile_id", flat=True))


# Network evidence (search.network): the colleagues who know a contact or took part in an
# interaction; the audience of a contact also depends on who added it.
def _contact_people(contact_ids):
    people = set(Profile.objects.filter(contacts__in=contact_ids).values_list("pk", flat=True))
    return people | set(Profile.objects.filter(interactions__contacts__in=contact_ids).values_list("pk", flat=True))


@receiver(post_save, sender=ExternalContact)
@receiver(pre_delete, sender=ExternalContact)
def contact_changed(sender, instance, **kwargs):
    queue_profiles(_contact_people([instance.pk]))


@receiver(m2m_changed, sender=ExternalContact.known_by.through)
def contact_known_by_changed(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear", "post_clear"}:
        return
    if isinstance(instance, ExternalContact):
        queue_profiles(_contact_people([instance.pk]) | set(pk_set or ()))
    else:  # profile.contacts.add(...)
        queue_profiles([instance.pk])
        if pk_set:
            queue_profiles(_contact_people(list(pk_set)))


@receiver(post_save, sender=Interaction)
@receiver(pre_delete, sender=Interaction)
def interaction_changed(sender, instance, **kwargs):
    queue_profiles(Profile.objects.filter(interactions=instance).values_list("pk", flat=True))


@receiver(m2m_changed, sender=Interaction.participants.through)
@receiver(m2m_changed, sender=Interaction.contacts.through)
def interaction_people_changed(sender, instance, action, pk_set=None, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear", "post_clear"}:
        return
    if isinstance(instance, Interaction):
        queue_profiles(Profile.objects.filter(interactions=instance).values_list("pk", flat=True))
        if sender is Interaction.participants.through and pk_set:
            queue_profiles(pk_set)
    elif isinstance(instance, Profile):
        queue_profiles([instance.pk])
    else:  # contact.interactions.add(...): the ids are interactions
        queue_profiles(_contact_people([instance.pk]))
        if pk_set:
            queue_profiles(Profile.objects.filter(interactions__in=pk_set).values_list("pk", flat=True))


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):
    queue_profiles(Profile.objects.filter(user_id=instance.user_id).values_list("pk", flat=True))


@receiver(post_save, sender=Skill)
def skill_changed(sender, instance, created=False, **kwargs):
    if not created:
        queue_profiles(ProfileSkill.objects.filter(skill=instance).values_list("profile_id", flat=True))


@receiver(post_save, sender=Organisation)
def organisation_changed(sender, instance, created=False, **kwargs):
    if not created:
        queue_profiles(Profile.objects.filter(organisation=instance).values_list("pk", flat=True))
        # Its name and kind are evidence of those who dealt with it.
        queue_profiles(Profile.objects.filter(contacts__organisation=instance).values_list("pk", flat=True))
        queue_profiles(
            Profile.objects.filter(
                Q(interactions__organisation=instance) | Q(interactions__contacts__organisation=instance)
            ).values_list("pk", flat=True)
        )


@receiver(post_save, sender=Unit)
def unit_changed(sender, instance, created=False, **kwargs):
    if not created:
        queue_profiles(Profile.objects.filter(unit=instance).values_list("pk", flat=True))


@receiver(m2m_changed, sender=Profile.skills.through)
def skills_set(sender, instance, action, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Profile):
        queue_profiles([instance.pk])
    elif pk_set:  # skill.profiles.add(...): the ids are profiles
        queue_profiles(pk_set)


def _authors_profiles(user_ids):
    return Profile.objects.filter(user_id__in=list(user_ids)).values_list("pk", flat=True)


@receiver(post_save, sender=Post)
@receiver(post_delete, sender=Post)
def post_changed(sender, instance, **kwargs):
    # Its answers (evidence) and its author's groups of activity.
    queue_posts([instance.pk])
    queue_profiles(_authors_profiles([instance.author_id]))


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def comment_changed(sender, instance, **kwargs):
    queue_posts([instance.post_id])
    queue_profiles(_authors_profiles([instance.author_id]))


def content_was_hidden(event: ContentHidden):
    # A hidden answer is no longer evidence; its question's other answers are re-counted.
    post_ids = list(event.post_ids)
    queue_posts(post_ids)
    authors = set(Post.objects.filter(pk__in=post_ids).values_list("author_id", flat=True))
    authors |= set(Comment.objects.filter(post_id__in=post_ids).values_list("author_id", flat=True))
    queue_profiles(_authors_profiles(authors))


events.subscribe(ContentHidden, content_was_hidden)


@receiver(post_save, sender=Group)
def group_changed(sender, instance, created=False, **kwargs):
    # A group's name, description or visibility is part of its writers' documents.
    if created:
        return
    writers = set(Post.objects.filter(group=instance).values_list("author_id", flat=True))
    writers |= set(Comment.objects.filter(post__group=instance).values_list("author_id", flat=True))
    queue_profiles(_authors_profiles(writers))
