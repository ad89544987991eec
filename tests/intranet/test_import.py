"""The directory import: all-or-nothing validation with line-numbered errors, idempotent writes."""

import json

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEntry
from feed.models import Comment, Post
from groups.models import Group, Membership
from intranet.directory_import import import_lines
from people.models import ExternalContact, Interaction, Organisation, Profile, ProfileSkill, Skill, Unit, User
from tests import factories

pytestmark = pytest.mark.django_db

MODELS = [
    Organisation,
    Unit,
    Skill,
    User,
    Profile,
    ProfileSkill,
    Group,
    Group.organisations.through,
    Membership,
    ExternalContact,
    ExternalContact.known_by.through,
    Interaction,
    Interaction.participants.through,
    Interaction.contacts.through,
    Post,
    Comment,
]


@pytest.fixture(autouse=True)
def _database_search(settings):
    # The import ends with a search re-index; the search app's own tests cover Elasticsearch.
    settings.SEARCH_BACKEND = "database"


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}


def jsonl(*records: dict) -> list[str]:
    return [json.dumps(record, ensure_ascii=False) for record in records]


def directory() -> list[dict]:
    """A small but complete file; the unit's parent, the accepted answer and the project group's
    members all point forward to later lines on purpose."""
    return [
        {"type": "organisation", "key": "kerava", "name": "Keravan kaupunki", "kind": "municipality", "home": True},
        {
            "type": "organisation",
            "key": "uh",
            "name": "Helsingin yliopisto",
            "kind": "research_education",
            "website": "https://www.helsinki.fi",
        },
        {
            "type": "unit",
            "key": "kerava.hankinnat",
            "organisation": "kerava",
            "name": "Hankintapalvelut",
            "parent": "kerava.kanslia",
        },
        {"type": "unit", "key": "kerava.kanslia", "organisation": "kerava", "name": "Kaupunginkanslia"},
        {
            "type": "skill",
            "key": "procurement",
            "label_fi": "Julkiset hankinnat",
            "label_sv": "Offentlig upphandling",
            "label_en": "Public procurement",
            "synonyms": ["kilpailutus", "upphandling"],
        },
        {"type": "skill", "key": "contracts", "label_fi": "Sopimukset", "label_sv": "Avtal", "label_en": "Contracts"},
        {"type": "membership", "group": "hankinnat", "person": "kaisa", "role": "owner"},
        {"type": "membership", "group": "hankinnat", "person": "elina"},
        {
            "type": "person",
            "key": "kaisa",
            "email": "Kaisa.Nieminen@Kerava.example",
            "first_name": "Kaisa",
            "last_name": "Nieminen",
            "organisation": "kerava",
            "unit": "kerava.hankinnat",
            "title": "Hankinta-asiantuntija",
            "languages": ["fi", "sv"],
            "help_with": "Kilpailutukset",
            "bio": "Keravalla vuodesta 2014.",
            "phone": "+358 9 000 0000",
            "skills": [
                {"skill": "procurement", "level": 4, "confirmed": "2026-09-01"},
                {"skill": "contracts", "level": 3, "confirmed": None},
            ],
        },
        {
            "type": "person",
            "key": "elina",
            "email": "elina@uh.example",
            "first_name": "Elina",
            "last_name": "Koivisto",
            "organisation": "uh",
            "guest": True,
        },
        {
            "type": "group",
            "key": "hankinnat",
            "name": "Hankintaverkosto",
            "visibility": "private",
            "organisations": ["kerava"],
        },
        {
            "type": "post",
            "key": "q1",
            "group": "hankinnat",
            "author": "elina",
            "kind": "question",
            "title": "Kynnysarvot?",
            "body": "Mikä on kansallinen kynnysarvo?",
            "created_at": "2026-10-01T09:00:00Z",
            "accepted_answer": "c1",
        },
        {
            "type": "comment",
            "key": "c1",
            "post": "q1",
            "author": "kaisa",
            "body": "60 000 euroa.",
            "created_at": "2026-10-01T10:00:00+03:00",
        },
        {
            "type": "contact",
            "key": "ville",
            "name": "Ville Vuori",
            "organisation": "uh",
            "role": "Professori",
            "email": "ville@uh.example",
            "added_by": "kaisa",
            "known_by": ["kaisa"],
            "source": "Hanke",
            "legal_basis": "public_task",
            "visibility": "cooperating",
        },
        {
            "type": "interaction",
            "key": "meeting-1",
            "kind": "meeting",
            "date": "2026-09-12",
            "organisation": "uh",
            "summary": "Aloituspalaveri",
            "participants": ["kaisa"],
            "contacts": ["ville"],
        },
    ]


