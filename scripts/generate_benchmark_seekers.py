"""Generate the job seekers of the real-ad benchmark (deterministic; build time only).

    .venv/bin/python scripts/generate_benchmark_seekers.py [--n 800] [--seed 2020]

Writes ``data/benchmark/real_ads/seekers.jsonl`` (seeker records in the import format that
``matcher rank --seekers`` reads) and ``seekers_truth.csv`` (each seeker's true occupation, which the
engine never sees; grades are derived from it by ``matcher.evaluate.real_ads.grade``).

This generator is deliberately not the engine's mirror: titles are written the way people write them
(hand-written informal Swedish and English titles in ``benchmark_people_words.py``, variants and
misspellings from JobTech's term list, taxonomy labels with typos, lost diacritics and definite
forms), free text is learner Swedish or English, skills are everyday words, and the structured
experience carries an occupation id for only one seeker in ten. No places: only occupational fit counts.

Pool: for each occupation of the labelled ads, seekers of that occupation, of the same SSYK-4 group
(or 75 % substitutable), of the same SSYK-3 group (or 25 % substitutable) and look-alike titles from
other groups ("hard negatives"); random occupations fill the rest.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark_people_words import (  # noqa: E402
    GROUP_WORDS,
    MAJOR_SKILLS,
    OCCUPATION_WORDS,
    SIDE_JOBS,
)

from matcher.text.taxonomy import Occupation, Taxonomy  # noqa: E402

OUT_DIR = ROOT / "data" / "benchmark" / "real_ads"
TERMS = Path("/work/shared/data/jobtech/terms/termer_koncept_yrke.dev.csv")
PER_ROLE = {"same": 5, "ssyk4": 2, "ssyk3": 2, "lookalike": 1}

SV_TEMPLATES = (
    "jag jobba som {title} i {years} år. jag kan {skills}",
    "Jag har jobba {years} år som {title}. Kan {skills}.",
    "{years} år erfarenhet {title}. {skills}",
    "Hej jag söker jobb. Innan jag var {title} {years} år, jag kan {skills}",
    "Mig jobbat som {title} förut, {years} år. gillar {skills}",
    "jag vill jobba {title} igen. har {skills} erfarenhet",
    "{title}, {years} år. {skills}",
    "Jag är {title} och jobbat länge, {years} år. Jag kan bra {skills}.",
)
EN_TEMPLATES = (
    "I worked as {title} for {years} years. I can do {skills}.",
    "{years} years experience as {title}, {skills}",
    "Looking for work. Previously {title} ({years} yrs). Skills: {skills}",
    "Experienced {title}, {skills}.",
)


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def typo(word: str, rng: random.Random) -> str:
    """One slip of the keyboard: a dropped, doubled or swapped letter."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def noisy_label(occ: Occupation, rng: random.Random) -> str:
    """The taxonomy label as a person types it: one part of it, lower case, maybe misspelt."""
    part = rng.choice(occ.label.split("/")).split(",")[0].strip().lower()
    roll = rng.random()
    if roll < 0.3:
        part = typo(part, rng)
    elif roll < 0.5:
        part = fold(part)
    elif roll < 0.65 and part.endswith(("are", "ör", "ist")):
        part += "n"  # definite form: "snickaren"
    return part


def load_terms(path: Path) -> dict[str, list[str]]:
    """Term-list concept (folded, lower case) → its terms, misspellings included."""
    terms: dict[str, list[str]] = defaultdict(list)
    if path.exists():
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter=";"):
                terms[fold(row["concept"].lower())].append(row["term"])
    return terms


def term_variants(occ: Occupation, terms: dict[str, list[str]]) -> list[str]:
    parts = {fold(p.split(",")[0].strip().lower()) for p in occ.label.split("/")}
    # The term list also files loose phrases under a concept ("nationell nivå"); keep look-alikes.
    return sorted(
        {
            t
            for p in parts
            for t in terms.get(p, [])
            if p[:5] in fold(t.lower()) or fold(t.lower())[:4] == p[:4]
        }
    )


def pick_title(occ: Occupation, terms: dict[str, list[str]], rng: random.Random) -> tuple[str, str]:
    """(title, style). English titles come back with style "en"."""
    words = OCCUPATION_WORDS.get(occ.id) or GROUP_WORDS.get(occ.ssyk4)
    variants = term_variants(occ, terms)
    roll = rng.random()
    if words and roll < 0.35:
        return rng.choice(words[0]), "people_sv"
    if words and roll < 0.55:
        return rng.choice(words[1]), "en"
    if variants and roll < 0.75:
        return rng.choice(variants), "term_list"
    return noisy_label(occ, rng), "label_noisy"


def everyday_skills(occ: Occupation, english: bool, rng: random.Random) -> list[str]:
    words = OCCUPATION_WORDS.get(occ.id) or GROUP_WORDS.get(occ.ssyk4)
    if words:
        pool = words[3] if english else words[2]
    else:
        sv, en = MAJOR_SKILLS.get(occ.ssyk4[:1], MAJOR_SKILLS["9"])
        pool = en if english else sv
    return rng.sample(list(pool), k=min(len(pool), rng.randint(1, 3)))


