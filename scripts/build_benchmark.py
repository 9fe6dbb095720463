"""Build the development ranking benchmark from JobTech open data (run at build time only).

    .venv/bin/python scripts/build_benchmark.py \
        [--jobtech /work/shared/data/jobtech] [--out data/benchmark/dev.json]

Queries are vacancies written from a real occupation: its name as title, the SSYK-4 group's
definition and a few of the group's skills as text. Candidates are job seekers described by *other
words*: a job-title term from JobTech's term list that maps to the occupation (synonyms, inflections,
recorded misspellings) or, when the list has none, a typo of the name; a few of the group's skills;
short, Swedish-without-diacritics or English templates. Grades come from the taxonomy relations:
3 same occupation, 2 same SSYK-4 or 75 % substitutable, 1 same SSYK-3 or 25 % substitutable, 0 else.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

TEMPLATES_SV = [
    "Har jobbat som {title} i {years} år. Kan {skills}.",
    "Erfarenhet som {title}. Kunskaper: {skills}. Söker nytt jobb.",
    "{title}, {years} års erfarenhet, {skills}",
    "Jag söker arbete. Tidigare {title}. Jag kan {skills}.",
]
TEMPLATES_EN = [
    "Worked as {title} for {years} years. Skills: {skills}.",
    "Experience: {title}. I know {skills}.",
]


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word + "e"
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def load(jobtech: Path) -> dict[str, Any]:
    tax = jobtech / "taxonomy"
    occ: dict[str, dict[str, str]] = {}
    group_def: dict[str, str] = {}
    tree = json.loads((tax / "the-ssyk-hierarchy-with-occupations.json").read_text())["data"]["concepts"]

    def walk(node: dict[str, Any], ssyk4: str | None) -> None:
        if node.get("type") == "ssyk-level-4":
            ssyk4 = node["ssyk_code_2012"]
            group_def[ssyk4] = node.get("definition", "")
        if node.get("type") == "occupation-name" and ssyk4:
            occ[node["id"]] = {"label": node["preferred_label"], "ssyk4": ssyk4}
        for child in node.get("narrower", []):
            walk(child, ssyk4)

    for root in tree:
        walk(root, None)
    skills_by_group: dict[str, list[str]] = {}
    groups = json.loads((tax / "ssyk-level-4-groups-with-related-skills.json").read_text())["data"][
        "concepts"
    ]
    code_by_label = {}
    for g in groups:
        labels = [r["preferred_label"] for r in g.get("related", []) if r.get("type") == "skill"]
        skills_by_group[g["id"]] = sorted(set(labels))
        code_by_label[g["id"]] = g.get("ssyk_code_2012")
    # Map the skills file's group ids to SSYK codes through the hierarchy (same concept ids).
    id_to_code: dict[str, str] = {}

    def walk_codes(node: dict[str, Any]) -> None:
        if node.get("type") == "ssyk-level-4":
            id_to_code[node["id"]] = node["ssyk_code_2012"]
        for child in node.get("narrower", []):
            walk_codes(child)

    for root in tree:
        walk_codes(root)
    skills = {id_to_code[g]: s for g, s in skills_by_group.items() if g in id_to_code}
    subst: dict[tuple[str, str], int] = {}
    rel = json.loads((tax / "substitutability-relations-between-occupations.json").read_text())["data"][
        "concepts"
    ]
    for c in rel:
        for r in c.get("substitutes", []) + c.get("substituted_by", []):
            pair = (c["id"], r["id"])
            pct = int(r.get("substitutability_percentage", 0))
            # Symmetric for grading: either direction of substitutability makes the pair related.
            for key in (pair, pair[::-1]):
                subst[key] = max(subst.get(key, 0), pct)
    terms: dict[str, set[str]] = defaultdict(set)
    with (jobtech / "terms" / "termer_koncept_yrke.dev.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter=";"):
            terms[row["concept"].lower()].add(row["term"])
    return {"occ": occ, "group_def": group_def, "skills": skills, "subst": subst, "terms": terms}


def grade(a: str, b: str, data: dict[str, Any]) -> int:
    if a == b:
        return 3
    ga, gb = data["occ"][a]["ssyk4"], data["occ"][b]["ssyk4"]
    pct = data["subst"].get((a, b), 0)
    if ga == gb or pct >= 75:
        return 2
    if ga[:3] == gb[:3] or pct >= 25:
        return 1
    return 0


def seeker_text(occ_id: str, data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    label = data["occ"][occ_id]["label"]
    variants = sorted(t for t in data["terms"].get(label.lower(), ()) if t.lower() != label.lower())
    if variants:
        title = rng.choice(variants)
    elif rng.random() < 0.5:
        title = typo(label.lower(), rng)
    else:  # definite form, no diacritics: how people often write a title they hold
        title = fold(label.lower()) + ("n" if label.endswith(("e", "are")) else "en")
    group_skills = data["skills"].get(data["occ"][occ_id]["ssyk4"], [])
    picked = rng.sample(group_skills, k=min(len(group_skills), rng.randint(1, 3)))
    years = rng.choice([1, 2, 3, 5, 8])
    english = rng.random() < 0.2
    template = rng.choice(TEMPLATES_EN if english else TEMPLATES_SV)
    text = template.format(title=title, years=years, skills=", ".join(s.lower() for s in picked) or "-")
    if rng.random() < 0.3:
        text = fold(text)
    if rng.random() < 0.3:  # short profiles: the title only
        text = title
    return {"text": text, "experiences": [{"title": title, "years": years}]}


def build(jobtech: Path, n_queries: int, n_distractors: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    data = load(jobtech)
    occ = data["occ"]
    by_group: dict[str, list[str]] = defaultdict(list)
    for oid, o in sorted(occ.items()):
        by_group[o["ssyk4"]].append(oid)
    eligible = sorted(
        o for o in occ if len(by_group[occ[o]["ssyk4"]]) >= 2 and data["skills"].get(occ[o]["ssyk4"])
    )
    query_occ = rng.sample(eligible, n_queries)
    pool: list[str] = []
    for q in query_occ:
        group = [o for o in by_group[occ[q]["ssyk4"]] if o != q]
        subst = sorted(o for (a, o), p in data["subst"].items() if a == q and o in occ)
        sub3 = sorted(
            o
            for o in occ
            if occ[o]["ssyk4"][:3] == occ[q]["ssyk4"][:3] and occ[o]["ssyk4"] != occ[q]["ssyk4"]
        )
        pool += [q, q, *rng.sample(group, min(2, len(group))), *rng.sample(subst, min(2, len(subst)))]
        pool += rng.sample(sub3, min(1, len(sub3)))
    pool += rng.choices(sorted(occ), k=n_distractors)
    rng.shuffle(pool)
    candidates, truth = [], {}
    for i, oid in enumerate(pool):
        cid = f"s{i:05d}"
        candidates.append({"id": cid, **seeker_text(oid, data, rng)})
        truth[cid] = oid
    queries, qrels = [], {}
    for j, q in enumerate(query_occ):
        qid = f"q{j:04d}"
        group_skills = data["skills"][occ[q]["ssyk4"]]
        picked = rng.sample(group_skills, k=min(len(group_skills), 5))
        definition = data["group_def"].get(occ[q]["ssyk4"], "").split("\n")[0][:400]
        text = f"{definition}\nVi söker dig som kan {', '.join(s.lower() for s in picked)}."
        queries.append({"id": qid, "title": occ[q]["label"], "text": text, "occupation_id": q})
        graded = {cid: grade(q, oid, data) for cid, oid in truth.items()}
        qrels[qid] = {cid: g for cid, g in sorted(graded.items()) if g > 0}
    meta = {
        "source": "JobTech Taxonomy + JobtechSwe ontology term list (termer_koncept_yrke.dev.csv)",
        "seed": seed,
        "grades": "3 same occupation, 2 same SSYK-4 or 75 % substitutable, 1 same SSYK-3 or 25 %, else 0",
        "n_queries": len(queries),
        "n_candidates": len(candidates),
    }
    return {"meta": meta, "queries": queries, "candidates": candidates, "qrels": qrels}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobtech", type=Path, default=Path("/work/shared/data/jobtech"))
    parser.add_argument("--out", type=Path, default=Path("data/benchmark/dev.json"))
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument("--distractors", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=20250101)
    args = parser.parse_args()
    bench = build(args.jobtech, args.queries, args.distractors, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(bench, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out}: {bench['meta']['n_queries']} queries, {bench['meta']['n_candidates']} candidates"
    )


if __name__ == "__main__":
    main()
