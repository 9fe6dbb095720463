"""The word lists redaction decides with: names to remove, words and places to keep.

Names, common words and countries come from ``data/redaction/lexicon.json.gz``
(``scripts/build_redaction_lexicon.py``); occupation, skill, language and municipality words from the
taxonomy, so that "Städare i Malmö" and "Undersköterska" are known words and never taken for names.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import Stemmer

from matcher.text.taxonomy import default_taxonomy, fold

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "data" / "redaction" / "lexicon.json.gz"
_STEMMER = Stemmer.Stemmer("swedish")
_WORD = re.compile(r"[^\W\d_]+")
# Endings the Swedish stemmer may take off a known word; other endings are kept ("Fatuma" is no "fatum").
_INFLECTIONS = frozenset((
    "erna", "arna", "orna", "ernas", "arnas", "ornas", "en", "et", "er", "ar", "or", "ade", "ande", "ende",
    "ens", "ets", "heten", "ning", "ningen", "ningar", "lig", "liga", "igt", "iga", "ast", "aste", "are",
))  # fmt: skip
_LONGEST_COMPOUND = 60
# Surnames by their Nordic endings: "Svensson", "Lindberg", "Åström", "Bergqvist", "Sandgren".
SURNAME_ENDINGS = (
    "sson", "ssen", "berg", "ström", "strom", "gren", "qvist", "kvist", "quist", "lund", "holm", "dahl",
    "blad", "stedt", "sköld", "skold", "bäck", "back", "fors", "lind", "hed", "mark", "borg", "stam",
)  # fmt: skip
# Swedish hospitals and workplaces named after people or places that no list above holds.
WORKPLACES = """
sahlgrenska karolinska akademiska danderyds södersjukhuset sös huddinge solna östra mölndals
lasarettet lasarett universitetssjukhuset sus nus us skånes region regionen kommun kommunen
arbetsförmedlingen försäkringskassan samhall skatteverket migrationsverket polisen kriminalvården
ikea ica coop willys hemköp lidl systembolaget postnord sj volvo scania ericsson saab abb skf
norrland svealand götaland skåne halland blekinge småland öland gotland västergötland östergötland
bohuslän dalsland värmland närke västmanland uppland södermanland dalarna gästrikland hälsingland
härjedalen jämtland medelpad ångermanland västerbotten norrbotten lappland stockholms västra götaland
sverige sweden swedish svensk svenska svenskt norden nordic eu europa europe skandinavien scandinavia
gothenburg stockholm unionen almega kommunal vision vårdförbundet ledarna akavia seko handels byggnads
lärarförbundet saco tco lo visita teknikföretagen
"""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Folded words. ``common_words`` leave out names ("maria"), ``everyday_words`` do not; ``keep_stems``
    are Swedish stems of every word known not to be a name."""

    first_names: frozenset[str]
    core_names: frozenset[str]
    wordy_names: frozenset[str]
    surnames: frozenset[str]
    common_words: frozenset[str]
    everyday_words: frozenset[str]
    frequent_words: frozenset[str]
    countries: frozenset[str]
    places: frozenset[str]
    domain_words: frozenset[str]
    keep_stems: frozenset[str]
    domain_stems: frozenset[str]

    def is_name(self, word: str) -> bool:
        """A first name or surname, including those that are also everyday words ("Per", "Rosa")."""
        w = fold(word)
        return w in self.first_names or w in self.wordy_names or w in self.surnames

    def is_lowercase_name(self, word: str) -> bool:
        """A name even written in lower case: a core Swedish or immigrant name ("maria", "mohamed"), or
        any listed name that is no everyday word."""
        w = fold(word)
        if w in self.wordy_names or w in self.domain_words or w in self.places:
            return False
        return w in self.core_names or (self.is_name(w) and w not in self.everyday_words)

    def is_known_word(self, word: str) -> bool:
        """An everyday, occupation, skill or place word (inflected forms by their Swedish stem)."""
        w = fold(word)
        return (
            w in self.common_words
            or w in self.domain_words
            or w in self.places
            or _inflected_from(w) in self.keep_stems
        )

    def is_domain_word(self, word: str) -> bool:
        """An occupation, skill, language or place word (inflected forms by their Swedish stem)."""
        w = fold(word)
        return w in self.domain_words or w in self.places or _inflected_from(w) in self.domain_stems

    def is_compound_of_known(self, word: str) -> bool:
        """A Swedish compound whose last part is a known word ("Lagerarbetaren", "Truckkort")."""
        w = fold(word)
        if len(w) > _LONGEST_COMPOUND:
            return False  # no word; and each suffix tried would cost time quadratic in its length
        return any(w[i:] in self.domain_words or w[i:] in self.common_words for i in range(3, len(w) - 3))


def _inflected_from(word: str) -> str:
    """The Swedish stem where the word ends in an inflection ("Arbetsuppgifterna" → "arbetsuppgift"), else
    the word: a bare stem match would keep unknown names ("Fatuma" → "fatum")."""
    stem = _STEMMER.stemWord(word)
    return stem if word[len(stem) :] in _INFLECTIONS else word


def _taxonomy_words() -> tuple[set[str], set[str]]:
    tax = default_taxonomy()
    words: set[str] = set()
    texts = [o.label for o in tax.occupations()] + [o.definition for o in tax.occupations()]
    texts += [s.label for s in tax.skills()] + [lang.label for lang in tax.languages()]
    texts += [lic.label for lic in tax.licences()] + list(tax.title_aliases)
    for text in texts:
        words.update(fold(w) for w in _WORD.findall(text) if len(w) >= 2)
    places = {fold(m.name) for m in tax.municipalities()}
    for name in list(places):
        places.update(fold(w) for w in _WORD.findall(name))
    return words, places


@cache
def default_lexicon() -> Lexicon:
    """The lexicon of the shipped data and the default taxonomy (loaded once)."""
    data = json.loads(gzip.decompress(DEFAULT_PATH.read_bytes()))
    domain, places = _taxonomy_words()
    places |= set(WORKPLACES.split())
    first = frozenset(data["first_names"])
    wordy = frozenset(data["wordy_names"])
    surnames = frozenset(data["surnames"]) - domain - places
    names = first | wordy | surnames
    # A word that the taxonomy uses is a work word even where some locale names people so ("Kock").
    common = frozenset(w for w in data["common_words"] if w not in names or w in wordy) | (domain - first)
    stems = frozenset(_STEMMER.stemWords(sorted(common | domain)))
    return Lexicon(
        first_names=first - domain,
        core_names=frozenset(data["core_names"]) - domain - places,
        wordy_names=wordy,
        surnames=surnames,
        common_words=common,
        everyday_words=frozenset(data["common_words"]) | domain,
        frequent_words=frozenset(data["frequent_words"]) - frozenset(data["core_names"]),
        countries=frozenset(data["countries"]),
        places=frozenset(places),
        domain_words=frozenset(domain - first),
        keep_stems=stems,
        domain_stems=frozenset(_STEMMER.stemWords(sorted(domain - first))),
    )
