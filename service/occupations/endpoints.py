"""POST /occupation-suggestions: the engine's top occupations for an ad's headline and text."""

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from models.base import StrictSchema, with_examples
from models.enums import Role
from service.auth.deps import Principal, SessionDep, SettingsDep, require
from service.occupations import suggestions as occupation_suggestions
from service.occupations.throttle import check_suggestion_rate

router = APIRouter(tags=["vacancies"])

SupplierOrStaff = Annotated[Principal, Depends(require(Role.SUPPLIER, Role.STAFF))]


class OccupationSuggestionRequest(StrictSchema):
    model_config = with_examples(
        {
            "headline": "Kock till skolrestaurang i Sundstad",
            "text": "Du lagar lunch till 400 elever med två kollegor. Erfarenhet av storkök är meriterande.",
            "k": 3,
        }
    )

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
    model_config = with_examples(
        {
            "suggestions": [
                {
                    "occupation_id": "Vg3d_Azf_p5Y",
                    "label": "Kock storhushåll",
                    "ssyk4": "5120",
                    "probability": 0.64,
                },
                {
                    "occupation_id": "JbJw_as4_S93",
                    "label": "Kock à la carte",
                    "ssyk4": "5120",
                    "probability": 0.21,
                },
                {
                    "occupation_id": "JECy_3w6_gah",
                    "label": "Kallskänka",
                    "ssyk4": "5120",
                    "probability": 0.05,
                },
            ]
        }
    )

    suggestions: list[OccupationProposal]


@router.post(
    "/occupation-suggestions",
    response_model=OccupationSuggestionResponse,
    summary="Propose occupations for an ad",
)
def suggest_occupations(
    body: OccupationSuggestionRequest, session: SessionDep, principal: SupplierOrStaff, settings: SettingsDep
) -> OccupationSuggestionResponse:
    """The most likely taxonomy occupations of a pasted ad, with calibrated probabilities.

    The engine proposes, a person confirms: setting one of them as the vacancy's ``occupation_id``
    makes it certain for ranking; without it the ranking weighs these guesses by their probability.
    At most ``MATCHER_OCCUPATION_SUGGESTIONS_PER_MINUTE`` (60) per caller a minute; beyond that 429.
    """
    check_suggestion_rate(session, principal, settings)
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
