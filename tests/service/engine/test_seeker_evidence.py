"""What a seeker typed is read into occupation evidence on save, stored beside the concepts, and what
ranking receives: the occupation under its name, the typing kept on the row."""

from matcher import enrich
from models import JobSeeker
from service.engine.enrichment import enrich_seeker
from service.engine.stored_concepts import concepts_from_json, evidence_from_json
from service.engine.translate import seeker_experiences, seeker_text, to_seeker_profile


def _seeker(**kw: object) -> JobSeeker:
    values = {"ref": "s", "matching_actor_id": 1, "profile_text": "Jobbat som kock i 2 år.", **kw}
    return JobSeeker.model_validate(values)


def test_typed_titles_become_named_occupations_for_ranking_and_the_typing_stays() -> None:
    row = _seeker(experiences=[{"title": "sjukhusstadare", "years": 3}, {"title": "Har körkort", "years": 1}])
    enrich_seeker(row)
    stored = evidence_from_json(row.enrichment)
    assert stored is not None
    assert [(title, e.label, e.typed, e.source) for title, e in stored] == [
        ("sjukhusstadare", "Sjukhusstädare", "sjukhusstadare", "title"),
        ("", "Kock à la carte", "kock", "text"),
    ]
    # Evidence is no mention in the text: the concepts ranking reads are the enricher's alone.
    assert concepts_from_json(row.enrichment) == tuple(enrich(seeker_text(row)))
    profile = to_seeker_profile(row, [])
    first, second = profile.experiences
    assert (first.title, first.occupation_id, first.years) == ("Sjukhusstädare", "gBcF_mUm_Ruc", 3.0)
    assert (second.title, second.occupation_id) == ("Har körkort", None)  # nothing read: as typed
    assert row.experiences[0]["title"] == "sjukhusstadare"  # the row keeps what the person wrote


def test_a_set_occupation_is_never_overridden_by_a_reading() -> None:
    row = _seeker(experiences=[{"title": "sjukhusstadare", "years": 3, "occupation_id": "KF64_AvU_S4N"}])
    enrich_seeker(row)
    (only,) = seeker_experiences(row)
    assert (only.title, only.occupation_id) == ("sjukhusstadare", "KF64_AvU_S4N")


def test_a_row_saved_before_the_reader_is_read_when_ranked_and_stored_on_the_next_save() -> None:
    row = _seeker(experiences=[{"title": "Refuse truck driver", "years": 2}])
    enrich_seeker(row)
    row.enrichment = [r for r in row.enrichment if "kind" not in r]  # as stored by older code
    assert evidence_from_json(row.enrichment) is None
    (only,) = seeker_experiences(row)
    assert only.title == "Renhållningsförare"
    assert enrich_seeker(row) is False  # the text did not change, but the evidence is stored again
    assert evidence_from_json(row.enrichment)


def test_an_uncertain_reading_is_kept_for_staff_but_not_ranked_as_the_occupation() -> None:
    row = _seeker(experiences=[{"title": "skolstädare", "years": 1}], profile_text="")
    enrich_seeker(row)
    stored = evidence_from_json(row.enrichment) or []
    assert [(e.label, e.confidence < 0.9) for _, e in stored] == [("Städare", True)]
    (only,) = seeker_experiences(row)
    assert (only.title, only.occupation_id) == ("skolstädare", None)  # ranking reads the typing itself
