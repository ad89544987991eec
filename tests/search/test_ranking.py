"""What a colleague notices when searching: the right people, in a sensible order, with reasons."""

import pytest

from people.models import Profile
from search.queries import search_people, search_people_as_operator
from tests import factories
from tests.search.conftest import keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(procurement, reindex):
    org = factories.organisation("espoo", "Espoon kaupunki")
    social = factories.skill("social-work", "Sosiaalityö", "Socialt arbete", "Social work")
    factories.person("Eeva", "Expert", key="expert", org=org, title="Hankinta-asiantuntija", skills={procurement: 4})
    factories.person("Noora", "Novice", key="novice", org=org, title="Suunnittelija", skills={procurement: 1})
    bio_only = factories.person("Bertta", "Biography", key="bio-only", org=org, title="Sihteeri")
    Profile.objects.filter(user=bio_only).update(bio="Olen joskus osallistunut hankintoihin ja julkisiin hankintoihin.")
    factories.person("Sakari", "Social", key="social", org=org, title="Sosiaalityöntekijä", skills={social: 4})
    factories.person(
        "Helmi",
        "Helper",
        key="helper",
        org=org,
        title="Lakimies",
        help_with="Autan tarjouspyyntöjen kanssa. I can help with procurement contracts.",
    )
    factories.person("Matti", "Mäkinen", key="makinen", org=org, title="Talouspäällikkö")
    factories.person("Ville", "Virtanen", key="virtanen", org=org, title="Kirjanpitäjä")
    reindex()
    return factories.person("Searching", "Colleague", key="searcher", org=org)


def test_level_four_expert_ranks_above_level_one_above_bio_mention(scene):
    results = search_people(scene, "julkiset hankinnat")
    found = keys(results)
    assert found[:2] == ["expert", "novice"]
    assert "bio-only" in found
    assert found.index("bio-only") > found.index("novice")
    assert "social" not in found
    assert results.hits[0].score > results.hits[1].score


@pytest.mark.parametrize("voikko", ["with_voikko", "without_voikko"])
def test_finnish_inflection_finds_the_base_form(scene, voikko, request):
    if voikko == "without_voikko":
        request.getfixturevalue("without_voikko")
    found = keys(search_people(scene, "hankinnoissa"))
    assert found[:2] == ["expert", "novice"]


def test_swedish_query_finds_skill_through_taxonomy_labels(scene):
    results = search_people(scene, "offentlig upphandling")
    assert keys(results)[:2] == ["expert", "novice"]
    assert "Skill: Public procurement (level 4)" in results.hits[0].reasons


def test_english_query_finds_skills_and_help_with_text(scene):
    results = search_people(scene, "procurement")
    found = keys(results)
    assert found[0] == "expert"
    assert {"novice", "helper"} <= set(found)
    helper = next(hit for hit in results.hits if hit.key == "helper")
    assert any(reason.startswith("Can help with: ") and "procurement" in reason for reason in helper.reasons)


def test_every_hit_says_why_it_was_found(scene):
    results = search_people(scene, "hankinnat")
    assert results.hits and all(hit.reasons for hit in results.hits)
    expert = results.hits[0]
    assert expert.reasons[0] == "Skill: Public procurement (level 4)"
    bio = next(hit for hit in results.hits if hit.key == "bio-only")
    assert bio.reasons[0].startswith("About me mentions: ")


def test_title_matches_are_explained(scene):
    results = search_people(scene, "kirjanpitäjä")
    assert keys(results) == ["virtanen"]
    assert results.hits[0].reasons == ["Title matches"]


@pytest.mark.parametrize("typed", ["Makinen", "mäkinen", "Mäkinnen", "Makinnen", "Mkäinen"])
def test_names_are_found_without_diacritics_and_with_typos(scene, typed):
    results = search_people(scene, typed)
    assert keys(results)[:1] == ["makinen"]
    assert "Name matches" in results.hits[0].reasons


def test_a_two_letter_typo_in_a_long_name_is_forgiven(scene):
    assert keys(search_people(scene, "Virtasne"))[:1] == ["virtanen"]
    assert keys(search_people(scene, "Vitranen"))[:1] == ["virtanen"]


@pytest.mark.parametrize(
    "query",
    [
        '"julkiset hankinnat"',
        "title:hankinnat",
        "(hankinnat) AND [procurement] {x}",
        "hankinnat~2 ^3 \\ / * ? !",
        "--",
        '"',
        "*:*",
        "<script>alert(1)</script>",
        "hankinnat" + " ja" * 300,
    ],
)
def test_operators_have_no_special_meaning(scene, query):
    results = search_people(scene, query)
    if "hankinnat" in query:
        assert keys(results)[:1] == ["expert"]
    else:
        assert results.total >= 0


@pytest.mark.parametrize("query", ["", "   ", "ja", "och the and", "ä"])
def test_empty_or_only_stop_words_finds_nobody(scene, query):
    results = search_people(scene, query)
    assert results.hits == [] and results.total == 0


def test_results_report_backend_time_and_total(scene, backend_name):
    results = search_people(scene, "hankinnat", limit=1)
    assert results.backend == backend_name
    assert results.took_ms >= 0
    assert len(results.hits) == 1 and results.total == 3


def test_operator_search_uses_the_same_ranking(scene):
    assert keys(search_people_as_operator("julkiset hankinnat"))[:2] == ["expert", "novice"]


@pytest.mark.parametrize(
    "query",
    [
        "julkiset hankinnat",
        "hankinnoissa",
        "offentlig upphandling",
        "procurement",
        "Makinen",
        "Virtasne",
        "kirjanpitäjä",
    ],
)
def test_both_backends_rank_alike(use_elasticsearch, procurement, query):
    from search.backends import database_backend, get_backend
    from search.visibility import SYSTEM
    from tests.search.conftest import rebuild_indices

    org = factories.organisation("kotka", "Kotkan kaupunki")
    factories.person("Eeva", "Expert", key="expert", org=org, title="Hankinta-asiantuntija", skills={procurement: 4})
    factories.person("Noora", "Novice", key="novice", org=org, skills={procurement: 1})
    factories.person("Helmi", "Helper", key="helper", org=org, help_with="I can help with procurement contracts.")
    factories.person("Matti", "Mäkinen", key="makinen", org=org)
    factories.person("Ville", "Virtanen", key="virtanen", org=org, title="Kirjanpitäjä")
    rebuild_indices()
    from_elasticsearch = get_backend().search_people(query, audience=SYSTEM)
    from_database = database_backend().search_people(query, audience=SYSTEM)
    assert keys(from_elasticsearch) == keys(from_database) and from_database.hits
    for es_hit, db_hit in zip(from_elasticsearch.hits, from_database.hits, strict=True):
        assert es_hit.score == pytest.approx(db_hit.score, rel=0.01)
        assert es_hit.reasons == db_hit.reasons
