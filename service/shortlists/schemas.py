"""What staff see of shortlists: ranked entries with their explanations, eligibility and decision state."""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from matcher.rank.calibration import MatchBand
from models.base import with_examples
from models.enums import Decision, ReasonCode, ShortlistStatus
from service.shortlists.gaps import MatchGap

# The calibrated band (matcher.rank.calibration): comparable across lists, unlike the raw score.
MATCH_BAND_DESCRIPTION = (
    "how likely the person is a relevant match, in words: strong (probability >= 0.6 and the occupation "
    "or a held skill speaks for them), possible (>= 0.25), weak; null for an entry added by hand or a "
    "list ranked by a scorer the calibration was not fitted on"
)
MATCH_PROBABILITY_DESCRIPTION = (
    "calibrated probability that the person is a relevant match (same occupation, SSYK-4 group or 75 % "
    "substitutable), fitted on the real-ad benchmark's train split; null as for match_band"
)

# Shared by the examples below (the API documentation): one row's explanation, shortened.
EXAMPLE_CONTRIBUTIONS = [
    {"feature": "occupation_fit", "value": 1.0, "contribution": 3.0},
    {"feature": "required_skill_coverage", "value": 0.5, "contribution": 1.0},
    {"feature": "commute_fit", "value": 1.0, "contribution": 1.0},
]
EXAMPLE_REASONS = [
    {
        "code": "occupation_match",
        "sv": "Har arbetat som fönsterputsare",
        "en": "Has worked as a window cleaner",
        "positive": True,
    },
    {
        "code": "commute_near",
        "sv": "Bor 5 km från arbetsplatsen",
        "en": "Lives 5 km from the workplace",
        "positive": True,
    },
    {
        "code": "skill_missing",
        "sv": "Saknar Liftkörning efter husvägg (krävs)",
        "en": "Lacks Liftkörning efter husvägg (required)",
        "positive": False,
    },
]


class ContributionOut(BaseModel):
    feature: str
    value: float
    contribution: float


class ReasonOut(BaseModel):
    code: str
    sv: str
    en: str
    positive: bool


class EligibilitySummary(BaseModel):
    """Which of the requirement's target groups the seeker verifiably belongs to (no evidence text)."""

    eligible: bool
    target_groups: list[str]


class DecisionState(BaseModel):
    """The latest decision on this seeker for this vacancy (on any of its shortlists), and the proposal."""

    decision: Decision | None = None
    reason_code: ReasonCode | None = None
    reviewer_id: int | None = None
    decided_at: datetime | None = None
    proposal_id: int | None = None


class ShortlistEntryPublic(BaseModel):
    id: int
    seeker_id: int
    seeker_ref: str
    rank: int
    score: float
    intercept: float
    match_band: MatchBand | None = Field(default=None, description=MATCH_BAND_DESCRIPTION)
    match_probability: float | None = Field(default=None, description=MATCH_PROBABILITY_DESCRIPTION)
    contributions: list[ContributionOut]
    reasons: list[ReasonOut]
    matched_skills: list[str]
    missing_skills: list[str]
    distance_km: float | None
    source: str
    manual_reason: str | None
    eligibility: EligibilitySummary
    decision_state: DecisionState
    version: int
    change: Literal["new", "moved", "same"] | None = Field(
        default=None, description="against the list this one replaced; null when it replaced none"
    )
    previous_rank: int | None = Field(default=None, description="the rank on the replaced list, if on it")
    raise_match: MatchGap | None = Field(
        default=None,
        description="what would raise this match: the placement's missing requirement that costs the most "
        "(skill, licence, language level, distance); null when nothing it asks for is missing",
    )


class DroppedEntry(BaseModel):
    """Someone on the replaced list who is not on this one; decisions made on them stay stored."""

    seeker_id: int
    seeker_ref: str
    previous_rank: int
    decision_state: DecisionState


class ExcludedSeeker(BaseModel):
    """A seeker the hard constraints filtered out, computed on request and never stored."""

    seeker_id: int
    seeker_ref: str
    score: float
    excluded_reasons: list[str]
    reasons: list[ReasonOut]