def test_a_valid_file_creates_every_object():
    report = import_lines(jsonl(*directory()), source="test.jsonl")

    assert report.ok and report.applied
    assert report.counts_dict()["person"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert report.counts_dict()["membership"] == {"created": 2, "updated": 0, "unchanged": 0}
    kaisa = Profile.objects.select_related("user", "unit__parent").get(key="kaisa")
    assert kaisa.user.email == "kaisa.nieminen@kerava.example"
    assert not kaisa.user.has_usable_password() and kaisa.user.is_active and not kaisa.user.is_guest
    assert (kaisa.title, kaisa.languages, kaisa.unit.parent.key) == (
        "Hankinta-asiantuntija",
        ["fi", "sv"],
        "kerava.kanslia",
    )
    assert {(s.skill.key, s.level, str(s.confirmed_at)) for s in kaisa.profile_skills.all()} == {
        ("procurement", 4, "2026-09-01"),
        ("contracts", 3, "None"),
    }
    elina = User.objects.get(email="elina@uh.example")
    assert elina.is_guest
    group = Group.objects.get(key="hankinnat")
    assert dict(group.memberships.values_list("user__email", "role")) == {
        "kaisa.nieminen@kerava.example": "owner",
        "elina@uh.example": "guest",
    }
    assert list(group.organisations.values_list("key", flat=True)) == ["kerava"]
    question = Post.objects.get(key="q1")
    assert question.accepted_answer.key == "c1" and question.author == elina
    assert Comment.objects.get(key="c1").created_at.isoformat() == "2026-10-01T07:00:00+00:00"
    contact = ExternalContact.objects.get(key="ville")
    assert contact.added_by == kaisa and list(contact.known_by.all()) == [kaisa]
    meeting = Interaction.objects.get(key="meeting-1")
    assert list(meeting.participants.all()) == [kaisa] and list(meeting.contacts.all()) == [contact]
    entry = AuditEntry.objects.get(action="import.apply")
    assert entry.actor is None and entry.target_id == "test.jsonl"
    assert entry.details["counts"]["person"]["created"] == 2


def test_importing_the_same_file_again_changes_nothing():
    import_lines(jsonl(*directory()))
    before = row_counts()
    stamp = Profile.objects.get(key="kaisa").updated_at

    report = import_lines(jsonl(*directory()))

    assert report.ok
    assert all(c["created"] == 0 and c["updated"] == 0 for c in report.counts_dict().values())
    assert sum(c["unchanged"] for c in report.counts_dict().values()) == len(directory())
    assert row_counts() == before
    assert Profile.objects.get(key="kaisa").updated_at == stamp


def test_changed_lines_update_their_objects_and_only_those():
    import_lines(jsonl(*directory()))
    records = directory()
    kaisa = records[8]
    kaisa["title"] = "Hankintapäällikkö"
    kaisa["skills"] = [{"skill": "procurement", "level": 3, "confirmed": "2026-10-01"}]  # contracts dropped
    records[10]["organisations"] = ["kerava", "uh"]
    records[2]["parent"] = None
    records[11]["accepted_answer"] = None

    report = import_lines(jsonl(*records)).counts_dict()

    assert report["person"] == {"created": 0, "updated": 1, "unchanged": 1}
    assert report["group"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert report["unit"] == {"created": 0, "updated": 1, "unchanged": 1}
    assert report["post"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert report["comment"] == {"created": 0, "updated": 0, "unchanged": 1}
    profile = Profile.objects.get(key="kaisa")
    assert profile.title == "Hankintapäällikkö"
    assert list(profile.profile_skills.values_list("skill__key", "level")) == [("procurement", 3)]
    assert set(Group.objects.get(key="hankinnat").organisations.values_list("key", flat=True)) == {"kerava", "uh"}
    assert Unit.objects.get(key="kerava.hankinnat").parent is None
    assert Post.objects.get(key="q1").accepted_answer is None


def test_a_skill_change_alone_counts_as_an_update_of_the_person():
    import_lines(jsonl(*directory()))
    records = directory()
    records[8]["skills"][1]["level"] = 4
    assert import_lines(jsonl(*records)).counts_dict()["person"] == {"created": 0, "updated": 1, "unchanged": 1}


def test_fields_left_out_keep_their_values():
    import_lines(jsonl(*directory()))
    records = directory()
    for name in ("bio", "phone", "skills", "languages"):
        del records[8][name]

    report = import_lines(jsonl(*records))

    assert report.counts_dict()["person"]["unchanged"] == 2
    profile = Profile.objects.get(key="kaisa")
    assert (profile.bio, profile.phone, profile.languages) == (
        "Keravalla vuodesta 2014.",
        "+358 9 000 0000",
        ["fi", "sv"],
    )
    assert profile.profile_skills.count() == 2


def test_references_may_point_at_objects_already_in_the_database():
    import_lines(jsonl(*directory()))
    newcomer = {
        "type": "person",
        "key": "pekka",
        "email": "pekka@kerava.example",
        "first_name": "Pekka",
        "last_name": "Ojala",
        "organisation": "kerava",
        "unit": "kerava.kanslia",
        "skills": [{"skill": "procurement", "level": 1}],
    }
    joins = {"type": "membership", "group": "hankinnat", "person": "pekka", "key": "hankinnat/pekka"}

    report = import_lines(jsonl(newcomer, joins))

    assert report.ok, report.issues
    assert Membership.objects.get(group__key="hankinnat", user__email="pekka@kerava.example").role == "member"
    assert Profile.objects.get(key="pekka").profile_skills.get().level == 1


def test_an_existing_account_is_adopted_and_its_password_kept():
    org = factories.organisation("kerava")
    user = User.objects.create_user(email="kaisa.nieminen@kerava.example", password=factories.PASSWORD)
    person = {
        "type": "person",
        "key": "kaisa",
        "email": "kaisa.nieminen@kerava.example",
        "first_name": "Kaisa",
        "last_name": "Nieminen",
        "organisation": org.key,
    }

    assert import_lines(jsonl(person)).counts_dict()["person"]["created"] == 1

    user.refresh_from_db()
    assert user.profile.key == "kaisa" and user.first_name == "Kaisa"
    assert user.check_password(factories.PASSWORD)
    assert User.objects.count() == 1


def test_a_deactivated_person_cannot_log_in():
    import_lines(jsonl(*directory()))
    records = directory()
    records[8]["active"] = False
    import_lines(jsonl(*records))
    assert not User.objects.get(email="kaisa.nieminen@kerava.example").is_active


def person(**changes) -> dict:
    line = {
        "type": "person",
        "key": "p1",
        "email": "p1@kerava.example",
        "first_name": "P",
        "last_name": "One",
        "organisation": "kerava",
    }
    line.update(changes)
    return {name: value for name, value in line.items() if value is not ...}


KERAVA = {"type": "organisation", "key": "kerava", "name": "Kerava", "kind": "municipality", "home": True}
UH = {"type": "organisation", "key": "uh", "name": "Yliopisto", "kind": "research_education"}


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [
                '{"type": "organisation", "key": "kerava"',
            ],
            "line 1: not valid JSON: Expecting",
        ),
        (["[1, 2]"], "line 1: must be a JSON object"),
        ([json.dumps(KERAVA), '{"type": "persn", "key": "x"}'], 'line 2: type: unknown type "persn"'),
        ([json.dumps({"key": "x"})], "line 1: type: is required"),
        (jsonl(KERAVA, person(emial="x")), 'line 2: emial: unknown field (did you mean "email"?)'),
        (jsonl(KERAVA, person(organisation="espoo")), 'line 2: organisation: unknown key "espoo"'),
        (jsonl(KERAVA, person(email=...)), "line 2: email: is required"),
        (jsonl(KERAVA, person(email="not-an-address")), 'line 2: email: "not-an-address" is not a valid email'),
        (jsonl(KERAVA, person(key="bad key")), 'line 2: key: "bad key" is not a valid key'),
        (jsonl(KERAVA, person(first_name="")), "line 2: first_name: must not be empty"),
        (jsonl(KERAVA, person(title=7)), "line 2: title: must be text"),
        (jsonl(KERAVA, person(guest="yes")), "line 2: guest: must be true or false"),
        (jsonl(KERAVA, person(languages=["fi", "xx"])), "line 2: languages[1]: must be one of fi, sv, en"),
        (jsonl(KERAVA, person(languages=["fi", "fi"])), 'line 2: languages[1]: "fi" is listed twice'),
        (
            jsonl(KERAVA, person(skills=[{"skill": "a"}, {"skill": "b", "level": 5}])),
            "line 2: skills[1].level: must be 1 to 4",
        ),
        (jsonl(KERAVA, person(skills=[{"skill": "a", "level": True}])), "line 2: skills[0].level: must be 1 to 4"),
        (jsonl(KERAVA, person(skills=[{"skill": "nope"}])), 'line 2: skills[0].skill: unknown key "nope"'),
        (
            jsonl(KERAVA, person(skills=[{"skill": "a"}, {"skill": "a", "level": 3}])),
            'line 2: skills[1].skill: "a" is listed twice',
        ),
        (jsonl(KERAVA, person(skills=[{"skill": "x", "since": 2020}])), "line 2: skills[0].since: unknown field"),
        (
            jsonl(KERAVA, person(skills=[{"skill": "x", "confirmed": "last May"}])),
            'line 2: skills[0].confirmed: "last May" is not a date',
        ),
        (jsonl(KERAVA, KERAVA), 'line 2: key: duplicate organisation key "kerava" (first on line 1)'),
        (
            ['{"type": "organisation", "key": "k", "name": "A", "name": "B", "kind": "company"}'],
            "line 1: name: is given twice",
        ),
        (jsonl({**KERAVA, "kind": "town"}), "line 1: kind: must be one of municipality, state_agency"),
        (jsonl({**KERAVA, "website": "ftp://x"}), 'line 1: website: "ftp://x" is not a valid http(s) address'),
        (jsonl(UH, person(organisation="uh")), 'line 2: organisation: "uh" is not a home organisation'),
        (jsonl(KERAVA, person(guest=True)), "line 2: guest: a guest comes from a partner organisation"),
        (
            jsonl(KERAVA, person(), person(key="p2")),
            'line 3: email: "p1@kerava.example" is also the email of person "p1" (line 2)',
        ),
        (
            jsonl(KERAVA, UH, {"type": "unit", "key": "u", "organisation": "uh", "name": "U"}, person(unit="u")),
            'line 4: unit: "u" belongs to organisation "uh", not "kerava"',
        ),
        (
            jsonl(
                KERAVA,
                {"type": "unit", "key": "a", "organisation": "kerava", "name": "A", "parent": "b"},
                {"type": "unit", "key": "b", "organisation": "kerava", "name": "B", "parent": "a"},
            ),
            "line 2: parent: makes a cycle: a → b → a",
        ),
        (
            jsonl({"type": "interaction", "key": "i", "kind": "meeting", "date": "2026-02-30"}),
            'line 1: date: "2026-02-30" is not a date like 2026-03-01',
        ),
        (
            jsonl({"type": "interaction", "key": "i", "kind": "meeting", "date": "2026-02-01", "contacts": ["a", "a"]}),
            'line 1: contacts[1]: "a" is listed twice',
        ),
    ],
)
def test_each_problem_is_reported_with_its_line_and_field(lines, expected):
    report = import_lines(lines)

    assert not report.ok and not report.applied
    assert any(str(issue).startswith(expected) for issue in report.issues), [str(i) for i in report.issues]
    assert sum(row_counts().values()) == 0


