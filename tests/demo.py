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
    demo_seeds                         every reading registered with read_after_each_seed, taken on the district
                                       council seeded into an empty database with seed 2026 twice and seed 7 once
                                       (one seeding of the three is the session's own district council):
                                       demo_seeds.runs(read, 2026) == [first, second]; demo_seeds.runs(read, 7);
                                       demo_seeds.default(read) is the reading with seed_demo's default seed

The tests are put in this order at collection (pytest_collection_modifyitems in tests/conftest.py): the tests on the
metropolitan council, then the query-count tests (which measure the metropolitan council, then seed the district one
and measure it), then the tests on the district council (seeded already), then the same-seed tests (which read the
district council, then seed it twice more into the empty database), then every test that needs an empty database;
one metropolitan and three district seedings in all (the district tests once came first, which cost a fourth); the seeded council is
rolled back as soon as the next test needs none (pytest_runtest_teardown). Under xdist (`--dist load`) each worker
runs the tests it is sent in that same order, and the first batch it sends a worker is the first quarter or so of
the run: all the demo tests go to one worker, which seeds each council once. A test that finds the wrong council
seeded fails at once (an autouse check) rather than reading it.

(`--dist loadgroup` with an xdist_group mark would say "one worker" outright, but pytest-xdist 3.8 groups by
rewriting a node id attribute that pytest 9.2 no longer reads, so the groups are ignored.)
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

SCALES = ["district", "metropolitan"]
METROPOLITAN = pytest.param("metropolitan", marks=pytest.mark.slow)
QUERY_COUNTS = "both"  # the group of tests that read demo_query_counts
SEEDS = "seeds"  # the group of tests that read demo_seeds
# The seeds the same-seed tests compare, and how many times each is seeded into an empty database.
SEEDINGS = {2026: 2, 7: 1}
# The environment those seedings run in, so that the readings also show what seed_demo does with it: seed 7 with a
# password given in DEMO_PASSWORD, the second seeding with 2026 without one (None removes the variable). The
# session's own councils are seeded in the environment the suite was started in.
DEMO_PASSWORD_FOR_SEED_7 = "a-password-just-for-this-test"
SEEDING_ENVIRONMENT: dict[int, dict[str, str | None]] = {
    2026: {"DEMO_PASSWORD": None},
    7: {"DEMO_PASSWORD": DEMO_PASSWORD_FOR_SEED_7},
}

Measure = Callable[[str], dict[str, int]]
_MEASURES: list[Measure] = []
Reading = Callable[[], Any]
_READINGS: list[Reading] = []


def measured_at_both_scales(measure: Measure) -> Measure:
    """Register a query-count measurement: measure(scale) is run on the seeded council at each scale."""
    if measure not in _MEASURES:
        _MEASURES.append(measure)
    return measure


def read_after_each_seed(read: Reading) -> Reading:
    """Register a reading of the seeded district council (read-only), taken after each seeding in SEEDINGS."""
    if read not in _READINGS:
        _READINGS.append(read)
    return read


@dataclass(frozen=True)
class DemoCouncil:
    scale: str
    output: str  # what seed_demo printed


def scale_of(item: pytest.Item) -> str | None:
    """The demo council a test needs: "district", "metropolitan", QUERY_COUNTS (both, in turn) or None."""
    names = getattr(item, "fixturenames", ())
    if "demo_query_counts" in names:
        return QUERY_COUNTS
    if "demo_seeds" in names:
        return SEEDS
    if "demo_council" in names:
        callspec = getattr(item, "callspec", None)
        return callspec.params["demo_council"] if callspec is not None else "district"
    if "demo_district" in names:
        return "district"
    if "demo_metropolitan" in names:
        return "metropolitan"
    return None


def order(items: list[pytest.Item]) -> None:
    """Metropolitan, then query counts (the metropolitan council measured, then the district one seeded and
    measured), then district (already seeded), then same seeds (the district council read, then seeded twice more),
    then every empty-database test, the browser journeys last (a stable sort): one metropolitan and three district
    seedings in all.

    Why the journeys go last: xdist's first batch for each worker is a quarter of its share of the run (about 1,700
    tests on two workers), so the worker given the demo tests was also given whatever came next in the file order,
    which was every browser journey (tests/browser sorts early): about 300 s of journeys on top of the seedings, while
    the other worker ran out of work and waited (the last 2% of a run took four minutes). Last, they are handed out
    a few at a time to whichever worker is free."""
    rank = {"metropolitan": 0, QUERY_COUNTS: 1, "district": 2, SEEDS: 3, None: 4}
    items.sort(key=lambda item: (rank[scale_of(item)], item.get_closest_marker("browser") is not None))


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

    def read_after_each_seed(self) -> Seeds:
        """Every registered reading after each seeding in SEEDINGS of the district council into an empty database.

        The session's own district council (seeded with seed_demo's default seed into the empty database) is one
        of them: read first, then rolled back, and the database is seeded afresh for the rest.
        """
        seeds = Seeds()
        wanted = dict(SEEDINGS)
        council = self.use("district")
        seeds.default_seed = int(re.search(r"\bseed (\d+)\)", council.output)[1])  # type: ignore[index]
        with self.blocker.unblock():
            seeds.read(seeds.default_seed, default=True)
        if wanted.get(seeds.default_seed):
            wanted[seeds.default_seed] -= 1
        self.release()
        from commissioning.accounts.models import User

        for seed, times in wanted.items():
            for _ in range(times):
                with self.blocker.unblock(), environment(SEEDING_ENVIRONMENT.get(seed, {})):
                    assert not User.objects.exists(), "the database is not empty before seeding"
                    with transaction.atomic():
                        call_command("seed_demo", scale="district", seed=seed, stdout=io.StringIO())
                        seeds.read(seed)
                        transaction.set_rollback(True)
                    assert not User.objects.exists(), "the seeded council was not rolled back"
        return seeds


@contextmanager
def environment(variables: dict[str, str | None]) -> Iterator[None]:
    """The process's environment with these variables set (None: removed), as it was afterwards."""
    before = {name: os.environ.get(name) for name in variables}
    try:
        for name, value in variables.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass
class Seeds:
    """What each registered reading read after each seeding; a reading that failed raises its error in the test."""

    default_seed: int = 0
    by_reading: dict[Reading, dict[int, list[Any]]] = field(default_factory=dict)
    defaults: dict[Reading, Any] = field(default_factory=dict)
    errors: dict[Reading, Exception] = field(default_factory=dict)

    def read(self, seed: int, *, default: bool = False) -> None:
        for read in _READINGS:
            try:
                with transaction.atomic():  # the reading leaves the seeded council as it was
                    value = read()
                    transaction.set_rollback(True)
            except Exception as error:  # noqa: BLE001 - raised again by the test that reads it
                self.errors.setdefault(read, error)
                continue
            self.by_reading.setdefault(read, {}).setdefault(seed, []).append(value)
            if default:
                self.defaults[read] = value

    def runs(self, read: Reading, seed: int) -> list[Any]:
        """The readings after each seeding with this seed, in order (two for 2026, one for 7)."""
        if read in self.errors:
            raise self.errors[read]
        return self.by_reading[read][seed]

    def default(self, read: Reading) -> Any:
        """The reading after seeding with seed_demo's default seed."""
        if read in self.errors:
            raise self.errors[read]
        return self.defaults[read]


@dataclass
class QueryCounts:
    """{scale: {page: queries}} per measurement; a measurement that failed raises its error in the test reading it."""

    by_measure: dict[Measure, dict[str, dict[str, int]]] = field(default_factory=dict)
    errors: dict[Measure, Exception] = field(default_factory=dict)

    def __getitem__(self, measure: Measure) -> dict[str, dict[str, int]]:
        if measure in self.errors:
            raise self.errors[measure]
        return self.by_measure[measure]
