"""Numbers, shares, amounts and dates in the reader's locale (Babel): Swedish and English."""

from datetime import date

from service.platform.formats import amount, day, decimal, locale_of, long_day, number, percent

NBSP = "\xa0"


def test_swedish_writes_a_decimal_comma_and_spaces_between_thousands() -> None:
    assert decimal(273.66, 1, "sv") == "273,7"
    assert decimal(24.14, 1, "sv") == "24,1"
    assert decimal(1234.5, 1, "sv") == f"1{NBSP}234,5"
    assert decimal(0.6667, 2, "sv") == "0,67"
    assert amount(825000, "sv") == f"825{NBSP}000"
    assert number(10.0, 1, "sv") == "10"  # a whole number of years has no ",0"
    assert number(2.5, 1, "sv") == "2,5"
    assert percent(0.42, "sv") == f"42{NBSP}%"
    assert percent(2.4, "sv", cap=2.0) == f"> 200{NBSP}%"
    assert day(date(2026, 3, 5), "sv") == "2026-03-05"
    assert long_day(date(2026, 3, 5), "sv") == "5 mars 2026"


def test_english_writes_a_decimal_point_and_commas_between_thousands() -> None:
    assert decimal(273.66, 1, "en") == "273.7"
    assert decimal(1234.5, 1, "en") == "1,234.5"
    assert amount(825000, "en") == "825,000"
    assert number(10.0, 1, "en") == "10" and number(2.5, 1, "en") == "2.5"
    assert percent(0.42, "en") == "42%"
    assert day(date(2026, 3, 5), "en") == "05/03/2026"
    assert long_day(date(2026, 3, 5), "en") == "5 March 2026"


def test_a_missing_figure_is_a_dash_and_an_unknown_language_reads_as_swedish() -> None:
    assert decimal(None) == number(None) == amount(None) == percent(None) == day(None) == "–"
    assert locale_of("de") == "sv_SE" and decimal(1.5, 1, "de") == "1,5"
