"""Matcher result types: values that survive pickling (batch workers send them back) unchanged."""

import pickle

from matcher.types import Contribution, RankedList, Reason, ScoredMatch, contributions_from


def test_a_ranked_list_round_trips_through_pickle_with_its_types() -> None:
    reason = Reason("skills_all", "Har alla 2 krävda kompetenser", "Has all 2 required skills", True)
    match = ScoredMatch(
        vacancy_id="v1",
        seeker_id="s7",
        rank=1,
        score=1.25,
        intercept=-0.5,
        contributions=contributions_from([("occupation_fit", 1.0, 1.5), ("commute_fit", 0.5, 0.25)]),
        reasons=(reason,),
        matched_skills=("Truckkort",),
        distance_km=None,
    )
    ranked = RankedList("v1", "model", (match, match))
    again = pickle.loads(pickle.dumps(ranked, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == ranked
    assert type(again.matches[0].contributions[0]) is Contribution
    assert again.matches[0].contributions[1].feature == "commute_fit"
    assert type(again.matches[0].reasons[0]) is Reason
    # A reason shared between matches is sent once and arrives shared.
    assert again.matches[0].reasons[0] is again.matches[1].reasons[0]
