"""POST /enrich and the taxonomy look-ups behind the vacancy form (any logged-in person)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from matcher.text.enrich import TextTooLong, enrich
from matcher.text.taxonomy import default_taxonomy
from matcher.types import ConceptType
from models.base import StrictSchema
from models.enums import Role
from service.auth.deps import Principal, SettingsDep, require
from service.occupations.title_suggest import suggest_titles
from service.platform.errors import BadInput

router = APIRouter(tags=["taxonomy"])

AnyPerson = Annotated[Principal, Depends(require(*(r.value for r in Role)))]
Limit = Annotated[int, Query(ge=1, le=50)]
Q = Annotated[str, Query(min_length=1, max_length=200)]


class EnrichRequest(StrictSchema):
    text: str


class ConceptPublic(BaseModel):
    id: str
    type: ConceptType
    label: str
    span: tuple[int, int]
    confidence: float
    negated: bool
    level: str | None


class EnrichResponse(BaseModel):
    concepts: list[ConceptPublic]


class OccupationSuggestion(BaseModel):
    id: str
    label: str = Field(description="the title as people write it; goes into the vacancy's title")
    occupation: str = Field(description="the taxonomy's label of the occupation the title belongs to")
    ssyk4: str
    score: float


class SkillSuggestion(BaseModel):
    id: str
    label: str
    score: float


@router.post("/enrich", response_model=EnrichResponse)
def enrich_text(body: EnrichRequest, principal: AnyPerson, settings: SettingsDep) -> EnrichResponse:
    """The occupations, skills, languages, levels and licences found in the text, with their spans."""
    if len(body.text) > settings.max_text_chars:
        raise BadInput(
            f"text: {len(body.text)} characters is more than the {settings.max_text_chars} allowed",
            errors=[{"field": "text", "message": f"at most {settings.max_text_chars} characters"}],
        )
    try:
        concepts = enrich(body.text)
    except TextTooLong as exc:  # the engine's own limit, should settings allow more
        raise BadInput(f"text: {exc}", errors=[{"field": "text", "message": str(exc)}]) from exc
    return EnrichResponse(
        concepts=[
            ConceptPublic(
                id=c.id,
                type=c.type,
                label=c.label,
                span=c.span,
                confidence=c.confidence,
                negated=c.negated,
                level=c.level,
            )
            for c in concepts
        ]
    )


@router.get("/taxonomy/occupations", response_model=list[OccupationSuggestion])
def suggest_occupations(q: Q, principal: AnyPerson, limit: Limit = 10) -> list[OccupationSuggestion]:
    """Titles for what was typed: those that begin with it first, then close fuzzy matches (typos)."""
    return [
        OccupationSuggestion(
            id=s.occupation_id, label=s.title, occupation=s.occupation, ssyk4=s.ssyk4, score=s.score
        )
        for s in suggest_titles(default_taxonomy(), q, limit)
    ]


@router.get("/taxonomy/skills", response_model=list[SkillSuggestion])
def suggest_skills(q: Q, principal: AnyPerson, limit: Limit = 10) -> list[SkillSuggestion]:
    return [
        SkillSuggestion(id=k.id, label=k.label, score=s)
        for k, s in default_taxonomy().suggest_skills(q, limit)
    ]
