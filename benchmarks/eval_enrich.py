"""Title normalisation quality and enrichment speed (a developer script: reads ../shared at run time,
the product never does).

    .venv/bin/python benchmarks/eval_enrich.py [--jobtech ../shared/data/jobtech]

(a) Title normalisation, split BY CONCEPT: the term list's variants (``termer_koncept_yrke.dev.csv``)
    whose concept is a taxonomy occupation label, the concepts cut in two by a hash of the concept
    (one in five held out, ``held_out_concept``). For each half, every variant of its concepts is taken
    out of the alias table (term-list titles, misspellings, hand-checked titles; labels and label parts
    stay, they are the taxonomy itself), so no variant being measured, nor any other variant of the same
    concept, is known to the normaliser. Measured: ``matcher.text.titles.TitleNormaliser`` (the engine's),
    ``Taxonomy.suggest_occupations`` (the form's suggestions) and plain rapidfuzz (WRatio over the same
    alias table) on the same terms. The "tuning" half is the one whose errors were looked at while
    the normaliser was written; the "held-out" half was not looked at.
(b) Speed: texts per second on 200-word texts, one process.
Occupations of real ads are measured on the real-ad benchmark (``matcher evaluate``), not here.
Writes benchmarks/results/enrich.json and enrich.md.
"""

import argparse
import csv
import gzip
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from build_taxonomy import held_out
from rapidfuzz import fuzz, process

from matcher.text.enrich import default_enricher
from matcher.text.taxonomy import DEFAULT_PATH, Taxonomy, fold
from matcher.text.titles import TitleNormaliser

OUT = Path(__file__).resolve().parent / "results"
CONCEPT_BUCKETS = 5


def held_out_concept(concept: str) -> bool:
    """One concept in five (by SHA-256 of the folded concept) is held out."""
    return int(hashlib.sha256(fold(concept).encode()).hexdigest(), 16) % CONCEPT_BUCKETS == 0


