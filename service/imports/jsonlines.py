"""Reading JSON Lines uploads: one reader for every import format (our records, JobSearch ads, JobPostings).

Lines are split on ``\\n`` only, each non-blank line is parsed on its own, and every bad line is named
(number, what is wrong) so that a person can fix the file; nothing is imported from a file with a bad line.
"""

import json
from collections.abc import Iterable
from typing import Any

from service.platform.errors import BadInput

MAX_LINE_CHARS = 200_000
# Python's JSON parser recurses once per level; a file nested thousands deep ends its stack.
TOO_DEEP = "not valid JSON: nested too deeply"

Problem = dict[str, Any]


def jsonl_lines(text: str) -> list[str]:
    """The lines of a JSON Lines text, split on ``\\n`` only (``\\r\\n`` too).

    ``str.splitlines`` would also split on U+2028, U+2029, U+0085 and other separators, which are valid
    unescaped inside JSON strings and occur in real ad text.
    """
    return [line.removesuffix("\r") for line in text.split("\n")]


def json_values(lines: Iterable[str]) -> tuple[list[tuple[int, Any]], list[Problem]]:
    """Each non-blank line's JSON value with its line number (from 1), and a problem for each line that
    is too long, not JSON, or nested too deeply."""
    values: list[tuple[int, Any]] = []
    problems: list[Problem] = []
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text:
            continue
        if len(text) > MAX_LINE_CHARS:
            problems.append({"line": number, "field": "(line)", "message": "line is too long"})
            continue
        try:
            values.append((number, json.loads(text)))
        except json.JSONDecodeError as exc:
            problems.append({"line": number, "field": "(line)", "message": f"not valid JSON: {exc.msg}"})
        except RecursionError:
            problems.append({"line": number, "field": "(line)", "message": TOO_DEEP})
    return values, problems


def raise_problems(problems: list[Problem], numbered_by: str = "line") -> None:
    """BadInput (422) listing every problem, the first in the message, when there are any."""
    if problems:
        first = problems[0]
        raise BadInput(
            f"{len(problems)} problem(s); first on {numbered_by} {first[numbered_by]}, field "
            f"{first['field']}: {first['message']}. Nothing was imported.",
            errors=problems,
        )
