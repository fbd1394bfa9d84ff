"""Virement bands: the band lookup, the cumulative rule per line per year and who may approve (engine, no database)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.finance import virements as v
from engine.finance.virements import STANDARD_BANDS, Approver, Band, Bands, assess, may_approve, powers

D = Decimal


@pytest.mark.parametrize(
    ("amount", "approver"),
    [
        (D("0.01"), Approver.SERVICE_HEAD),
        (D("25000.00"), Approver.SERVICE_HEAD),
        (D("25000.01"), Approver.DIRECTOR),
        (D("50000.00"), Approver.DIRECTOR),
        (D("80000.00"), Approver.CABINET),
        (D("100000.00"), Approver.CABINET),
        (D("100000.01"), Approver.COUNCIL),
        (D("9000000.00"), Approver.COUNCIL),
    ],
)
def test_band_lookup_includes_each_upper_limit(amount, approver):
    assert STANDARD_BANDS.band_for(amount).approver == approver


def test_cumulative_rule_counts_the_lines_other_virements_this_year():
    found = assess(
        bands=STANDARD_BANDS, amount=D("20000"), from_line_earlier=[D("20000"), D("15000")], to_line_earlier=[]
    )
    assert found.from_line_total == D("55000")
    assert found.to_line_total == D("20000")
    assert found.cumulative == D("55000")
    assert found.band.approver == Approver.CABINET


def test_the_line_receiving_counts_too():
    found = assess(bands=STANDARD_BANDS, amount=D("10000"), from_line_earlier=[], to_line_earlier=[D("20000")])
    assert found.band.approver == Approver.DIRECTOR


def test_an_amount_of_nothing_is_refused():
    with pytest.raises(ValueError, match=v.AMOUNT_NOT_POSITIVE):
        assess(bands=STANDARD_BANDS, amount=D("0"), from_line_earlier=[], to_line_earlier=[])


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ((), v.BANDS_EMPTY),
        ((Band(Approver.SERVICE_HEAD, D("10")),), v.BANDS_LAST_OPEN),
        ((Band(Approver.SERVICE_HEAD, None), Band(Approver.COUNCIL, None)), v.BANDS_ONLY_LAST_OPEN),
        (
            (Band(Approver.SERVICE_HEAD, D("50")), Band(Approver.DIRECTOR, D("50")), Band(Approver.COUNCIL, None)),
            v.BANDS_RISING,
        ),
        ((Band(Approver.CABINET, D("50")), Band(Approver.DIRECTOR, None)), v.BANDS_APPROVERS_RISING),
    ],
)
def test_bands_that_make_no_sense_are_refused(bands, message):
    with pytest.raises(ValueError, match=message):
        Bands(bands)


def test_powers_nobody_approves_above_their_band():
    head = powers(service_head=True, director=False, section_151=False, cabinet=False)
    director = powers(service_head=False, director=True, section_151=False, cabinet=False)
    s151 = powers(service_head=False, director=False, section_151=True, cabinet=False)
    cabinet = powers(service_head=False, director=False, section_151=False, cabinet=True)
    nobody = powers(service_head=False, director=False, section_151=False, cabinet=False)
    assert head == {Approver.SERVICE_HEAD}
    assert director == {Approver.SERVICE_HEAD, Approver.DIRECTOR}
    assert cabinet == {Approver.SERVICE_HEAD, Approver.DIRECTOR, Approver.CABINET}
    assert s151 == {Approver.SERVICE_HEAD, Approver.DIRECTOR, Approver.COUNCIL}  # Council's, by its decision
    assert nobody == frozenset()
    assert not may_approve(required=Approver.COUNCIL, held=cabinet)
    assert not may_approve(required=Approver.CABINET, held=s151)
    assert may_approve(required=Approver.CABINET, held=cabinet)


amounts = st.decimals(min_value=D("0.01"), max_value=D("90000"), places=2)
limits = st.lists(st.integers(min_value=1, max_value=200_000), min_size=1, max_size=3, unique=True)


@st.composite
def council_bands(draw):
    chosen = sorted(draw(limits))
    approvers = sorted(draw(st.permutations(list(Approver)))[: len(chosen) + 1])
    made = [Band(a, D(limit)) for a, limit in zip(approvers, chosen, strict=False)]
    return Bands((*made, Band(approvers[len(chosen)], None)))


@settings(max_examples=300, deadline=None)
@given(
    bands=st.one_of(st.just(STANDARD_BANDS), council_bands()),
    requests=st.lists(st.tuples(amounts, st.booleans()), min_size=1, max_size=12),
)
def test_no_sequence_of_split_requests_is_approved_below_the_band_its_total_needs(bands, requests):
    """Requests from one line, each approved (True) or refused (False) by exactly the lowest band that may: the
    most senior approver of the approved ones is never below the band their total needs."""
    pending_or_approved: list[Decimal] = []
    approved: list[tuple[Decimal, Approver]] = []
    for amount, approve in requests:
        needed = assess(bands=bands, amount=amount, from_line_earlier=pending_or_approved, to_line_earlier=[])
        assert needed.band.approver >= bands.band_for(amount).approver  # never lower than the request alone
        if approve:
            pending_or_approved.append(amount)
            approved.append((amount, needed.band.approver))
    if approved:
        total = sum((amount for amount, _ in approved), D(0))
        assert max(approver for _, approver in approved) >= bands.band_for(total).approver
