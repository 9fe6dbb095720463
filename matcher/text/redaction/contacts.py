"""Contacts and numbers that identify a person: e-mail, phone, personnummer, URL, street address, postcode.

Written broadly, because people disguise them: "maria (at) example dot com", "070,123_45·67",
"noll sju noll ...", "O7O" with the letter O, "www.x.se" without a scheme, "sista fyra: 1234". Any run of
six or more digits (spelled or not, with any separators) is taken for a number that identifies someone:
a date or a salary lost from a supplier text costs less than a phone number let through.
"""

import re
from collections.abc import Callable

from matcher.text.redaction.spans import Span, spans_of

_DIGIT_WORDS = (
    "noll|nolla|ett|etta|en|två|tvåa|tre|trea|fyra|fyran|fem|femma|sex|sexa|sju|sjua|åtta|åttan|nio|nia|"
    "zero|oh|o|one|two|three|four|five|six|seven|eight|nine"
)
# One digit: a figure, or a spelled digit as a whole word.
_D = rf"(?:\d|(?<![^\W\d_])(?:{_DIGIT_WORDS})(?![^\W\d_]))"
_SEP = r"[\s\-.,_·•/()+*|:;'’~=]{0,3}"
_DIGIT_RUN = re.compile(rf"(?:\+|(?<!\d)00)?{_D}(?:{_SEP}{_D}){{5,}}", re.IGNORECASE)
_ID_CONTEXT = re.compile(
    r"(?:personnummer|personnumret|personnr|pers\.?\s?nr|pnr|p-nr|samordningsnummer|samordningsnr|"
    r"födelsenummer|födelsedatum|ssn|social security(?: number)?|id-?nummer|passnummer|"
    r"sista fyra|de fyra sista|fyra sista|sista 4|4 sista|last four|last 4|four last|"
    r"slutar på|slutar med|ends with|ending in|ends in)"
    rf"[^.\n]{{0,40}}?({_D}(?:{_SEP}{_D}){{1,}})",
    re.IGNORECASE,
)
_PHONE_CONTEXT = re.compile(
    r"\b(?:tel|telefon|telefonnummer|telnr|tfn|mobil|mobilnummer|mobilnr|mob|phone|cell|nummer|nr|"
    r"ring|ringa|sms|sms:a|whatsapp|viber|signal|call|text)\b"
    rf"[^.\n]{{0,20}}?({_D}(?:{_SEP}{_D}){{2,}})",
    re.IGNORECASE,
)

_AT = r"(?:\s*@\s*|\s*[(\[{<]\s*(?:at|snabel-?a|@)\s*[)\]}>]\s*)"
_BARE_AT = r"\s+(?:at|snabel-?a|snabela)\s+"
_DOT = r"(?:\s*\.\s*|\s*[(\[{<]\s*(?:dot|punkt|prick)\s*[)\]}>]\s*|\s+(?:dot|punkt|prick)\s+)"
_URL_DOT = r"(?:\.|\s*[(\[{<]\s*(?:dot|punkt)\s*[)\]}>]\s*|\s+(?:dot|punkt)\s+)"
_TLD = r"(?:se|com|nu|org|net|io|eu|info|me|dk|no|fi|de|uk|co|biz|app|dev|page|site|online|xyz|tv|ai|cc)"
_MAIL_HOSTS = (
    r"(?:gmail|googlemail|hotmail|outlook|yahoo|live|icloud|msn|telia|spray|bredband|protonmail|proton|"
    r"yandex|gmx|aol|comhem|bahnhof|mail)"
)
# Matches start only where a local part can start, and domains have at most five labels: without that a
# long run of word characters costs quadratic time.
_LOCAL = r"(?<![\w.+'\-])[\w.+'\-]{1,64}"
_EMAIL = re.compile(
    rf"(?:{_LOCAL})?{_AT}[\w\-]+(?:{_DOT}[\w\-]+){{0,4}}"
    rf"|{_LOCAL}{_BARE_AT}[\w\-]+(?:{_DOT}[\w\-]+){{0,4}}{_DOT}{_TLD}\b"
    rf"|{_LOCAL}{_BARE_AT}{_MAIL_HOSTS}\b(?:{_DOT}[\w\-]+){{0,4}}"
    rf"|\b{_MAIL_HOSTS}\b\s*(?:är|is|:|=|-)\s*\S+",
    re.IGNORECASE,
)
_EMAIL_CONTEXT = re.compile(
    r"\b(?:e-?post(?:adress)?|e-?mail(?:adress)?|mejl(?:adress)?|mail(?:adress)?|epost)\b"
    r"\s*(?::|=|är|is)\s*(\S+)",
    re.IGNORECASE,
)
_URL = re.compile(
    rf"(?:https?://|www{_URL_DOT})\S+"
    rf"|(?<![\w\-.])[\w\-]+(?:{_URL_DOT}[\w\-]+){{0,4}}{_URL_DOT}{_TLD}\b(?:/\S*)?",
    re.IGNORECASE,
)
_SOCIAL = re.compile(
    r"\b(?:linkedin|instagram|insta|facebook|fb|twitter|tiktok|snapchat|snap|github|youtube|skype|telegram)"
    r"\b\s*(?:[:=@/]|är|is)\s*@?([\w.\-/]+)",
    re.IGNORECASE,
)

