"""The real-ad benchmark: its committed files, the split, grading, redaction, the seeker generator."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest

from matcher.evaluate.metrics import ranking_metrics
from matcher.evaluate.real_ads import (
    CharTfidfRanker,
    RealAd,
    classifier_rankings,
    grade,
    load_real_ads,
    occupation_accuracy,
    qrels,
    ranked_groups,
    vacancy_records,
)
from matcher.text.occupation_model import GroupGuess, OccupationGuess
from matcher.text.taxonomy import default_taxonomy
from models.io import VacancyRecord, record_adapter

ROOT = Path(__file__).resolve().parents[3]
BENCH = ROOT / "data" / "benchmark" / "real_ads"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", re.IGNORECASE)
# Swedish numbers as ads write them: 070-123 45 67, 042-311 58 21, 0701234567, +46 70 123 45 67.
PHONE = re.compile(r"(?:\+46|\b0)\s?\d{1,3}[\s-]?\d{2,3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)")
DATE = re.compile(r"\d{2}-\d{2}-\d{4}")


def _generator() -> ModuleType:
    scripts = ROOT / "scripts"
    sys.path.insert(0, str(scripts))
    spec = importlib.util.spec_from_file_location(
        "generate_benchmark_seekers", scripts / "generate_benchmark_seekers.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeTaxonomy:
    """Hand-made hierarchy: a1, a2 in group 1111; b in 1112 (same SSYK-3); c in 2221; d in 3331."""

    ssyk = {"a1": "1111", "a2": "1111", "b": "1112", "c": "2221", "d": "3331", "e": "4441"}
    subst = {"c": {"a1": 75}, "a1": {"e": 25}}

    def ssyk4_of(self, occupation_id: str) -> str | None:
        return self.ssyk.get(occupation_id)

    def substitutes(self, occupation_id: str) -> dict[str, int]:
        return dict(self.subst.get(occupation_id, {}))


def test_benchmark_files_load_and_agree_with_the_taxonomy() -> None:
    bench = load_real_ads(BENCH)
    taxonomy = default_taxonomy()
    assert len(bench.ads) == 100 and len({ad.id for ad in bench.ads}) == 100
    for ad in bench.ads:
        occupation = taxonomy.occupation(ad.occupation_id)
        assert occupation is not None and occupation.ssyk4 == ad.ssyk4, ad.id
        assert ad.headline.strip() and ad.text.strip()
    refs = [json.loads(line)["ref"] for line in bench.seekers_path.read_text(encoding="utf-8").splitlines()]
    assert len(refs) == 800 and set(refs) == set(bench.truth)
    labelled = {ad.occupation_id for ad in bench.ads}
    held: defaultdict[str, int] = defaultdict(int)
    for occ in bench.truth.values():
        held[occ] += 1
    assert all(held[occ] >= 3 for occ in labelled), "every labelled occupation has several seekers"


def test_splits_are_disjoint_seventy_thirty_and_keep_duplicates_together() -> None:
    bench = load_real_ads(BENCH)
    train, test = bench.split("train"), bench.split("test")
    assert len(train) == 70 and len(test) == 30
    assert not {ad.id for ad in train} & {ad.id for ad in test}
    assert not {ad.group for ad in train} & {ad.group for ad in test}
    with pytest.raises(ValueError):
        bench.split("dev")


def test_grading_follows_the_hierarchy_and_substitutability() -> None:
    tax = FakeTaxonomy()
    assert grade("a1", "a1", tax) == 3
    assert grade("a1", "a2", tax) == 2  # same SSYK-4
    assert grade("a1", "b", tax) == 1  # same SSYK-3 only
    assert grade("a1", "d", tax) == 0
    assert grade("a1", "c", tax) == 2 and grade("c", "a1", tax) == 2  # 75 %, either direction
    assert grade("e", "a1", tax) == 1  # 25 %
    assert grade("a1", "unknown", tax) == 0


def test_grading_on_real_occupations() -> None:
    taxonomy = default_taxonomy()
    nurse, midwife, welder = "bXNH_MNX_dUR", "DEDi_wap_ntF", "rxrQ_Nyy_k6y"
    frontend, software = "GDHs_eoz_uKx", "rQds_YGd_quU"
    assert grade(frontend, software, taxonomy) == 2  # both SSYK 2512
    assert grade(nurse, midwife, taxonomy) >= 1  # 2221 and 2222 share SSYK-3 222
    assert grade(welder, midwife, taxonomy) == 0
    ads = [RealAd("1", "Svetsare", "", welder, "7212", "train", "1")]
    grades = qrels(ads, {"s1": welder, "s2": midwife}, taxonomy)
    assert grades == {"1": {"s1": 3}}


def test_no_email_or_phone_number_survives_in_the_ads() -> None:
    for line in (BENCH / "ads.jsonl").read_text(encoding="utf-8").splitlines():
        ad = json.loads(line)
        text = ad["headline"] + "\n" + ad["text"]
        assert not EMAIL.search(text), (ad["id"], EMAIL.search(text))
        phones = [m for m in PHONE.findall(text) if not DATE.fullmatch(m.strip())]
        assert not phones, (ad["id"], phones)
        assert "http" not in text and "www." not in text


def test_vacancy_records_are_valid_import_lines_and_hide_the_label_in_the_text_variant() -> None:
    ad = load_real_ads(BENCH).ads[0]
    text_variant, structured = (
        vacancy_records([ad], structured=False)[0],
        vacancy_records([ad], structured=True)[0],
    )
    assert text_variant["occupation_id"] is None and structured["occupation_id"] == ad.occupation_id
    record = record_adapter.validate_python(text_variant)
    assert isinstance(record, VacancyRecord) and record.title == ad.headline[:200]


def test_occupation_accuracy_top1_top3_and_levels() -> None:
    taxonomy = default_taxonomy()
    nurse, midwife, welder = "bXNH_MNX_dUR", "DEDi_wap_ntF", "rxrQ_Nyy_k6y"
    ads = [
        RealAd("1", "", "", nurse, "2221", "train", "1"),
        RealAd("2", "", "", welder, "7212", "train", "2"),
    ]
    acc = occupation_accuracy({"1": [midwife, nurse], "2": []}, ads, taxonomy)
    assert acc["exact@1"] == 0.0 and acc["exact@3"] == 0.5
    assert acc["ssyk4@1"] == 0.0 and acc["ssyk3@1"] == 0.5 and acc["ads"] == 2.0


def test_ssyk4_at_k_reads_ranked_groups_not_the_groups_of_the_top_occupations() -> None:
    taxonomy = default_taxonomy()
    nurse, midwife, welder = "bXNH_MNX_dUR", "DEDi_wap_ntF", "rxrQ_Nyy_k6y"
    nurse_group, midwife_group = taxonomy.ssyk4_of(nurse), taxonomy.ssyk4_of(midwife)
    assert nurse_group and midwife_group and nurse_group != midwife_group
    ads = [RealAd("1", "", "", nurse, nurse_group, "train", "1")]
    # Three occupations of one group rank one group; the classifier's own group ranking ranks three.
    same_group = [o.id for o in taxonomy.occupations() if o.ssyk4 == midwife_group][:3]
    by_occupations = occupation_accuracy({"1": same_group}, ads, taxonomy)
    by_groups = occupation_accuracy({"1": same_group}, ads, taxonomy, {"1": [midwife_group, nurse_group]})
    assert by_occupations["ssyk4@3"] == 0.0 and by_groups["ssyk4@3"] == 1.0
    assert by_groups["ssyk4@1"] == 0.0 and by_groups["exact@3"] == 0.0
    # Without groups: the distinct groups of the occupations in order (the enricher's row).
    enricher = occupation_accuracy({"1": [midwife, midwife, welder, nurse]}, ads, taxonomy)
    assert enricher["ssyk4@3"] == 1.0 and enricher["exact@3"] == 0.0
    assert ranked_groups([midwife, midwife, nurse], taxonomy) == [midwife_group, nurse_group]


class _FixedRanker:
    def predict_top(self, headline: str, text: str = "", k: int = 5) -> list[OccupationGuess]:
        return [OccupationGuess(f"o{i}", "", "2221", 0.1) for i in range(k)]

    def predict_groups(self, headline: str, text: str = "", k: int = 5) -> list[GroupGuess]:
        return [GroupGuess(code, "", 0.1) for code in ("2221", "2222", "2223")[:k]]


def test_classifier_rankings_take_occupations_and_groups_from_their_own_rankings() -> None:
    ads = [RealAd("1", "h", "t", "o0", "2221", "train", "1")]
    occupations, groups = classifier_rankings(_FixedRanker(), ads, k=3)
    assert occupations == {"1": ["o0", "o1", "o2"]} and groups == {"1": ["2221", "2222", "2223"]}


def test_char_tfidf_baseline_ranks_the_closest_text_first() -> None:
    ranker = CharTfidfRanker().fit(["a", "b", "c"], ["svetsare mig tig", "barnmorska förlossning", "kock"])
    ranked = ranker.rank("Svetsare sökes", k=3)
    assert ranked[0] == "a" and sorted(ranked) == ["a", "b", "c"]
    metrics = ranking_metrics({"q": ranked}, {"q": {"a": 3}})
    assert metrics["NDCG@10"] == pytest.approx(1.0) and metrics["MRR"] == 1.0


def test_generator_is_deterministic_and_gives_no_place() -> None:
    generator = _generator()
    taxonomy = default_taxonomy()
    occupations = ["bXNH_MNX_dUR", "rxrQ_Nyy_k6y", "JbJw_as4_S93"]
    first = generator.generate(taxonomy, occupations, 60, 7, {})
    again = generator.generate(taxonomy, occupations, 60, 7, {})
    other = generator.generate(taxonomy, occupations, 60, 8, {})
    assert first == again and first != other
    assert len(first) == 60
    for seeker in first:
        assert "municipality_code" not in seeker and "max_commute_km" not in seeker
        assert taxonomy.occupation(seeker["_truth"]) is not None
    same = [s for s in first if s["_role"] == "same"]
    assert len(same) == 3 * generator.PER_ROLE["same"]
    # People type titles: most experiences carry no occupation id.
    with_id = [e for s in first for e in s["experiences"] if e.get("occupation_id")]
    assert len(with_id) < len(first) / 3
