"""A query, analysed the same way as the documents, word by word.

Each word keeps its alternatives (tokens with a quality between 0 and 1); a document
scores for a word by its best alternative in a field, so a word that stems the same
in three languages counts no more than one that does not.
"""

from dataclasses import dataclass, field

from search import analysis
from search.fields import COMPOUND_PART_QUALITY, PREFIX_QUALITY, SIMPLE_PART_QUALITY

# Longer input is cut here by every caller; the API refuses it with a message first.
MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 16
# A Finnish stem this long or longer also matches by the prefix one letter shorter.
MIN_PREFIX_STEM = 5


@dataclass(frozen=True)
class QueryWord:
    text: str
    name_term: str  # folded, for the name field (stop words included: a name is a name)
    terms: dict[str, float] = field(default_factory=dict)  # token -> quality
    prefixes: dict[str, float] = field(default_factory=dict)  # token prefix -> quality

    def matches(self, tokens) -> bool:
        """Does a set of index tokens contain this word (used to explain a hit)?"""
        if any(token in tokens for token in self.terms):
            return True
        return any(token.startswith(prefix) for prefix in self.prefixes for token in tokens)


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    words: tuple[QueryWord, ...]

    @property
    def is_empty(self) -> bool:
        return not self.words


def allowed_edits(term: str) -> int:
    """Edit distance a name may be off by, as Elasticsearch's fuzziness AUTO."""
    if len(term) < 3:
        return 0
    return 1 if len(term) < 6 else 2


def parse_word(word: str) -> QueryWord:
    terms = {token: 1.0 for token in analysis.word_tokens(word) if not token.startswith(analysis.COMPOUND_PREFIX)}
    prefixes: dict[str, float] = {}
    finnish_stems = [token[len("fi:") :] for token in terms if token.startswith("fi:")]
    for stem in finnish_stems:
        # The word may be part of a compound in the index ("lupa" in "ympäristölupa").
        terms[analysis.COMPOUND_PREFIX + stem] = COMPOUND_PART_QUALITY
        if len(stem) >= MIN_PREFIX_STEM:
            prefixes["fi:" + stem[:-1]] = PREFIX_QUALITY
    if terms:
        _, parts = analysis.finnish_lemmas(word)
        for part in parts:
            part_stem = analysis.fold(analysis.stem("fi", part))
            terms.setdefault(analysis.COMPOUND_PREFIX + part_stem, COMPOUND_PART_QUALITY)
            terms.setdefault("fi:" + part_stem, SIMPLE_PART_QUALITY)
    return QueryWord(text=word, name_term=analysis.fold(word), terms=terms, prefixes=prefixes)


def parse_query(text: str) -> ParsedQuery:
    text = (text or "")[:MAX_QUERY_CHARS]
    seen: set[str] = set()
    parsed: list[QueryWord] = []
    for word in analysis.words(text):
        if word in seen or len(word) < analysis.MIN_WORD_CHARS or len(word) > analysis.MAX_WORD_CHARS:
            continue
        seen.add(word)
        parsed.append(parse_word(word))
        if len(parsed) == MAX_QUERY_WORDS:
            break
    return ParsedQuery(text=text, words=tuple(parsed))
