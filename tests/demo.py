"""Seeded demo councils built once per test session (per xdist worker), instead of once per test.

seed_demo refuses to seed a second council into a seeded database, so at most one scale is seeded at a time. The
seeded council lives in an outer transaction, opened outside any test and rolled back when the other scale is
needed or the session ends; each test runs in its own savepoint inside it (pytest-django's usual per-test
rollback), so what a test changes is gone before the next.

The fixtures (tests/conftest.py):

    demo_district, demo_metropolitan   the council at that scale (session-scoped)
    demo_council                       indirectly parametrised by scale:
                                       @pytest.mark.parametrize("demo_council", ["district", METROPOLITAN],
                                                                indirect=True)
    demo_query_counts                  every measurement registered with measured_at_both_scales, taken at both
                                       scales: demo_query_counts[measure] == {"district": ..., "metropolitan": ...}

The tests are put in this order at collection (pytest_collection_modifyitems in tests/conftest.py): the tests on the
district council, then those on the metropolitan one, then the query-count tests (which measure the metropolitan
council, then seed the district one again), then every test that needs an empty database; the seeded council is
rolled back as soon as the next test needs none (pytest_runtest_teardown). Under xdist (`--dist load`) each worker
runs the tests it is sent in that same order, and the first batch it sends a worker is the first quarter or so of
the run: all the demo tests go to one worker, which seeds each council once. A test that finds the wrong council
seeded fails at once (an autouse check) rather than reading it.

(`--dist loadgroup` with an xdist_group mark would say "one worker" outright, but pytest-xdist 3.8 groups by
rewriting a node id attribute that pytest 9.2 no longer reads, so the groups are ignored.)
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

SCALES = ["district", "metropolitan"]
METROPOLITAN = pytest.param("metropolitan", marks=pytest.mark.slow)
QUERY_COUNTS = "both"  # the group of tests that read demo_query_counts

Measure = Callable[[str], dict[str, int]]
_MEASURES: list[Measure] = []


def measured_at_both_scales(measure: Measure) -> Measure:
    """Register a query-count measurement: measure(scale) is run on the seeded council at each scale."""
    if measure not in _MEASURES:
        _MEASURES.append(measure)
    return measure


@dataclass(frozen=True)
class DemoCouncil:
    scale: str
    output: str  # what seed_demo printed


def scale_of(item: pytest.Item) -> str | None:
    """The demo council a test needs: "district", "metropolitan", QUERY_COUNTS (both, in turn) or None."""
    names = getattr(item, "fixturenames", ())
    if "demo_query_counts" in names:
        return QUERY_COUNTS
    if "demo_council" in names:
        callspec = getattr(item, "callspec", None)
        return callspec.params["demo_council"] if callspec is not None else "district"
    if "demo_district" in names:
        return "district"
    if "demo_metropolitan" in names:
        return "metropolitan"
    return None


def order(items: list[pytest.Item]) -> None:
    """District, then metropolitan, then query counts, then every empty-database test (a stable sort)."""
    rank = {"district": 0, "metropolitan": 1, QUERY_COUNTS: 2, None: 3}
    items.sort(key=lambda item: rank[scale_of(item)])


class DemoCouncils:
    """The one seeded council of this process, switched between scales outside any test's transaction."""

    def __init__(self, blocker: Any) -> None:
        self.blocker = blocker
        self.active: DemoCouncil | None = None
        self._atomic: Any = None

    def use(self, scale: str) -> DemoCouncil:
        if self.active is not None and self.active.scale == scale:
            return self.active
        self.release()
        out = io.StringIO()
        with self.blocker.unblock():
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            try:
                call_command("seed_demo", scale=scale, stdout=out)
            except BaseException:
                self._roll_back()
                raise
        self.active = DemoCouncil(scale=scale, output=out.getvalue())
        return self.active

    def release(self) -> None:
        """Roll the seeded council back (the database is empty again)."""
        if self._atomic is not None:
            with self.blocker.unblock():
                self._roll_back()
        self.active = None

    def _roll_back(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)
        self._atomic = None

    def measure_all(self) -> QueryCounts:
        """Every registered measurement at both scales, the scale already seeded first (one seed, not two)."""
        counts = QueryCounts()
        scales = sorted(SCALES, key=lambda scale: self.active is None or scale != self.active.scale)
        for scale in scales:
            self.use(scale)
            with self.blocker.unblock():
                for measure in _MEASURES:
                    try:
                        with transaction.atomic():  # sign-ins and the like leave the seeded council as it was
                            counts.by_measure.setdefault(measure, {})[scale] = measure(scale)
                            transaction.set_rollback(True)
                    except Exception as error:  # noqa: BLE001 - raised again by the test that reads it
                        counts.errors.setdefault(measure, error)
        return counts


@dataclass
class QueryCounts:
    """{scale: {page: queries}} per measurement; a measurement that failed raises its error in the test reading it."""

    by_measure: dict[Measure, dict[str, dict[str, int]]] = field(default_factory=dict)
    errors: dict[Measure, Exception] = field(default_factory=dict)

    def __getitem__(self, measure: Measure) -> dict[str, dict[str, int]]:
        if measure in self.errors:
            raise self.errors[measure]
        return self.by_measure[measure]
