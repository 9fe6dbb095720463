"""Evidence for a vacancy's SSYK-4 group, as named numbers per candidate group.

A real headline wraps a title in noise ("Sjuksköterskor till akuten i Lund", "Säljare | Företaget AB",
"Svensktalande Snickare / Hantverkare", salaries, places, English titles). ``parse_headline`` cuts it
into segments and drops places, figures and filler words; every span of a segment goes through the
title normaliser. The headline is also compared, by character n-grams, with every occupation's
aliases (plural, definite and compound forms share most n-grams). The text adds evidence: its word
stems against each group's own words (label, definition, occupation names, the taxonomy's skills of
the group), and occupation titles it names. ``OccupationEvidence.candidates`` gathers the groups
that any of these points at, with one feature row each (``GROUP_FEATURES``) and per occupation the
evidence that picks the occupation within its group (``OCCUPATION_FEATURES``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import Stemmer
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.text.occupation_text import GroupTextModel, load_text_model
from matcher.text.taxonomy import Taxonomy, fold
from matcher.text.title_vocabulary import ENGLISH_WORDS, SUBJECTS
from matcher.text.titles import STEM, SUFFIX, TitleNormaliser, quick_fold, title_words

GROUP_FEATURES: tuple[str, ...] = (
    "headline_exact",  # share of a segment's words covered by an alias (or its stem) of the group
    "headline_generic",  # best score of a generic, compound or misspelled title of the group ("lärare")
    "headline_weak",  # best score of a weaker match (a head after a modifier, a distant spelling)
    "headline_first",  # a title of the group in the headline's first segment
    "headline_char",  # best char n-gram cosine of the cleaned headline with one of the group's aliases
    "headline_char_rank",  # 1 / (1 + rank of the group by headline_char)
    "headline_char_gap",  # headline_char minus the best group's (0 for the best)
    "text_similarity",  # word-stem TF-IDF cosine of the text with the group's document
    "text_rank",  # 1 / (1 + rank of the group by text_similarity)
    "text_relative",  # text_similarity / the best group's
    "text_mentions",  # log(1 + titles of the group named in the text)
    "text_mention_share",  # the group's share of all titles named in the text
    "headline_words",  # word-stem cosine of the headline with the group's document
    "headline_share",  # 1 / the number of groups the headline's titles name (0 when it names none here)
    "text_model",  # the group's probability by the text model (``matcher.text.occupation_text``)
    "text_model_rank",  # 1 / (1 + rank of the group by the text model); 0 without known words
)
OCCUPATION_FEATURES: tuple[str, ...] = (
    "headline_title",  # best title score of the occupation in any span of the headline
    "headline_name",  # a whole segment of the cleaned headline names it: its label, an alias or a close
    # variant (inflection, no diacritics, small typo); the score of that match, 0 otherwise
    "headline_char",  # best char n-gram cosine of the cleaned headline with one of its aliases
    "text_mentions",  # log(1 + times the text names it)
    "is_head",  # the group's shortest label: its plainest title, a weak prior
)
# A whole segment that names an occupation at least this surely is its name ("Lokalvårdare (m/k)"); a
# broader head after a modifier, or a fuzzy match of a distant spelling, is not.
NAME_SCORE = 0.8

# Words that qualify a title without naming one ("Erfaren", "Svensktalande", "sökes", "heltid").
_FILLER_WORDS = """
    sokes soker soks vi du till for i pa med inom hos vid och eller samt som at to for in the a an and of
    with wanted hiring needed job jobb tjanst tjanster extra extrajobb sommarjobb sommar heltid deltid
    vikariat timanstalld timanstallda tillsvidare visstid provanstallning fast fastanstalld erfaren erfarna
    senior junior driven drivna ny nya nyexaminerad svensktalande engelsktalande legitimerad leg
    kvalificerad duktig duktiga kvallar helger natt natter dag omgaende snarast ab hb kb kr manad timme
    manadslon lon procent st ca upp omr omrade centrala city norra sodra vastra ostra
    office intern internship trainee remote hybrid position role opportunity team our we are looking
    join us part full time fulltime parttime either or experienced new summer temporary permanent
