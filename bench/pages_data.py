"""The generated organisation of bench/pages.py: people, groups, posts, questions, conversations and
notifications, written fast (bulk_create and PostgreSQL COPY, not the per-row services), then indexed
into Elasticsearch with the project's bulk rebuild.

Every row is made from a seeded random generator, so the same sizes give the same data. The words of
posts come from the demo skills taxonomy, so searches find something.
"""

import random
import time
from datetime import date, timedelta

BENCH_USERS = 20  # the logged-in users who ask for pages; each gets its own group, question, conversation
MEMBERS_PER_PERSON = 3  # groups an ordinary person belongs to
BENCH_GROUPS_PER_USER = 10
QUESTION_SHARE = 10  # one post in ten is a question
ANSWERS_PER_BENCH_QUESTION = 8
MESSAGES_PER_CONVERSATION = 60
NOTIFICATIONS_PER_BENCH_USER = 60
TOPICS = 50


def log(message: str) -> None:
    import sys

    print(message, file=sys.stderr, flush=True)


def _copy(model, columns: list[str], rows) -> int:
    """COPY rows into the model's table: several times faster than bulk_create for 100,000s of rows."""
    from django.db import connection

    table = model._meta.db_table
    count = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _fix_sequence(model) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)


def generate(people: int, groups: int, posts: int, seed: int = 20261203) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from feed.models import Comment, Post, Topic
    from groups.models import Group, Membership
    from intranet.demo import names
    from intranet.demo.skills import SKILLS, help_phrase
    from intranet.models import HomePage, NewsPage
    from messaging.models import Conversation, ConversationMember, Message
    from notifications.models import Notification
    from people.models import Organisation, Profile, ProfileSkill, Skill, Unit, User
    from search.sync import suspended

    rng = random.Random(seed)
    started = time.perf_counter()
    now = timezone.now()
    with suspended(), transaction.atomic():
        orgs = [
            Organisation.objects.create(key=key, name=name, kind="municipality", is_home=True)
            for key, name in [
                ("jarvenpaa", "Järvenpään kaupunki"),
                ("kerava", "Keravan kaupunki"),
                ("sipoo", "Sipoon kunta"),
            ]
        ]
        units = [
            Unit.objects.create(key=f"{org.key}-u{n}", organisation=org, name=f"Yksikkö {n}")
            for org in orgs
            for n in range(12)
        ]
        skills = [
            Skill.objects.create(key=key, label_fi=fi, label_sv=sv, label_en=en, synonyms=synonyms)
            for key, (fi, sv, en), synonyms, _phrases in SKILLS
        ]

        # People: the first BENCH_USERS are the ones who log in (password "bench").
        password = make_password("bench")
        firsts = names.FINNISH_WOMEN + names.FINNISH_MEN + names.SWEDISH_WOMEN + names.SWEDISH_MEN
        lasts = names.FINNISH_FAMILY + names.SWEDISH_FAMILY
        User.objects.bulk_create(
            [
                User(
                    email=f"p{n}@bench.example",
                    first_name=rng.choice(firsts),
                    last_name=rng.choice(lasts),
                    password=password,
                    is_active=True,
                )
                for n in range(people)
            ],
            batch_size=5000,
        )
        user_ids = list(
            User.objects.filter(email__endswith="@bench.example").order_by("pk").values_list("pk", flat=True)
        )
        profiles, held = [], []
        for n, user_id in enumerate(user_ids):
            unit = rng.choice(units)
            own = rng.sample(skills, k=rng.randint(1, 4))
            language = rng.choice(["fi", "fi", "sv", "en"])
            profiles.append(
                Profile(
                    key=f"p{n}",
                    user_id=user_id,
                    organisation=unit.organisation,
                    unit=unit,
                    title=rng.choice(["asiantuntija", "suunnittelija", "päällikkö", "expert"]),
                    languages=[language, "en"],
                    help_with="; ".join(help_phrase(skill.key, language) for skill in own[:2]),
                    out_of_office_until=date.today() + timedelta(days=3) if n % 40 == 0 else None,
                )
            )
            held.append(own)
        Profile.objects.bulk_create(profiles, batch_size=5000)
        profile_ids = list(Profile.objects.order_by("pk").values_list("pk", flat=True))
        _copy(
            ProfileSkill,
            ["profile_id", "skill_id", "level", "confirmed_at", "shown_to_guests"],
            (
                (pid, skill.pk, rng.randint(1, 4), date.today() - timedelta(days=rng.randint(0, 900)), False)
                for pid, own in zip(profile_ids, held, strict=True)
                for skill in own
            ),
        )
        log(f"  {people} people in {time.perf_counter() - started:.0f} s")

        # Groups: public mostly; every bench user belongs to BENCH_GROUPS_PER_USER of them.
        Group.objects.bulk_create(
            [
                Group(
                    key=f"g{n}",
                    name=f"Verkosto {n}: {SKILLS[n % len(SKILLS)][1][0]}",
                    description="Kuntien yhteinen verkosto.",
                    visibility="secret" if n % 20 == 19 else "private" if n % 10 == 9 else "public",
                    owning_organisation=orgs[n % 3],
                )
                for n in range(groups)
            ],
            batch_size=2000,
        )
        group_ids = list(Group.objects.order_by("pk").values_list("pk", flat=True))
        members: dict[int, set[int]] = {gid: set() for gid in group_ids}
        memberships = set()
        for n, user_id in enumerate(user_ids):
            count = BENCH_GROUPS_PER_USER if n < BENCH_USERS else MEMBERS_PER_PERSON
            for gid in rng.sample(group_ids, k=min(count, len(group_ids))):
                memberships.add((gid, user_id))
                members[gid].add(user_id)
        _copy(
            Membership,
            ["group_id", "user_id", "role", "joined_at"],
            ((gid, uid, "member", now) for gid, uid in sorted(memberships)),
        )
        # The first member of each group owns it.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"""UPDATE {Membership._meta.db_table} m SET role = 'owner'
                FROM (SELECT group_id, min(user_id) AS user_id FROM {Membership._meta.db_table} GROUP BY group_id) o
                WHERE m.group_id = o.group_id AND m.user_id = o.user_id""")
        log(f"  {groups} groups, {len(memberships)} memberships in {time.perf_counter() - started:.0f} s")

        # Posts: authors are members of the group; spread over the last two years, newest last.
        sentences = [
            f"{phrase} ({label}), {synonym}"
            for _key, labels, synonyms, phrases in SKILLS
            for label, phrase in zip(labels, phrases, strict=True)
            for synonym in synonyms
        ]
        author_pool = {gid: sorted(ids) or user_ids[:1] for gid, ids in members.items()}
        span = 2 * 365 * 86400

        def post_rows():
            for n in range(posts):
                gid = group_ids[n % len(group_ids)]
                question = rng.randrange(QUESTION_SHARE) == 0
                body = " ".join(rng.sample(sentences, k=3))
                created = now - timedelta(seconds=span * (posts - n) / posts)
                title = f"Kysymys: {body[:60]}" if question else ""
                yield (gid, rng.choice(author_pool[gid]), "question" if question else "post", title, body, created, "")

        _copy(Post, ["group_id", "author_id", "kind", "title", "body", "created_at", "hidden_reason"], post_rows())
        log(f"  {posts} posts in {time.perf_counter() - started:.0f} s")
        questions = list(Post.objects.filter(kind="question").values_list("pk", "group_id", "created_at"))

        # Answers: most questions have one or two; the bench users' own questions have more.
        def comment_rows():
            for pk, gid, created in questions:
                for k in range(rng.randint(0, 2)):
                    yield (
                        pk,
                        rng.choice(author_pool[gid]),
                        f"Vastaus: {rng.choice(sentences)}",
                        created + timedelta(minutes=k + 1),
                        "",
                    )

        _copy(Comment, ["post_id", "author_id", "body", "created_at", "hidden_reason"], comment_rows())

        topics = Topic.objects.bulk_create([Topic(name=f"aihe{n}") for n in range(TOPICS)])
        through = Topic.posts.through
        _copy(
            through,
            ["topic_id", "post_id"],
            ((topics[pk % TOPICS].pk, pk) for pk in list(Post.objects.values_list("pk", flat=True))[::7]),
        )
        log(f"  answers and topics in {time.perf_counter() - started:.0f} s")

        # What each bench user asks for: a busy group of theirs, a question there with many answers,
        # a direct conversation with a long history, a page of notifications.
        bench_users = User.objects.filter(pk__in=user_ids[:BENCH_USERS]).order_by("pk")
        home = HomePage.objects.first()
        for n in range(5):
            home.add_child(
                instance=NewsPage(
                    title=f"Tiedote {n}",
                    slug=f"tiedote-{n}",
                    date=date.today() - timedelta(days=n),
                    intro="Ajankohtaista.",
                )
            )
        message_rows, member_rows, notification_rows = [], [], []
        for n, user in enumerate(bench_users):
            user.followed_topics.add(topics[n % TOPICS], topics[(n + 1) % TOPICS])
            question = (
                Post.objects.filter(
                    group_id__in=[gid for gid, ids in members.items() if user.pk in ids], kind="question"
                )
                .order_by("-created_at")
                .first()
            )
            gid = question.group_id
            for k in range(ANSWERS_PER_BENCH_QUESTION):
                Comment.objects.create(
                    post=question,
                    author_id=rng.choice(author_pool[gid]),
                    body=f"Vastaus {k}: {rng.choice(sentences)}",
                    created_at=now,
                )
            other = user_ids[BENCH_USERS + n]
            low, high = sorted([user.pk, other])
            conversation = Conversation.objects.create(
                direct_key=f"{low}:{high}", last_seq=MESSAGES_PER_CONVERSATION, last_change=MESSAGES_PER_CONVERSATION
            )
            member_rows += [
                (conversation.pk, user.pk, MESSAGES_PER_CONVERSATION - 5, now),
                (conversation.pk, other, MESSAGES_PER_CONVERSATION, now),
            ]
            message_rows += [
                (
                    conversation.pk,
                    seq,
                    user.pk if seq % 2 else other,
                    f"b{n}-{seq}",
                    rng.choice(sentences),
                    now,
                    seq,
                    seq,
                )
                for seq in range(1, MESSAGES_PER_CONVERSATION + 1)
            ]
            group_posts = list(
                Post.objects.filter(group_id=gid).values_list("pk", flat=True)[:NOTIFICATIONS_PER_BENCH_USER]
            )
            notification_rows += [
                (
                    user.pk,
                    rng.choice(["mention", "answer", "expert"]),
                    rng.choice(author_pool[gid]),
                    gid,
                    pk,
                    now - timedelta(minutes=k),
                    now if k > 10 else None,
                )
                for k, pk in enumerate(group_posts)
            ]
        # Everyone else's direct conversations and notifications, so those tables are not tiny.
        others = user_ids[2 * BENCH_USERS :]
        extra = min(len(others) // 2, people // 5)
        conversations = Conversation.objects.bulk_create(
            [
                Conversation(direct_key=f"{others[2 * k]}:{others[2 * k + 1]}", last_seq=5, last_change=5)
                for k in range(extra)
            ],
            batch_size=5000,
        )
        for k, conversation in enumerate(conversations):
            pair = (others[2 * k], others[2 * k + 1])
            member_rows += [(conversation.pk, uid, 5, now) for uid in pair]
            message_rows += [
                (conversation.pk, seq, pair[seq % 2], f"c{k}-{seq}", rng.choice(sentences), now, seq, seq)
                for seq in range(1, 6)
            ]
        notification_rows += [
            (rng.choice(others), "answer", rng.choice(others), None, None, now, None) for _ in range(people * 2)
        ]
        _copy(ConversationMember, ["conversation_id", "user_id", "last_read_seq", "joined_at"], member_rows)
        _copy(
            Message,
            ["conversation_id", "seq", "sender_id", "client_id", "body", "created_at", "created_change", "change"],
            message_rows,
        )
        _copy(
            Notification,
            ["recipient_id", "kind", "actor_id", "group_id", "post_id", "created_at", "read_at"],
            notification_rows,
        )
        for model in (ProfileSkill, Membership, Post, Comment, Message, Notification, ConversationMember, through):
            _fix_sequence(model)
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as a database in service has
        cursor.execute("VACUUM ANALYZE")
    log(f"  conversations and notifications; generated in {time.perf_counter() - started:.0f} s")


def index() -> None:
    """The project's bulk rebuild of the Elasticsearch indices (people, and content). The database
    fallback index is left empty: the pages are served from Elasticsearch, and tokenising 500,000
    posts a second time would double the preparation for nothing the bench measures."""
    from search import answers, documents
    from search.backends import get_backend
    from search.content import documents as content_documents
    from search.content import elasticsearch as es_content

    started = time.perf_counter()
    answers.rebuild()
    get_backend().rebuild(documents.all_documents())
    log(f"  people indexed in {time.perf_counter() - started:.0f} s")
    es_content.rebuild(content_documents.all_documents())
    log(f"  content indexed in {time.perf_counter() - started:.0f} s")


def bench_targets() -> list[dict]:
    """For each bench user: the pages they ask for (a colleague's profile, their busiest group, the
    question there, their conversation)."""
    from feed.models import Post
    from groups.models import Membership
    from messaging.models import ConversationMember
    from people.models import User

    targets = []
    users = list(User.objects.filter(email__endswith="@bench.example").order_by("pk")[:BENCH_USERS])
    for n, user in enumerate(users):
        question = (
            Post.objects.filter(kind="question", comments__created_at__isnull=False, group__memberships__user=user)
            .order_by("-created_at")
            .first()
        )
        group_key = Membership.objects.filter(user=user).order_by("group_id").values_list("group__key", flat=True)[0]
        conversation = ConversationMember.objects.filter(user=user).values_list("conversation_id", flat=True)[0]
        colleague = users[(n + 1) % len(users)]
        targets.append(
            {
                "user": user,
                "profile": colleague.profile.key,
                "group": question.group.key if question else group_key,
                "question": question.pk if question else None,
                "conversation": conversation,
            }
        )
    return targets
