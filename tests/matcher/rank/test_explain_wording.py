"""Reason texts read as correct Swedish: singular and plural, and a mother tongue is not a CEFR level."""

from matcher.rank.explain import explain
from tests.matcher.rank.test_explain import contributions, facts


def _texts(**overrides: object) -> list[str]:
    values = {"required_skill_coverage": 1.0, "swedish_level_fit": 1.0}
    return [r.sv for r in explain(contributions(values), facts(**overrides))] + [
        r.en for r in explain(contributions(values), facts(**overrides))
    ]


def test_one_required_skill_is_singular_and_several_plural() -> None:
    one = _texts(matched_required=["Städning"])
    assert "Har den krävda kompetensen" in one and "Has the required skill" in one
    assert not any("alla 1" in t or "all 1" in t for t in one)
    two = _texts(matched_required=["Städning", "Golvvård"])
    assert "Har alla 2 krävda kompetenser" in two


def test_a_mother_tongue_is_worded_as_such() -> None:
    native = _texts(swedish_level="native", swedish_required="B1")
    assert "Svenska som modersmål (krav B1)" in native
    assert "Swedish as mother tongue (B1 required)" in native
    assert not any("nivå native" in t or "level native" in t for t in native)
    assert "Svenska på nivå B2 (krav B1)" in _texts()
