"""Demo staff: the featured people plus generated colleagues, each with a unit, a title in their
own language, skills with levels, and an "I can help with" text in their language."""

import random
from datetime import date, timedelta

from intranet.demo import names
from intranet.demo.featured import FEATURED, GUEST_DOMAIN
from intranet.demo.organisations import MUNICIPALITIES, UNITS, unit_key
from intranet.demo.skills import FEATURED as EXPERT_SKILLS
from intranet.demo.skills import SKILLS, help_phrase

ALL_SKILLS = [key for key, *_rest in SKILLS]
DOMAINS = {key: domain for key, _name, domain, _count in MUNICIPALITIES}
# Share of Swedish speakers among generated staff; Sipoo is bilingual.
SWEDISH_SHARE = {"jarvenpaa": 0.06, "kerava": 0.06, "sipoo": 0.5}
WHERE = {
    "fi": {"jarvenpaa": "Järvenpäässä", "kerava": "Keravalla", "sipoo": "Sipoossa"},
    "sv": {"jarvenpaa": "i Träskända", "kerava": "i Kervo", "sipoo": "i Sibbo"},
    "en": {"jarvenpaa": "in Järvenpää", "kerava": "in Kerava", "sipoo": "in Sipoo"},
}
HELP_TEMPLATES = {
    "fi": ["Voit kysyä minulta: {items}.", "Autan mielelläni näissä: {items}.", "Osaan neuvoa: {items}."],
    "sv": ["Fråga mig gärna om {items}.", "Jag hjälper gärna till med {items}.", "Jag kan ge råd om {items}."],
    "en": ["Ask me about {items}.", "Happy to help with {items}.", "I can advise on {items}."],
}
BIO_TEMPLATES = {
    "fi": "Olen työskennellyt {where} vuodesta {year}.",
    "sv": "Jag har arbetat {where} sedan {year}.",
    "en": "I have worked {where} since {year}.",
}


class KeyMaker:
    """Unique keys and email addresses: a second Anna Virtanen becomes anna.virtanen-2."""

    def __init__(self, taken):
        self.taken = set(taken)

    def __call__(self, first: str, last: str) -> str:
        base = f"{names.ascii_name(first)}.{names.ascii_name(last)}"
        key, n = base, 1
        while key in self.taken:
            n += 1
            key = f"{base}-{n}"
        self.taken.add(key)
        return key


def featured_lines() -> list[dict]:
    lines = []
    for key, (org, unit, first, last, title, languages, skills, help_with, bio) in FEATURED.items():
        domain = DOMAINS.get(org, GUEST_DOMAIN)
        line = {
            "type": "person",
            "key": key,
            "email": f"{key}@{domain}",
            "first_name": first,
            "last_name": last,
            "organisation": org,
            "title": title,
            "languages": languages,
            "help_with": help_with,
            "bio": bio,
            # Featured people show their skills to the guests of their project spaces.
            "skills": [
                {"skill": skill, "level": level, "confirmed": "2026-09-01", "shown_to_guests": True}
                for skill, level in skills.items()
            ],
        }
        if unit is None:
            line["guest"] = True
        else:
            line["unit"] = unit_key(org, unit)
        lines.append(line)
    return lines


def generated_lines(rng: random.Random) -> list[dict]:
    make_key = KeyMaker(FEATURED)
    featured_per_org: dict[str, int] = {}
    for org, *_rest in FEATURED.values():
        featured_per_org[org] = featured_per_org.get(org, 0) + 1
    international = list(names.INTERNATIONAL)
    lines = []
    for org, _name, domain, count in MUNICIPALITIES:
        for _ in range(count - featured_per_org.get(org, 0)):
            if international and rng.random() < 0.03:
                first, last, languages = international.pop(0)
            else:
                first, last, languages = _name_and_languages(rng, org)
            key = make_key(first, last)
            lines.append(_person(rng, key, first, last, org, domain, languages))
    return lines


def _name_and_languages(rng: random.Random, org: str) -> tuple[str, str, list[str]]:
    woman = rng.random() < 0.68  # municipal staff are mostly women
    if rng.random() < SWEDISH_SHARE[org]:
        first = rng.choice(names.SWEDISH_WOMEN if woman else names.SWEDISH_MEN)
        return first, rng.choice(names.SWEDISH_FAMILY), ["sv", "fi", "en"] if rng.random() < 0.8 else ["sv", "fi"]
    first = rng.choice(names.FINNISH_WOMEN if woman else names.FINNISH_MEN)
    languages = ["fi", "en"]
    if rng.random() < 0.3:
        languages.append("sv")
    return first, rng.choice(names.FINNISH_FAMILY), languages


def _person(rng: random.Random, key: str, first: str, last: str, org: str, domain: str, languages: list[str]) -> dict:
    slug, _fi, _sv, _weight, unit_skills, titles, _parent = rng.choices(UNITS, weights=[u[3] for u in UNITS])[0]
    language = languages[0] if languages[0] in ("fi", "sv") else "en"
    title_fi, title_sv = rng.choice(titles)
    title = title_sv if language == "sv" else title_fi
    skills = _skills(rng, unit_skills)
    return {
        "type": "person",
        "key": key,
        "email": f"{key.replace('-', '')}@{domain}",
        "first_name": first,
        "last_name": last,
        "organisation": org,
        "unit": unit_key(org, slug),
        "title": title[0].upper() + title[1:],
        "languages": languages,
        "help_with": _help_with(rng, language, skills),
        "bio": _bio(rng, language, org),
        "skills": skills,
    }


def _skills(rng: random.Random, unit_skills: list[str]) -> list[dict]:
    own = rng.sample(unit_skills, k=min(len(unit_skills), rng.randint(1, 3)))
    others = rng.sample([key for key in ALL_SKILLS if key not in own], k=rng.randint(0, 2))
    skills = []
    for key in own + others:
        if key in own:
            level = rng.choices([1, 2, 3, 4], weights=[20, 35, 35, 10])[0]
        else:
            level = rng.choices([1, 2], weights=[60, 40])[0]  # a side interest, not the day job
        if key in EXPERT_SKILLS:
            level = min(level, 3)  # the featured experts stay the obvious answer
        confirmed = None
        if rng.random() < 0.5:
            confirmed = (date(2025, 1, 1) + timedelta(days=rng.randint(0, 640))).isoformat()
        skills.append({"skill": key, "level": level, "confirmed": confirmed})
    return sorted(skills, key=lambda item: -item["level"])


def _help_with(rng: random.Random, language: str, skills: list[dict]) -> str:
    if rng.random() < 0.15:
        return ""  # not everyone fills it in
    phrases = [help_phrase(item["skill"], language) for item in skills if item["level"] >= 2][:3]
    if not phrases:
        return ""
    return rng.choice(HELP_TEMPLATES[language]).format(items="; ".join(phrases))


def _bio(rng: random.Random, language: str, org: str) -> str:
    if rng.random() < 0.4:
        return ""
    return BIO_TEMPLATES[language].format(where=WHERE[language][org], year=rng.randint(1996, 2025))


def people_lines(rng: random.Random) -> list[dict]:
    return featured_lines() + generated_lines(rng)
