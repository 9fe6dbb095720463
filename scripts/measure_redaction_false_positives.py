"""How much ordinary job text the supplier redaction eats (``matcher.text.redaction``).

On the real ad texts (``data/benchmark/real_ads/ads.jsonl``, already stripped of their contacts) every
word the filter removes is a false positive: the share of words removed, per class, and the occupation
and place words among them (taxonomy words or municipalities) that it should have kept. On the benchmark
seekers' skills and experience titles (what staff type and suppliers see), the share of items changed.

    .venv/bin/python scripts/measure_redaction_false_positives.py [--show 40]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.text.redaction import redact_strict, redaction_spans  # noqa: E402
from matcher.text.redaction.lexicon import default_lexicon  # noqa: E402
from matcher.text.taxonomy import fold  # noqa: E402

ADS = ROOT / "data" / "benchmark" / "real_ads" / "ads.jsonl"
SEEKERS = ROOT / "data" / "benchmark" / "real_ads" / "seekers.jsonl"
_WORD = re.compile(r"[^\W_][\w\-]*")


def ad_figures(show: int) -> dict[str, object]:
    lex = default_lexicon()
    words = 0
    removed: Counter[str] = Counter()
    per_class: Counter[str] = Counter()
    work_words: Counter[str] = Counter()
    for line in ADS.read_text(encoding="utf-8").splitlines():
        ad = json.loads(line)
        norm, spans = redaction_spans(f"{ad['headline']}. {ad['text']}")
        for m in _WORD.finditer(norm):
            words += 1
            hit = [c for c, ss in spans.items() if any(a < m.end() and m.start() < b for a, b in ss)]
            if hit:
                removed[m.group(0)] += 1
                per_class[hit[0]] += 1
                w = fold(m.group(0))
                if w in lex.domain_words or w in lex.places:
                    work_words[m.group(0)] += 1
    total_removed = sum(removed.values())
    return {
        "ads": sum(1 for _ in ADS.open(encoding="utf-8")),
        "words": words,
        "words_removed": total_removed,
        "share_removed": round(total_removed / words, 4),
        "removed_by_class": dict(per_class.most_common()),
        "occupation_or_place_words_removed": sum(work_words.values()),
        "occupation_or_place_words": dict(work_words.most_common(show)),
        "most_removed": dict(removed.most_common(show)),
    }


def seeker_figures(show: int) -> dict[str, object]:
    items: list[str] = []
    for line in SEEKERS.read_text(encoding="utf-8").splitlines():
        seeker = json.loads(line)
        items += list(seeker.get("skills", [])) + [str(e["title"]) for e in seeker.get("experiences", [])]
    changed = [(item, redact_strict(item)) for item in items]
    changed = [(a, b) for a, b in changed if a != b]
    return {
        "skills_and_titles": len(items),
        "changed": len(changed),
        "share_changed": round(len(changed) / len(items), 4),
        "examples": [f"{a} -> {b}" for a, b in changed[:show]],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", type=int, default=40)
    args = parser.parse_args()
    print(
        json.dumps(
            {"real_ads": ad_figures(args.show), "seekers": seeker_figures(args.show)},
            ensure_ascii=False,
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
