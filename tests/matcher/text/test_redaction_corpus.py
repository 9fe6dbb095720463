"""The adversarial redaction corpus (``redaction_corpus.jsonl``): every case hides identifiers or sensitive
words behind the disguises people use; none of its secrets may reach a supplier.

0 leaks for personnummer, e-mail and phone; at least 95 % of cases clean in every other class. Run with
``-s`` for the per-class figures.
"""

import json
import re
import time
from collections import defaultdict
from pathlib import Path

import pytest

from matcher.text.redaction import redact_strict
from matcher.text.redaction.normalise import normalise
from matcher.text.taxonomy import fold

CORPUS = Path(__file__).with_name("redaction_corpus.jsonl")
ZERO_LEAK_CLASSES = {"personnummer", "email", "phone"}
MIN_CLEAN_SHARE = 0.95


def load_corpus() -> list[dict[str, object]]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(normalise(text)))


def leaked(secret: str, output: str) -> bool:
    """A word secret leaks if it still starts a word of the output (so "Marias" leaks "Maria"); any other
    secret (numbers, addresses, e-mails, spaced letters) leaks if its letters and digits survive in order."""
    plain = fold(normalise(secret))
    if re.fullmatch(r"[^\W\d_][\w'\-]*", plain):
        return re.search(rf"(?<![\w]){re.escape(plain)}", fold(normalise(output))) is not None
    return _squash(secret) in _squash(output)


def run_corpus() -> dict[str, tuple[int, int, list[str]]]:
    """Per class: cases, clean cases, and the outputs that leaked."""
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    leaks: dict[str, list[str]] = defaultdict(list)
    for case in load_corpus():
        cls = str(case["class"])
        out = redact_strict(str(case["text"]), known=[str(k) for k in case.get("known", [])])  # type: ignore[attr-defined]
        stats[cls][0] += 1
        if any(leaked(str(s), out) for s in case["secrets"]):  # type: ignore[attr-defined]
            leaks[cls].append(f"{case['text']!r} -> {out!r}")
        else:
            stats[cls][1] += 1
    return {cls: (n, clean, leaks[cls]) for cls, (n, clean) in stats.items()}


def test_the_corpus_is_large_and_covers_every_class() -> None:
    corpus = load_corpus()
    classes = {str(c["class"]) for c in corpus}
    assert len(corpus) >= 150
    assert classes >= ZERO_LEAK_CLASSES | {
        "name",
        "address",
        "postcode",
        "url",
        "age",
        "birth_year",
        "birthplace",
        "nationality",
        "health",
        "religion",
        "family",
    }
    assert {c["lang"] for c in corpus} == {"sv", "en"}


def test_no_identifier_and_at_most_five_percent_of_other_cases_reach_the_supplier() -> None:
    results = run_corpus()
    print("\nclass          cases  clean  share")
    for cls, (n, clean, _) in sorted(results.items()):
        print(f"{cls:<14} {n:>5} {clean:>6} {clean / n:>6.1%}")
    total = sum(n for n, _, _ in results.values())
    print(f"{'all':<14} {total:>5} {sum(c for _, c, _ in results.values()):>6}")
    for cls, (n, clean, leaks) in results.items():
        if cls in ZERO_LEAK_CLASSES:
            assert clean == n, leaks
        else:
            assert clean / n >= MIN_CLEAN_SHARE, leaks


@pytest.mark.parametrize(
    "text", ["Städare i Malmö", "Undersköterska på Sahlgrenska", "B-körkort", "Truckkort A+B"]
)
def test_ordinary_job_text_survives(text: str) -> None:
    assert redact_strict(text) == text


@pytest.mark.parametrize(
    "text", ["aaaa" * 5000 + "@", "Aaaa" * 5000, "a." * 5000, "abc dot " * 2000, "1-" * 3000 + "x"]
)
def test_hostile_input_costs_linear_time(text: str) -> None:
    # Each of these took 5 to 50 s before the patterns were anchored; linear ones take well under 1 s.
    started = time.perf_counter()
    redact_strict(text)
    assert time.perf_counter() - started < 10
