"""Build the real-ad development benchmark from the 100 scraped 2020 ads (build time only).

    .venv/bin/python scripts/build_real_ad_benchmark.py \
        [--ads /work/shared/data/jobtech/ads-dev/scraped_jobpostings_2020_100ads.json] \
        [--labels data/benchmark/real_ads/labels.csv] [--out data/benchmark/real_ads/ads.jsonl]

Reads the raw ads (personal data: never committed), joins the hand-made labels, redacts contact
details and names, and writes one JSON line per ad: id, headline, text, occupation_id, ssyk4, split,
group. Ads that are the same posting scraped twice (same headline and opening text) form one group;
a group goes to one split as a whole, so no test ad has its twin in train. Groups are ordered by a
seeded hash and filled into "test" up to 30 % of the ads; the rest is "train".
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.text.redact import redact_sensitive  # noqa: E402

SEED = "real-ads-2020-v1"
TEST_SHARE = 0.30
DEFAULT_ADS = Path("/work/shared/data/jobtech/ads-dev/scraped_jobpostings_2020_100ads.json")
OUT_DIR = ROOT / "data" / "benchmark" / "real_ads"

_EMAIL = re.compile(r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\.[a-z-]+)+")
# Swedish and international phone numbers: 070-2076585, 042-311 58 21, +46 8 123 45 67, 0793131550.
_PHONE = re.compile(r"(?<![\w-])(?:\+\d{1,3}[\s-]?)?\(?0?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4}(?!\d)")
_DATE = re.compile(r"\d{2}-\d{2}-\d{4}|\d{4}-\d{2}-\d{2}")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:se|com|nu|org|net|io|gl)/\S*", re.IGNORECASE)
# A name after a contact phrase: "kontakta Maria Andersson", "Mitt namn är Anna", "contact John Smith".
_CONTACT_NAME = re.compile(
    r"\b((?:kontakta|kontaktperson(?:en)?|kontakt(?:a)? oss via|rekryterande chef|ansvarig rekryterare|"
    r"frågor (?:om tjänsten )?(?:besvaras av|till)|välkommen att kontakta|mitt namn är|jag heter|"
    r"contact|founded by|grundades av)\s*:?\s+)"
    r"[A-ZÅÄÖÉ][\w'-]+(?:\s+\(?[A-ZÅÄÖÉ][\w'.-]*\)?){0,2}",
    re.UNICODE,
)
# Names read in these ads that no pattern above catches (signatures, founders, self-descriptions).
_NAMES_READ = (
    "Andreas Eenfeldt",
    "Shahbaz",
    "Maria Tegnér",
    "Alan Mamedi",
    "Nami Zarringhalam",
    "Josefine Petersson",
    "Malou Magnusson",
)


def clean(raw: str) -> str:
    """HTML entities and tags out, whitespace collapsed."""
    text = html.unescape(raw)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.replace("\u200b", " ").split())


def _drop_phone(match: re.Match[str]) -> str:
    number = match.group(0)
    if sum(c.isdigit() for c in number) < 8 or _DATE.fullmatch(number.strip()):
        return number  # salaries, counts and dates stay
    return " "


def redact(text: str) -> str:
    """Contact details and person names out; then the engine's own redaction (ages, gendered words)."""
    for name in _NAMES_READ:
        text = text.replace(name, " ")
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _CONTACT_NAME.sub(lambda m: m.group(1), text)
    text = _PHONE.sub(_drop_phone, text)
    return redact_sensitive(text)


def ad_text(posting: dict[str, Any]) -> str:
    parts = [posting.get(key) for key in ("description", "responsibilities", "qualifications")]
    return "\n\n".join(clean(p) for p in parts if isinstance(p, str) and clean(p))


def _dedup_key(headline: str, text: str) -> str:
    # The two scrapes of one posting differ in spacing ("UPPDRAGETNu" / "UPPDRAGET Nu"): compare letters.
    folded = unicodedata.normalize("NFKD", (headline + " " + text).lower())
    return "".join(c for c in folded if c.isalnum())[:400]


def _rank(group: str) -> str:
    return hashlib.sha256(f"{SEED}:{group}".encode()).hexdigest()


def assign_splits(records: list[dict[str, Any]]) -> None:
    """Set ``group`` (smallest id among duplicates) and ``split`` on each record, in place."""
    first: dict[str, str] = {}
    for rec in sorted(records, key=lambda r: int(r["id"])):
        rec["group"] = first.setdefault(_dedup_key(rec["headline"], rec["text"]), rec["id"])
    sizes: dict[str, int] = {}
    for rec in records:
        sizes[rec["group"]] = sizes.get(rec["group"], 0) + 1
    target = round(TEST_SHARE * len(records))
    test: set[str] = set()
    taken = 0
    for group in sorted(sizes, key=_rank):
        if taken + sizes[group] <= target:
            test.add(group)
            taken += sizes[group]
    for rec in records:
        rec["split"] = "test" if rec["group"] in test else "train"


def build(ads_path: Path, labels_path: Path) -> list[dict[str, Any]]:
    with labels_path.open(encoding="utf-8") as f:
        labels = {row["ad_id"]: row for row in csv.DictReader(f)}
    records = []
    for ad in json.loads(ads_path.read_text(encoding="utf-8")):
        ad_id = str(ad["id"])
        label = labels[ad_id]
        posting = ad["originalJobPosting"]
        records.append(
            {
                "id": ad_id,
                "headline": redact(clean(posting.get("title", ""))),
                "text": redact(ad_text(posting)),
                "occupation_id": label["occupation_id"],
                "ssyk4": label["ssyk4"],
            }
        )
    if len(records) != len(labels):
        raise SystemExit(f"{len(labels)} labels for {len(records)} ads")
    assign_splits(records)
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=Path, default=DEFAULT_ADS)
    parser.add_argument("--labels", type=Path, default=OUT_DIR / "labels.csv")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "ads.jsonl")
    args = parser.parse_args()
    records = build(args.ads, args.labels)
    with args.out.open("w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    n_test = sum(r["split"] == "test" for r in records)
    print(f"{len(records)} ads ({len(records) - n_test} train, {n_test} test) -> {args.out}")


if __name__ == "__main__":
    main()
