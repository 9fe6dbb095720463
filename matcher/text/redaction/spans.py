"""Character spans of a text to remove, and their replacement by one marker each."""

import re

Span = tuple[int, int]
MARKER = "[…]"
_RUN_OF_MARKERS = re.compile(r"\[…\](?:[\s,.;:/\-_|·]*\[…\])+")


def spans_of(pattern: re.Pattern[str], text: str, group: int = 0) -> list[Span]:
    """Where ``pattern`` (or its ``group``) matches in ``text``."""
    return [m.span(group) for m in pattern.finditer(text) if m.group(group)]


def apply(text: str, spans: list[Span]) -> str:
    """``text`` with every span replaced by the marker; overlapping and touching spans become one."""
    out: list[str] = []
    pos = 0
    for start, end in _merged(spans):
        out.append(text[pos:start])
        out.append(MARKER)
        pos = end
    out.append(text[pos:])
    return _RUN_OF_MARKERS.sub(MARKER, "".join(out))


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]
