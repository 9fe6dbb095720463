"""Remove what free text may say about a person's sex, age, origin or name before the engine reads it.

The structured profile has no such fields, but people write "Hon är 45 år och född i Somalia" in their
own words, and the similarity features would otherwise pick it up (the counterfactual tests measured
rank shifts from exactly this). Only the engine's copy of the text is redacted; staff see the original.
"""

import re

_NAME = re.compile(
    r"\b(?:jag heter|mitt namn är|my name is|i am called|i'm called)\s+"
    r"[A-ZÅÄÖÉ][\w'-]*(?:\s+[A-ZÅÄÖÉ][\w'-]*){0,3}",
    re.IGNORECASE | re.UNICODE,
)
_ORIGIN = re.compile(
    r"\b(?i:född|födda|uppvuxen|uppväxt|kommer ursprungligen|kommer|born|grew up|originally from|"
    r"i come|i am from|i'm from)\s+(?i:i|in|från|from)?\s*[A-ZÅÄÖÉ][\w'-]*(?:\s+[A-ZÅÄÖÉ][\w'-]*)?",
    re.UNICODE,
)
_AGE = re.compile(
    r"\b(?:\d{1,2}\s*-?\s*årig[ta]?|\d{1,2}\s+år\s+gammal|\d{1,2}\s+years?\s+old|aged?\s+\d{1,2})\b",
    re.IGNORECASE | re.UNICODE,
)
_GENDER_WORDS = (
    "han",
    "hon",
    "hen",
    "honom",
    "henne",
    "hans",
    "hennes",
    "kvinna",
    "kvinnor",
    "tjej",
    "kille",
    "mamma",
    "pappa",
    "mor",
    "far",
    "gravid",
    "he",
    "she",
    "him",
    "her",
    "his",
    "hers",
    "woman",
    "women",
    "female",
    "male",
    "girl",
    "boy",
    "mother",
    "father",
    "pregnant",
    "herr",
    "fru",
)
_GENDER = re.compile(r"\b(?:" + "|".join(_GENDER_WORDS) + r")\b", re.IGNORECASE | re.UNICODE)
# "man" is also Swedish for "one"; only drop it where it describes the person ("en 40-årig man").
_MAN = re.compile(r"\b(?:en|a)\s+(?:\w+\s+)?(?:man|kvinna|woman)\b", re.IGNORECASE | re.UNICODE)


# Speed (every seeker text passes here when a pool is indexed): each pattern runs only where the text,
# in lower case, holds a word that every match of the pattern contains (for ``_AGE`` also a digit).
# Skipping a pattern whose words are absent changes nothing: ``re.IGNORECASE`` matches a letter by its
# lower case, except for four characters that fold onto ASCII letters otherwise (İ ı ſ and the Kelvin
# sign; İ is also the one character whose lower case is longer); a text with any of them takes the plain
# path. Likewise a run of word characters matches ``\\b(word)\\b`` of ``_GENDER`` exactly when it is a
# whole run whose lower case is one of the words.
_HINTS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (_NAME, ("heter", "namn", "name", "called")),
    (_ORIGIN, ("född", "uppv", "kommer", "born", "grew", "come", "from")),
    (_AGE, ("årig", "gammal", "old", "age")),
    (_MAN, ("man", "kvinna")),
)
_DIGIT = re.compile(r"\d")
_WORDS = frozenset(_GENDER_WORDS)
_RUN = re.compile(r"\w+")
_FOLDS_OTHERWISE = re.compile("[\u0130\u0131\u017f\u212a]")


def _redact_plain(text: str) -> str:
    for pattern in (_NAME, _ORIGIN, _AGE, _MAN, _GENDER):
        text = pattern.sub(" ", text)
    return text


def _redact_hinted(text: str) -> str:
    for pattern, words in _HINTS:
        low = text.lower()
        if any(w in low for w in words) and (pattern is not _AGE or _DIGIT.search(text) is not None):
            text = pattern.sub(" ", text)
    if _WORDS.isdisjoint(_RUN.findall(text.lower())):
        return text
    return _RUN.sub(lambda m: " " if m.group().lower() in _WORDS else m.group(), text)


def redact_sensitive(text: str) -> str:
    """The text with names, birthplace/origin phrases, ages and gendered words removed."""
    text = _redact_hinted(text) if _FOLDS_OTHERWISE.search(text) is None else _redact_plain(text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()
