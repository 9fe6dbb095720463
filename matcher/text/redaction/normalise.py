"""Undo the disguises people use to slip an identifier past a filter, before any pattern looks at it.

NFKC folds fullwidth and compatibility forms ("＠", "０７０", "ﬁ"); format characters (zero-width
spaces, soft hyphens) go; Cyrillic and Greek letters that look Latin become Latin ("Мaria" with a
Cyrillic M); letters spaced out ("M a r i a") are joined when the joined word is a name or is no word.
What the supplier finally reads is this normalised text, so the redaction and the output agree.
"""

import re
import unicodedata
from collections.abc import Callable

# Look-alikes of Latin letters in Cyrillic and Greek (the confusables that occur in names and e-mails).
_HOMOGLYPHS = str.maketrans(
    "АВЕЅІЈКМНОРСТХУаеіјорсхуѕԁһӏ"  # Cyrillic
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαβεικνορτυχ"  # Greek
    "ℓ",
    "ABESIJKMHOPCTXYaeijopcxysdhlABEZHIKMNOPTYXabeikvoptuxl",
)
# Dashes and dots of other scripts and typesetting become the ASCII ones the patterns expect.
_PUNCTUATION = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-", "․": "."})
# Runs of three or more single letters separated by one space, dot, dash, underscore or star.
_LICENCE_LETTERS = frozenset("ABCDEM")
_SPACED = re.compile(r"(?<![\w])(?:[^\W\d_][ .\-_*·]){2,}[^\W\d_](?![\w])")


def normalise(text: str, is_name_like: Callable[[str], bool] | None = None) -> str:
    """NFKC, no format characters, homoglyphs mapped to Latin, spaced letters joined where
    ``is_name_like(joined)`` says the joined word is a name (all spaced runs are joined without it)."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = text.translate(_HOMOGLYPHS).translate(_PUNCTUATION)

    def join(match: re.Match[str]) -> str:
        joined = re.sub(r"[ .\-_*·]", "", match.group(0))
        if joined.isupper():
            if set(joined) <= _LICENCE_LETTERS and not (is_name_like and is_name_like(joined.capitalize())):
                return match.group(0)  # "B C E": licence classes, not a name in capitals
            # Capitals read as a name ("F A T U M A" → "Fatuma"), so the name filter sees a name.
            joined = joined.capitalize()
        return joined if is_name_like is None or is_name_like(joined) else match.group(0)

    return _SPACED.sub(join, text)
