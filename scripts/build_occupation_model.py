"""Fit the vacancy occupation classifier and write matcher/weights/occupation_model.json (developer script).

    .venv/bin/python scripts/build_occupation_model.py [--jobtech ../shared/data/jobtech] [--report]

Training data, all derivable without the held-out ads:
- synthetic headlines: every occupation's label, label parts and the term list's title variants
  (``termer_koncept_yrke.dev.csv`` whose concept is an occupation label; misspellings included),
  wrapped in the noise real headlines carry (places, "sökes", "till …", "| Företaget AB", employment
  forms, "Svensktalande …"); they have no text;
- subject-teacher headlines ("Lärare i matematik och NO", "Engelsklärare till …") and the English titles
  the normaliser knows (``matcher.text.title_vocabulary``), in the same noise;
- synthetic ads WITH text, one per SSYK-4 group and seed: a headline (a noisy title of the group, or
  only noise: "Nya medarbetare till …") and a text of the tasks JobTech lists for the group's ISCO-08
  groups (``ssyk-level-4-with-related-isco-level-4-groups.json``: other words than the SSYK definition the
  classifier's group documents hold), shuffled, among ad boilerplate, so that the text features are
  fitted on more than the real ads;
- for the text model (``matcher.text.occupation_text``, written to
  ``matcher/weights/occupation_text.json`` and fitted first: the classifier's features read it), per
  SSYK-4 group its taxonomy document (label, definition, occupations, aliases, skills) and its ISCO-08
  tasks, whole and in random samples of lines;
  no real ad;
- the TRAIN split of the real-ad benchmark (``data/benchmark/real_ads/ads.jsonl``, ``split == "train"``),
  headline and text, weighted up (they are the only examples whose text is real). The ``test`` split is
  never read.
``--report`` prints out-of-fold accuracy on the real train ads (5 folds; each fold's model is fitted
without that fold's ads): train figures only.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
import time
from functools import cache, lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.text.occupation_features import OccupationEvidence, group_documents, text_stems  # noqa: E402
from matcher.text.occupation_model import WEIGHTS_FILE, OccupationClassifier  # noqa: E402
from matcher.text.occupation_text import TEXT_WEIGHTS_FILE, GroupTextModel  # noqa: E402
from matcher.text.taxonomy import Taxonomy, default_taxonomy  # noqa: E402
from matcher.text.title_vocabulary import ENGLISH_TITLES  # noqa: E402
from matcher.text.titles import TitleNormaliser  # noqa: E402

REAL_ADS = ROOT / "data" / "benchmark" / "real_ads" / "ads.jsonl"
REAL_WEIGHT = 20.0
SYNTHETIC_PER_OCCUPATION = 2
TEMPLATES = (
    "{t}",
    "{T} sökes",
    "{T} sökes till {place}",
    "{T} till {company}",
    "Vi söker {t} till {company}",
    "{T} | {company}",
    "{T} - {place}",
    "{T}, {place}",
    "Erfaren {t} till {company} i {place}",
    "{T} (heltid)",
    "{T}, vikariat",
    "Svensktalande {t}",
    "{T} / {other}",
    "{T} till vårt team i {place}",
    "Sommarjobb: {t}",
    "{company} söker {t}",
    "{T} 100%",
    "{T} - lön 32 000 kr/mån",
)
NOISE_HEADLINES = (
    "Nya medarbetare till {company}",
    "Vi söker dig till vårt team i {place}!",
    "{company} växer - sök nu",
    "Sommarjobb i {place}",
    "Join our team in {place}",
    "Kollega sökes till {company}",
)
BOILERPLATE = (
    "Vi erbjuder en trygg anställning med kollektivavtal och friskvårdsbidrag.",
    "Tjänsten är en tillsvidareanställning på heltid med start enligt överenskommelse.",
    "Urval sker löpande, så skicka din ansökan redan idag.",
    "Du är en lagspelare som trivs med att ta ansvar.",
    "Välkommen med din ansökan!",
    "B-körkort är meriterande.",
)
SUBJECT_TEMPLATES = (
    ("Lärare i {s} och {s2}", None),
    ("Lärare i {s} till {company}", None),
    ("{S}lärare sökes till {place}", None),
    ("Gymnasielärare i {s}", "Ämneslärare, gymnasieskolan"),
    ("Lärare i {s} till gymnasiet i {place}", "Ämneslärare, gymnasieskolan"),
    ("Lärare i {s} och {s2} till högstadiet", "Ämneslärare, 7-9"),
    ("Ämneslärare i {s} åk 7-9", "Ämneslärare, 7-9"),
)
SUBJECT_WORDS = (
    "matematik",
    "svenska",
    "engelska",
    "NO",
    "SO",
    "idrott och hälsa",
    "musik",
    "slöjd",
    "teknik",
    "fysik",
    "kemi",
    "historia",
    "spanska",
    "tyska",
    "bild",
    "hemkunskap",
    "samhällskunskap",
)
SUBJECT_PREFIXES = ("Matematik", "Engelsk", "Svensk", "Idrotts", "Slöjd", "Musik", "Bild", "Tysk", "Spansk")
TEXT_WEIGHT = 1.0
TEXT_SEEDS = 1
TEXT_SAMPLES = 20  # random documents per group for the text model, besides its whole document
COMPANIES = ("Bemanningsbolaget AB", "Kommunen", "Region Syd", "Nordic Group", "Hälsa & Omsorg AB", "Bygg AB")


def title_variants(tax: Taxonomy, jobtech: Path | None) -> dict[str, list[str]]:
    """Occupation id → the ways its title is written (labels, parts, aliases, term-list variants)."""
    variants: dict[str, set[str]] = {o.id: {o.label, *o.label.split("/")} for o in tax.occupations()}
    for alias, oid in tax.title_aliases.items():
        variants[oid].add(alias)
    for english, label in ENGLISH_TITLES.items():
        occ = tax.occupation_by_label(label)
        if occ is not None:
            variants[occ.id].add(english)
    if jobtech is not None:
        with (jobtech / "terms" / "termer_koncept_yrke.dev.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter=";"):
                occ = tax.occupation_by_label(row["concept"].strip())
                if occ is not None:
                    variants[occ.id].add(row["term"].strip())
    return {oid: sorted(v for v in vs if v.strip()) for oid, vs in sorted(variants.items())}


def synthetic(tax: Taxonomy, jobtech: Path | None, seed: int = 13) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    places = sorted(m.name for m in tax.municipalities())
    variants = title_variants(tax, jobtech)
    all_titles = [t for ts in variants.values() for t in ts]
    out = []
    for oid, titles in variants.items():
        for title in rng.sample(titles, min(SYNTHETIC_PER_OCCUPATION, len(titles))):
            template = rng.choice(TEMPLATES)
            headline = template.format(
                t=title,
                T=title[:1].upper() + title[1:],
                place=rng.choice(places),
                company=rng.choice(COMPANIES),
                other=rng.choice(all_titles),
            )
            out.append((headline, "", oid))
    return out


def subject_teachers(tax: Taxonomy, n: int = 80, seed: int = 17) -> list[tuple[str, str, str]]:
    """Subject-teacher headlines; without a school form they are either subject teacher (half each)."""
    rng = random.Random(seed)
    places = sorted(m.name for m in tax.municipalities())
    out = []
    for _ in range(n):
        template, label = rng.choice(SUBJECT_TEMPLATES)
        s1, s2 = rng.sample(SUBJECT_WORDS, 2)
        headline = template.format(
            s=s1,
            s2=s2,
            S=rng.choice(SUBJECT_PREFIXES),
            company=rng.choice(COMPANIES),
            place=rng.choice(places),
        )
        occ = tax.occupation_by_label(
            label or rng.choice(("Ämneslärare, 7-9", "Ämneslärare, gymnasieskolan"))
        )
        if occ is not None:
            out.append((headline, "", occ.id))
    return out


def isco_tasks(jobtech: Path) -> dict[str, list[str]]:
    """SSYK-4 code → the task sentences of its ISCO-08 groups' definitions."""
    path = jobtech / "taxonomy" / "ssyk-level-4-with-related-isco-level-4-groups.json"
    out: dict[str, list[str]] = {}
    for concept in json.loads(path.read_text(encoding="utf-8"))["data"]["concepts"]:
        sentences = []
        for isco in concept.get("related", []):
            for line in (isco.get("definition") or "").splitlines():
                if "omfattas inte" in line or "Exempel" in line:  # what the group excludes: another's
                    break
                line = re.sub(r"^\(?[a-z]\)\s*", "", line.strip()).strip(" ;.")
                if len(line) > 20 and not line.endswith(":"):
                    sentences.append(line[:1].upper() + line[1:] + ".")
        if sentences:
            out[concept["ssyk_code_2012"]] = sentences
    return out


