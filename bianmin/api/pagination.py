"""Page-number pagination of list endpoints: ``page`` from 1, ``page_size`` 1–100 (default 30, the
pages' size). A page past the end is an empty page, not an error, so a client loops until
``items`` is shorter than ``page_size``."""

from typing import Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema

T = TypeVar("T")
DEFAULT_SIZE = 30
MAX_SIZE = 100


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100000, description="页码,从1开始")
    page_size: int = Field(DEFAULT_SIZE, ge=1, le=MAX_SIZE, description="每页条数,1–100")


class Page(Schema, Generic[T]):
    count: int = Field(description="符合条件的总条数")
    page: int
    page_size: int
    items: list[T]


def paginate(qs: QuerySet, query: PageQuery) -> tuple[int, list]:
    """(total count, the rows of the page)."""
    count = qs.count()
    start = (query.page - 1) * query.page_size
    return count, list(qs[start : start + query.page_size])
