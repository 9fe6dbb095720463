"""Fit the lexical model's n-gram weights on a reference corpus (a developer script).

    .venv/bin/python scripts/build_lexical_weights.py     # writes matcher/weights/lexical_idf.npz

The corpus is what the repository already holds: the taxonomy resource (SSYK group labels and
definitions, occupation and skill labels, job-title terms with their misspellings, languages,
licences) and the demo fixtures' placement and profile texts (Swedish written in the styles real
profiles come in, see data/fixtures/README.md). Re-run after either changes and commit the file;
the weights' version is part of every model version, so a change re-ranks everything.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.rank.lexical import WEIGHTS_PATH, LexicalWeights  # noqa: E402


def reference_corpus() -> list[str]:
    taxonomy = json.loads(gzip.decompress((ROOT / "data/taxonomy/taxonomy.json.gz").read_bytes()))
    docs = [f"{g['label']} {g['definition']}".strip() for g in taxonomy["groups"].values()]
    docs += [o["label"] for o in taxonomy["occupations"].values()]
    docs += list(taxonomy["skills"].values())
    docs += list(taxonomy["title_terms"]) + list(taxonomy["title_misspellings"])
    docs += list(taxonomy["languages"].values()) + list(taxonomy["licences"].values())
    fixtures = ROOT / "data/fixtures"
    for line in (fixtures / "vacancies.jsonl").read_text(encoding="utf-8").splitlines():
        v = json.loads(line)
        docs.append(" ".join([v["title"], v["description"], *v["required_skills"], *v["desired_skills"]]))
    for line in (fixtures / "seekers.jsonl").read_text(encoding="utf-8").splitlines():
        s = json.loads(line)
        titles = [e["title"] for e in s.get("experiences", [])]
        docs.append(" ".join([s.get("profile_text", ""), *titles, *s.get("skills", [])]))
    return [d for d in docs if d.strip()]


def main() -> None:
    corpus = reference_corpus()
    weights = LexicalWeights().fit(corpus)
    weights.save(WEIGHTS_PATH)
    size = WEIGHTS_PATH.stat().st_size
    print(
        f"{len(corpus)} documents, {int((weights.df_ > 0).sum())} hashed n-gram columns seen, "
        f"version {weights.version_}, {size / 1024:.0f} KiB -> {WEIGHTS_PATH.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()
