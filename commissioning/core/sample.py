"""The first few records of a list and how many there are in all: what the home page shows of each piece of work.

Two queries whatever the size of the list (the first ``limit`` rows, and the count), so a page made of samples costs
the same for a district council as for a metropolitan one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

HOME_LIMIT = 5  # how many records of each list the home page shows before "See all"


@dataclass(frozen=True)
class Sample(Generic[M]):
    items: list[M]
    total: int

    @property
    def more(self) -> int:
        """How many are not shown."""
        return self.total - len(self.items)


def sample(queryset: QuerySet[M], limit: int = HOME_LIMIT) -> Sample[M]:
    return Sample(items=list(queryset[:limit]), total=queryset.count())


def empty() -> Sample[Any]:
    return Sample(items=[], total=0)
