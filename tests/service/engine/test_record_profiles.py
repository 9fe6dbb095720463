"""An import record becomes the same engine input whether it is saved as a row and enriched on save or
translated straight from the record (``matcher rank`` does the latter, without rows)."""

import json
from dataclasses import replace
from pathlib import Path

from models import JobSeeker
from models.io import SeekerRecord, record_adapter
from models.seeker import Eligibility
from service.engine.enrichment import enrich_seeker, enriched_records
from service.engine.translate import seeker_text, to_seeker_profile

FIXTURES = Path(__file__).resolve().parents[3] / "data" / "fixtures"


def _records() -> list[SeekerRecord]:
    lines = (FIXTURES / "seekers.jsonl").read_text(encoding="utf-8").splitlines()
    records = [record_adapter.validate_python(json.loads(x)) for x in lines if x.strip()]
    # Awkward ones too: typed titles to read, an occupation given, no text, every language form.
    extra = {
        "type": "seeker",
        "ref": "extra-1",
        "matching_actor_ref": "a",
        "profile_text": "",
        "experiences": [
            {"title": "sjukhusstadare", "years": 3},
            {"title": "Har körkort"},
            {"title": "Kock", "occupation_id": "xyz"},
        ],
        "skills": [" Truckkort "],
        "languages": [{"code": "SV", "level": "B1"}, {"code": "ar"}],
        "wanted_kinds": ["internship"],
        "consent": "given",
        "eligibility": [{"target_group": "long_term_unemployed", "evidence": "intyg", "verified": False}],
    }
    return [*records, record_adapter.validate_python(extra)]  # type: ignore[list-item]


def _saved(record: SeekerRecord) -> JobSeeker:
    """The record as an import saves it: a row, enriched on save."""
    values = record.model_dump(mode="json", exclude={"type", "matching_actor_ref", "identity", "eligibility"})
    row = JobSeeker.model_validate({**values, "matching_actor_id": 0})
    enrich_seeker(row)
    return row


def test_records_translate_as_their_saved_rows_do() -> None:
    records = _records()
    assert len(records) > 500
    direct = enriched_records(records)
    for record, profile in zip(records, direct, strict=True):
        row = _saved(record)
        eligibility = [Eligibility(seeker_id=0, **e.model_dump()) for e in record.eligibility]
        assert profile == replace(to_seeker_profile(row, eligibility), id=record.ref)
        assert profile.text == seeker_text(row) == seeker_text(record)
    assert any(e.occupation_id for p in direct for e in p.experiences)
    assert any(p.eligibility for p in direct) and any(p.languages for p in direct)


def test_two_processes_translate_as_one() -> None:
    records = _records() * 3  # over the size at which a second process is used
    assert enriched_records(records, processes=2) == enriched_records(records, processes=1)
