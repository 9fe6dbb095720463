"""Numbers, shares, amounts and dates as the reader's locale writes them, through Babel (CLDR).

One place for every figure a page or report shows: Swedish gets a decimal comma and a non-breaking space
between thousands ("1 234,5", "42 %"), English (en_GB) a point and a comma ("1,234.5", "42%"). The UI's
language code ("sv", "en") picks the locale; anything else reads as Swedish, the product's first language.
"""

from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LOCALES = {"sv": "sv_SE", "en": "en_GB"}
DEFAULT_LANGUAGE = "sv"
MISSING = "–"


def locale_of(lang: str) -> str:
    """The Babel locale of a UI language code (``"sv"`` → ``"sv_SE"``); unknown codes read as Swedish."""
    return LOCALES.get(lang, LOCALES[DEFAULT_LANGUAGE])


def decimal(value: float | None, digits: int = 1, lang: str = DEFAULT_LANGUAGE) -> str:
    """``value`` with exactly ``digits`` decimals: ``273.66`` → ``273,7`` (sv), ``273.7`` (en)."""
    if value is None:
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, pattern, locale=locale_of(lang))


def number(value: float | None, max_digits: int = 1, lang: str = DEFAULT_LANGUAGE) -> str:
    """``value`` with at most ``max_digits`` decimals and no trailing zeros: ``10.0`` → ``10``,
    ``2.5`` → ``2,5`` (sv); for counts of years, months and kilometres."""
    if value is None:
        return MISSING
    pattern = "#,##0" + ("." + "#" * max_digits if max_digits > 0 else "")
    return format_decimal(value, pattern, locale=locale_of(lang))


def amount(value: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A whole amount (kronor), thousands separated: ``825000`` → ``825 000`` (sv), ``825,000`` (en)."""
    return decimal(value, 0, lang)


def percent(
    value: float | None, lang: str = DEFAULT_LANGUAGE, *, digits: int = 0, cap: float | None = None
) -> str:
    """A share as a percentage: ``0.42`` → ``42 %`` (sv), ``42%`` (en); ``None`` → ``–``. Above ``cap``
    the text is ``> cap`` (``> 200 %``), since a runaway figure would mislead."""
    if value is None:
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    if cap is not None and value > cap:
        return "> " + format_percent(cap, _locale_pattern(pattern, lang), locale=locale_of(lang))
    return format_percent(value, _locale_pattern(pattern, lang), locale=locale_of(lang))


def _locale_pattern(pattern: str, lang: str) -> str:
    # CLDR's Swedish percent puts a non-breaking space before the sign ("42 %"); English has none.
    return pattern.replace("%", "\xa0%") if locale_of(lang).startswith("sv") else pattern


def day(value: date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A date in the locale's short form: ``2026-03-05`` (sv), ``05/03/2026`` (en); ``None`` → ``–``."""
    if value is None:
        return MISSING
    return format_date(value, "short", locale=locale_of(lang))


def long_day(value: date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A date in words: ``5 mars 2026`` (sv), ``5 March 2026`` (en)."""
    if value is None:
        return MISSING
    return format_date(value, "long", locale=locale_of(lang))


def moment(value: datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A point in time to the minute (UTC, as stored): ``2026-03-05 14:02`` (sv), ``05/03/2026, 14:02``
    (en); ``None`` → ``–``."""
    if value is None:
        return MISSING
    return format_datetime(value, "short", locale=locale_of(lang))