def feed_scene() -> list[dict]:
    return [
        KERAVA,
        UH,
        person(),
        person(key="g1", email="g1@uh.example", organisation="uh", guest=True),
        {"type": "group", "key": "g", "name": "G"},
        {"type": "post", "key": "q", "group": "g", "author": "p1", "kind": "question", "title": "Q", "body": "?"},
        {"type": "post", "key": "p", "group": "g", "author": "p1", "body": "Hello", "accepted_answer": "c"},
        {"type": "comment", "key": "c", "post": "q", "author": "p1", "body": "!"},
    ]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            {"type": "post", "key": "q2", "group": "g", "author": "p1", "kind": "question", "body": "?"},
            "line 9: title: a question needs a title",
        ),
        (
            {
                "type": "post",
                "key": "q3",
                "group": "g",
                "author": "p1",
                "kind": "question",
                "title": "T",
                "body": "?",
                "accepted_answer": "c",
            },
            'line 9: accepted_answer: comment "c" answers post "q", not this one',
        ),
        (
            {"type": "membership", "group": "g", "person": "g1", "role": "member"},
            'line 9: role: person "g1" is a guest, so their role is "guest"',
        ),
        (
            {"type": "membership", "group": "g", "person": "p1", "role": "guest"},
            'line 9: role: only guests have the role "guest"',
        ),
        (
            {"type": "membership", "group": "g", "person": "p1", "key": "g-p1"},
            'line 9: key: must be "g/p1" (group/person) or left out',
        ),
        (
            {"type": "post", "key": "late", "group": "g", "author": "p1", "body": "x", "created_at": "yesterday"},
            'line 9: created_at: "yesterday" is not a date and time',
        ),
    ],
)
def test_rules_across_lines(extra, expected):
    report = import_lines(jsonl(*feed_scene(), extra))

    messages = [str(issue) for issue in report.issues]
    assert expected in " | ".join(messages), messages
    assert 'line 7: accepted_answer: only a question ("kind": "question") has one' in messages
    assert sum(row_counts().values()) == 0


