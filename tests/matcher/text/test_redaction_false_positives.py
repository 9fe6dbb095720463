"""The supplier redaction must not eat ordinary job text: on the real ad texts of the benchmark (already
stripped of their contacts) at most 3 % of the words go, and no municipality after "i"/"på" does.
``scripts/measure_redaction_false_positives.py`` prints the full figures."""

import json
import re
from pathlib import Path

from matcher.text.redaction import redact_strict, redaction_spans
from matcher.text.taxonomy import default_taxonomy

ADS = Path(__file__).resolve().parents[3] / "data" / "benchmark" / "real_ads" / "ads.jsonl"
_WORD = re.compile(r"[^\W_][\w\-]*")
MAX_SHARE_REMOVED = 0.03


def test_at_most_three_percent_of_real_ad_words_are_removed() -> None:
    words = removed = 0
    for line in ADS.read_text(encoding="utf-8").splitlines():
        norm, spans = redaction_spans(json.loads(line)["text"])
        flat = [s for class_spans in spans.values() for s in class_spans]
        for m in _WORD.finditer(norm):
            words += 1
            removed += any(a < m.end() and m.start() < b for a, b in flat)
    assert words > 20_000
    assert removed / words <= MAX_SHARE_REMOVED, removed / words


def test_every_municipality_survives_after_a_place_preposition() -> None:
    lost = []
    for m in default_taxonomy().municipalities():
        text = f"Lagerarbetare i {m.name}, undersköterska på {m.name}s vårdcentral."
        out = redact_strict(text)
        if f"i {m.name}," not in out or f"på {m.name}s" not in out:
            lost.append(m.name)
    assert lost == []
