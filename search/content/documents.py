"""Content documents, built from the database in one place per kind.

A document is a dict: kind, object_id, title, text (what is searched besides the title),
summary and meta (what a hit shows), url, access (search.content.audience), facets
(filter values such as "group:<key>", "question", "open", "kind:<kind>") and created.
`documents_for(kind, ids)` returns the documents of the objects that should be indexed;
ids without one (deleted, hidden, unpublished) leave the index.
"""

from collections.abc import Iterable, Iterator

from django.db.models import Count
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import Page

from feed.models import Comment, Post
from groups.models import Group, MembershipRequest
from groups.queries import current_memberships
from people.models import ExternalContact, Organisation
from search.content import CONTACTS, GROUPS, KINDS, ORGANISATIONS, PAGES, POSTS, audience

SUMMARY_CHARS = 240
BATCH = 500


def _summary(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _document(kind, pk, *, title, text, url, access, facets=(), summary="", meta=None, created=None) -> dict:
    return {
        "kind": kind,
        "object_id": pk,
        "title": title,
        "text": text,
        "summary": _summary(summary or text),
        "url": url,
        "access": sorted(set(access)),
        "facets": sorted(set(facets)),
        "meta": meta or {},
        "created": _iso(created),
    }


# --- Groups -----------------------------------------------------------------------
def _groups(ids) -> Iterator[dict]:
    members = dict(
        current_memberships()
        .filter(group_id__in=ids)
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    invited: dict[int, list[int]] = {}
    for group_id, user_id in MembershipRequest.objects.filter(
        group_id__in=ids,
        kind=MembershipRequest.Kind.INVITATION,
        status=MembershipRequest.Status.PENDING,
        user__is_guest=False,
    ).values_list("group_id", "user_id"):
        invited.setdefault(group_id, []).append(user_id)
    for group in Group.objects.filter(pk__in=ids).prefetch_related("organisations"):
        municipalities = [org.name for org in group.organisations.all()]
        yield _document(
            GROUPS,
            group.pk,
            title=group.name,
            text=" ".join([group.description, *municipalities]),
            summary=group.description,
            url=reverse("groups:detail", args=[group.key]),
            access=audience.group_access(group, invited.get(group.pk, ())),
            meta={
                "visibility": group.visibility,
                "members": members.get(group.pk, 0),
                "municipalities": municipalities,
            },
            created=group.created_at,
        )


# --- Posts and questions -----------------------------------------------------------
def _posts(ids) -> Iterator[dict]:
    posts = (
        Post.objects.filter(pk__in=ids, hidden_at__isnull=True)
        .select_related("group", "author")
        .prefetch_related("topics")
    )
    comments: dict[int, list[Comment]] = {}
    for comment in Comment.objects.filter(post_id__in=ids, hidden_at__isnull=True).order_by("created_at", "pk"):
        comments.setdefault(comment.post_id, []).append(comment)
    for post in posts:
        thread = comments.get(post.pk, [])
        topics = sorted(topic.name for topic in post.topics.all())
        question = post.kind == Post.Kind.QUESTION
        answers = [c for c in thread if c.author_id != post.author_id] if question else []
        facets = [f"group:{post.group.key}"]
        if question:
            facets.append("question")
            if post.accepted_answer_id is None:
                facets.append("open")
        title = post.title or _summary(post.body)[:80]
        author = post.author.get_full_name() or ""
        yield _document(
            POSTS,
            post.pk,
            title=title,
            # The group's and the author's names too: "procurement circle", "Kaisa" find their posts.
            text=" ".join([post.body, *topics, *(c.body for c in thread), post.group.name, author]),
            summary=post.body,
            url=reverse("feed:detail", args=[post.pk]),
            access=audience.post_access(post.group),
            facets=facets,
            meta={
                "kind": post.kind,
                "group": post.group.name,
                "group_key": post.group.key,
                "author": author,
                "topics": topics,
                "answers": len(answers),
                "accepted": post.accepted_answer_id is not None,
            },
            created=post.created_at,
        )


# --- Organisations ------------------------------------------------------------------
def _organisations(ids) -> Iterator[dict]:
    for org in Organisation.objects.filter(pk__in=ids):
        yield _document(
            ORGANISATIONS,
            org.pk,
            title=org.name,
            text=" ".join([org.get_kind_display(), org.country, org.business_id]),
            summary=" · ".join(filter(None, [str(org.get_kind_display()), org.country, org.business_id])),
            url=reverse("people:organisation", args=[org.key]),
            access=[audience.STAFF],
            facets=[f"kind:{org.kind}"],
            meta={"kind": org.kind, "country": org.country},
        )


# --- External contacts --------------------------------------------------------------
def _contacts(ids) -> Iterator[dict]:
    contacts = (
        ExternalContact.objects.filter(pk__in=ids)
        .select_related("organisation", "added_by")
        .prefetch_related("known_by")
    )
    for contact in contacts:
        knowers = list(contact.known_by.all()) + ([contact.added_by] if contact.added_by else [])
        organisation = contact.organisation.name if contact.organisation else ""
        # Only those in the contact's audience find the document at all, so its email and phone may be searched.
        yield _document(
            CONTACTS,
            contact.pk,
            title=contact.name,
            text=" ".join([contact.role, organisation, contact.email, contact.phone]),
            summary=", ".join(filter(None, [contact.role, organisation])),
            url=reverse("people:contact", args=[contact.key]),
            access=audience.contact_access(contact, knowers),
            meta={"organisation": organisation, "role": contact.role},
            created=contact.created_at,
        )


# --- Wagtail pages ------------------------------------------------------------------
def _page_text(page) -> str:
    parts = [
        getattr(page, "intro", ""),
        strip_tags(str(getattr(page, "body", "") or "")),
        getattr(page, "search_description", ""),
    ]
    return " ".join(part for part in parts if part)


def _pages(ids) -> Iterator[dict]:
    # Staff only: guests see their project spaces, not the intranet's pages (intranet.models.NewsPage).
    for page in Page.objects.filter(pk__in=ids, live=True, depth__gt=1).specific():
        if page.get_view_restrictions().exists():
            continue  # a page restricted in Wagtail is not offered in search
        text = _page_text(page)
        yield _document(
            PAGES,
            page.pk,
            title=page.title,
            text=text,
            url=page.get_url() or page.url_path,
            access=[audience.STAFF],
            meta={"type": str(page.specific_class._meta.verbose_name)},
            created=page.first_published_at,
        )


BUILDERS = {GROUPS: _groups, POSTS: _posts, ORGANISATIONS: _organisations, CONTACTS: _contacts, PAGES: _pages}


def documents_for(kind: str, ids: Iterable[int]) -> list[dict]:
    return list(BUILDERS[kind](sorted({int(pk) for pk in ids})))


def all_ids(kind: str) -> list[int]:
    rows = {
        GROUPS: Group.objects.all(),
        POSTS: Post.objects.filter(hidden_at__isnull=True),
        ORGANISATIONS: Organisation.objects.all(),
        CONTACTS: ExternalContact.objects.all(),
        PAGES: Page.objects.filter(live=True, depth__gt=1),
    }[kind]
    return list(rows.order_by("pk").values_list("pk", flat=True))


def all_documents() -> Iterator[dict]:
    for kind in KINDS:
        ids = all_ids(kind)
        for start in range(0, len(ids), BATCH):
            yield from documents_for(kind, ids[start : start + BATCH])


def count_all() -> int:
    return sum(len(all_ids(kind)) for kind in KINDS)