"""
FILLER = frozenset(_FILLER_WORDS.split())
# Separators, and the words that join a title to its place or employer ("Kock till ny restaurang").
# English ads: titles and common domain words in Swedish, so that the text meets the groups' documents.
ENGLISH_TEXT = ENGLISH_WORDS | {
    "software": "mjukvara",
    "cloud": "molntjanster",
    "infrastructure": "infrastruktur",
    "customer": "kund",
    "customers": "kunder",
    "sales": "forsaljning",
    "marketing": "marknadsforing",
    "research": "forskning",
    "teaching": "undervisning",
    "students": "elever",
    "pupils": "elever",
    "school": "skola",
    "nursing": "omvardnad",
    "patients": "patienter",
    "patient": "patient",
    "care": "vard",
    "warehouse": "lager",
    "construction": "bygg",
    "accounting": "redovisning",
    "finance": "finans",
    "security": "sakerhet",
    "network": "natverk",
    "testing": "testning",
    "programming": "programmering",
    "product": "produkt",
    "recruitment": "rekrytering",
    "kitchen": "kok",
    "restaurant": "restaurang",
    "cleaning": "stadning",
    "maintenance": "underhall",
    "production": "produktion",
    "logistics": "logistik",
    "support": "support",
    "community": "community",
}
_SEPARATORS = re.compile(
    r"\s[-–—]\s|[|/,;:()!?+&•·\[\]{}\"]|\s[-–—]|[-–—]\s"
    r"|\s(?:till|sökes|söker|hos|för|med|vid|at|for|with|to)\s",
    re.IGNORECASE,
)
_STEMMER = Stemmer.Stemmer("swedish")
MAX_SPAN = 5
N_HEADLINE, N_TEXT, N_TEXT_MODEL = 12, 8, 5


def parse_headline(headline: str, places: frozenset[str]) -> list[list[str]]:
    """Segments of folded words; places and filler dropped at the segments' edges and between titles."""
    segments = []
    for part in _SEPARATORS.split(headline):
        words = [w for w in title_words(part) if w not in places]
        while words and words[0] in FILLER:
            words.pop(0)
        while words and words[-1] in FILLER:
            words.pop()
        if words:
            segments.append(words)
    return segments


def text_stems(text: str) -> list[str]:
    """The stems the text model reads: English domain words in Swedish, Swedish stems of 3+ letters."""
    words = [ENGLISH_TEXT.get(w, w) for w in title_words(text)]
    return [s for s in _STEMMER.stemWords(words) if len(s) >= 3]


def group_documents(taxonomy: Taxonomy, normaliser: TitleNormaliser) -> dict[str, str]:
    """Per SSYK-4 group the words the taxonomy gives it: label, definition, occupations, aliases, skills."""
    aliases_of: dict[str, list[str]] = defaultdict(list)
    for alias, oid in normaliser.aliases.items():
        aliases_of[taxonomy.ssyk4_of(oid) or ""].append(alias)
    occupations_of: dict[str, list[str]] = defaultdict(list)
    for occ in sorted(taxonomy.occupations(), key=lambda o: o.id):
        occupations_of[occ.ssyk4].append(occ.label)
    out = {}
    for code in sorted(occupations_of):
        group = taxonomy.group(code)
        parts = [group.label if group else "", group.definition if group else ""]
        parts += occupations_of[code] + aliases_of[code]
        parts += [s.label for s in taxonomy.skills_of_group(code)]
        out[code] = "\n".join(parts)
    return out


@dataclass
class Candidates:
    """Per candidate group its feature row; per occupation its within-group evidence."""

    groups: list[str]
    X: np.ndarray  # len(groups) × len(GROUP_FEATURES)
    occupations: dict[str, dict[str, list[float]]]  # group → occupation id → OCCUPATION_FEATURES