def synthetic_ads(tax: Taxonomy, jobtech: Path | None, seed: int = 29) -> list[tuple[str, str, str]]:
    """Headline + text per SSYK-4 group: a title of the group in noise, or noise alone, and its tasks."""
    if jobtech is None:
        return []
    rng = random.Random(seed)
    places = sorted(m.name for m in tax.municipalities())
    variants = title_variants(tax, jobtech)
    tasks = isco_tasks(jobtech)
    by_group: dict[str, list[str]] = {}
    for occ in sorted(tax.occupations(), key=lambda o: o.id):
        by_group.setdefault(occ.ssyk4, []).append(occ.id)
    out = []
    for _ in range(TEXT_SEEDS):
        for code, ids in sorted(by_group.items()):
            if code not in tasks:
                continue
            oid = rng.choice(ids)
            title = rng.choice(variants[oid])
            fill = {"place": rng.choice(places), "company": rng.choice(COMPANIES), "other": title}
            if rng.random() < 0.4:
                headline = rng.choice(NOISE_HEADLINES).format(**fill)
            else:
                headline = rng.choice(TEMPLATES).format(t=title, T=title[:1].upper() + title[1:], **fill)
            sentences = rng.sample(tasks[code], min(len(tasks[code]), rng.randint(2, 5)))
            sentences += rng.sample(BOILERPLATE, 2)
            rng.shuffle(sentences)
            out.append((headline, " ".join(sentences), oid))
    return out