def test_every_problem_of_the_file_is_reported_at_once():
    lines = jsonl(*directory()) + ["not json", json.dumps(person(organisation="espoo", emial="x"))]

    report = import_lines(lines)

    assert [str(issue).split(":")[0] for issue in report.issues] == ["line 16", "line 17", "line 17"]


def test_one_bad_line_among_many_writes_nothing():
    import_lines(jsonl(*directory()))
    before = row_counts()
    records = directory()
    records[8]["title"] = "Changed"
    records.append({"type": "group", "key": "new-group", "name": "New"})
    records.append(person(organisation="espoo"))

    report = import_lines(jsonl(*records))

    assert [str(issue) for issue in report.issues] == [
        'line 17: organisation: unknown key "espoo" (no organisation with this key in the file or the database)'
    ]
    assert row_counts() == before
    assert Profile.objects.get(key="kaisa").title == "Hankinta-asiantuntija"
    assert AuditEntry.objects.filter(action="import.apply").count() == 1


def test_an_email_of_another_person_in_the_database_is_refused():
    import_lines(jsonl(*directory()))
    report = import_lines(jsonl(person(email="kaisa.nieminen@kerava.example")))
    assert [str(issue) for issue in report.issues] == [
        'line 1: email: "kaisa.nieminen@kerava.example" already belongs to person "kaisa" in the database'
    ]


