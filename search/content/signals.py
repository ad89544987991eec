"""Queue re-indexing of content documents when what they are built from changes.

Memberships are read at query time (search.content.audience), so joining or leaving a group
only re-indexes the group itself (its member count).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from core import events
from feed.events import ContentHidden
from feed.models import Comment, Post, Topic
from groups.models import Group, Membership, MembershipRequest
from people.models import ExternalContact, Organisation, Profile, User
from search.content import CONTACTS, GROUPS, ORGANISATIONS, PAGES, POSTS
from search.content.sync import queue
from search.signals import IRRELEVANT_USER_FIELDS


@receiver(post_save, sender=Group)
def group_saved(sender, instance, created=False, **kwargs):
    queue(GROUPS, [instance.pk])
    if not created:  # its visibility decides who finds its posts
        queue(POSTS, Post.objects.filter(group=instance).values_list("pk", flat=True))


@receiver(post_delete, sender=Group)
def group_deleted(sender, instance, **kwargs):
    queue(GROUPS, [instance.pk])


@receiver(m2m_changed, sender=Group.organisations.through)
def group_organisations_changed(sender, instance, action, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Group):
        queue(GROUPS, [instance.pk])
    else:
        queue(GROUPS, Group.objects.filter(organisations=instance).values_list("pk", flat=True))


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
@receiver(post_save, sender=MembershipRequest)
@receiver(post_delete, sender=MembershipRequest)
def membership_changed(sender, instance, **kwargs):
    queue(GROUPS, [instance.group_id])


@receiver(post_save, sender=Post)
@receiver(post_delete, sender=Post)
def post_changed(sender, instance, **kwargs):
    queue(POSTS, [instance.pk])


@receiver(post_save, sender=User)
def user_changed(sender, instance, created=False, update_fields=None, **kwargs):
    # Posts carry their author's name.
    if created or (update_fields and set(update_fields) <= IRRELEVANT_USER_FIELDS):
        return
    queue(POSTS, Post.objects.filter(author=instance).values_list("pk", flat=True))


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def comment_changed(sender, instance, **kwargs):
    queue(POSTS, [instance.post_id])


def content_was_hidden(event: ContentHidden):
    # Moderation hides by update(): the model signals above never fire for it.
    queue(POSTS, event.post_ids)


events.subscribe(ContentHidden, content_was_hidden)


@receiver(m2m_changed, sender=Topic.posts.through)
def topics_changed(sender, instance, action, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Post):
        queue(POSTS, [instance.pk])
    elif pk_set:
        queue(POSTS, pk_set)
    else:
        queue(POSTS, instance.posts.values_list("pk", flat=True))


@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
def organisation_changed(sender, instance, created=False, **kwargs):
    queue(ORGANISATIONS, [instance.pk])
    if not created and instance.pk:  # contacts and groups show its name
        queue(CONTACTS, ExternalContact.objects.filter(organisation=instance).values_list("pk", flat=True))


@receiver(post_save, sender=ExternalContact)
@receiver(post_delete, sender=ExternalContact)
def contact_changed(sender, instance, **kwargs):
    queue(CONTACTS, [instance.pk])


@receiver(m2m_changed, sender=ExternalContact.known_by.through)
def contact_known_by_changed(sender, instance, action, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, ExternalContact):
        queue(CONTACTS, [instance.pk])
    elif pk_set:
        queue(CONTACTS, pk_set)


@receiver(post_save, sender=Profile)
def profile_changed(sender, instance, created=False, **kwargs):
    # A colleague's organisation decides who finds the "organisation"-level contacts they know.
    if not created:
        queue(CONTACTS, ExternalContact.objects.filter(known_by=instance).values_list("pk", flat=True))
        queue(CONTACTS, ExternalContact.objects.filter(added_by=instance).values_list("pk", flat=True))


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    queue(PAGES, [instance.pk])


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        queue(PAGES, [instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def page_restriction_changed(sender, instance, **kwargs):
    # A restriction hides the page and everything below it from search; lifting it brings them back.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        queue(PAGES, page.get_descendants(inclusive=True).values_list("pk", flat=True))
