"""GET /taxonomy/occupations/search: the whole taxonomy searched for an occupation (any logged-in person).

``GET /taxonomy/occupations`` suggests *titles* while someone types a headline (several per occupation);
this answers *occupations*, each once with its SSYK-4 group, for choosing a placement's occupation when
none of the proposals is right.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from models.base import with_examples
from models.enums import Role
from service.auth.deps import Principal, require
from service.occupations.search import search_occupations

router = APIRouter(tags=["taxonomy"])

AnyPerson = Annotated[Principal, Depends(require(*(r.value for r in Role)))]


class OccupationHitPublic(BaseModel):
    model_config = with_examples(
        {
            "id": "KF64_AvU_S4N",
            "label": "Städare",
            "ssyk4": "9111",
            "group": "Städare",
            "matched": "Lokalvårdare",
            "score": 1.0,
        }
    )

    id: str
    label: str = Field(description="the taxonomy's label of the occupation")
    ssyk4: str
    group: str = Field(description="the SSYK-4 group's label")
    matched: str | None = Field(description="the title or alias that found it, when that is not the label")
    score: float = Field(
        description="1.0 a whole match; 0.95, 0.9, 0.8 its beginning, a word, a compound part as typed "
        "(0.75, 0.7, 0.65 only without diacritics); at most 0.6 an inflected or misspelt form"
    )


@router.get("/taxonomy/occupations/search", response_model=list[OccupationHitPublic])
def search_taxonomy_occupations(
    principal: AnyPerson,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[OccupationHitPublic]:
    """Occupations of the whole taxonomy for what was typed: labels and aliases folded for case and
    diacritics; whole matches, then beginnings, words, compound parts and inflected or misspelt forms."""
    return [
        OccupationHitPublic(
            id=h.occupation_id,
            label=h.label,
            ssyk4=h.ssyk4,
            group=h.group_label,
            matched=h.matched,
            score=h.score,
        )
        for h in search_occupations(q, limit)
    ]