def test_the_command_imports_a_file_and_reports_counts(tmp_path, capsys):
    path = tmp_path / "directory.jsonl"
    path.write_text("\n".join(jsonl(*directory())) + "\n\n", encoding="utf-8")

    call_command("import_directory", str(path))
    call_command("import_directory", str(path))

    out = capsys.readouterr().out
    assert "person: created 2, updated 0, unchanged 0" in out
    assert "person: created 0, updated 0, unchanged 2" in out
    assert Profile.objects.count() == 2


def test_the_command_fails_with_every_problem_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "broken.jsonl"
    path.write_text("\n".join(jsonl(*directory()) + ['{"type": "persn"}', "{"]), encoding="utf-8")

    with pytest.raises(CommandError, match=r"2 problem\(s\) in 17 line\(s\); nothing was imported"):
        call_command("import_directory", str(path))

    err = capsys.readouterr().err
    assert 'line 16: type: unknown type "persn"' in err and "line 17: not valid JSON" in err
    assert sum(row_counts().values()) == 0


def test_the_command_dry_run_only_validates(tmp_path, capsys):
    path = tmp_path / "directory.jsonl"
    path.write_text("\n".join(jsonl(*directory())), encoding="utf-8")
    call_command("import_directory", str(path), "--dry-run")
    assert "15 line(s) are valid; nothing was written" in capsys.readouterr().out
    assert sum(row_counts().values()) == 0


