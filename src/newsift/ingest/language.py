"""A cheap English check: enough to warn, not a language identifier.

newsift's parsing, attribution rules and trained models are English-only. Rather than
ship a language-ID model, we look at the script and at how many tokens are common
English function words: English news prose runs at 35–50%, other Latin-script
languages well under 10%.
"""

from __future__ import annotations

import re

_FUNCTION_WORDS = frozenset(
    ["the", "of", "and", "to", "a", "in", "that", "is", "was", "he", "for", "it", "with", "as", "his", "on", "be", "at", "by", "i", "this", "had", "not", "are", "but", "from", "or", "have", "an", "they", "which", "one", "you", "were", "her", "all", "she", "there", "would", "their", "we", "him", "been", "has", "when", "who", "will", "more", "no", "if", "out", "so", "said", "what", "up", "its", "about", "into", "than", "them", "can", "only", "other", "new", "some", "could", "time", "these", "two", "may", "then", "do", "first", "any", "my", "now", "such", "like", "our", "over", "man", "me", "even", "most", "made", "after", "also", "did", "many", "before", "must", "through", "back", "years", "where", "much", "your", "way", "well", "down", "should", "because", "each", "just", "those", "people", "how", "too", "little", "state", "good", "very", "make", "world", "still", "own", "see", "men", "work", "long", "get", "here", "between", "both", "life", "being", "under", "never", "day", "same", "another", "know", "while", "last", "might", "us", "great", "old", "year", "off", "come", "since", "against", "go", "came", "right", "used", "take", "three"]
)
# Function words of the languages most often mistaken for English by the share above
# (Romance, German, Indonesian/Malay): a text is English when English function words
# clearly outnumber these, even where names and numbers leave few function words at all
# (sports round-ups, listings).
_FOREIGN_FUNCTION_WORDS = frozenset(
    ["de", "la", "que", "el", "los", "las", "y", "del", "por", "con", "para", "una", "um", "uma", "não", "é", "da", "do", "das", "dos", "em", "na", "se", "com", "il", "di", "che", "e", "per", "non", "sono", "le", "les", "des", "et", "est", "pour", "qui", "dans", "du", "une", "au", "sur", "ne", "pas", "der", "die", "und", "das", "ist", "nicht", "mit", "zu", "den", "von", "auf", "ein", "eine", "sich", "dem", "auch", "yang", "dan", "ini", "itu", "dengan", "untuk", "tidak", "dari", "akan", "pada", "ke"]
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_SCRIPTS = (
    ("Arabic", re.compile(r"[\u0600-\u06FF]")),
    ("Cyrillic (e.g. Russian)", re.compile(r"[\u0400-\u04FF]")),
    ("Chinese/Japanese", re.compile(r"[\u4E00-\u9FFF\u3040-\u30FF]")),
    ("Korean", re.compile(r"[\uAC00-\uD7AF]")),
    ("Greek", re.compile(r"[\u0370-\u03FF]")),
    ("Hebrew", re.compile(r"[\u0590-\u05FF]")),
    ("Devanagari", re.compile(r"[\u0900-\u097F]")),
)


def detect_language(text: str, sample: int = 20_000) -> str:
    """``"en"`` for English, otherwise a short description of what it looks like."""
    head = text[:sample]
    letters = [ch for ch in head if ch.isalpha()]
    if not letters:
        return "en"  # nothing to judge; the empty-input check handles empty text
    for name, pattern in _SCRIPTS:
        if len(pattern.findall(head)) > 0.3 * len(letters):
            return name
    words = [w.lower() for w in _WORD.findall(head)]
    if len(words) < 8:
        return "en"  # too short to judge
    share = sum(w in _FUNCTION_WORDS for w in words) / len(words)
    foreign = sum(w in _FOREIGN_FUNCTION_WORDS for w in words) / len(words)
    if share >= 0.2 or (share >= 0.01 and share > 2 * foreign):
        return "en"
    return "a non-English language (few English function words)"
