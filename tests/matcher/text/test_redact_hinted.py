"""The hinted redaction (patterns skipped where a word they need is absent) removes exactly what running
every pattern removes: on the fixtures' texts, the redaction corpus, and generated texts full of the
trigger words, digits and the characters that case-fold unusually (İ ı ſ, the Kelvin sign)."""

import json
import random
from pathlib import Path

from matcher.text import redact
from matcher.text.redact import redact_sensitive

ROOT = Path(__file__).resolve().parents[3]


def _plain(text: str) -> str:
    """Every pattern, one after the other, as redaction was written first."""
    for pattern in (redact._NAME, redact._ORIGIN, redact._AGE, redact._MAN, redact._GENDER):
        text = pattern.sub(" ", text)
    return redact.re.sub(r"[ \t]{2,}", " ", text).strip()


def _texts() -> list[str]:
    texts = []
    for path in [
        *sorted((ROOT / "data" / "fixtures").glob("*.jsonl")),
        Path(__file__).with_name("redaction_corpus.jsonl"),
    ]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts += [v for v in json.loads(line).values() if isinstance(v, str)]
    words = [
        "Jag",
        "heter",
        "HETER",
        "Anna",
        "my",
        "name",
        "is",
        "I'm",
        "called",
        "född",
        "Född",
        "i",
        "från",
        "Somalia",
        "kommer",
        "ursprungligen",
        "grew",
        "up",
        "born",
        "originally",
        "from",
        "45",
        "år",
        "ÅR",
        "gammal",
        "7-årig",
        "12",
        "years",
        "old",
        "aged",
        "age",
        "en",
        "a",
        "man",
        "kvinna",
        "woman",
        "Hon",
        "HAN",
        "he",
        "She",
        "his",
        "hers",
        "Hans-Erik",
        "mamma_pappa",
        "x2",
        "İ",
        "ı",
        "ſ",
        "K",
        "Åsa",
        ",",
        ".",
        "-",
        "\t",
    ]
    rng = random.Random(26)
    for _ in range(5000):
        texts.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 14))))
    return texts


def test_the_hinted_redaction_equals_every_pattern_run() -> None:
    texts = _texts()
    assert len(texts) > 5000
    differing = [t for t in texts if redact_sensitive(t) != _plain(t)]
    assert differing == []
    # The generated texts do trigger every pattern, and the unusual case-folds are exercised.
    assert sum(redact_sensitive(t) != t.strip() for t in texts) > 1000
    assert any(redact._FOLDS_OTHERWISE.search(t) for t in texts)


def test_unusual_case_folds_are_redacted_as_the_patterns_do() -> None:
    for text in ("Jag är en kvınna", "hıs car", "ſhe works", "My name is \u212aim", "İ'm from Turkey"):
        assert redact_sensitive(text) == _plain(text)
    assert "hıs" not in redact_sensitive("hıs car")  # dotless ı matches "i" when case is ignored
