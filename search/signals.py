"""Queue re-indexing when the data a person document is built from changes.

Services may call search.sync.queue_profiles themselves too: a transaction enqueues
one task however many times it asks. Bulk imports wrap their work in
search.sync.suspended() and call reindex_all() at the end.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from feed.models import Comment, Post
from groups.models import Group, Membership
from people.models import Organisation, Profile, ProfileSkill, Skill, Unit, User
from search.sync import queue_posts, queue_profiles

# Saving only these fields changes nothing a search shows.
IRRELEVANT_USER_FIELDS = {"last_login", "password"}


@receiver(post_save, sender=Profile)
@receiver(post_delete, sender=Profile)
def profile_changed(sender, instance, **kwargs):
    queue_profiles([instance.pk])


@receiver(post_save, sender=ProfileSkill)
@receiver(post_delete, sender=ProfileSkill)
def profile_skill_changed(sender, instance, **kwargs):
    queue_profiles([instance.profile_id])


@receiver(post_save, sender=User)
def user_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= IRRELEVANT_USER_FIELDS:
        return
    queue_profiles(Profile.objects.filter(user=instance).values_list("pk", flat=True))


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


@receiver(post_save, sender=Group)
def group_changed(sender, instance, created=False, **kwargs):
    # A group's name, description or visibility is part of its writers' documents.
    if created:
        return
    writers = set(Post.objects.filter(group=instance).values_list("author_id", flat=True))
    writers |= set(Comment.objects.filter(post__group=instance).values_list("author_id", flat=True))
    queue_profiles(_authors_profiles(writers))
