"""CSV cells that a spreadsheet will not run as formulas (OWASP "CSV injection").

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed is prefixed
with a single quote, which spreadsheets show as text. Numbers are written as numbers (``-3`` stays ``-3``).
A cell holding a line break of either kind is quoted (``csv_writer``), and every line inside it that
would start a formula gets the same quote: a reader that ends rows at a bare CR, quoted or not, must not
see the rest of the cell as a formula row of its own (``\\r=1+1`` would otherwise become ``=1+1``).
"""

import csv
import re
from typing import Any, Protocol

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_LINE_FORMULA = re.compile(r"([\r\n])(?=[=+\-@\t])")


class _Writable(Protocol):
    def write(self, s: str, /) -> object: ...


def safe_cell(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = _LINE_FORMULA.sub(r"\1'", value)
    return "'" + value if value.startswith(_FORMULA_START) else value


class SafeCsvWriter:
    """``csv.writer`` whose every cell passes ``safe_cell``; rows end in CRLF (RFC 4180), so the csv module
    quotes any cell that holds a CR or an LF."""

    def __init__(self, out: _Writable) -> None:
        self._writer = csv.writer(out, lineterminator="\r\n")

    def writerow(self, row: list[Any] | tuple[Any, ...]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])


def csv_writer(out: _Writable) -> SafeCsvWriter:
    """The one way this service writes CSV (see the module docstring)."""
    return SafeCsvWriter(out)
