"""Person names: every capitalised word that is not a known word, occupation, skill or place, every listed
first name or surname, and names after "kontaktperson", "heter", "mvh" even in lower case.

Erring on the side of the person: an unknown company name is lost too ("Braive"), but "Kontaktperson:
Maria Svensson", "Marias", "Åsa-Lena", "M a r i a" and a name nobody listed ("Fatuma") are not let
through. Place words are kept after a place preposition ("Städare i Nora"), names elsewhere ("Nora Ali").
"""

import re

from matcher.text.redaction.lexicon import SURNAME_ENDINGS, Lexicon
from matcher.text.redaction.spans import Span
from matcher.text.taxonomy import fold

_WORD = re.compile(r"[^\W\d_][\w'’\-]*(?::s)?")
# After these a municipality is a place ("Städare i Nora"), not a name ("Nora Ali").
_PLACE_PREPOSITIONS = frozenset((
    "i", "på", "till", "vid", "nära", "från", "utanför", "inom", "in", "at", "near", "around", "region",
    "kommun",
))  # fmt: skip
# After these any capitalised word but a known name is taken for a place no list holds ("i Hindås").
_LOCATIVE = frozenset(("i", "på", "vid", "utanför", "nära", "in", "at", "near"))
_NAME_TRIGGER = re.compile(
    r"\b(?:kontaktperson|kontakt|kontakta|ring|ringa|fråga efter|hälsningar|vänliga hälsningar|mvh|"
    r"med vänlig hälsning|handläggare|referens|referent|chef|handledare|contact|ask for|regards|"
    r"reference|my name is|jag heter|mitt namn är|heter|namn|name|named|called|signerat)\b\s*:?\s*"
    r"([^\W\d_][\w'’\-]*)(?:\s+([^\W\d_][\w'’\-]*))?",
    re.IGNORECASE,
)
# What ends a sentence or starts a list item: a capitalised word after it may be an ordinary word.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n•*\"“”«»(\[\]\-–])\s*$")
_HEADING_BEFORE = re.compile(r"\b[A-ZÅÄÖ]{2,}\s+$")
# A name at the start of a sentence is told from a word by what follows: a verb ("Per har") or a surname.
_SUBJECT_VERB = re.compile(
    r"\s+(?:har|hade|är|var|jobbar|jobbade|arbetar|arbetade|kan|talar|söker|vill|började|bor|kommer|"
    r"has|had|is|was|works|worked|can|speaks|wants|lives|[A-ZÅÄÖ][a-zåäöéü]+)\b"
)
_GENITIVE = re.compile(r"(?::s|['’]s|['’]|s)$")


def _variants(word: str, lex: Lexicon) -> list[str]:
    """The word, without a genitive ending, and its hyphenated parts ("Anna-Karins" → "Anna", "Karin").
    No genitive is read into a frequent word: "klass" is no "Klas's", "this" no "Thi's"."""
    base = word.strip("'’-")
    out = [base, *(part for part in re.split(r"[\-'’]", base) if part != base)]
    for part in list(out):
        if fold(part) not in lex.frequent_words and fold(part) not in lex.domain_words:
            out.append(_GENITIVE.sub("", part))
    return [v for v in out if len(v) >= 2]


def _is_surname_shaped(word: str, lex: Lexicon) -> bool:
    w = fold(word)
    return len(w) >= 5 and w.endswith(SURNAME_ENDINGS) and w not in lex.places and w not in lex.domain_words