def text_documents(tax: Taxonomy, jobtech: Path | None, seed: int = 3) -> tuple[list[list[str]], list[str]]:
    """Stemmed documents per SSYK-4 group for the text model: the whole group, then samples of its lines."""
    rng = random.Random(seed)
    tasks = isco_tasks(jobtech) if jobtech is not None else {}
    documents, groups = [], []
    for code, document in group_documents(tax, TitleNormaliser(tax)).items():
        lines = [line for line in document.splitlines() if line.strip()]
        lines += [s.strip() for s in re.split(r"(?<=[.;])\s+", lines[1] if len(lines) > 1 else "")]
        lines = [line for line in lines + tasks.get(code, []) if line]
        documents.append(text_stems("\n".join(lines)))
        groups.append(code)
        for _ in range(TEXT_SAMPLES):
            sample = rng.sample(lines, min(len(lines), rng.randint(5, 20)))
            documents.append(text_stems(" ".join(sample)))
            groups.append(code)
    return documents, groups


def fit_text_model(tax: Taxonomy, jobtech: Path | None) -> GroupTextModel:
    documents, groups = text_documents(tax, jobtech)
    return GroupTextModel().fit(documents, groups)


def real_train_ads() -> list[tuple[str, str, str]]:
    return [(h, t, oid) for h, t, oid, _ in real_train_ads_with_groups()]


def real_train_ads_with_groups() -> list[tuple[str, str, str, str]]:
    """(headline, text, occupation id, group) of the TRAIN split; ``group`` keeps reposted ads together."""
    if not REAL_ADS.exists():
        return []
    out = []
    for line in REAL_ADS.read_text(encoding="utf-8").splitlines():
        ad = json.loads(line)
        if ad.get("split") == "train" and ad.get("occupation_id"):  # never the test split
            group = str(ad.get("group") or ad["id"])
            out.append((ad["headline"], ad.get("text") or "", ad["occupation_id"], group))
    return out


@cache
def shared_evidence(tax: Taxonomy, text_model: GroupTextModel) -> OccupationEvidence:
    """One evidence index whose candidates are remembered: the report fits six models on the same ads."""
    evidence = OccupationEvidence(tax, text_model=text_model)
    evidence.candidates = lru_cache(maxsize=None)(evidence.candidates)  # type: ignore[method-assign]
    return evidence


def fit(
    tax: Taxonomy,
    text_model: GroupTextModel,
    synth: list[tuple[str, str, str]],
    real: list[tuple[str, str, str]],
) -> OccupationClassifier:
    rows = synth + real
    weights = [TEXT_WEIGHT if text else 1.0 for _, text, _ in synth] + [REAL_WEIGHT] * len(real)
    model = OccupationClassifier(tax)
    model.evidence_ = shared_evidence(tax, text_model)
    # Calibrated on the real ads when there are any: synthetic headlines are easier than real ones.
    calibrate_on = [False] * len(synth) + [True] * len(real) if real else None
    return model.fit(
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        sample_weight=weights,
        calibrate_on=calibrate_on,
    )


