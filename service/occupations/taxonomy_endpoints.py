"""POST /enrich and the taxonomy look-ups behind the vacancy form (any logged-in person)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from matcher import ConceptType, TextTooLong, default_taxonomy, enrich
from matcher.text.skill_suggest import suggest_skills as suggest_relevant_skills
from models.base import StrictSchema, with_examples
from models.enums import Role
from service.auth.deps import Principal, SettingsDep, require
from service.occupations.title_suggest import suggest_titles
from service.platform.errors import BadInput

router = APIRouter(tags=["taxonomy"])

AnyPerson = Annotated[Principal, Depends(require(*(r.value for r in Role)))]
Limit = Annotated[int, Query(ge=1, le=50)]
Q = Annotated[str, Query(min_length=1, max_length=200)]


class EnrichRequest(StrictSchema):
    model_config = with_examples({"text": "Vi söker en kock med B-körkort som talar svenska och arabiska."})

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
    model_config = with_examples(
        {
            "concepts": [
                {
                    "id": "JbJw_as4_S93",
                    "type": "occupation",
                    "label": "Kock à la carte",
                    "span": [12, 16],
                    "confidence": 0.95,
                    "negated": False,
                    "level": None,
                },
                {
                    "id": "B",
                    "type": "licence",
                    "label": "Körkort B",
                    "span": [21, 30],
                    "confidence": 0.95,
                    "negated": False,
                    "level": None,
                },
                {
                    "id": "sv",
                    "type": "language",
                    "label": "Svenska",
                    "span": [41, 48],
                    "confidence": 0.95,
                    "negated": False,
                    "level": None,
                },
                {
                    "id": "ar",
                    "type": "language",
                    "label": "Arabiska",
                    "span": [53, 61],
                    "confidence": 0.95,
                    "negated": False,
                    "level": None,
                },
            ]
        }
    )

    concepts: list[ConceptPublic]


class OccupationSuggestion(BaseModel):
    model_config = with_examples(
        {
            "id": "JbJw_as4_S93",
            "label": "Kock",
            "occupation": "Kock à la carte",
            "ssyk4": "5120",
            "score": 1.0,
        }
    )

    id: str
    label: str = Field(description="the title as people write it; goes into the vacancy's title")
    occupation: str = Field(description="the taxonomy's label of the occupation the title belongs to")
    ssyk4: str
    score: float


class SkillSuggestion(BaseModel):
    model_config = with_examples({"id": "Zk4h_jP4_e85", "label": "A-truckar", "score": 0.9})

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
def suggest_skills(
    q: Q,
    principal: AnyPerson,
    limit: Limit = 10,
    occupation_id: Annotated[
        str | None,
        Query(max_length=64, description="the occupation chosen in the form: its group's skills come first"),
    ] = None,
) -> list[SkillSuggestion]:
    """Skills of the taxonomy for what was typed, most relevant first: whole-label, word, stem and compound
    matches ("städ" → Städmaterial, Storstädning; never Stadsarkeologi), skills of the chosen occupation's
    group and of an occupation the text names before others, then the more common; typos and missing
    diacritics forgiven. For the skill fields of the placement and seeker forms."""
    return [
        SkillSuggestion(id=k.id, label=k.label, score=s)
        for k, s in suggest_relevant_skills(default_taxonomy(), q, limit, occupation_id)
    ]
