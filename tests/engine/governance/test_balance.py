"""Political balance by the largest remainder: properties and worked examples."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.governance.balance import (
    COUNCIL_SEATS_NEGATIVE,
    SEATS_NEGATIVE,
    PartySeats,
    allocate_seats,
    political_balance,
)

PARTY_NAMES = ["Civic Alliance", "Community First", "Green Future", "Independent", "Progress Party", "Other"]

councils = st.lists(
    st.tuples(st.sampled_from(PARTY_NAMES), st.integers(min_value=0, max_value=80)),
    min_size=1,
    max_size=6,
    unique_by=lambda pair: pair[0],
).map(lambda pairs: [PartySeats(party=p, seats=s) for p, s in pairs])
committee_seats = st.integers(min_value=0, max_value=60)


def _total(council: list[PartySeats]) -> int:
    return sum(g.seats for g in council)


@given(council=councils, seats=committee_seats)
def test_the_allocation_adds_up_to_the_committees_seats(council: list[PartySeats], seats: int) -> None:
    allocation = allocate_seats(council=council, seats=seats)
    assert set(allocation) == {g.party for g in council}
    assert sum(allocation.values()) == (seats if _total(council) else 0)


@given(council=councils, seats=committee_seats)
def test_no_group_is_more_than_one_seat_from_its_exact_share(council: list[PartySeats], seats: int) -> None:
    total = _total(council)
    allocation = allocate_seats(council=council, seats=seats)
    for group in council:
        exact = Fraction(seats * group.seats, total) if total else Fraction(0)
        assert abs(allocation[group.party] - exact) < 1
        assert allocation[group.party] >= int(exact)


@given(council=councils, seats=committee_seats)
def test_the_order_the_groups_come_in_does_not_matter(council: list[PartySeats], seats: int) -> None:
    assert allocate_seats(council=council, seats=seats) == allocate_seats(council=council[::-1], seats=seats)


@given(council=councils, seats=committee_seats)
def test_a_bigger_group_never_gets_fewer_seats(council: list[PartySeats], seats: int) -> None:
    allocation = allocate_seats(council=council, seats=seats)
    for a in council:
        for b in council:
            if a.seats > b.seats:
                assert allocation[a.party] >= allocation[b.party]


@given(council=councils, seats=committee_seats)
def test_a_committee_seated_as_entitled_is_balanced(council: list[PartySeats], seats: int) -> None:
    allocation = allocate_seats(council=council, seats=seats)
    balance = political_balance(council=council, seats=seats, actual=allocation)
    assert balance.is_balanced
    assert balance.under_represented == balance.over_represented == ()
    assert sum(p.difference for p in balance.parties) == 0


def test_a_worked_example_by_the_largest_remainder() -> None:
    # 40 councillors, a committee of 9: exact shares 4.5, 2.925, 1.125, 0.45 -> 4, 2, 1, 0 and two seats over,
    # to the largest fractions (.925 and .5).
    council = [
        PartySeats("Community First", 20),
        PartySeats("Civic Alliance", 13),
        PartySeats("Green Future", 5),
        PartySeats("Independent", 2),
    ]
    assert allocate_seats(council=council, seats=9) == {
        "Community First": 5,
        "Civic Alliance": 3,
        "Green Future": 1,
        "Independent": 0,
    }


def test_under_and_over_represented_groups_are_named() -> None:
    council = [PartySeats("Community First", 20), PartySeats("Civic Alliance", 20)]
    balance = political_balance(
        council=council, seats=6, actual={"Community First": 4, "Civic Alliance": 1, "Green Future": 1}
    )
    assert [(p.party, p.entitled, p.actual, p.difference) for p in balance.parties] == [
        ("Civic Alliance", 3, 1, -2),
        ("Community First", 3, 4, 1),
        ("Green Future", 0, 1, 1),
    ]
    assert [p.party for p in balance.under_represented] == ["Civic Alliance"]
    assert [p.party for p in balance.over_represented] == ["Community First", "Green Future"]


def test_a_tie_in_the_remainders_goes_to_the_bigger_group_then_by_name() -> None:
    council = [PartySeats("B", 1), PartySeats("A", 1), PartySeats("C", 1)]
    assert allocate_seats(council=council, seats=1) == {"A": 1, "B": 0, "C": 0}
    council = [PartySeats("B", 2), PartySeats("A", 1), PartySeats("C", 1)]
    assert allocate_seats(council=council, seats=1) == {"A": 0, "B": 1, "C": 0}


def test_negative_seats_are_refused() -> None:
    with pytest.raises(ValueError, match=SEATS_NEGATIVE.format(seats=-1)):
        allocate_seats(council=[PartySeats("A", 1)], seats=-1)
    with pytest.raises(ValueError, match=COUNCIL_SEATS_NEGATIVE.format(party="A", seats=-2)):
        allocate_seats(council=[PartySeats("A", -2)], seats=1)
