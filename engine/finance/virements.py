"""Virements: who must approve a transfer between budget lines, by amount bands the council sets (ADR 0026).

A council's financial procedure rules say who may approve a virement by its amount, for example a service head up
to £25,000, a director or the section 151 officer up to £50,000, Cabinet up to £100,000 and Council above. The amount
that decides the band is counted cumulatively per budget line per financial year: the line's approved and pending
virements that year (refused ones do not count) plus this one, on whichever of the two lines gives the larger sum.
So five requests of £20,000 from one line cannot each pass as a service head's £20,000: the fifth is a £100,000
matter for Cabinet.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum

ZERO = Decimal("0.00")


class Approver(IntEnum):
    """Who approves a band, lowest first. Cabinet and Council approve by a recorded decision."""

    SERVICE_HEAD = 1
    DIRECTOR = 2  # a director, or the section 151 officer
    CABINET = 3
    COUNCIL = 4


APPROVER_NAMES = {
    Approver.SERVICE_HEAD: "Service head",
    Approver.DIRECTOR: "Director or section 151 officer",
    Approver.CABINET: "Cabinet",
    Approver.COUNCIL: "Council",
}
BY_DECISION = frozenset({Approver.CABINET, Approver.COUNCIL})

BANDS_EMPTY = "Set at least one approval band"
BANDS_LAST_OPEN = "The last band must have no upper limit: someone must be able to approve any amount"
BANDS_ONLY_LAST_OPEN = "Only the last band may have no upper limit"
BANDS_RISING = "Each band's upper limit must be higher than the one before"
BANDS_APPROVERS_RISING = "Each band must be approved by someone more senior than the band before"
AMOUNT_NOT_POSITIVE = "The amount of a virement must be more than £0"


@dataclass(frozen=True)
class Band:
    """Amounts up to and including ``up_to`` (no limit when None) are approved by ``approver``."""

    approver: Approver
    up_to: Decimal | None

    @property
    def name(self) -> str:
        return APPROVER_NAMES[self.approver]


@dataclass(frozen=True)
class Bands:
    """A council's bands, lowest first; checked when made (``ValueError`` naming the problem)."""

    bands: tuple[Band, ...]

    def __post_init__(self) -> None:
        if not self.bands:
            raise ValueError(BANDS_EMPTY)
        if self.bands[-1].up_to is not None:
            raise ValueError(BANDS_LAST_OPEN)
        limits = [band.up_to for band in self.bands[:-1]]
        if any(limit is None for limit in limits):
            raise ValueError(BANDS_ONLY_LAST_OPEN)
        known = [limit for limit in limits if limit is not None]
        if any(b <= a for a, b in itertools.pairwise(known)) or (known and known[0] <= ZERO):
            raise ValueError(BANDS_RISING)
        approvers = [band.approver for band in self.bands]
        if any(b <= a for a, b in itertools.pairwise(approvers)):
            raise ValueError(BANDS_APPROVERS_RISING)

    def band_for(self, amount: Decimal) -> Band:
        """The band an amount falls in (its upper limit included)."""
        for band in self.bands:
            if band.up_to is None or amount <= band.up_to:
                return band
        raise AssertionError("the last band has no limit")  # pragma: no cover - __post_init__ forbids it


STANDARD_BANDS = Bands(
    (
        Band(Approver.SERVICE_HEAD, Decimal("25000.00")),
        Band(Approver.DIRECTOR, Decimal("50000.00")),
        Band(Approver.CABINET, Decimal("100000.00")),
        Band(Approver.COUNCIL, None),
    )
)


@dataclass(frozen=True)
class Assessment:
    """Which band a virement needs: the cumulative sums on each line, the larger of them and its band."""

    from_line_total: Decimal
    to_line_total: Decimal
    band: Band

    @property
    def cumulative(self) -> Decimal:
        return max(self.from_line_total, self.to_line_total)


def assess(
    *, bands: Bands, amount: Decimal, from_line_earlier: Iterable[Decimal], to_line_earlier: Iterable[Decimal]
) -> Assessment:
    """The band a virement of ``amount`` needs, given the amounts of the other approved and pending virements this
    financial year on the line it comes from and on the line it goes to (refused ones left out by the caller)."""
    if amount <= ZERO:
        raise ValueError(AMOUNT_NOT_POSITIVE)
    from_total = sum(from_line_earlier, ZERO) + amount
    to_total = sum(to_line_earlier, ZERO) + amount
    return Assessment(from_total, to_total, bands.band_for(max(from_total, to_total)))


def powers(*, service_head: bool, director: bool, section_151: bool, cabinet: bool) -> frozenset[Approver]:
    """The bands a person may approve a virement in (ADR 0026).

    A service head (the accountable officer of either line's service) approves the service head's band; a director
    of either line's directorate, or the section 151 officer, that band and their own; a cabinet member those and
    Cabinet's (with Cabinet's or their own portfolio decision); the section 151 officer also records Council's
    approval (with Council's decision). Nobody approves above their band."""
    found: set[Approver] = set()
    if service_head:
        found.add(Approver.SERVICE_HEAD)
    if director or section_151:
        found |= {Approver.SERVICE_HEAD, Approver.DIRECTOR}
    if cabinet:
        found |= {Approver.SERVICE_HEAD, Approver.DIRECTOR, Approver.CABINET}
    if section_151:
        found.add(Approver.COUNCIL)
    return frozenset(found)


def may_approve(*, required: Approver, held: frozenset[Approver]) -> bool:
    return required in held
