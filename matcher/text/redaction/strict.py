"""Redaction for what a supplier reads: every class of identifier and sensitive word, removed broadly.

The engine's own redaction (``matcher.text.redact``) only keeps the similarity features blind to sex, age
and origin; this one guards people against a reader. It normalises first (``normalise``), then removes
contacts and identity numbers (``contacts``), ages, origins, health, religion and family words
(``personal``), foreign countries and every name candidate (``names``), each span replaced by "[…]".
"""

from collections.abc import Iterable

from matcher.text.redact import redact_sensitive
from matcher.text.redaction.contacts import contact_spans
from matcher.text.redaction.lexicon import Lexicon, default_lexicon
from matcher.text.redaction.names import country_spans, is_name_candidate, name_spans
from matcher.text.redaction.normalise import normalise
from matcher.text.redaction.personal import personal_spans
from matcher.text.redaction.spans import MARKER, Span, apply
from matcher.text.taxonomy import fold


def redaction_spans(
    text: str, known: Iterable[str] = (), lexicon: Lexicon | None = None
) -> tuple[str, dict[str, list[Span]]]:
    """The normalised text and, per class, the spans to remove from it (for measuring each class)."""
    lex = lexicon or default_lexicon()
    known = [value for value in known if value]
    norm = normalise(text, lambda joined: lex.is_name(joined) or not lex.is_known_word(joined))
    parts = _known_parts(known)
    spans = contact_spans(norm, lambda word: fold(word) in lex.places)
    spans |= personal_spans(
        norm, lambda word: word[:1].isupper() or is_name_candidate(word, lex) or fold(word) in lex.countries
    )
    spans["nationality"] = spans["nationality"] + country_spans(norm, lex)
    spans["name"] = name_spans(norm, lex, parts) + _literal_spans(norm, known)
    return norm, spans


def redact_strict(text: str, known: Iterable[str] = (), lexicon: Lexicon | None = None) -> str:
    """``text`` as a supplier may read it: normalised, with contacts, identity numbers, addresses, URLs,
    ages, birth years and places, nationalities, health, religion, family words and every person-name
    candidate replaced by "[…]". ``known`` are the person's own name, e-mail, phone and personnummer,
    removed wherever they occur."""
    if not text.strip():
        return ""
    norm, spans = redaction_spans(text, known, lexicon)
    redacted = apply(norm, [s for class_spans in spans.values() for s in class_spans])
    return redact_sensitive(redacted).replace(f"{MARKER} {MARKER}", MARKER)


def _known_parts(known: list[str]) -> frozenset[str]:
    parts: set[str] = set()
    for value in known:
        if value and "@" not in value and not any(c.isdigit() for c in value):
            parts.update(fold(p) for p in value.replace("-", " ").split() if len(p) >= 2)
    return frozenset(parts)


def _literal_spans(text: str, known: list[str]) -> list[Span]:
    spans: list[Span] = []
    lowered = text.lower()
    for value in known:
        if value and len(value) >= 3:
            start = lowered.find(value.lower())
            while start >= 0:
                spans.append((start, start + len(value)))
                start = lowered.find(value.lower(), start + 1)
    return spans
