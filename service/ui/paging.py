"""Totals and page links for the UI's lists (seekers, placements, users, API keys, duplicates, proposals).

Every list that can grow is paged with these: a page number in the query (``page``, 1-based; a number
past the end shows the last page), a total above the list and previous/next links below it
(``_paging.html``). No list stops silently at a cap.
"""

from typing import Any
from urllib.parse import urlencode

PAGE_SIZE = 50


def clamp(page: int, total: int, size: int = PAGE_SIZE) -> tuple[int, int]:
    """The page that will be shown (1 to the last) and the offset of its first row."""
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    return page, (page - 1) * size


def paging(total: int, page: int, params: dict[str, str], size: int = PAGE_SIZE) -> dict[str, Any]:
    """Totals and links for a list page (``page`` is 1-based)."""
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    keep = {k: v for k, v in params.items() if v}

    def link(n: int) -> str:
        return "?" + urlencode({**keep, "page": n})

    return {
        "total": total,
        "first": 0 if total == 0 else (page - 1) * size + 1,
        "last": min(total, page * size),
        "page": page,
        "pages": pages,
        "prev": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < pages else None,
    }
