"""A content document's tokens per field, the same for both backends (search.analysis)."""

from collections import Counter

from search import analysis

TEXT_FIELDS = ("title", "text")
# A word in the title says more about what the document is about than one in its text.
FIELD_WEIGHTS = {"title": 3.0, "text": 1.0}
# Like the people index: BM25's term frequency saturation, no length normalisation.
K1 = 1.2


def saturation(frequency: int) -> float:
    return frequency * (K1 + 1) / (frequency + K1)


def document_terms(doc: dict) -> dict[str, Counter]:
    return {
        "title": Counter(analysis.text_tokens(doc["title"])),
        "text": Counter(analysis.text_tokens(doc["text"])),
        "name": Counter(set(analysis.name_terms(doc["title"]))),
    }


def searchable_words(parsed) -> tuple:
    """The query words that can match anything (a stop word has no tokens): all of them must."""
    return tuple(word for word in parsed.words if word.terms or word.prefixes)
