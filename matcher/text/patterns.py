"""Surface patterns of Swedish and English CV and ad text: words, negation, language names and levels,
licence phrasing, place context and durations. Used by matcher.text.enrich; no taxonomy knowledge here."""

from __future__ import annotations

import re

MAX_NGRAM = 4
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
NEGATORS = frozenset(
    {"inte", "ej", "saknar", "inget", "ingen", "utan", "no", "not", "without", "lacks", "lack"}
)
STOP = frozenset(
    {"och", "att", "det", "som", "en", "ett", "i", "på", "med", "för", "av", "till", "har", "är", "jag",
     "the", "and", "a", "of", "in", "to", "work", "arbete", "jobb"}
)  # fmt: skip
SFI = {"a": "A1", "b": "A2", "c": "A2", "d": "B1"}
ENGLISH_LANGUAGES = {
    "swedish": "sv",
    "english": "en",
    "arabic": "ar",
    "somali": "so",
    "tigrinya": "ti",
    "persian": "fa",
    "farsi": "fa",
    "dari": "prs",
    "polish": "pl",
    "ukrainian": "uk",
    "russian": "ru",
    "spanish": "es",
    "french": "fr",
    "german": "de",
    "turkish": "tr",
    "kurdish": "ku",
    "bosnian": "bs",
    "finnish": "fi",
}
EXTRA_SV_LANGUAGES = {"dari": "prs", "persiska": "fa", "farsi": "fa", "kurdiska": "ku", "tigrinja": "ti"}
CEFR = re.compile(r"\b([ABC][12])\b")
SFI_RE = re.compile(r"\bsfi\b\s*(?:kurs\s*)?([a-dA-D])\b", re.IGNORECASE)
NATIVE = re.compile(r"modersm[åa]l|native|mother tongue|flytande|fluent", re.IGNORECASE)
CODE = r"(?:AM|A1|A2|BE|B96|B|C1E|C1|CE|C|D1E|D1|DE|D|A)"
CODES = rf"{CODE}(?:-?\s*(?:,|/|\+|&|och|and|eller|or)\s*{CODE})*"
# "B-körkort", "B- och C-körkort", "CE-behörighet", "B licence"
LICENCE_BEFORE = re.compile(rf"\b({CODES})(?:-|\s)?(?:körkort|korkort|kort|behörighet|licen[cs]e)\b", re.I)
# "körkort B", "körkort klass B och C", "driving licence (category B)"
LICENCE_AFTER = re.compile(
    rf"\b(?:körkort|korkort|(?:driving|driver'?s) licen[cs]e)\s*(?:[:(]\s*)?"
    rf"(?:(?:klass|behörighet|category|class)\s+)?({CODES})\b",
    re.I,
)
LICENCE_PLAIN = re.compile(r"\b(?:körkort|korkort|driving licen[cs]e|driver'?s licen[cs]e)\b", re.I)
TRUCK = re.compile(
    r"\btruck(?:kort|körkort|licens|behörighet)\s*((?:[A-D](?![^\W\d_])(?:\s*(?:\+|,|/|och|&)\s*)?)+)?", re.I
)
YEARS = re.compile(
    r"\b(\d+(?:[.,]\d+)?|en|ett|ett halvt|två|tre|fyra|fem|sex|sju|åtta|nio|tio|one|two|three|four|five|"
    r"six|seven|eight|nine|ten)\s*(?:\+\s*)?(års?|years?|yrs|månader|months?)\b",
    re.I,
)
NUMBER_WORDS = {
    "en": 1, "ett": 1, "ett halvt": 0.5, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "åtta": 8, "nio": 9, "tio": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
# Negation reaches back three words but not across a clause: "saknar körkort, men har truckkort".
SCOPE_BREAKS = frozenset({"men", "but", "utom", "except", "dock", "fast"})
CLAUSE_PUNCT = re.compile(r"[,.;:!?\n]")
# Municipality names that are also everyday words or first names: found only with a place context.
AMBIGUOUS_PLACES = frozenset(
    {"ale", "are", "berg", "eda", "kil", "kinda", "klippan", "mark", "nora", "sala", "salem", "säter", "vara"}
)
PLACE_BEFORE = frozenset({"i", "bor", "från", "nära", "utanför", "in", "from", "near", "lives", "live"})
PLACE_AFTER = frozenset({"kommun", "kommuns", "stad", "län", "municipality"})


def extract_years(text: str) -> float | None:
    """The longest duration stated in years or months ("i 3 år", "två år", "18 månader" → 1.5), or None."""
    best: float | None = None
    for m in YEARS.finditer(text):
        raw = m.group(1).lower()
        value = NUMBER_WORDS.get(raw)
        if value is None:
            value = float(raw.replace(",", "."))
        if m.group(2).lower().startswith(("m", "M")):
            value /= 12
        best = value if best is None else max(best, value)
    return best
