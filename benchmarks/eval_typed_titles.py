"""Typed experience titles → occupation: top-1 accuracy on the hand-written list, today's code vs this tree.

    .venv/bin/python benchmarks/eval_typed_titles.py [--baseline-ref HEAD]

The list (tests/matcher/text/data/typed_titles.csv: typos, missing diacritics, English, learner Swedish)
was written before any result was looked at and is never fitted on. "Reading" is what ranking gets for an
experience with only that title: the first occupation of ``experience_occupations`` (an empty answer is
wrong). The baseline is the same function over ``matcher/text/titles.py`` and ``title_vocabulary.py`` as
committed at ``--baseline-ref``, loaded from git into a temporary package. Writes
benchmarks/results/typed_titles.json and .md; intervals are Wilson 95 %.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import math
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from matcher import Experience, SeekerProfile, default_taxonomy, enrich
from matcher.rank.profile_arrays import experience_occupations
from matcher.text.experience import read_title

LIST = Path("tests/matcher/text/data/typed_titles.csv")
OUT = Path("benchmarks/results/typed_titles")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _baseline_titles(ref: str) -> ModuleType:
    """``matcher.text.titles`` as committed at ``ref``, importing its own ``title_vocabulary``."""
    tmp = Path(tempfile.mkdtemp())
    for name in ("titles", "title_vocabulary"):
        source = subprocess.run(
            ["git", "show", f"{ref}:matcher/text/{name}.py"], check=True, capture_output=True, text=True
        ).stdout
        source = source.replace("from matcher.text.title_vocabulary", "from baseline_title_vocabulary")
        (tmp / f"baseline_{name}.py").write_text(source)
    sys.path.insert(0, str(tmp))
    for name in ("title_vocabulary", "titles"):
        spec = importlib.util.spec_from_file_location(f"baseline_{name}", tmp / f"baseline_{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[f"baseline_{name}"] = module
        spec.loader.exec_module(module)
    return sys.modules["baseline_titles"]


def score(rows: list[dict[str, str]], read: Callable[[str], str | None]) -> dict[str, Any]:
    taxonomy = default_taxonomy()
    exact = group = 0
    misses = []
    for r in rows:
        expected = taxonomy.occupation_by_label(r["expected_label"])
        assert expected is not None, r
        got = read(r["typed"])
        exact += got == expected.id
        group += got is not None and taxonomy.ssyk4_of(got) == expected.ssyk4
        if got != expected.id:
            found = taxonomy.occupation(got) if got else None
            misses.append(f"{r['typed']} → {found.label if found else '–'} (want {expected.label})")
    n = len(rows)
    return {
        "n": n,
        "exact": round(exact / n, 3),
        "exact_ci": [round(x, 3) for x in wilson(exact, n)],
        "ssyk4": round(group / n, 3),
        "ssyk4_ci": [round(x, 3) for x in wilson(group, n)],
        "misses": misses,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline-ref", default="HEAD")
    parser.add_argument("--summary", action="store_true", help="aggregate figures only, nothing written")
    args = parser.parse_args()
    with LIST.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    taxonomy = default_taxonomy()
    baseline = _baseline_titles(args.baseline_ref).TitleNormaliser(taxonomy)

    def today(title: str) -> str | None:
        profile = SeekerProfile(id="x", experiences=(Experience(title, 1.0),), concepts=tuple(enrich(title)))
        found = experience_occupations(profile, baseline)
        return found[0][0] if found else None

    def now(title: str) -> str | None:
        evidence = read_title(title)
        return evidence.occupation_id if evidence else None

    if args.summary:
        for name, reader in (("baseline", today), ("this tree", now)):
            r = score(rows, reader)
            print(name, r["exact"], r["ssyk4"])
        return
    report = {f"baseline ({args.baseline_ref})": score(rows, today), "this tree": score(rows, now)}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.with_suffix(".json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    lines = ["| reader | n | exact top-1 (95 % CI) | SSYK-4 top-1 (95 % CI) |", "| --- | --- | --- | --- |"]
    for name, r in report.items():
        lines.append(
            f"| {name} | {r['n']} | {r['exact']:.3f} ({r['exact_ci'][0]:.3f}–{r['exact_ci'][1]:.3f}) "
            f"| {r['ssyk4']:.3f} ({r['ssyk4_ci'][0]:.3f}–{r['ssyk4_ci'][1]:.3f}) |"
        )
    OUT.with_suffix(".md").write_text("# Typed titles → occupation\n\n" + "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