class ShortlistPublic(BaseModel):
    model_config = with_examples(
        {
            "id": 41,
            "vacancy_id": 10,
            "status": "ready",
            "model_version": "bd51223f0245b2d7+static/static:585dd0e22ae97f74",
            "config_hash": "5102c2e795dc747358988a4743226c42611b13df4afefd2860dbd48ca9181ac9",
            "input_hash": "98aba357b4008ff50250cb03d6147aec9dddd861831d8850d71f70f61e5a9225",
            "created_at": "2026-12-06T09:12:55Z",
            "vacancy_version": 3,
            "placement_version": 3,
            "stale": False,
            "previous_id": 37,
            "dropped": [],
            "cached": True,
            "entries": [
                {
                    "id": 812,
                    "seeker_id": 30,
                    "seeker_ref": "seeker-0092",
                    "rank": 1,
                    "score": 0.71,
                    "intercept": -7.0,
                    "match_band": "weak",
                    "match_probability": 0.0347,
                    "contributions": EXAMPLE_CONTRIBUTIONS,
                    "reasons": EXAMPLE_REASONS,
                    "matched_skills": ["Fönsterputsning"],
                    "missing_skills": ["Liftkörning efter husvägg"],
                    "distance_km": 4.7,
                    "source": "engine",
                    "manual_reason": None,
                    "eligibility": {"eligible": True, "target_groups": ["newcomer"]},
                    "decision_state": {
                        "decision": None,
                        "reason_code": None,
                        "reviewer_id": None,
                        "decided_at": None,
                        "proposal_id": None,
                    },
                    "version": 0,
                    "change": "moved",
                    "previous_rank": 2,
                    "raise_match": {
                        "kind": "required_skill",
                        "code": "Liftkörning efter husvägg",
                        "level": None,
                        "label_sv": "Liftkörning efter husvägg",
                        "label_en": "Liftkörning efter husvägg",
                        "gain": 1.0,
                        "unblocks": [],
                    },
                }
            ],
            "total": 50,
            "offset": 0,
            "limit": 25,
            "excluded": None,
        }
    )

    id: int
    vacancy_id: int
    status: ShortlistStatus
    model_version: str
    config_hash: str
    input_hash: str
    created_at: datetime
    vacancy_version: int = Field(description="the placement's version this list was ranked on")
    placement_version: int = Field(description="the placement's version now")
    stale: bool = Field(
        description="the placement changed after this list was ranked; a recomputation is under way or due"
    )
    previous_id: int | None = Field(default=None, description="the list this one replaced, if any")
    dropped: list[DroppedEntry] = Field(default_factory=list, description="on the replaced list, not on this")
    cached: bool = False
    entries: list[ShortlistEntryPublic]
    total: int
    offset: int
    limit: int
    excluded: list[ExcludedSeeker] | None = None


class VacancyMatch(BaseModel):
    vacancy_id: int
    vacancy_ref: str
    title: str
    kind: str
    start_date: date | None
    rank: int
    score: float
    intercept: float
    match_band: MatchBand | None = Field(default=None, description=MATCH_BAND_DESCRIPTION)
    match_probability: float | None = Field(default=None, description=MATCH_PROBABILITY_DESCRIPTION)
    contributions: list[ContributionOut]
    reasons: list[ReasonOut]
    matched_skills: list[str]
    missing_skills: list[str]
    distance_km: float | None


class SeekerVacancies(BaseModel):
    model_config = with_examples(
        {
            "seeker_id": 30,
            "model_version": "bd51223f0245b2d7+static/static:585dd0e22ae97f74",
            "items": [
                {
                    "vacancy_id": 10,
                    "vacancy_ref": "sundstad-2024-017-v10",
                    "title": "Fönsterputsare, bostäder och skolor – Malmö",
                    "kind": "internship",
                    "start_date": "2026-09-01",
                    "rank": 1,
                    "score": 0.71,
                    "intercept": -7.0,
                    "match_band": "weak",
                    "match_probability": 0.0347,
                    "contributions": EXAMPLE_CONTRIBUTIONS,
                    "reasons": EXAMPLE_REASONS,
                    "matched_skills": ["Fönsterputsning"],
                    "missing_skills": ["Liftkörning efter husvägg"],
                    "distance_km": 4.7,
                }
            ],
        }
    )

    seeker_id: int
    model_version: str
    items: list[VacancyMatch]


def as_reasons(rows: list[dict[str, Any]]) -> list[ReasonOut]:
    return [ReasonOut.model_validate(r) for r in rows]


def as_contributions(rows: list[dict[str, Any]]) -> list[ContributionOut]:
    return [ContributionOut.model_validate(r) for r in rows]


class ShortlistSummary(BaseModel):
    """The answer to computing a shortlist: no personal data (the batch key sees this too)."""

    model_config = with_examples(
        {
            "id": 41,
            "vacancy_id": 10,
            "status": "ready",
            "model_version": "bd51223f0245b2d7+static/static:585dd0e22ae97f74",
            "config_hash": "5102c2e795dc747358988a4743226c42611b13df4afefd2860dbd48ca9181ac9",
            "input_hash": "98aba357b4008ff50250cb03d6147aec9dddd861831d8850d71f70f61e5a9225",
            "created_at": "2026-12-06T09:12:55Z",
            "vacancy_version": 3,
            "entries": 50,
            "cached": False,
        }
    )

    id: int
    vacancy_id: int
    status: ShortlistStatus
    model_version: str
    config_hash: str
    input_hash: str
    created_at: datetime
    vacancy_version: int = Field(description="the placement's version this list was ranked on")
    entries: int
    cached: bool
