import pytest

from matcher.text.redact import redact_sensitive


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("Jag heter Fatima Ahmed och har arbetat som städare.", "Fatima", "städare"),
        ("Född i Syrien, bor i Malmö. Truckkort A.", "Syrien", "bor i Malmö"),
        ("Jag är född i Somalia och talar somaliska.", "Somalia", "somaliska"),
        ("Hon är noggrann och har jobbat i hemtjänsten.", "Hon", "hemtjänsten"),
        ("Jag är en 40-årig kvinna med B-körkort.", "kvinna", "B-körkort"),
        ("I am a 45 year old woman from Eritrea, born in Asmara.", "Asmara", "I am"),
        ("My name is John Smith, I'm from Poland and work as a cleaner.", "Poland", "cleaner"),
    ],
)
def test_sensitive_phrases_are_removed_and_the_rest_kept(text: str, gone: str, kept: str) -> None:
    out = redact_sensitive(text)
    assert gone not in out
    assert kept in out


def test_swedish_generic_man_is_kept() -> None:
    assert "man" in redact_sensitive("Här lär man sig lagerarbete snabbt.")