def test_the_command_refuses_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps(KERAVA).encode() + b"\n" + '{"name": "Järvenpää"}'.encode("latin-1"))
    with pytest.raises(CommandError, match="line 2: not valid UTF-8"):
        call_command("import_directory", str(path))


def test_the_search_index_is_rebuilt_after_commit(django_capture_on_commit_callbacks):
    from search.models import SearchDocument

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_lines(jsonl(*directory()))
    assert len(callbacks) == 1
    assert set(SearchDocument.objects.values_list("key", flat=True)) >= {"kaisa"}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_lines(jsonl(*directory()))
    assert callbacks == []  # nothing changed, nothing to re-index


def test_the_example_in_the_documentation_imports_as_described():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "import-format.md").read_text(encoding="utf-8")
    example = doc.split("```jsonl\n", 1)[1].split("```", 1)[0].splitlines()

    first, second = import_lines(example), import_lines(example)

    assert first.ok, first.issues
    assert sum(c.created for c in first.counts.values()) == len(example) == 14
    assert sum(c.unchanged for c in second.counts.values()) == 14


def network() -> list[dict]:
    """The people-and-network additions: manager, availability, a handover, a partnership, a contact
    with consent and its provenance, an interaction recorded by someone."""
    return [
        KERAVA,
        UH,
        person(key="boss", email="boss@kerava.example"),
        person(
            key="p1",
            manager="boss",
            out_of_office_until="2026-12-01",
            stand_in="boss",
            responsibilities="Hankintaohjeet",
            skills=[],
        ),
        person(
            key="old",
            email="old@kerava.example",
            leaving_on="2026-06-30",
            left_on="2026-06-30",
            successor="boss",
            active=False,
        ),
        {
            "type": "partnership",
            "key": "interreg",
            "name": "Interreg Baltic",
            "kind": "eu_project",
            "starts_on": "2019-01-01",
            "ends_on": "2021-12-31",
            "organisations": ["uh"],
            "people": ["old"],
        },
        {
            "type": "contact",
            "key": "ville",
            "name": "Ville Vuori",
            "organisation": "uh",
            "added_by": "old",
            "known_by": ["boss"],
            "source_kind": "project",
            "partnership": "interreg",
            "legal_basis": "consent",
            "consent_given_on": "2020-02-01",
            "consent_note": "Lomake 2020",
            "visibility": "private",
        },
        {
            "type": "interaction",
            "key": "m1",
            "kind": "meeting",
            "date": "2021-05-01",
            "organisation": "uh",
            "contacts": ["ville"],
            "participants": ["old"],
            "recorded_by": "old",
        },
    ]


def test_the_network_imports_with_provenance_and_handover_and_again_changes_nothing():
    from people.models import Partnership

    first = import_lines(jsonl(*network()))
    assert first.ok, [str(issue) for issue in first.issues]
    p1, old = Profile.objects.get(key="p1"), Profile.objects.get(key="old")
    assert (p1.manager.key, p1.stand_in.key, p1.responsibilities) == ("boss", "boss", "Hankintaohjeet")
    assert old.is_former_staff and old.successor.key == "boss" and not old.user.is_active
    interreg = Partnership.objects.get(key="interreg")
    assert interreg.has_ended and [o.key for o in interreg.organisations.all()] == ["uh"]
    ville = ExternalContact.objects.get(key="ville")
    assert (ville.added_by.key, ville.partnership, ville.legal_basis, ville.consent_note) == (
        "old",
        interreg,
        "consent",
        "Lomake 2020",
    )
    assert Interaction.objects.get(key="m1").recorded_by == old
    second = import_lines(jsonl(*network()))
    assert all(c.created == c.updated == 0 for c in second.counts.values()), second.counts_dict()


