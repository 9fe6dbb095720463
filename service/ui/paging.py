"""Totals and page links for the UI's lists (seekers, placements)."""

from typing import Any
from urllib.parse import urlencode

PAGE_SIZE = 50


def paging(total: int, page: int, params: dict[str, str]) -> dict[str, Any]:
    """Totals and links for a list page (``page`` is 1-based)."""
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page, pages)
    keep = {k: v for k, v in params.items() if v}

    def link(n: int) -> str:
        return "?" + urlencode({**keep, "page": n})

    return {
        "total": total,
        "first": 0 if total == 0 else (page - 1) * PAGE_SIZE + 1,
        "last": min(total, page * PAGE_SIZE),
        "page": page,
        "pages": pages,
        "prev": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < pages else None,
    }
