"""Language analysis in Python, the same at index and at query time for both backends.

A word becomes a set of tokens:
- its folded surface form (lowercase, diacritics removed: "hankinnat", "makinen");
- a Snowball stem per language, prefixed: "fi:hankin", "sv:upphandling", "en:procur"
  (the language of a text is not known, so every word is stemmed in all three);
- with Voikko (optional), the stems of its Finnish base forms ("hankinnoissa" ->
  "hankinta" -> "fi:hankin") and of its compound parts ("fic:jurist").
Stems are folded too, so a query typed without ä and ö still has a chance.
"""

import logging
import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.conf import settings

from search.stopwords import ALL as STOP_WORDS

logger = logging.getLogger(__name__)

LANGUAGES = ("fi", "sv", "en")
STEMMER_NAMES = {"fi": "finnish", "sv": "swedish", "en": "english"}
# Shorter words carry no meaning on their own; longer ones are junk (URLs, hashes).
MIN_WORD_CHARS = 2
MAX_WORD_CHARS = 50
COMPOUND_PREFIX = "fic:"

# Letters, digits; everything else (quotes, colons, brackets, underscores) separates words.
WORD_PATTERN = re.compile(r"[^\W_]+")
# Letters that Unicode does not decompose into a base letter and a combining mark.
EXTRA_FOLDS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th"})


def fold(text: str) -> str:
    """Lowercase without diacritics: "Mäkinen" -> "makinen", "Åström" -> "astrom"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(EXTRA_FOLDS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Lowercase words of the text with their positions (for snippets)."""
    text = unicodedata.normalize("NFC", text or "")
    return [(match.group().lower(), match.start(), match.end()) for match in WORD_PATTERN.finditer(text)]


def words(text: str) -> list[str]:
    return [word for word, _, _ in word_spans(text)]


def is_indexable(word: str) -> bool:
    return MIN_WORD_CHARS <= len(word) <= MAX_WORD_CHARS and word not in STOP_WORDS


# --- Snowball -------------------------------------------------------------------
# Stemmer objects keep state while they work: one lock, results cached.
_stem_lock = threading.Lock()
_stemmers = {language: snowballstemmer.stemmer(name) for language, name in STEMMER_NAMES.items()}


@lru_cache(maxsize=200_000)
def stem(language: str, word: str) -> str:
    with _stem_lock:
        return _stemmers[language].stemWord(word)


# --- Voikko (optional) ----------------------------------------------------------
class _Voikko:
    """Finnish base forms and compound parts from libvoikko, when it and a dictionary are installed."""

    def __init__(self):
        self._lock = threading.Lock()
        self._handle = None
        self._tried = False

    def handle(self):
        if not getattr(settings, "SEARCH_VOIKKO", True):
            return None
        with self._lock:
            if not self._tried:
                self._tried = True
                try:
                    import libvoikko

                    self._handle = libvoikko.Voikko("fi")
                except Exception as error:  # missing module, library or dictionary
                    logger.info("Voikko is not available, Finnish uses Snowball only: %s", error)
        return self._handle

    def analyse(self, word: str) -> list[dict]:
        handle = self.handle()
        if handle is None:
            return []
        # A libvoikko handle must not be used by two threads at once.
        with self._lock:
            return handle.analyze(word)


_voikko = _Voikko()
_SEGMENT = re.compile(r"\+([^+(]*)(?:\(([^)]*)\))?")


def voikko_available() -> bool:
    return _voikko.handle() is not None


def compound_parts(wordbases: str) -> list[str]:
    """Split Voikko's WORDBASES ("+hanki(hankkia)+nta(+ta)+juristi(juristi)") into parts
    ("hankinta", "juristi"). A part starts at each lexical morpheme; suffixes join the part before."""
    parts: list[str] = []
    for surface, base in _SEGMENT.findall(wordbases or ""):
        starts_part = bool(base) and not base.startswith("+")
        if starts_part or not parts:
            parts.append(surface)
        else:
            parts[-1] += surface
    return [part.lower() for part in parts if part]


@lru_cache(maxsize=100_000)
def finnish_lemmas(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(base forms, compound parts) of a Finnish word; empty without Voikko or for unknown words."""
    bases: set[str] = set()
    parts: set[str] = set()
    for analysis in _voikko.analyse(word)[:3]:
        if analysis.get("BASEFORM"):
            bases.add(analysis["BASEFORM"].lower())
        split = compound_parts(analysis.get("WORDBASES", ""))
        if len(split) > 1:
            parts.update(part for part in split if is_indexable(part))
    return tuple(sorted(bases)), tuple(sorted(parts))


# --- Tokens ---------------------------------------------------------------------
def stem_token(language: str, word: str) -> str:
    return f"{language}:{fold(stem(language, word))}"


@lru_cache(maxsize=200_000)
def word_tokens(word: str) -> tuple[str, ...]:
    """Every token of one lowercase word (empty for stop words and junk)."""
    if not is_indexable(word):
        return ()
    tokens = {fold(word)}
    tokens.update(stem_token(language, word) for language in LANGUAGES)
    bases, parts = finnish_lemmas(word)
    tokens.update(stem_token("fi", base) for base in bases if is_indexable(base))
    tokens.update(COMPOUND_PREFIX + fold(stem("fi", part)) for part in parts)
    return tuple(sorted(tokens))


def text_tokens(text: str) -> list[str]:
    """Tokens of a text, repeated as often as their words occur (term frequency counts)."""
    return [token for word in words(text) for token in word_tokens(word)]


def name_terms(name: str) -> list[str]:
    """Folded words of a person's name: no stemming and no stop words, a name is a name."""
    return [fold(word) for word in words(name) if MIN_WORD_CHARS <= len(word) <= MAX_WORD_CHARS]


def clear_caches() -> None:
    """Forget cached analyses (after switching Voikko on or off)."""
    word_tokens.cache_clear()
    finnish_lemmas.cache_clear()