def test_shown_to_guests_is_imported_with_a_skill():
    lines = [
        KERAVA,
        {"type": "skill", "key": "s", "label_fi": "a", "label_sv": "b", "label_en": "c"},
        person(skills=[{"skill": "s", "level": 3, "shown_to_guests": True}]),
    ]
    assert import_lines(jsonl(*lines)).ok
    assert ProfileSkill.objects.get().shown_to_guests is True
    lines[-1] = person(skills=[{"skill": "s", "level": 3, "shown_to_guests": "yes"}])
    assert "line 3: skills[0].shown_to_guests: must be true or false" in [
        str(i) for i in import_lines(jsonl(*lines)).issues
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"type": "contact", "key": "x", "name": "X", "legal_basis": "consent"},
            'line 7: consent_given_on: is required when the legal basis is "consent"',
        ),
        (
            {
                "type": "partnership",
                "key": "x",
                "name": "X",
                "kind": "eu_project",
                "starts_on": "2022-01-01",
                "ends_on": "2021-01-01",
            },
            "line 7: ends_on: 2021-01-01 is before starts_on 2022-01-01",
        ),
        ({"type": "partnership", "key": "x", "name": "X", "kind": "twinning"}, "line 7: kind: must be one of"),
        (
            {"type": "contact", "key": "x", "name": "X", "partnership": "nope"},
            'line 7: partnership: unknown key "nope"',
        ),
        ({"type": "contact", "key": "x", "name": "X", "source_kind": "party"}, "line 7: source_kind: must be one of"),
        (
            person(key="selfish", email="s@kerava.example", manager="selfish"),
            "line 7: manager: must be another person, not this one",
        ),
        (person(key="x2", email="x2@kerava.example", successor="ghost"), 'line 7: successor: unknown key "ghost"'),
        (
            person(key="me", email="me@kerava.example"),
            'line 7: key: "me" is a fixed address of the people pages (/people/me/); choose another key',
        ),
        (person(key="Contacts", email="c@kerava.example"), 'line 7: key: "Contacts" is a fixed address'),
        (person(key="interactions", email="i@kerava.example"), 'line 7: key: "interactions" is a fixed address'),
        (
            {"type": "contact", "key": "new", "name": "X"},
            'line 7: key: "new" is a fixed address of the people pages (/people/contacts/new/)',
        ),
    ],
)
def test_network_problems_are_reported_by_line_and_nothing_is_written(change, expected):
    report = import_lines(jsonl(*network()[:6], change))
    messages = [str(issue) for issue in report.issues]
    assert any(message.startswith(expected) for message in messages), messages
    assert sum(row_counts().values()) == 0


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            '{"type": "person", "key": "x", "skills": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "line 2: not valid JSON here: nested too deeply",
        ),
        ("[" * 100_000, "line 2: not valid JSON here: nested too deeply"),
        (
            '{"type": "person", "key": "mari", "email": "mari@kerava.example", "first_name": "\\ud800",'
            ' "last_name": "M", "organisation": "kerava"}',
            "line 2: first_name: contains an escaped lone surrogate",
        ),
        (
            '{"type": "person", "key": "mari", "email": "mari@kerava.example", "first_name": "Mari", "last_name": "M",'
            ' "organisation": "kerava", "skills": [{"skill": "x\\udfff", "level": 2}]}',
            "line 2: skills[0].skill: contains an escaped lone surrogate",
        ),
        ('{"type": "organisation", "key": "o", "name": "O", "\\ud83d": 1}', "line 2: \\ud83d: contains an escaped"),
        ('{"type": "\\ud800"}', "line 2: type: contains an escaped lone surrogate"),
    ],
)
@pytest.mark.parametrize("dry_run", [False, True])
def test_deep_nesting_and_lone_surrogates_are_reported_by_line_and_field(tmp_path, capsys, text, expected, dry_run):
    """Both passed (or crashed) the reader before: a traceback, or a dry run that called the file valid."""
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps(KERAVA) + "\n" + text + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"1 problem\(s\) in 2 line\(s\); nothing was imported"):
        call_command("import_directory", str(path), *(["--dry-run"] if dry_run else []))
    err = capsys.readouterr().err
    assert expected in err
    err.encode("utf-8")  # printable on any terminal: no surrogate is echoed back
    assert sum(row_counts().values()) == 0
