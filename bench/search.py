"""People search benchmark: generated profiles with evidence, bulk indexing time, and query and
type-ahead latency end to end through the API, for both backends.

    python bench/search.py --people 100000 [--queries 200] [--backend both|elasticsearch|database]

Uses the configured DATABASE_URL and ELASTICSEARCH_URL (e.g. after `python scripts/services.py start`
and `eval "$(python scripts/services.py env)"`), but writes into a throwaway test database and
throwaway indices (prefix `bench-<random>`), both deleted at the end. Not part of the test suite.
"""

import argparse
import os
import random
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings")

QUERIES = [
    "julkiset hankinnat",
    "hankinnoissa",
    "offentlig upphandling",
    "public procurement",
    "kaavoitus",
    "detaljplanen",
    "tietosuoja",
    "GDPR",
    "EU funding",
    "varhaiskasvatus",
    "kouluruokailusta",
    "skolmåltider",
    "sosiaalityö",
    "paikkatieto",
    "tietoturva",
    "viestintä",
    "talousarvio",
    "kynnysarvo",
    "Virtanen",
    "Mäkelä",
    "Korhonen",
    "Lindqvist",
    "Niemi",
    "Laine",
]
PREFIXES = ["vi", "vir", "virta", "mä", "mak", "kor", "lind", "ni", "anna", "anna vi", "ka", "sjö"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def generate(people: int, rng: random.Random) -> None:
    """Staff in three municipalities with demo skills, levels, confirmations, help texts, and
    questions answered in public groups (one question per 50 people, two answers each)."""
    from django.contrib.auth.hashers import make_password

    from feed.models import Comment, Post
    from groups.models import Group, Membership
    from intranet.demo import names
    from intranet.demo.skills import SKILLS, help_phrase
    from people.models import Organisation, Profile, ProfileSkill, Skill, Unit, User
    from search.sync import suspended

    with suspended():
        orgs = [
            Organisation.objects.create(key=key, name=name, kind="municipality", is_home=True)
            for key, name in [
                ("jarvenpaa", "Järvenpään kaupunki"),
                ("kerava", "Keravan kaupunki"),
                ("sipoo", "Sipoon kunta"),
            ]
        ]
        units = [
            Unit.objects.create(key=f"{org.key}.u{n}", organisation=org, name=f"Yksikkö {n}")
            for org in orgs
            for n in range(12)
        ]
        skills = [
            Skill.objects.create(key=key, label_fi=fi, label_sv=sv, label_en=en, synonyms=synonyms)
            for key, (fi, sv, en), synonyms, _phrases in SKILLS
        ]
        password = make_password("bench-not-a-login")
        firsts = names.FINNISH_WOMEN + names.FINNISH_MEN + names.SWEDISH_WOMEN + names.SWEDISH_MEN
        lasts = names.FINNISH_FAMILY + names.SWEDISH_FAMILY
        users, profiles, held = [], [], []
        for n in range(people):
            first, last = rng.choice(firsts), rng.choice(lasts)
            users.append(User(email=f"p{n}@bench.example", first_name=first, last_name=last, password=password))
        User.objects.bulk_create(users, batch_size=2000)
        users = list(User.objects.filter(email__endswith="@bench.example").order_by("pk"))
        for n, user in enumerate(users):
            unit = rng.choice(units)
            own = rng.sample(skills, k=rng.randint(1, 4))
            language = rng.choice(["fi", "fi", "sv", "en"])
            profiles.append(
                Profile(
                    key=f"p{n}",
                    user=user,
                    organisation=unit.organisation,
                    unit=unit,
                    title=rng.choice(["asiantuntija", "suunnittelija", "päällikkö", "expert"]),
                    languages=[language, "en"],
                    help_with="; ".join(help_phrase(skill.key, language) for skill in own[:2]),
                    out_of_office_until=date.today() + timedelta(days=3) if n % 40 == 0 else None,
                )
            )
            held.append(own)
        Profile.objects.bulk_create(profiles, batch_size=2000)
        profiles = list(Profile.objects.order_by("pk"))
        ProfileSkill.objects.bulk_create(
            [
                ProfileSkill(
                    profile=profile,
                    skill=skill,
                    level=rng.randint(1, 4),
                    confirmed_at=date.today() - timedelta(days=rng.randint(0, 900)) if rng.random() < 0.5 else None,
                )
                for profile, own in zip(profiles, held, strict=True)
                for skill in own
            ],
            batch_size=5000,
        )
        groups = [Group.objects.create(key=f"g{n}", name=f"Verkosto {n}", visibility="public") for n in range(20)]
        posts, comments = [], []
        now = time.time()
        from django.utils import timezone

        stamp = timezone.now()
        for _n in range(max(1, people // 50)):
            skill = rng.choice(skills)
            asker, group = rng.choice(users), rng.choice(groups)
            posts.append(
                Post(
                    group=group,
                    author=asker,
                    kind="question",
                    title=f"Kysymys: {skill.label_fi}",
                    body=f"Osaako joku neuvoa: {skill.label_fi.lower()}?",
                    created_at=stamp,
                )
            )
        Post.objects.bulk_create(posts, batch_size=2000)
        for post in Post.objects.all():
            for _ in range(2):
                comments.append(
                    Comment(
                        post=post,
                        author=rng.choice(users),
                        created_at=stamp,
                        body=f"Vastaus: {post.title.split(': ')[-1]} – katso ohje.",
                    )
                )
        Comment.objects.bulk_create(comments, batch_size=2000)
        Membership.objects.bulk_create(
            {
                (c.post.group_id, c.author_id): Membership(group_id=c.post.group_id, user_id=c.author_id)
                for c in Comment.objects.select_related("post")
            }.values(),
            batch_size=2000,
            ignore_conflicts=True,
        )
    print(
        f"generated {people} people, {len(posts)} questions, {len(comments)} answers "
        f"in {time.time() - now:.1f} s (after users)"
    )


def index(backend_names: list[str]) -> dict[str, float]:
    from search import answers, documents
    from search.backends import database_backend, get_backend

    timings = {}
    started = time.perf_counter()
    answers.rebuild()
    timings["answers"] = time.perf_counter() - started
    for name in backend_names:
        backend = database_backend() if name == "database" else get_backend()
        started = time.perf_counter()
        backend.rebuild(documents.all_documents())
        backend.refresh()
        timings[name] = time.perf_counter() - started
    return timings


def measure(client, path: str, params: list[dict], repeat: int) -> dict:
    latencies, own, engine = [], [], []
    for _ in range(repeat):
        for query in params:
            started = time.perf_counter()
            response = client.get(path, query)
            latencies.append((time.perf_counter() - started) * 1000)
            body = response.json()
            assert response.status_code == 200, body
            own.append(body.get("took_ms", 0.0))
            if body.get("engine_ms") is not None:
                engine.append(body["engine_ms"])
    report = {
        "n": len(latencies),
        "api_p50": percentile(latencies, 0.5),
        "api_p95": percentile(latencies, 0.95),
        "backend_p50": percentile(own, 0.5) if own else None,
    }
    if engine:
        report.update(
            engine_p50=percentile(engine, 0.5),
            engine_p95=percentile(engine, 0.95),
            ratio_p50=report["api_p50"] / max(percentile(engine, 0.5), 0.5),
        )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="Rounds over the query list.")
    parser.add_argument("--backend", choices=["both", "elasticsearch", "database"], default="both")
    args = parser.parse_args()

    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    logging.getLogger("elastic_transport").setLevel(logging.WARNING)
    backends = ["elasticsearch", "database"] if args.backend == "both" else [args.backend]
    if "elasticsearch" in backends and not settings.ELASTICSEARCH_URL:
        parser.error("Elasticsearch needs ELASTICSEARCH_URL (python scripts/services.py start; eval its env).")
    settings.SEARCH_INDEX_PREFIX = f"bench-{uuid.uuid4().hex[:8]}"
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rng = random.Random(20261123)
        generate(args.people, rng)
        timings = index(backends)
        from people.models import User

        user = User.objects.filter(email__endswith="@bench.example").first()
        client = Client()
        client.force_login(user)
        rows = []
        for name in backends:
            settings.SEARCH_BACKEND = name
            client.get("/api/v1/search/people", {"q": "warm up"})
            search = measure(client, "/api/v1/search/people", [{"q": q} for q in QUERIES], args.repeat)
            suggest = measure(client, "/api/v1/search/suggest", [{"q": q} for q in PREFIXES], args.repeat)
            rows.append((name, timings[name], search, suggest))
        print(
            f"\n{args.people} people; answers table rebuilt in {timings['answers']:.1f} s; "
            f"database: {connection.vendor}"
        )
        print(
            "| backend | bulk index (s) | search API p50 / p95 (ms) | backend call p50 (ms) | ES took p50 / p95 (ms) "
            "| API / took (p50) | type-ahead API p50 / p95 (ms) |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name, seconds, search, suggest in rows:
            took = f"{search['engine_p50']:.1f} / {search['engine_p95']:.1f}" if "engine_p50" in search else "–"
            ratio = f"{search['ratio_p50']:.1f}" if "ratio_p50" in search else "–"
            print(
                f"| {name} | {seconds:.1f} | {search['api_p50']:.1f} / {search['api_p95']:.1f} | "
                f"{search['backend_p50']:.1f} | {took} | {ratio} | {suggest['api_p50']:.1f} / {suggest['api_p95']:.1f} |"
            )
    finally:
        if "elasticsearch" in backends:
            from search.backends import es_index

            es = es_index.client()
            for index_name in es.indices.get(index=f"{settings.SEARCH_INDEX_PREFIX}-*", allow_no_indices=True):
                es.indices.delete(index=index_name)
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