def variants(jobtech: Path, tax: Taxonomy) -> list[tuple[str, str, bool, bool, bool]]:
    """(term, occupation id, misspelled, concept held out, term kept out of the shipped alias table) for
    each term-list variant of an occupation label."""
    out = []
    with (jobtech / "terms" / "termer_koncept_yrke.dev.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            term, concept = row["term"].strip(), row["concept"].strip()
            occ = tax.occupation_by_label(concept)
            if occ is None or fold(term) == fold(concept):
                continue
            misspelled = row["term_misspelled"] == "True"
            out.append((term, occ.id, misspelled, held_out_concept(concept), held_out(term.lower())))
    return out


def without_variants(data: dict[str, Any], occupation_ids: set[str]) -> Taxonomy:
    """The taxonomy with every term-list and hand-checked alias of these occupations taken out."""
    reduced = dict(data)
    for table in ("title_terms", "title_misspellings", "curated_titles"):
        reduced[table] = {t: oid for t, oid in data.get(table, {}).items() if oid not in occupation_ids}
    return Taxonomy(reduced, "eval")


def score(terms: list[tuple[str, str, bool]], tax: Taxonomy) -> dict[str, dict[str, float]]:
    normaliser = TitleNormaliser(tax)
    keys = list(tax.title_aliases)
    methods = {
        "normaliser": lambda t: [o.id for o, _ in normaliser.normalise(t, 5)],
        "suggest_occupations": lambda t: [o.id for o, _ in tax.suggest_occupations(t, 5)],
        "rapidfuzz": lambda t: [
            tax.title_aliases[k] for k, _, _ in process.extract(fold(t), keys, scorer=fuzz.WRatio, limit=5)
        ],
    }
    out: dict[str, dict[str, float]] = {}
    for name, method in methods.items():
        hits = {"all": [0, 0, 0], "misspelled": [0, 0, 0], "correct": [0, 0, 0]}
        for term, oid, misspelled in terms:
            ids = list(dict.fromkeys(method(term)))
            for key in ("all", "misspelled" if misspelled else "correct"):
                hits[key][0] += 1
                hits[key][1] += ids[:1] == [oid]
                hits[key][2] += oid in ids[:5]
        out[name] = {
            f"{k}_{m}": round(v[i] / v[0], 4) if v[0] else 0.0
            for k, v in hits.items()
            for m, i in (("acc@1", 1), ("acc@5", 2))
        } | {f"{k}_n": v[0] for k, v in hits.items()}
    return out


def titles(jobtech: Path, splits: tuple[str, ...] = ("tuning", "held_out")) -> dict[str, Any]:
    data = json.loads(gzip.decompress(DEFAULT_PATH.read_bytes()))
    full = Taxonomy(data, "full")
    rows = variants(jobtech, full)
    result: dict[str, Any] = {}
    for split, held in (("tuning", False), ("held_out", True)):
        if split not in splits:
            continue
        # Unseen concepts: none of the concept's variants is in the alias table.
        terms = [(t, oid, miss) for t, oid, miss, h, _ in rows if h == held]
        concepts = {oid for _, oid, _ in terms}
        result[f"unseen_concepts_{split}"] = score(terms, without_variants(data, concepts)) | {
            "concepts": len(concepts)
        }
        # Unseen variants of known concepts: the shipped table (built without one term in five).
        terms = [(t, oid, miss) for t, oid, miss, h, out in rows if h == held and out]
        result[f"unseen_variants_{split}"] = score(terms, full) | {"concepts": len({o for _, o, _ in terms})}
    return result


def speed() -> dict[str, float]:
    """200-word texts cut from the fixtures' vacancy descriptions and seeker profile texts."""
    enricher = default_enricher()
    fixtures = Path(__file__).resolve().parents[1] / "data" / "fixtures"
    words: list[str] = []
    for name, field in (("vacancies.jsonl", "description"), ("seekers.jsonl", "profile_text")):
        for line in (fixtures / name).read_text(encoding="utf-8").splitlines():
            words.extend(str(json.loads(line).get(field) or "").split())
    texts = [" ".join((words * 2)[i * 200 : (i + 1) * 200]) for i in range(min(1000, len(words) // 100))]
    enricher.enrich(texts[0])
    started, cpu = time.perf_counter(), time.process_time()
    for t in texts:
        enricher.enrich(t)
    elapsed, cpu_elapsed = time.perf_counter() - started, time.process_time() - cpu
    return {
        "texts": len(texts),
        "texts_per_second_200_words": round(len(texts) / elapsed, 1),
        "texts_per_cpu_second_200_words": round(len(texts) / cpu_elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--jobtech", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/jobtech"
    )
    parser.add_argument("--tuning-only", action="store_true", help="measure only the half one may tune on")
    args = parser.parse_args()
    if args.tuning_only:
        for name, methods in titles(args.jobtech, ("tuning",)).items():
            for method, m in methods.items():
                if method != "concepts":
                    print(name, method, m["all_n"], m["all_acc@1"], m["all_acc@5"])
        return
    result = {"titles_by_concept": titles(args.jobtech), "speed": speed()}
    OUT.mkdir(exist_ok=True)
    (OUT / "enrich.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    s = result["speed"]
    md = [
        "# Title normalisation (split by concept) and enrichment speed",
        "",
        "Term-list variants of occupation labels; one concept in five held out (hash of the concept). The",
        "tuning half's errors were looked at while the normaliser was written; the held-out half's were not.",
        "unseen_concepts: every variant of the half's concepts taken out of the alias table (the concept is",
        "new to the normaliser). unseen_variants: the shipped alias table, the variants it was built without",
        "(one term in five, scripts/build_taxonomy.py held_out).",
        "",
        "| split | method | n | acc@1 | acc@5 | misspelled acc@1 | spelled right acc@1 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for split, methods in result["titles_by_concept"].items():
        for name, m in methods.items():
            if name == "concepts":
                continue
            md.append(
                f"| {split} ({methods['concepts']} concepts) | {name} | {m['all_n']} | {m['all_acc@1']} "
                f"| {m['all_acc@5']} | {m['misspelled_acc@1']} | {m['correct_acc@1']} |"
            )
    md += [
        "",
        f"Speed: {s['texts']} texts of 200 words cut from the fixtures' texts, one process: "
        f"{s['texts_per_second_200_words']} texts/s wall, "
        f"{s['texts_per_cpu_second_200_words']} per CPU second.",
    ]
    (OUT / "enrich.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print("\n".join(md))


if __name__ == "__main__":
    main()
