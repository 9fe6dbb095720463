"""The exact name wins (issue 23): a headline that is an occupation's name, after the noise real
headlines carry, puts that occupation first, in its group and in the proposals.

The headlines (``data/common_headlines.tsv``, 200+) are written by hand from the taxonomy's labels and the
term list's everyday titles, in the forms people type them: lower case, without å/ä/ö, plural and
definite forms, small typos, with employers, places, "sökes", "(m/k)", "heltid", numbers and emojis.
They are never used for fitting.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from matcher.text.occupation_model import OccupationClassifier, load_default
from matcher.text.taxonomy import Taxonomy, default_taxonomy

HEADLINES = Path(__file__).parent / "data" / "common_headlines.tsv"


def _headlines() -> list[tuple[str, str, str]]:
    lines = [line for line in HEADLINES.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.reader(lines, delimiter="\t"))
    assert rows[0] == ["headline", "occupation_id", "label"]
    return [(h, oid, label) for h, oid, label in rows[1:]]


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return default_taxonomy()


@pytest.fixture(scope="module")
def model(taxonomy: Taxonomy) -> OccupationClassifier:
    return load_default(taxonomy)


def test_the_list_is_long_and_names_real_occupations(taxonomy: Taxonomy) -> None:
    rows = _headlines()
    assert len(rows) >= 150 and len({h for h, _, _ in rows}) == len(rows)
    for headline, oid, label in rows:
        occupation = taxonomy.occupation(oid)
        assert occupation is not None and occupation.label == label, headline


def test_common_headlines_name_their_occupation_first(
    model: OccupationClassifier, taxonomy: Taxonomy
) -> None:
    rows = _headlines()
    exact = group = 0
    misses = []
    for headline, oid, label in rows:
        top = model.predict_top(headline, "", k=5)
        groups = model.predict_groups(headline, "", k=1)
        exact += bool(top) and top[0].occupation_id == oid
        group += bool(groups) and groups[0].ssyk4 == taxonomy.ssyk4_of(oid)
        if not top or top[0].occupation_id != oid:
            misses.append((headline, label, [(g.label, round(g.probability, 2)) for g in top[:2]]))
    assert exact / len(rows) >= 0.90, misses
    assert group / len(rows) >= 0.97, misses


@pytest.mark.parametrize(
    ("headline", "label"),
    [
        ("Städare", "Städare"),
        ("Lokalvårdare", "Städare"),
        ("Brevbärare", "Brevbärare"),
        ("Tandsköterska", "Tandsköterska"),
        ("Truckförare heltid", "Truckförare"),
    ],
)
def test_the_named_occupation_leads_its_group_with_a_clear_margin(
    model: OccupationClassifier, taxonomy: Taxonomy, headline: str, label: str
) -> None:
    """The issue's own examples: the name leads its siblings clearly, not by a hair."""
    top = model.predict_top(headline, "", k=5)
    assert top[0].label == label, top
    siblings = [g for g in top[1:] if g.ssyk4 == top[0].ssyk4]
    assert all(top[0].probability > 2 * g.probability for g in siblings), top


def test_within_a_given_group_the_named_occupation_leads(model: OccupationClassifier) -> None:
    guesses = model.predict_in_group("Tandsköterska till Folktandvården", "", "5350")
    assert guesses[0].label == "Tandsköterska"
    assert {g.ssyk4 for g in guesses} == {"5350"}
    assert sum(g.probability for g in guesses) == pytest.approx(1.0)