class OccupationEvidence:
    """Indexes over one taxonomy (built in about a second) and the feature extraction."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        normaliser: TitleNormaliser | None = None,
        text_model: GroupTextModel | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.normaliser = normaliser or TitleNormaliser(taxonomy)
        self.text_model = text_model or load_text_model()
        self._stemmer = Stemmer.Stemmer("swedish")
        self.places = frozenset(
            w for m in taxonomy.municipalities() for w in title_words(m.name) if len(w) >= 4
        ) | frozenset({"sverige", "sweden", "stockholms", "goteborgs", "skane", "norrland"})
        occupations = sorted(taxonomy.occupations(), key=lambda o: o.id)
        self.group_codes = sorted({o.ssyk4 for o in occupations})
        self._group_index = {c: i for i, c in enumerate(self.group_codes)}
        self.occupations_of: dict[str, list[str]] = defaultdict(list)
        for occ in occupations:
            self.occupations_of[occ.ssyk4].append(occ.id)
        # Shortest label of a group: its plainest title, a weak prior within the group.
        self.head_of = {
            g: min(ids, key=lambda i: (len(taxonomy.occupation(i).label), i))  # type: ignore[union-attr]
            for g, ids in self.occupations_of.items()
        }
        # Aliases ordered by group, so that a group's best alias is one ``maximum.reduceat``.
        alias_rows = sorted(
            {
                (self._group_index[taxonomy.ssyk4_of(oid) or ""], a, oid)
                for a, oid in self.normaliser.aliases.items()
            }
        )
        self._alias_occ = [oid for _, _, oid in alias_rows]
        alias_group = np.asarray([g for g, _, _ in alias_rows])
        self._alias_starts = np.searchsorted(alias_group, np.arange(len(self.group_codes)))
        self._groups_with_alias = np.unique(alias_group)
        self._char = _Tfidf(_char_grams, [a for _, a, _ in alias_rows])
        self._pair_starts = frozenset(k.split()[0] for k in self.normaliser.aliases if k.count(" ") == 1)
        documents = group_documents(taxonomy, self.normaliser)
        self._words = _Tfidf(self._stems, [documents[c] for c in self.group_codes], max_df=0.3)
        # Each group's column among the text model's groups (-1: a group the model was not fitted on).
        model_index = {c: i for i, c in enumerate(self.text_model.groups_)}
        self._text_model_column = np.asarray([model_index.get(c, -1) for c in self.group_codes])

    def _stems(self, text: str) -> list[str]:
        return [s for s in self._stemmer.stemWords(title_words(text)) if len(s) >= 3]

    def _text_model_probabilities(self, stems: list[str]) -> np.ndarray:
        p = self.text_model.probabilities(stems)
        known = self._text_model_column >= 0
        out = np.zeros(len(self.group_codes))
        out[known] = p[self._text_model_column[known]]
        return out

    def candidates(self, headline: str, text: str = "", groups: tuple[str, ...] = ()) -> Candidates:
        """Candidate groups with their features; ``groups`` (SSYK-4 codes) are candidates whatever the
        evidence (a group the source names)."""
        segments = parse_headline(headline, self.places)
        n_groups = len(self.group_codes)
        title = np.zeros((n_groups, 4))  # exact × cover, generic/compound, weak, in the first segment
        occ_title: dict[str, float] = {}
        occ_name: dict[str, float] = {}

        def add_title(oid: str, score: float, cover: float, first: bool) -> None:
            g = self._group_index[self.taxonomy.ssyk4_of(oid) or ""]
            occ_title[oid] = max(occ_title.get(oid, 0.0), score)
            if cover >= 1.0 and score >= NAME_SCORE:
                occ_name[oid] = max(occ_name.get(oid, 0.0), score)
            tier = 0 if score >= STEM else 1 if score >= SUFFIX else 2
            title[g, tier] = max(title[g, tier], cover if tier == 0 else score)
            if first and score >= SUFFIX:
                title[g, 3] = 1.0

        context = quick_fold(headline)
        for s, words in enumerate(segments):
            # "Lärare i matematik och NO": a subject teacher; the subjects alone name no title.
            teachers = self.normaliser.subject_teacher(words, context)
            if teachers:  # the n-gram features read the title it names, not the subjects
                segments[s] = ["amneslarare", *(w for w in words if w not in SUBJECTS and w not in FILLER)]
            for oid, score in teachers:
                add_title(oid, score, 1.0, s == 0)
            for n in range(min(MAX_SPAN, len(words)), 0, -1):
                for i in range(len(words) - n + 1):
                    span = words[i : i + n]
                    if span[0] in FILLER or span[-1] in FILLER:
                        continue
                    if teachers and span[-1] in SUBJECTS:
                        continue
                    phrase = ENGLISH_WORDS.get(span[0], span[0]) if n == 1 else " ".join(span)
                    fuzzy = n == 1 and len(phrase) >= 7
                    for occ, score in self.normaliser.normalise(phrase, 12, fuzzy=fuzzy):
                        add_title(occ.id, score, n / len(words), s == 0)
        strong = title[:, 0] + title[:, 1] > 0
        share = np.where(strong, 1.0 / max(int(strong.sum()), 1), 0.0)
        cleaned = " ".join(" ".join(w) for w in segments) or fold(headline)
        char_alias = self._char.similarity(cleaned)
        char = np.zeros(n_groups)
        starts = self._alias_starts[self._groups_with_alias]
        char[self._groups_with_alias] = np.maximum.reduceat(char_alias, starts)
        occ_char: dict[str, float] = {}
        for j in np.flatnonzero(char_alias >= 0.3):
            oid = self._alias_occ[j]
            occ_char[oid] = max(occ_char.get(oid, 0.0), float(char_alias[j]))
        text_words = [ENGLISH_TEXT.get(w, w) for w in title_words(text)]
        text_stems = self._stemmer.stemWords(text_words)
        long_stems = [t for t in text_stems if len(t) >= 3]
        text_sim = self._words.similarity(long_stems, analysed=True)
        text_model = self._text_model_probabilities(long_stems)
        head_sim = self._words.similarity(cleaned)
        mentions, shared = self._mentions(text_words, text_stems)
        group_mentions = np.zeros(n_groups)
        for oid, count in [*mentions.items(), *shared.items()]:
            group_mentions[self._group_index[self.taxonomy.ssyk4_of(oid) or ""]] += count

        picked = set(np.flatnonzero(title[:, :3].max(axis=1) > 0).tolist())
        picked |= set(_top(char, N_HEADLINE)) | set(_top(group_mentions, 4))
        if text_sim.any():
            picked |= set(_top(text_sim, N_TEXT))
        picked |= set(_top(text_model, N_TEXT_MODEL))  # the text's groups, when the headline names none
        picked |= {self._group_index[g] for g in groups if g in self._group_index}
        rows = sorted(picked)
        char_rank = _ranks(char)
        text_rank = _ranks(text_sim)
        model_rank = _ranks(text_model)
        best_char, best_text = float(char.max()), float(text_sim.max()) or 1.0
        total_mentions = float(group_mentions.sum()) or 1.0
        X = np.zeros((len(rows), len(GROUP_FEATURES)))
        for r, g in enumerate(rows):
            X[r, 0:4] = title[g]
            X[r, 13] = share[g]
            X[r, 4] = char[g]
            X[r, 5] = 1.0 / (1.0 + char_rank[g])
            X[r, 6] = char[g] - best_char
            X[r, 7] = text_sim[g]
            X[r, 8] = 1.0 / (1.0 + text_rank[g]) if text_sim[g] > 0 else 0.0
            X[r, 9] = text_sim[g] / best_text
            X[r, 10] = math.log1p(group_mentions[g])
            X[r, 11] = group_mentions[g] / total_mentions
            X[r, 12] = head_sim[g]
            X[r, 14] = text_model[g]
            X[r, 15] = 1.0 / (1.0 + model_rank[g]) if text_model[g] > 0 else 0.0
        occupations: dict[str, dict[str, list[float]]] = {}
        for g in rows:
            code = self.group_codes[g]
            occupations[code] = {
                oid: [
                    occ_title.get(oid, 0.0),
                    occ_name.get(oid, 0.0),
                    occ_char.get(oid, 0.0),
                    math.log1p(mentions.get(oid, 0)),
                    float(self.head_of[code] == oid),
                ]
                for oid in self.occupations_of[code]
            }
        return Candidates([self.group_codes[g] for g in rows], X, occupations)

    def _mentions(self, words: list[str], stems: list[str]) -> tuple[dict[str, float], dict[str, float]]:
        """Titles named in the text: aliases and their stems, as single words and word pairs; then generic
        titles ("lärare", "säljare"), each one mention shared by the groups it may name (group evidence
        only: it says nothing of the occupation within the group)."""
        counts: dict[str, float] = defaultdict(float)
        shared_counts: dict[str, float] = defaultdict(float)
        aliases, by_stem = self.normaliser.aliases, self.normaliser.stems
        generic, suffixes = self.normaliser.generic, self.normaliser.suffix_groups
        for word, stem in zip(words, stems, strict=True):
            if len(word) >= 5 and word not in FILLER:
                hit = aliases.get(word) or by_stem.get(stem)
                if hit is not None:
                    counts[hit] += 1
                    continue
                shared = generic.get(word) or (suffixes.get(word) if len(word) >= 6 else None)
                for oid in shared or ():
                    shared_counts[oid] += 1 / len(shared)  # type: ignore[arg-type]
        for i in range(len(words) - 1):
            if words[i] in self._pair_starts:
                hit = aliases.get(f"{words[i]} {words[i + 1]}")
                if hit is not None:
                    counts[hit] += 1
        return counts, shared_counts


def _char_grams(text: str) -> list[str]:
    """Character 3-5-grams of each word padded with spaces (sklearn's ``char_wb``)."""
    out: list[str] = []
    for word in title_words(text):
        padded = f" {word} "
        for n in (3, 4, 5):
            out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


class _Tfidf:
    """TF-IDF fitted by scikit-learn; queries vectorised by hand (sklearn's per-call checks cost ~2 ms)."""

    def __init__(
        self, analyzer: Callable[[Any], list[str]], documents: list[str], max_df: float = 1.0
    ) -> None:
        vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, max_df=max_df, dtype=np.float32)
        self.by_document = vectorizer.fit_transform(documents).tocsr().astype(np.float64)
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.idf = vectorizer.idf_.astype(np.float64)
        self.analyzer = analyzer

    def similarity(self, text: str | list[str], *, analysed: bool = False) -> np.ndarray:
        """Cosine of ``text`` (or of its already analysed terms) with every document."""
        terms = text if analysed else self.analyzer(text)
        counts = Counter(t for t in terms if t in self.vocabulary)
        if not counts:
            return np.zeros(self.by_document.shape[0])
        cols = np.fromiter((self.vocabulary[t] for t in counts), dtype=np.int64, count=len(counts))
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[cols]
        query = np.zeros(self.by_document.shape[1])
        query[cols] = weights / np.linalg.norm(weights)
        return np.asarray(self.by_document @ query)


def _top(values: np.ndarray, n: int) -> list[int]:
    nonzero = np.flatnonzero(values > 0)
    order = nonzero[np.argsort(-values[nonzero], kind="stable")]
    return order[:n].tolist()


def _ranks(values: np.ndarray) -> np.ndarray:
    ranks = np.empty(values.size, dtype=np.int64)
    ranks[np.argsort(-values, kind="stable")] = np.arange(values.size)
    return ranks
