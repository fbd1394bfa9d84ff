"""Political balance: a committee's seats shared among the political groups in proportion to their council seats.

The Local Government and Housing Act 1989 (s.15) and its regulations ask that the seats on a council's committees be
allocated to the political groups in proportion to their share of the council's seats. We share them by the largest
remainder: each group first gets the whole part of its exact share (committee seats x group's council seats /
council seats), and the seats left over go one each to the groups with the largest fractions left (a tie goes to the
group with more council seats, then by name, so the answer never depends on the order the groups came in). Every
group is then within one seat of its exact share, and the seats add up to the committee's.

Pure arithmetic: the app counts the council's seats and a committee's members and passes them in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

SEATS_NEGATIVE = "A committee cannot have a negative number of seats: got {seats}"
COUNCIL_SEATS_NEGATIVE = "{party} cannot hold a negative number of council seats: got {seats}"


@dataclass(frozen=True)
class PartySeats:
    """A political group and how many seats it holds on the council."""

    party: str
    seats: int


@dataclass(frozen=True)
class PartyBalance:
    """One group on one committee: the seats its share entitles it to, the seats it holds, and the difference."""

    party: str
    council_seats: int
    exact_share: Fraction
    entitled: int
    actual: int

    @property
    def difference(self) -> int:
        """Seats held less seats entitled: positive when over-represented, negative when under-represented."""
        return self.actual - self.entitled


@dataclass(frozen=True)
class Balance:
    seats: int
    parties: tuple[PartyBalance, ...]

    @property
    def under_represented(self) -> tuple[PartyBalance, ...]:
        return tuple(p for p in self.parties if p.difference < 0)

    @property
    def over_represented(self) -> tuple[PartyBalance, ...]:
        return tuple(p for p in self.parties if p.difference > 0)

    @property
    def is_balanced(self) -> bool:
        return all(p.difference == 0 for p in self.parties)


def allocate_seats(*, council: Sequence[PartySeats], seats: int) -> dict[str, int]:
    """Each group's seats out of ``seats`` by the largest remainder (every group named, with 0 where it gets none)."""
    if seats < 0:
        raise ValueError(SEATS_NEGATIVE.format(seats=seats))
    for group in council:
        if group.seats < 0:
            raise ValueError(COUNCIL_SEATS_NEGATIVE.format(party=group.party, seats=group.seats))
    total = sum(group.seats for group in council)
    allocation = {group.party: 0 for group in council}
    if total == 0 or seats == 0:
        return allocation
    shares = {group.party: Fraction(seats * group.seats, total) for group in council}
    for party, share in shares.items():
        allocation[party] = int(share)  # the whole part: shares are never negative
    left = seats - sum(allocation.values())
    by_remainder = sorted(council, key=lambda g: (-(shares[g.party] - int(shares[g.party])), -g.seats, g.party))
    for group in by_remainder[:left]:
        allocation[group.party] += 1
    return allocation


def political_balance(*, council: Sequence[PartySeats], seats: int, actual: Mapping[str, int]) -> Balance:
    """A committee of ``seats`` seats against the council: each group's entitlement, its ``actual`` seats on the
    committee and the difference. A group that sits on the committee but holds no council seat is listed too (it is
    entitled to none)."""
    entitled = allocate_seats(council=council, seats=seats)
    total = sum(group.seats for group in council)
    held = {group.party: group.seats for group in council}
    names = sorted(set(held) | {party for party, count in actual.items() if count}, key=lambda p: (-held.get(p, 0), p))
    return Balance(
        seats=seats,
        parties=tuple(
            PartyBalance(
                party=party,
                council_seats=held.get(party, 0),
                exact_share=Fraction(seats * held.get(party, 0), total) if total else Fraction(0),
                entitled=entitled.get(party, 0),
                actual=actual.get(party, 0),
            )
            for party in names
        ),
    )
