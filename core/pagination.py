"""Paginating list pages: one helper, so every list reads its page the same way.

Pages are read with ``OFFSET``, whose cost grows with the page number (page 500
of 100,000 people cost 94 ms in the offset alone). Nobody pages through thousands
of names: past ``PAGINATION_MAX_PAGES`` pages the list stops and says to search or
filter, so the deepest page read costs the same at any size.
"""

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


class BoundedPaginator(Paginator):
    """A paginator that serves at most ``max_pages`` pages; it knows how many exist."""

    def __init__(self, *args: Any, max_pages: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_pages = max_pages

    @property
    def all_pages(self) -> int:
        """How many pages the whole list would take."""
        return super().num_pages

    @property
    def num_pages(self) -> int:
        return min(super().num_pages, self.max_pages)

    @property
    def capped(self) -> bool:
        """Whether some rows lie beyond the last page served."""
        return self.all_pages > self.max_pages


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int | None = None) -> Page:
    """The requested page of a queryset; out-of-range numbers give the last page served."""
    paginator = BoundedPaginator(
        queryset, per_page or settings.PAGE_SIZE, max_pages=settings.PAGINATION_MAX_PAGES
    )
    return paginator.get_page(request.GET.get("page"))