def is_name_candidate(word: str, lex: Lexicon, sentence_start: bool = True) -> bool:
    """A capitalised word that is a listed name, looks like a surname or is no known word at all. Inside
    a sentence a capital letter is itself the sign of a name: there only occupation, skill and place
    words (and acronyms) are known enough ("Kontakt: Nguyen Thi Lan" loses "Lan")."""
    variants = _variants(word, lex)
    if word.isupper():
        # Acronyms of up to four letters stay ("ICA", "CNC", "IKEA") unless a name ("ALI", "MINH"); longer
        # capitals are a heading's words ("DINA ARBETSUPPGIFTER") or a name ("NGUYEN").
        if any(lex.is_lowercase_name(v) for v in variants):
            return True
        return len(word) > 4 and not any(lex.is_known_word(v) for v in variants)
    if sentence_start:
        # Here a name that is also an everyday word ("Lönen", "Dina") is the word, unless a verb or a
        # surname follows ("Per har", "Rosa Andersson") — ``_remove_capitalised`` checks that.
        if any(lex.is_lowercase_name(v) or _is_surname_shaped(v, lex) for v in variants):
            return True
    elif any(lex.is_name(v) or _is_surname_shaped(v, lex) for v in variants):
        return True
    if not sentence_start:
        # Three letters are too short to trust as a work word inside a sentence ("Lan", "Ali"); the most
        # frequent words are no names there either ("Vi", "Typ", "This").
        long_enough = [v for v in variants if len(v) >= 4]
        return not (
            fold(variants[0]) in lex.frequent_words
            or any(lex.is_domain_word(v) or lex.is_compound_of_known(v) for v in long_enough)
        )
    return not any(lex.is_known_word(v) or lex.is_compound_of_known(v) for v in variants)


def _remove_capitalised(word: str, before: str, after: str, lex: Lexicon) -> bool:
    variants = _variants(word, lex)
    previous = before.split()[-1].lower() if before.split() else ""
    if previous in _PLACE_PREPOSITIONS and any(fold(v) in lex.places for v in variants):
        return False
    if previous in _LOCATIVE and not any(lex.is_lowercase_name(v) for v in variants):
        return False  # "Lagerarbetare i Hindås", "på Adolfsberg": a place that no list holds
    start = _SENTENCE_START.search(before) is not None or _HEADING_BEFORE.search(before) is not None
    if start and _SUBJECT_VERB.match(after) and any(lex.is_name(v) for v in variants):
        return True
    return is_name_candidate(word, lex, sentence_start=start)


def _remove_lowercase(word: str, lex: Lexicon) -> bool:
    variants = _variants(word, lex)
    if any(lex.is_lowercase_name(v) for v in variants):
        return True
    w = fold(variants[0])
    return w.endswith("sson") and w not in lex.common_words


def name_spans(text: str, lex: Lexicon, known: frozenset[str] = frozenset()) -> list[Span]:
    """Spans of person names in ``text``; ``known`` are folded name parts of the person (always removed)."""
    spans: list[Span] = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        if len(word.strip("'’-")) < 2:
            continue  # single letters: licence classes, list bullets
        if any(fold(v) in known for v in _variants(word, lex)):
            spans.append(m.span())
        elif word[0].isupper():
            before, after = text[max(0, m.start() - 30) : m.start()], text[m.end() : m.end() + 30]
            if _remove_capitalised(word, before, after, lex):
                spans.append(m.span())
        elif _remove_lowercase(word, lex):
            spans.append(m.span())
    for m in _NAME_TRIGGER.finditer(text):
        for group in (1, 2):
            word = m.group(group)
            if word and not lex.is_known_word(word):
                spans.append(m.span(group))
            elif group == 1:
                break
    return spans


def country_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of foreign country names, up to four words long ("Bosnien och Hercegovina")."""
    words = list(_WORD.finditer(text))
    spans: list[Span] = []
    for i in range(len(words)):
        for n in (4, 3, 2, 1):
            if i + n > len(words):
                continue
            parts = [w.group(0) for w in words[i : i + n]]
            genitive = [*parts[:-1], _GENITIVE.sub("", parts[-1])]
            if fold(" ".join(parts)) in lex.countries or fold(" ".join(genitive)) in lex.countries:
                spans.append((words[i].start(), words[i + n - 1].end()))
                break
    return spans