_STREET = (
    r"(?:gatan|gata|vägen|väg|gränd|gränden|stigen|stig|allén|allé|torget|torg|backen|backe|platsen|"
    r"leden|esplanaden|kajen|parken|slingan|ringen)"
)
_ADDRESS = re.compile(
    rf"(?<![\w\-])[\w\-]{{0,40}}{_STREET}\.?\s+\d{{1,4}}\s?[A-Za-z]?\b(?:\s*,?\s*(?:lgh|lägenhet|apt|vån|tr)\.?\s*\d+)?"
    r"|(?<![\w\-])[\w\-]{1,40}plan\s+\d{1,4}\b"
    r"|\b(?:\d{1,4}\s+)?[A-Z]\w*\s+(?:Street|St|Road|Rd|Avenue|Ave|Lane|Drive)\b\.?(?:\s+\d{1,4})?"
    r"|\b(?:lgh|lägenhet|c/o|box|postbox|po box)\.?\s*[\w]+",
)
# A street named without its number ("Rosenlundsgatan"); "Smedjebacken" is a municipality, not a street.
_STREET_NAME = re.compile(
    r"\b[A-ZÅÄÖ][\w\-]*(?:gatan|vägen|gränd|gränden|stigen|allén|torget|backen|platsen|leden|kajen|"
    r"slingan|ringen)\b"
)
_ADDRESS_CONTEXT = re.compile(
    r"\b(?:adress|adressen|address|bor på|bostadsadress|hemadress|lives at|postadress)\b\s*:?\s*"
    r"([^.\n;]{1,40})",
    re.IGNORECASE,
)
_POSTCODE = re.compile(
    r"\b(?:SE-?\s?)?\d{3}\s\d{2}\b|\bSE-?\s?\d{5}\b|\b\d{5}(?=\s+[A-ZÅÄÖ])"
    r"|\bpostnummer\s*:?\s*\d{3}\s?\d{2}\b",
    re.IGNORECASE,
)
# Letters that stand for digits inside a number: "O7O 12 34 567", "O7l".
_DIGIT_LOOKALIKES = str.maketrans("OoIl|", "00111")


def digit_view(text: str) -> str:
    """The text with O/o as 0 and I/l as 1 inside any word that also holds a figure (same length)."""
    return re.sub(r"\b\w*\d\w*", lambda m: m.group(0).translate(_DIGIT_LOOKALIKES), text)


def contact_spans(text: str, is_place: Callable[[str], bool]) -> dict[str, list[Span]]:
    """Spans per class: ``email``, ``url``, ``phone`` (any long digit run), ``personnummer`` (numbers
    after an identity-number phrase), ``address`` (streets that ``is_place`` does not know as places),
    ``postcode``."""
    digits = digit_view(text)
    streets = [m.span() for m in _STREET_NAME.finditer(text) if not is_place(m.group(0))]
    return {
        "email": spans_of(_EMAIL, text) + spans_of(_EMAIL_CONTEXT, text, 1),
        "url": spans_of(_URL, text) + spans_of(_SOCIAL, text, 1),
        "phone": spans_of(_DIGIT_RUN, digits) + spans_of(_PHONE_CONTEXT, digits, 1),
        "personnummer": spans_of(_ID_CONTEXT, digits, 1),
        "address": spans_of(_ADDRESS, text) + streets + spans_of(_ADDRESS_CONTEXT, text, 1),
        "postcode": spans_of(_POSTCODE, text),
    }
