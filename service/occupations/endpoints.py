"""POST /occupation-suggestions: the engine's top occupations for an ad's headline and text."""

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from models.base import StrictSchema
from models.enums import Role
from service.auth.deps import Principal, SettingsDep, require
from service.occupations import suggestions as occupation_suggestions

router = APIRouter(tags=["vacancies"])

SupplierOrStaff = Annotated[Principal, Depends(require(Role.SUPPLIER, Role.STAFF))]


class OccupationSuggestionRequest(StrictSchema):
    headline: str = Field(default="", description="the ad's headline as written")
    text: str = Field(default="", description="the ad's text")
    k: int = Field(default=5, ge=1, le=10, description="how many occupations to propose")


class OccupationProposal(BaseModel):
    occupation_id: str = Field(
        description="JobTech occupation concept id; send it as the vacancy's occupation_id"
    )
    label: str
    ssyk4: str
    probability: float = Field(
        ge=0, le=1, description="calibrated probability that this is the ad's occupation"
    )


class OccupationSuggestionResponse(BaseModel):
    suggestions: list[OccupationProposal]


@router.post(
    "/occupation-suggestions",
    response_model=OccupationSuggestionResponse,
    summary="Propose occupations for an ad",
)
def suggest_occupations(
    body: OccupationSuggestionRequest, principal: SupplierOrStaff, settings: SettingsDep
) -> OccupationSuggestionResponse:
    """The most likely taxonomy occupations of a pasted ad, with calibrated probabilities.

    The engine proposes, a person confirms: setting one of them as the vacancy's ``occupation_id``
    makes it certain for ranking; without it the ranking weighs these guesses by their probability.
    """
    guesses = occupation_suggestions.suggest(
        body.headline, body.text, k=body.k, max_text_chars=settings.max_text_chars
    )
    return OccupationSuggestionResponse(
        suggestions=[
            OccupationProposal(
                occupation_id=g.occupation_id, label=g.label, ssyk4=g.ssyk4, probability=g.probability
            )
            for g in guesses
        ]
    )
