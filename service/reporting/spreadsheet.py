"""CSV for a Swedish spreadsheet: semicolons, UTF-8 with a BOM, Swedish headers and words, decimal comma.

Excel and LibreOffice with Swedish settings split such a file into columns when it is opened with a
double click: the BOM says UTF-8 (å, ä, ö stay whole) and the semicolon is the Swedish list separator,
since the comma is the decimal sign. Numbers are written with a decimal comma and no thousands separator
(a spreadsheet reads "1 234,5" as text); dates as ISO 8601 (2026-03-01), which both read as dates. Text
cells pass ``csv_cells.safe_cell``, so no cell runs as a formula; numbers are ours and stay numbers
(``-3,5``).
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from service.reporting.csv_cells import safe_cell

BOM = "\ufeff"
MEDIA_TYPE = "text/csv; charset=utf-8"


def cell(value: Any) -> str:
    """One value as the spreadsheet should read it (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Up to four decimals, trailing zeros dropped: 0.7500 -> "0,75", 27.5 -> "27,5", 3.0 -> "3".
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text.replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    text = safe_cell(str(value))
    return str(text)


def to_spreadsheet_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The file's bytes: BOM, a header row, one line per row, CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def percent_value(share: float | None) -> float | None:
    """A share as a number of percent (0.75 -> 75.0), for a column headed "(%)"."""
    return None if share is None else round(100 * share, 2)