def seeker_record(
    ref: str, occ: Occupation, terms: dict[str, list[str]], rng: random.Random
) -> dict[str, Any]:
    title, style = pick_title(occ, terms, rng)
    english = style == "en" or rng.random() < 0.1
    if english and style != "en":
        words = OCCUPATION_WORDS.get(occ.id) or GROUP_WORDS.get(occ.ssyk4)
        title_in_text = rng.choice(words[1]) if words else title
    else:
        title_in_text = title if rng.random() < 0.7 else pick_title(occ, terms, rng)[0]
    years = rng.choice([1, 2, 3, 4, 5, 7, 10, 15])
    skills = everyday_skills(occ, english, rng)
    template = rng.choice(EN_TEMPLATES if english else SV_TEMPLATES)
    text = template.format(title=title_in_text, years=years, skills=", ".join(skills))
    if not english and rng.random() < 0.5:
        text = fold(text)  # typed on a keyboard without å, ä, ö
    experiences: list[dict[str, Any]] = []
    if rng.random() < 0.85:
        experience: dict[str, Any] = {"title": title, "years": float(years)}
        if rng.random() < 0.1:  # the few whose staff picked the occupation from the taxonomy
            experience["occupation_id"] = occ.id
        experiences.append(experience)
    if rng.random() < 0.25:
        experiences.append({"title": rng.choice(SIDE_JOBS), "years": float(rng.choice([0.5, 1, 2]))})
    languages = [{"code": "sv", "level": rng.choice(["A2", "B1", "B2", "C1", "native"])}]
    if english or rng.random() < 0.4:
        languages.append({"code": "en", "level": rng.choice(["B1", "B2", "C1"])})
    licences = []
    if occ.ssyk4 == "8332":
        licences = rng.choice([["B", "C"], ["B", "C", "CE"], ["B", "CE"]])
    elif rng.random() < 0.4:
        licences = ["B"]
    return {
        "type": "seeker",
        "ref": ref,
        "matching_actor_ref": "benchmark",
        "consent": "given",
        "profile_text": text,
        "experiences": experiences,
        "skills": everyday_skills(occ, english, rng) if rng.random() < 0.6 else [],
        "languages": languages,
        "licences": licences,
        "_style": style,
    }


def neighbours(tax: Taxonomy, occ: Occupation) -> dict[str, list[Occupation]]:
    """Occupations at each distance from ``occ``, for the graded part of the pool."""
    every = sorted(tax.occupations(), key=lambda o: o.id)
    subst = {**{k: v for k, v in tax.substitutes(occ.id).items()}}
    for other in every:
        pct = tax.substitutes(other.id).get(occ.id)
        if pct:
            subst[other.id] = max(subst.get(other.id, 0), pct)
    ssyk4 = [o for o in every if o.id != occ.id and (o.ssyk4 == occ.ssyk4 or subst.get(o.id, 0) >= 75)]
    ssyk3 = [
        o
        for o in every
        if o.ssyk4 != occ.ssyk4
        and subst.get(o.id, 0) < 75
        and (o.ssyk4[:3] == occ.ssyk4[:3] or subst.get(o.id, 0) >= 25)
    ]
    stem = fold(occ.label.lower())[:6]
    lookalike = [
        o
        for o in every
        if o.ssyk4[:3] != occ.ssyk4[:3] and o.id not in subst and stem in fold(o.label.lower())
    ]
    return {"ssyk4": ssyk4, "ssyk3": ssyk3, "lookalike": lookalike}


def generate(
    tax: Taxonomy, ad_occupations: list[str], n: int, seed: int, terms: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """Seekers (import records with ``_truth`` and ``_role`` keys the writer strips), deterministic."""
    rng = random.Random(seed)
    plan: list[tuple[Occupation, str]] = []
    for occ_id in sorted(set(ad_occupations)):
        occ = tax.occupation(occ_id)
        if occ is None:
            raise SystemExit(f"unknown occupation {occ_id}")
        plan += [(occ, "same")] * PER_ROLE["same"]
        near = neighbours(tax, occ)
        for role in ("ssyk4", "ssyk3", "lookalike"):
            if near[role]:
                plan += [(rng.choice(near[role]), role) for _ in range(PER_ROLE[role])]
    every = sorted(tax.occupations(), key=lambda o: o.id)
    while len(plan) < n:
        plan.append((rng.choice(every), "random"))
    rng.shuffle(plan)
    seekers = []
    for i, (occ, role) in enumerate(plan[:n]):
        record = seeker_record(f"bench-seeker-{i:04d}", occ, terms, rng)
        record["_truth"] = occ.id
        record["_role"] = role
        seekers.append(record)
    return seekers


def write(seekers: list[dict[str, Any]], out_dir: Path, tax: Taxonomy) -> None:
    with (out_dir / "seekers.jsonl").open("w", encoding="utf-8") as f:
        for s in seekers:
            record = {k: v for k, v in s.items() if not k.startswith("_")}
            f.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    with (out_dir / "seekers_truth.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["ref", "occupation_id", "ssyk4", "role", "title_style"])
        for s in seekers:
            writer.writerow([s["ref"], s["_truth"], tax.ssyk4_of(s["_truth"]), s["_role"], s["_style"]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=800)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--terms", type=Path, default=TERMS)
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    tax = Taxonomy.load()
    with (args.out_dir / "labels.csv").open(encoding="utf-8") as f:
        ad_occupations = [row["occupation_id"] for row in csv.DictReader(f)]
    seekers = generate(tax, ad_occupations, args.n, args.seed, load_terms(args.terms))
    write(seekers, args.out_dir, tax)
    print(f"{len(seekers)} seekers -> {args.out_dir / 'seekers.jsonl'}")


if __name__ == "__main__":
    main()
