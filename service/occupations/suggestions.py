"""The engine proposes a vacancy's occupation from its text; a person confirms it.

A vacancy's ``occupation_id`` is only ever set by a person (the supplier's form, the API, an imported
ad whose author picked it in Platsbanken, or staff on the shortlist page): that occupation is
*confirmed*. Without one, the ranking infers the occupation from headline and text with calibrated
probabilities (``matcher.text.occupation_model``); these suggestions are the same guesses, shown so that a
person can confirm one with a click.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher import OccupationGuess, default_taxonomy
from matcher.text.occupation_model import load_default
from service.platform.errors import BadInput

MAX_HEADLINE = 200


@dataclass(frozen=True)
class OccupationStatus:
    """Whether a vacancy's occupation was confirmed by a person or inferred, and the candidates."""

    confirmed: bool
    occupation_id: str | None
    label: str | None
    probability: float | None  # of the most likely inferred occupation; None when confirmed
    suggestions: tuple[OccupationGuess, ...]


def suggest(headline: str, text: str = "", k: int = 5, max_text_chars: int = 20_000) -> list[OccupationGuess]:
    """The ``k`` most likely occupations of an ad, most likely first, with calibrated probabilities."""
    headline = headline.strip()
    if not headline and not text.strip():
        raise BadInput(
            "headline: give the ad's headline or text",
            errors=[{"field": "headline", "message": "a headline or a text is needed"}],
        )
    if len(headline) > MAX_HEADLINE:
        raise BadInput(
            f"headline: {len(headline)} characters is more than the {MAX_HEADLINE} allowed",
            errors=[{"field": "headline", "message": f"at most {MAX_HEADLINE} characters"}],
        )
    if len(text) > max_text_chars:
        raise BadInput(
            f"text: {len(text)} characters is more than the {max_text_chars} allowed",
            errors=[{"field": "text", "message": f"at most {max_text_chars} characters"}],
        )
    return load_default(default_taxonomy()).predict_top(headline, text, k=k)


def status(title: str, description: str, occupation_id: str | None, k: int = 5) -> OccupationStatus:
    """A vacancy's occupation as staff should see it: confirmed, or inferred with its probability."""
    guesses = tuple(suggest(title, description, k=k)) if (title.strip() or description.strip()) else ()
    if occupation_id:
        occ = default_taxonomy().occupation(occupation_id)
        return OccupationStatus(True, occupation_id, occ.label if occ else occupation_id, None, guesses)
    if not guesses:
        return OccupationStatus(False, None, None, None, ())
    top = guesses[0]
    return OccupationStatus(False, top.occupation_id, top.label, top.probability, guesses)
