"""Closed vocabularies of the domain, stored as their string values."""

from enum import StrEnum

from matcher.types import PlacementKind, TargetGroup

__all__ = [
    "ConsentStatus",
    "Decision",
    "FeedbackOutcome",
    "FollowUpStatus",
    "OrganisationKind",
    "PlacementKind",
    "ProposalStatus",
    "ReasonCode",
    "Role",
    "ShortlistStatus",
    "TargetGroup",
    "VacancyStatus",
]


class OrganisationKind(StrEnum):
    PROCURING_AUTHORITY = "procuring_authority"
    SUPPLIER = "supplier"
    MATCHING_ACTOR = "matching_actor"


class Role(StrEnum):
    STAFF = "staff"
    SUPPLIER = "supplier"
    PROCUREMENT_OFFICER = "procurement_officer"
    ADMIN = "admin"
    AUDITOR = "auditor"


class VacancyStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"


class ConsentStatus(StrEnum):
    GIVEN = "given"
    PENDING = "pending"
    WITHDRAWN = "withdrawn"


class ShortlistStatus(StrEnum):
    BUILDING = "building"  # being written by a run; never shown to reviewers
    READY = "ready"
    SUPERSEDED = "superseded"


class Decision(StrEnum):
    PROPOSE = "propose"
    HOLD = "hold"
    REJECT = "reject"


class ReasonCode(StrEnum):
    """Why a reviewer decided as they did. The ``fit_`` codes feed model training as negatives."""

    GOOD_FIT = "good_fit"
    SEEKER_INTERESTED = "seeker_interested"
    NEEDS_MORE_INFO = "needs_more_info"
    SEEKER_UNAVAILABLE = "seeker_unavailable"
    SEEKER_DECLINED = "seeker_declined"
    FIT_SKILLS = "fit_skills"
    FIT_LANGUAGE = "fit_language"
    FIT_LICENCE = "fit_licence"
    FIT_DISTANCE = "fit_distance"
    FIT_EXPERIENCE = "fit_experience"
    NOT_ELIGIBLE = "not_eligible"
    OTHER = "other"


class ProposalStatus(StrEnum):
    SENT = "sent"
    INTERVIEWED = "interviewed"
    HIRED = "hired"
    NOT_HIRED = "not_hired"
    WITHDRAWN = "withdrawn"


class FeedbackOutcome(StrEnum):
    INTERVIEWED = "interviewed"
    HIRED = "hired"
    NOT_HIRED = "not_hired"


class FollowUpStatus(StrEnum):
    EMPLOYED = "employed"
    STUDYING = "studying"
    UNEMPLOYED = "unemployed"
    ON_ASSISTANCE = "on_assistance"
    UNKNOWN = "unknown"
