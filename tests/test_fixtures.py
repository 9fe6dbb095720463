"""The demo fixtures: deterministic, valid import records, the coverage demos and model training need."""

import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from models.enums import (
    Decision,
    FeedbackOutcome,
    FollowUpStatus,
    PlacementKind,
    ReasonCode,
    Role,
    TargetGroup,
)
from models.io import record_adapter
from models.profile_parts import CEFR_LEVELS

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "data" / "fixtures"
SCRIPT = REPO / "scripts" / "generate_fixtures.py"
FILES = ("organisations", "contracts", "vacancies", "seekers", "history")
IMPORT_TYPES = {
    "organisations": "organisation",
    "contracts": "contract",
    "vacancies": "vacancy",
    "seekers": "seeker",
}

SNAPSHOT = date(2026, 11, 15)  # the history's snapshot date (README); not after the day it was made

Record = dict[str, Any]


def generate(out: Path, seed: int = 2026) -> None:
    subprocess.run(
        [sys.executable, str(SCRIPT), "--seed", str(seed), "--out", str(out)], check=True, capture_output=True
    )


def load(name: str, folder: Path = FIXTURES) -> list[Record]:
    return [json.loads(line) for line in (folder / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixtures")
    generate(out)
    return out


@pytest.fixture(scope="module")
def data() -> dict[str, list[Record]]:
    return {name: load(name) for name in FILES}


def test_same_seed_gives_the_same_bytes(generated: Path, tmp_path: Path) -> None:
    generate(tmp_path)
    for name in FILES:
        assert (tmp_path / f"{name}.jsonl").read_bytes() == (generated / f"{name}.jsonl").read_bytes(), name


def test_committed_fixtures_are_what_the_generator_writes(generated: Path) -> None:
    for name in FILES:
        committed = (FIXTURES / f"{name}.jsonl").read_bytes()
        assert committed == (generated / f"{name}.jsonl").read_bytes(), f"regenerate data/fixtures ({name})"


def test_another_seed_gives_other_people(tmp_path: Path) -> None:
    generate(tmp_path, seed=7)
    assert load("seekers", tmp_path) != load("seekers")


def test_fixtures_stay_small() -> None:
    assert sum(p.stat().st_size for p in FIXTURES.iterdir()) < 5_000_000


@pytest.mark.parametrize("name", list(IMPORT_TYPES))
def test_every_import_line_validates(name: str, data: dict[str, list[Record]]) -> None:
    for line in data[name]:
        record = record_adapter.validate_python(line)
        assert record.type == IMPORT_TYPES[name]


def test_counts_and_coverage(data: dict[str, list[Record]]) -> None:
    kinds = Counter(o["kind"] for o in data["organisations"])
    assert kinds["procuring_authority"] >= 3 and kinds["supplier"] >= 8 and kinds["matching_actor"] >= 2
    assert len(data["contracts"]) == 12
    assert len(data["vacancies"]) >= 80
    assert len({v["occupation_id"] for v in data["vacancies"]}) >= 15
    assert len(data["seekers"]) == 1000
    groups = {e["target_group"] for s in data["seekers"] for e in s["eligibility"]}
    assert groups == {g.value for g in TargetGroup}
    assert {v["kind"] for v in data["vacancies"]} == {k.value for k in PlacementKind}
    assert {v["status"] for v in data["vacancies"]} == {"open", "draft", "filled", "closed"}
    assert Counter(v["status"] for v in data["vacancies"]).most_common(1)[0][0] == "open"
    for c in data["contracts"]:
        assert re.fullmatch(r"\d{8}-\d", c["cpv_code"]) and c["value_sek"] > 1_000_000
        assert c["requirement"]["fulfilment_threshold"] == 0.75
        years = int(c["end_date"][:4]) - int(c["start_date"][:4])
        assert 2 <= years <= 4


def test_places_are_skane_municipalities_and_near_them(data: dict[str, list[Record]]) -> None:
    sources = json.loads((FIXTURES / "sources.json").read_text(encoding="utf-8"))
    assert all(code.startswith("12") for code in sources["municipalities"])
    for v in data["vacancies"]:
        assert v["municipality_code"] in sources["municipalities"]
        assert 55.3 < v["latitude"] < 56.5 and 12.4 < v["longitude"] < 14.6
    assert {s["municipality_code"] for s in data["seekers"]} <= set(sources["municipalities"])
    occupations = {v["occupation_id"] for v in data["vacancies"]}
    assert occupations <= set(sources["occupations"])


def _folded(text: str) -> bool:
    return unicodedata.normalize("NFKD", text) == text and not re.search("[åäöÅÄÖ]", text)


def test_profile_texts_vary_in_quality(data: dict[str, list[Record]]) -> None:
    texts = [s.get("profile_text", "") for s in data["seekers"]]
    words = [len(t.split()) for t in texts]
    assert sum(n >= 200 for n in words) >= 20  # long
    assert sum(0 < n <= 5 for n in words) >= 50  # "städ, truck"
    assert sum(" I have worked as" in t or " I speak " in t for t in texts) >= 20  # English
    assert sum(bool(re.search(r"\bJag (jobba|prata|läsa)\b", t)) for t in texts) >= 50  # SFI-level grammar
    no_diacritics = [
        t for t in texts if len(t.split()) > 8 and _folded(t) and re.search(r"\b(ar|soker|borja)\b", t)
    ]
    assert len(no_diacritics) >= 30
    fluent = [t for t in texts if re.search(r"\bJag (har arbetat|söker|talar)\b", t)]
    assert len(fluent) >= 150
    assert len(set(texts)) > 900


def test_seekers_are_realistic_and_fictional(data: dict[str, list[Record]]) -> None:
    seekers = data["seekers"]
    languages = Counter(x["code"] for s in seekers for x in s["languages"])
    assert {"sv", "ar", "so", "ti", "prs", "fa", "en", "pl", "bs", "uk"} <= set(languages)
    levels = {x.get("level") for s in seekers for x in s["languages"]}
    assert set(CEFR_LEVELS) - {"C2"} <= levels
    consent = Counter(s["consent"] for s in seekers)
    assert consent["given"] > 800 and consent["pending"] and consent["withdrawn"]
    eligibility = [e for s in seekers for e in s["eligibility"]]
    assert any(not e["verified"] for e in eligibility) and any(
        e.get("valid_until", "9") < "2026" for e in eligibility
    )
    assert any(e.get("occupation_id") for s in seekers for e in s["experiences"])
    assert any(s["licences"] for s in seekers) and any(s["wanted_kinds"] for s in seekers)
    numbers = [s["identity"]["personal_number"] for s in seekers]
    assert len(set(numbers)) == len(numbers)
    for pnr in numbers:
        assert re.fullmatch(r"(19|20)\d{6}-98\d\d", pnr)
        digits = pnr[2:8] + pnr[9:]
        total = sum(d - 9 if d > 9 else d for d in (int(c) * (2 - i % 2) for i, c in enumerate(digits[:9])))
        assert (10 - total % 10) % 10 == int(digits[9])


def test_references_resolve(data: dict[str, list[Record]]) -> None:
    org_kind = {o["ref"]: o["kind"] for o in data["organisations"]}
    for c in data["contracts"]:
        assert org_kind[c["procuring_org_ref"]] == "procuring_authority"
        assert org_kind[c["supplier_ref"]] == "supplier"
        assert org_kind[c["requirement"]["matching_actor_ref"]] == "matching_actor"
    contracts = {c["ref"] for c in data["contracts"]}
    assert all(v["contract_ref"] in contracts for v in data["vacancies"])
    assert all(org_kind[s["matching_actor_ref"]] == "matching_actor" for s in data["seekers"])
    for name in ("organisations", "contracts", "vacancies", "seekers"):
        refs = [r["ref"] for r in data[name]]
        assert len(set(refs)) == len(refs)


def test_history_has_the_agreed_shapes(data: dict[str, list[Record]]) -> None:
    history = data["history"]
    by_type: dict[str, list[Record]] = {}
    for h in history:
        by_type.setdefault(h["type"], []).append(h)
    assert set(by_type) == {"user", "decision", "placement", "followup", "monitoring"}
    shapes = {
        "user": {"email", "full_name", "role", "org_ref", "password"},
        "decision": {
            "vacancy_ref",
            "seeker_ref",
            "reviewer_email",
            "decision",
            "reason_code",
            "comment",
            "decided_on",
            "outcome",
        },
        "placement": {
            "seeker_ref",
            "vacancy_ref",
            "kind",
            "target_group",
            "start_date",
            "end_date",
            "extent",
        },
        "followup": {
            "seeker_ref",
            "vacancy_ref",
            "months_after_end",
            "status",
            "left_assistance",
            "recorded_on",
        },
        "monitoring": {"seeker_ref", "sex", "age_band", "born_abroad"},
    }
    for kind, records in by_type.items():
        assert all(set(r) == shapes[kind] | {"type"} for r in records), kind
    decisions = by_type["decision"]
    assert 2000 <= len(decisions) <= 3000
    assert all("2024-02-01" <= d["decided_on"] <= "2026-10-31" for d in decisions)
    assert {d["decision"] for d in decisions} == {x.value for x in Decision}
    assert {d["reason_code"] for d in decisions} == {x.value for x in ReasonCode}
    assert {d["outcome"] for d in decisions} == {None} | {x.value for x in FeedbackOutcome}
    for d in decisions:
        if d["decision"] == "reject":
            assert d["reason_code"].startswith("fit_") or d["reason_code"] in (
                "not_eligible",
                "seeker_declined",
                "seeker_unavailable",
                "other",
            )
        else:
            assert d["outcome"] is None or d["decision"] == "propose"
    assert all(
        f["months_after_end"] in (6, 12) and f["status"] in {s.value for s in FollowUpStatus}
        for f in by_type["followup"]
    )
    monitoring = by_type["monitoring"]
    assert sorted(m["seeker_ref"] for m in monitoring) == sorted(s["ref"] for s in data["seekers"])
    assert {m["sex"] for m in monitoring} >= {"female", "male", None}
    assert {m["age_band"] for m in monitoring} == {"16-24", "25-29", "30-49", "50+", None}


def test_history_refers_to_known_things(data: dict[str, list[Record]]) -> None:
    history = data["history"]
    orgs = {o["ref"]: o for o in data["organisations"]}
    users = [h for h in history if h["type"] == "user"]
    roles = Counter((u["role"], orgs[u["org_ref"]]["kind"]) for u in users)
    assert roles[("staff", "matching_actor")] == 2 * sum(o["kind"] == "matching_actor" for o in orgs.values())
    assert roles[("supplier", "supplier")] == sum(o["kind"] == "supplier" for o in orgs.values())
    assert roles[("procurement_officer", "procuring_authority")] == sum(
        o["kind"] == "procuring_authority" for o in orgs.values()
    )
    assert {u["role"] for u in users} == {r.value for r in Role}
    assert all(len(u["password"]) >= 12 for u in users) and len({u["email"] for u in users}) == len(users)
    staff = {u["email"]: u["org_ref"] for u in users if u["role"] == "staff"}
    vacancies = {v["ref"]: v for v in data["vacancies"]}
    seekers = {s["ref"]: s for s in data["seekers"]}
    actor_of_contract = {c["ref"]: c["requirement"]["matching_actor_ref"] for c in data["contracts"]}
    hired = set()
    for d in (h for h in history if h["type"] == "decision"):
        actor = actor_of_contract[vacancies[d["vacancy_ref"]]["contract_ref"]]
        assert staff[d["reviewer_email"]] == actor == seekers[d["seeker_ref"]]["matching_actor_ref"]
        if d["outcome"] == "hired":
            hired.add((d["seeker_ref"], d["vacancy_ref"]))
    placements = [h for h in history if h["type"] == "placement"]
    assert placements and {(p["seeker_ref"], p["vacancy_ref"]) for p in placements} <= hired
    assert len(placements) >= 0.8 * len(hired)
    placed = {(p["seeker_ref"], p["vacancy_ref"]): p for p in placements}
    for f in (h for h in history if h["type"] == "followup"):
        p = placed[(f["seeker_ref"], f["vacancy_ref"])]
        assert p["end_date"] is not None and f["recorded_on"] > p["end_date"]


def test_decisions_follow_fit_so_a_model_can_learn(data: dict[str, list[Record]]) -> None:
    """Proposals go more often to people who have done the vacancy's job (when their profile says so)."""
    vacancies = {v["ref"]: v for v in data["vacancies"]}
    seekers = {s["ref"]: s for s in data["seekers"]}
    same: list[bool] = []
    other: list[bool] = []
    for d in (h for h in data["history"] if h["type"] == "decision"):
        occupation = vacancies[d["vacancy_ref"]]["occupation_id"]
        done = any(e.get("occupation_id") == occupation for e in seekers[d["seeker_ref"]]["experiences"])
        (same if done else other).append(d["decision"] == "propose")
    assert len(same) >= 100
    assert sum(same) / len(same) > 2 * sum(other) / len(other)


def _months_before(day: date, months: int) -> str:
    y, m = divmod(day.month - 1 - months, 12)
    return date(day.year + y, m + 1, min(day.day, 28)).isoformat()


def test_history_has_outcomes_for_the_annual_report(data: dict[str, list[Record]]) -> None:
    """Enough placements have ended long enough ago to have 6- and 12-month follow-ups, by target group."""
    history = data["history"]
    placements = {(p["seeker_ref"], p["vacancy_ref"]): p for p in history if p["type"] == "placement"}
    followups = [f for f in history if f["type"] == "followup"]
    assert all(f["recorded_on"] <= SNAPSHOT.isoformat() for f in followups)
    assert all(d["decided_on"] <= SNAPSHOT.isoformat() for d in history if d["type"] == "decision")
    seen = {(f["seeker_ref"], f["vacancy_ref"], f["months_after_end"]) for f in followups}
    for months, at_least in ((6, 60), (12, 30)):
        # Recorded within a month of falling due: every placement ended more than that long ago has one.
        due = [
            p
            for p in placements.values()
            if p["end_date"] and p["end_date"] <= _months_before(SNAPSHOT, months + 1)
        ]
        assert all((p["seeker_ref"], p["vacancy_ref"], months) in seen for p in due), months
        assert sum(f["months_after_end"] == months for f in followups) >= at_least, months
    assert {f["status"] for f in followups} == {s.value for s in FollowUpStatus}
    groups = Counter(placements[(f["seeker_ref"], f["vacancy_ref"])]["target_group"] for f in followups)
    assert len(groups) >= 4
    on_assistance = {
        s["ref"]
        for s in data["seekers"]
        if any(e["target_group"] == "economic_assistance" for e in s["eligibility"])
    }
    for f in followups:
        if f["seeker_ref"] not in on_assistance or f["status"] == "unknown":
            assert f["left_assistance"] is None
        else:
            assert isinstance(f["left_assistance"], bool)
    assert any(f["left_assistance"] for f in followups) and any(
        f["left_assistance"] is False for f in followups
    )
    employed = sum(f["status"] == "employed" for f in followups) / len(followups)
    assert 0.2 < employed < 0.7


def test_contracts_and_rounds_span_the_history(data: dict[str, list[Record]]) -> None:
    """Contracts from 2024 with early rounds already filled, and open vacancies still ahead."""
    assert sum(c["start_date"] < "2025" for c in data["contracts"]) >= 3
    vacancies = data["vacancies"]
    assert sum(v["status"] in ("filled", "closed") and v["start_date"] < "2025-07" for v in vacancies) >= 15
    assert sum(v["status"] == "open" and v["start_date"] >= "2026-12" for v in vacancies) >= 5
    placements = [h for h in data["history"] if h["type"] == "placement"]
    decided = {
        (d["seeker_ref"], d["vacancy_ref"]): d["decided_on"]
        for d in data["history"]
        if d["type"] == "decision" and d["outcome"] == "hired"
    }
    assert all(decided[(p["seeker_ref"], p["vacancy_ref"])] < p["start_date"] for p in placements)
