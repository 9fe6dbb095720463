"""Paginated lists with a hard maximum page size."""

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field, model_validator
from sqlmodel import Session, func, select

from service.platform.errors import BadInput

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
    next_offset: int | None = Field(
        default=None, description="the ``offset`` of the next page (same ``limit``); null on the last page"
    )

    @model_validator(mode="after")
    def _next_page(self) -> "Page[T]":
        # Every list route pages the same way: ask again with offset=next_offset until it is null.
        if self.next_offset is None and self.offset + self.limit < self.total:
            self.next_offset = self.offset + self.limit
        return self


def fetch_page(
    session: Session, query: Any, *order_by: Any, offset: int, limit: int
) -> tuple[list[Any], int]:
    """One page of ``query`` in this order, and how many rows the whole query has."""
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(*order_by).offset(offset).limit(limit)).all()
    return list(rows), int(total)
