"""CPV coverage, suppliers' shares and notice periods (engine.contracts.categories, .decommissioning)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.contracts.categories import (
    CPV_DIVISIONS,
    ContractValue,
    covers,
    cpv_prefix,
    narrowest,
    supplier_summary,
)
from engine.contracts.decommissioning import notice


def test_the_divisions_are_the_45_of_cpv_2008():
    assert len(CPV_DIVISIONS) == 45
    assert CPV_DIVISIONS["85"] == "Health and social work services"
    assert CPV_DIVISIONS["90"] == "Sewage, refuse, cleaning and environmental services"


@pytest.mark.parametrize(
    ("entry", "prefix"),
    [
        ("85", "85"),
        ("853", "853"),
        ("85311000-2", "85311"),
        ("85000000", "85"),
        ("80000000-4", "80"),
        (" 8531 ", "8531"),
    ],
)
def test_a_code_is_reduced_to_its_significant_digits(entry, prefix):
    assert cpv_prefix(entry) == prefix


@pytest.mark.parametrize("entry", ["8", "ab", "85311000-", "123456789", "01"])
def test_anything_else_is_refused(entry):
    with pytest.raises(ValueError, match="CPV"):
        cpv_prefix(entry)


def test_covers_matches_on_prefixes():
    assert covers(["8531"], ["90511000-2", "85311000-2"])
    assert not covers(["8532"], ["85311000-2"])
    assert not covers([], ["85311000-2"])


@settings(deadline=None)  # a shared machine: the first example can be slow to start
@given(st.lists(st.sampled_from(["85", "853", "8531", "85311", "90", "905", "45"]), max_size=6))
def test_narrowest_covers_exactly_what_the_prefixes_cover(prefixes):
    codes = ["85311000-2", "85320000-8", "90511000-2", "45233141-9", "80000000-4"]
    kept = narrowest(prefixes)
    assert all(covers(kept, [c]) == covers(prefixes, [c]) for c in codes)
    assert len(kept) <= len(set(prefixes))


def test_suppliers_are_ranked_by_value_with_sme_and_vcse_shares():
    rows = [
        ContractValue(1, "Big Ltd", False, False, Decimal("600")),
        ContractValue(2, "Small Ltd", True, False, Decimal("300")),
        ContractValue(3, "Charity", True, True, Decimal("100")),
        ContractValue(2, "Small Ltd", True, False, Decimal("0")),
        ContractValue(None, "", False, False, Decimal("5000")),  # in-house: no supplier
    ]
    summary = supplier_summary(rows)
    assert [s.name for s in summary.suppliers] == ["Big Ltd", "Small Ltd", "Charity"]
    assert summary.suppliers[1].contracts == 2
    assert summary.external_value == Decimal("1000")
    assert (summary.sme_count, summary.vcse_count) == (2, 1)
    assert (summary.sme_share, summary.vcse_share) == (Decimal("0.4000"), Decimal("0.1000"))
    assert supplier_summary([]).sme_share == Decimal("0")


def test_notice_runs_whole_months_from_the_day_given():
    short = notice(given_on=dt.date(2026, 1, 31), ends_on=dt.date(2026, 4, 29), period_months=3)
    assert short.earliest_end == dt.date(2026, 4, 30)
    assert short.short
    assert short.days_short == 1
    assert not notice(given_on=dt.date(2026, 1, 31), ends_on=dt.date(2026, 4, 30), period_months=3).short
    assert not notice(given_on=dt.date(2026, 1, 31), ends_on=dt.date(2026, 2, 1), period_months=0).short
    with pytest.raises(ValueError, match="notice period"):
        notice(given_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 2, 1), period_months=-1)
