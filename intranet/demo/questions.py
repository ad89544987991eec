"""Open questions for the demo, so "Questions I could answer" and the moderators' list of escalated
questions have something to show: some asked days ago and still unanswered (past the answer promise:
escalated), some asked when the demo was seeded (within the promise). Each asker already belongs to the
group (they wrote there before), and the demo logins with matching skills are members.

The questions are import lines (appended after every other demo line); `prepare_questions()` then does
what posting through the product does: the promise, the timings of answers, and the suggested experts
from the expertise search."""

from django.db import transaction

from feed import experts, promise
from feed.escalation import escalate_overdue
from feed.models import Post, SuggestedExpert
from intranet.demo.content import THREADS, cast_roles
from intranet.demo.featured import FEATURED

# group, slug, asker, title, body, asked at (UTC) or None: "when the demo was seeded" (kept on later runs)
OPEN_QUESTIONS = [
    (
        "hankintaverkosto",
        "puitejarjestely-liittyminen",
        "~teacher-jp",
        "Voiko koulu liittyä toisen kunnan puitejärjestelyyn jälkikäteen?",
        "Keravalla on voimassa oleva puitejärjestely opetusvälineistä. Voisiko Järvenpään koulu tilata sen kautta, "
        "vaikka kuntaa ei mainittu hankintailmoituksessa, vai pitääkö meidän kilpailuttaa itse?",
        "2026-11-16T08:30:00",
    ),
    (
        "hankintaverkosto",
        "indexklausul",
        "~procurement-sipoo-sv",
        "Får vi ändra indexklausulen mitt i avtalsperioden?",
        "Leverantören av skolskjutsar begär en ny indexklausul eftersom bränslepriserna har stigit. Är det en "
        "väsentlig ändring av upphandlingskontraktet, eller kan vi komma överens om den utan ny upphandling?",
        None,
    ),
    (
        "tietosuoja",
        "asukaskysely-henkilotiedot",
        "~it-kerava",
        "Saako asukaskyselyssä kerätä nimen ja osoitteen?",
        "Teemme asukaskyselyn puistojen kunnostuksesta ja haluaisimme arpoa vastaajien kesken palkinnon. Riittääkö "
        "suostumus, ja mitä tietosuojaselosteeseen pitää kirjoittaa?",
        "2026-11-17T09:00:00",
    ),
    (
        "tietosuoja",
        "foton-pa-webben",
        "~teacher-sipoo-sv",
        "Får vi publicera klassfoton på skolans webbplats?",
        "Vi vill lägga ut bilder från skolans julfest. Räcker det med vårdnadshavarnas samtycke i Wilma, och hur "
        "länge får bilderna ligga kvar?",
        None,
    ),
    (
        "kestava-kouluruoka",
        "kasvisruoka-tarjouspyynto",
        "elina.koivisto",
        "How should the share of vegetarian meals be written into the call for tenders?",
        "For the joint procurement of raw materials: can the call for tenders require that half of the weekly "
        "meals are vegetarian, or does that belong in the menu planning instead? We would like to measure it "
        "in the pilot schools.",
        None,
    ),
]


def open_question_lines(people: list[dict]) -> list[dict]:
    cast = cast_roles([p for p in people if p["key"] not in FEATURED])
    return [
        {
            "type": "post",
            "key": f"{group}.{slug}",
            "group": group,
            "author": cast.get(asker, asker),
            "kind": "question",
            "title": title,
            "body": body,
            **({"created_at": at + "Z"} if at else {}),
        }
        for group, slug, asker, title, body, at in OPEN_QUESTIONS
    ]


def _demo_question_keys() -> list[str]:
    keys = [f"{group}.{slug}" for group, slug, _a, kind, *_rest in THREADS if kind == "question"]
    return keys + [f"{group}.{slug}" for group, slug, *_rest in OPEN_QUESTIONS]


def prepare_questions() -> tuple[int, int, int]:
    """(questions whose timings were set, experts suggested, questions escalated). Idempotent: a second
    run finds everything in place and changes nothing."""

    timed = suggested = 0
    questions = Post.objects.filter(key__in=_demo_question_keys()).prefetch_related("comments")
    with transaction.atomic():
        for question in questions:
            answers = [c for c in question.comments.all() if c.author_id != question.author_id]
            wanted = {
                "answer_due_at": promise.due_after(question.created_at),
                "first_answer_at": min((c.created_at for c in answers), default=None),
                "accepted_at": next(
                    (c.created_at for c in question.comments.all() if c.pk == question.accepted_answer_id), None
                ),
            }
            if any(getattr(question, field) != value for field, value in wanted.items()):
                Post.objects.filter(pk=question.pk).update(**wanted)
                timed += 1
            if not question.accepted_answer_id and not question.suggested_experts.exists():
                found = experts.suggest(question)
                SuggestedExpert.objects.bulk_create(
                    [
                        SuggestedExpert(post=question, user=user, reasons=reasons[:3], rank=rank)
                        for rank, (user, reasons) in enumerate(found)
                    ]
                )
                suggested += len(found)
    return timed, suggested, escalate_overdue()
