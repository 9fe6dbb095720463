"""Paginated lists with a hard maximum page size."""

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel

from service.errors import BadInput

T = TypeVar("T")


class PageParams(BaseModel):
    offset: int
    limit: int


def page_params(
    request: Request,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> PageParams:
    settings = request.app.state.settings
    limit = limit or settings.default_page_size
    if limit > settings.max_page_size:
        raise BadInput(f"limit may be at most {settings.max_page_size}")
    return PageParams(offset=offset, limit=limit)


PageDep = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int
