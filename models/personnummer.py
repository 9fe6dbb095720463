"""Swedish personal identity numbers (personnummer, samordningsnummer): one normal form, and the checks.

People and files write the same number as ``19860503-9802``, ``198605039802``, ``860503-9802`` or
``8605039802`` (``+`` instead of ``-`` for someone 100 or older). The normal form is ``YYYYMMDD-NNNN``.
"""

import re
from datetime import date

_FORM = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})$")


def luhn_ok(number: str) -> bool:
    """Whether the check digit (the last of the ten digits YYMMDDNNNC) is right."""
    digits = re.sub(r"\D", "", number)[-10:]
    if len(digits) != 10:
        return False
    total = 0
    for i, ch in enumerate(digits):
        value = int(ch) * (2 if i % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalise(value: str, today: date | None = None) -> str | None:
    """``YYYYMMDD-NNNN``, or None when the text is not a personal identity number in any usual form.

    Without a century the person is taken to be under 100 (``+`` says 100 or older), as the Tax Agency
    writes it. The check digit is not required here: existing records hold numbers that fail it.
    """
    m = _FORM.match(value.strip().replace(" ", ""))
    if not m:
        return None
    century, yy, mm, dd, sign, tail = m.groups()
    if century is None:
        now = today or date.today()
        year = now.year - (now.year - int(yy)) % 100
        if sign == "+":
            year -= 100
        century = f"{year // 100:02d}"
    return f"{century}{yy}{mm}{dd}-{tail}"


def birth_date(number: str | None) -> date | None:
    """The birth date in a normalised number (a samordningsnummer adds 60 to the day); None if unreadable."""
    if not number or len(number) < 8:
        return None
    try:
        day = int(number[6:8])
        return date(int(number[:4]), int(number[4:6]), day - 60 if day > 60 else day)
    except ValueError:
        return None
