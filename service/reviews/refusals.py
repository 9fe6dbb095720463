"""Refusal reasons: one fixed vocabulary for "staff declined" and "the employer declined", with templates.

Staff decide with a ``ReasonCode`` (which also trains the scorer); each rejection code maps onto a
``RefusalReason`` here, so that the referring staff, the fairness view and the reports count staff and
employer refusals in the same words. A reason is rendered from a template that names the placement's own
requirement where one is known ("Arbetsgivaren tackade nej: saknar körkort B"), in Swedish and English,
both built here so that the API and the pages say the same thing.

The free text beside a code is minimised when it is stored (``minimise``): the same redaction as any
text about a person that leaves its author, so no health, family, origin or contact detail is kept.
"""

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

from matcher.text.redaction import redact_strict
from models.base import with_examples
from models.enums import ReasonCode
from models.placement import STAFF_REFUSALS, RefusalReason

Source = Literal["staff", "employer"]

LABELS: dict[RefusalReason, tuple[str, str]] = {
    RefusalReason.NO_LICENCE: ("saknar körkort eller intyg", "no driving licence or certificate"),
    RefusalReason.MISSING_SKILL: ("saknar krävd kompetens", "lacks a required skill"),
    RefusalReason.LANGUAGE_LEVEL: ("svenskan räcker inte för jobbet", "Swedish not enough for the job"),
    RefusalReason.HOURS_TRAVEL: ("arbetstid eller restid passar inte", "working hours or travel do not fit"),
    RefusalReason.EXPERIENCE: ("för lite erfarenhet", "too little experience"),
    RefusalReason.NOT_ELIGIBLE: ("tillhör inte målgruppen", "not in the target group"),
    RefusalReason.SEEKER_DECLINED: ("den sökande tackade nej själv", "the job seeker said no"),
    RefusalReason.SEEKER_UNAVAILABLE: ("den sökande är inte tillgänglig", "the job seeker is not available"),
    RefusalReason.POSITION_FILLED: ("platsen är redan tillsatt", "the position is already filled"),
    RefusalReason.OTHER: ("annat skäl", "another reason"),
}

# What an employer may answer; "not eligible" and "unavailable" are the matching actor's own judgements.
EMPLOYER_REASONS: tuple[RefusalReason, ...] = (
    RefusalReason.NO_LICENCE,
    RefusalReason.MISSING_SKILL,
    RefusalReason.LANGUAGE_LEVEL,
    RefusalReason.HOURS_TRAVEL,
    RefusalReason.EXPERIENCE,
    RefusalReason.SEEKER_DECLINED,
    RefusalReason.POSITION_FILLED,
    RefusalReason.OTHER,
)

STAFF_REASONS = STAFF_REFUSALS

_PREFIX: dict[Source, tuple[str, str]] = {
    "staff": ("Handläggaren avböjde", "Declined by staff"),
    "employer": ("Arbetsgivaren tackade nej", "The employer declined"),
}
_DRIVING = {"B", "BE", "C", "CE", "D"}
_CERTIFICATES = {"TRUCK": ("truckkort", "forklift licence"), "YKB": ("YKB", "YKB"), "ADR": ("ADR", "ADR")}
DETAIL_MAX = 300


class RefusalText(BaseModel):
    """A refusal as people read it: the code, and the template filled in, in Swedish and English."""

    model_config = with_examples(
        {
            "source": "employer",
            "code": "no_licence",
            "detail": "Behöver köra från första dagen.",
            "sv": "Arbetsgivaren tackade nej: saknar körkort B (Behöver köra från första dagen.)",
            "en": "The employer declined: no driving licence B (Behöver köra från första dagen.)",
        }
    )

    source: Source
    code: RefusalReason | None = Field(description="None for a refusal recorded before codes existed")
    detail: str = Field(default="", description="the free text given with it, redacted")
    sv: str
    en: str


class RefusalReasonOut(BaseModel):
    model_config = with_examples(
        {
            "code": "no_licence",
            "sv": "saknar körkort eller intyg",
            "en": "no driving licence or certificate",
            "employer": True,
            "needs_detail": False,
            "staff_codes": ["fit_licence"],
        }
    )

    code: RefusalReason
    sv: str
    en: str
    employer: bool = Field(description="an employer may give this reason (staff use their decision codes)")
    needs_detail: bool = Field(description="free text is required with this reason")
    staff_codes: list[ReasonCode] = Field(description="the staff decision codes counted as this reason")


def vocabulary() -> list[RefusalReasonOut]:
    """Every refusal reason with its labels and which staff decision codes it covers."""
    return [
        RefusalReasonOut(
            code=code,
            sv=LABELS[code][0],
            en=LABELS[code][1],
            employer=code in EMPLOYER_REASONS,
            needs_detail=code == RefusalReason.OTHER,
            staff_codes=[r for r, mapped in STAFF_REASONS.items() if mapped == code],
        )
        for code in RefusalReason
    ]


def minimise(text: str) -> str:
    """The free text as it is stored beside a code: redacted, whitespace collapsed, at most 300 chars."""
    cleaned = redact_strict(" ".join(text.split()))
    return cleaned[:DETAIL_MAX]


def _specific(code: RefusalReason, licences: Sequence[str], swedish_level: str | None) -> tuple[str, str]:
    """The label, naming the placement's own requirement where it says which one was missing."""
    if code == RefusalReason.NO_LICENCE and licences:
        wanted = [x.upper() for x in licences]
        if all(x in _DRIVING for x in wanted):
            classes = ", ".join(wanted)
            return f"saknar körkort {classes}", f"no driving licence {classes}"
        sv = ", ".join(_CERTIFICATES.get(x, (x, x))[0] for x in wanted)
        en = ", ".join(_CERTIFICATES.get(x, (x, x))[1] for x in wanted)
        return f"saknar körkort eller intyg ({sv})", f"no driving licence or certificate ({en})"
    if code == RefusalReason.LANGUAGE_LEVEL and swedish_level:
        return (
            f"svenskan räcker inte för jobbet (krav {swedish_level})",
            f"Swedish not enough for the job (requires {swedish_level})",
        )
    return LABELS[code]


def refusal_text(
    source: Source,
    code: RefusalReason | None,
    detail: str = "",
    *,
    licences: Sequence[str] = (),
    swedish_level: str | None = None,
) -> RefusalText:
    """The template filled in; a refusal without a code (recorded before codes) shows its free text."""
    prefix_sv, prefix_en = _PREFIX[source]
    detail = detail.strip()
    if code is None:
        body_sv = body_en = detail or "–"
        return RefusalText(source=source, code=None, detail=detail, sv=f"{prefix_sv}: {body_sv}",
                           en=f"{prefix_en}: {body_en}")  # fmt: skip
    label_sv, label_en = _specific(code, licences, swedish_level)
    tail = f" ({detail})" if detail else ""
    return RefusalText(
        source=source,
        code=code,
        detail=detail,
        sv=f"{prefix_sv}: {label_sv}{tail}",
        en=f"{prefix_en}: {label_en}{tail}",
    )


def staff_refusal(reason_code: ReasonCode) -> RefusalReason | None:
    """The refusal reason a staff rejection counts as (None for codes that are not refusals)."""
    return STAFF_REASONS.get(ReasonCode(reason_code))


def employer_code(raw: str | None) -> RefusalReason | None:
    """A stored employer code as the vocabulary's member; an unknown or empty value reads as no code."""
    if not raw:
        return None
    try:
        return RefusalReason(raw)
    except ValueError:
        return None