def report(
    tax: Taxonomy,
    text_model: GroupTextModel,
    synth: list[tuple[str, str, str]],
    real: list[tuple[str, str, str]],
) -> None:
    """Out-of-fold top-1/top-3 (SSYK-4 and exact) on the real TRAIN ads; reposts stay in one fold."""
    if not real:
        print("no real train ads yet")
        return
    hits = {"ssyk4@1": 0, "ssyk4@3": 0, "exact@1": 0, "exact@3": 0}
    folds = 5
    groups = [g for *_, g in real_train_ads_with_groups()]
    fold_of = [int(hashlib.sha256(g.encode()).hexdigest(), 16) % folds for g in groups]
    confidence: list[tuple[float, bool]] = []  # top SSYK-4 group's probability, whether it is right
    exact_confidence: list[tuple[float, bool]] = []  # the same for the top occupation
    for f in range(folds):
        held = [r for r, k in zip(real, fold_of, strict=True) if k == f]
        model = fit(tax, text_model, synth, [r for r, k in zip(real, fold_of, strict=True) if k != f])
        for headline, text, oid in held:
            guesses = model.predict_groups(headline, text, 3)
            codes = [g.ssyk4 for g in guesses]
            occs = [g.occupation_id for g in model.predict_top(headline, text, 3)]
            truth = tax.ssyk4_of(oid)
            hits["ssyk4@1"] += codes[:1] == [truth]
            hits["ssyk4@3"] += truth in codes
            hits["exact@1"] += occs[:1] == [oid]
            hits["exact@3"] += oid in occs
            confidence.append((guesses[0].probability if guesses else 0.0, codes[:1] == [truth]))
            top = model.predict_top(headline, text, 1)
            exact_confidence.append((top[0].probability if top else 0.0, occs[:1] == [oid]))
    print(f"real TRAIN ads, {folds}-fold out-of-fold (n={len(real)}, reposts in one fold):")
    for key, value in hits.items():
        print(f"  {key}: {value / len(real):.3f}")
    # Calibration: the top group's mean probability against how often it is right, overall and by bin.
    p = [c for c, _ in confidence]
    right = [float(h) for _, h in confidence]
    print(f"  mean top-1 probability {sum(p) / len(p):.3f} vs SSYK-4@1 {sum(right) / len(right):.3f}")
    p_exact = [c for c, _ in exact_confidence]
    right_exact = [float(h) for _, h in exact_confidence]
    print(
        f"  mean top-1 occupation probability {sum(p_exact) / len(p_exact):.3f} "
        f"vs exact@1 {sum(right_exact) / len(right_exact):.3f}"
    )
    for lo, hi in ((0.0, 0.5), (0.5, 0.8), (0.8, 1.01)):
        rows = [(c, h) for c, h in zip(p, right, strict=True) if lo <= c < hi]
        if rows:
            mean_p = sum(c for c, _ in rows) / len(rows)
            acc = sum(h for _, h in rows) / len(rows)
            span = f"[{lo:.1f}, {min(hi, 1.0):.1f})"
            print(f"  p in {span}: n={len(rows)}, mean p {mean_p:.2f}, right {acc:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobtech", type=Path, default=ROOT.parent / "shared" / "data" / "jobtech")
    parser.add_argument("--out", type=Path, default=ROOT / "matcher" / "weights" / WEIGHTS_FILE)
    parser.add_argument("--text-out", type=Path, default=ROOT / "matcher" / "weights" / TEXT_WEIGHTS_FILE)
    parser.add_argument("--report", action="store_true")
    args = parser.parse_args()
    tax = default_taxonomy()
    jobtech = args.jobtech if args.jobtech.exists() else None
    synth = synthetic(tax, jobtech) + subject_teachers(tax) + synthetic_ads(tax, jobtech)
    real = real_train_ads()
    print(f"{len(synth)} synthetic headlines, {len(real)} real train ads")
    started = time.perf_counter()
    text_model = fit_text_model(tax, jobtech)
    text_model.save(args.text_out)
    print(f"text model fitted in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    model = fit(tax, text_model, synth, real)
    print(f"fitted in {time.perf_counter() - started:.1f} s")
    data = model.to_dict() | {"trained_on": {"synthetic": len(synth), "real_train_ads": len(real)}}
    args.out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: data[k] for k in ("group_coef", "temperature", "none_logit", "occupation_coef")}))
    if args.report:
        report(tax, text_model, synth, real)


if __name__ == "__main__":
    main()
