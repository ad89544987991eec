"""Language analysis: the tokens both backends index and query."""

import pytest

from search import analysis
from search.edits import within_edits
from search.query import parse_query
from tests.conftest import missing


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Mäkinen", "makinen"),
        ("Åström", "astrom"),
        ("Ødegård", "odegard"),
        ("José", "jose"),
        ("Straße", "strasse"),
    ],
)
def test_folding_removes_diacritics(text, folded):
    assert analysis.fold(text) == folded


def test_every_word_gets_a_stem_per_language_and_its_folded_form():
    tokens = analysis.word_tokens("upphandlingen")
    assert {"upphandlingen", "sv:upphandling", "en:upphandlingen"} <= set(tokens)
    assert "en:procur" in analysis.word_tokens("procurement")


def test_stop_words_of_any_language_are_dropped():
    assert analysis.text_tokens("ja och and the on") == []
    # A stop word in a query can still be part of a name, but it matches no text.
    words = parse_query("hankinnat ja upphandling").words
    assert [word.text for word in words] == ["hankinnat", "ja", "upphandling"]
    assert words[1].terms == {} and words[1].name_term == "ja"


def test_punctuation_and_operators_separate_words():
    assert analysis.words('title:"julkiset" (hankinnat) [a_b]') == ["title", "julkiset", "hankinnat", "a", "b"]


def test_voikko_adds_base_forms_and_compound_parts():
    if not analysis.voikko_available():
        missing("libvoikko and voikko-fi are not installed (apt-get install libvoikko1 voikko-fi)")
    assert "fi:hankin" in analysis.word_tokens("hankinnoissa")
    assert {"fic:hankin", "fic:jurist"} <= set(analysis.word_tokens("hankintajuristi"))


def test_without_voikko_finnish_relies_on_snowball_and_stem_prefixes(without_voikko):
    assert not analysis.voikko_available()
    query = parse_query("hankinnoissa").words[0]
    assert query.matches(set(analysis.word_tokens("hankinnat")))


@pytest.mark.parametrize(
    ("wordbases", "parts"),
    [
        ("+hanki(hankkia)+nta(+ta)+juristi(juristi)", ["hankinta", "juristi"]),
        ("+työ(työ)+terve(terve)+ys(+ys)+huolto(huolto)", ["työ", "terveys", "huolto"]),
        ("+hanki(hankkia)+n+ta(+ta)", ["hankinta"]),
        ("", []),
    ],
)
def test_compound_parts_from_voikko_wordbases(wordbases, parts):
    assert analysis.compound_parts(wordbases) == parts


@pytest.mark.parametrize(
    ("a", "b", "limit", "distance"),
    [
        ("makinen", "makinen", 2, 0),
        ("makinnen", "makinen", 1, 1),
        ("mkainen", "makinen", 1, 1),
        ("virtasne", "virtanen", 2, 2),
        ("virtanen", "laine", 2, None),
        ("abc", "abd", 0, None),
    ],
)
def test_edit_distance_counts_a_swap_as_one_edit(a, b, limit, distance):
    assert within_edits(a, b, limit) == distance
