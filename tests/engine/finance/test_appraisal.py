"""Options appraisal: a hand-worked shortlist, the edge cases, and properties that hold for any shortlist."""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.finance.appraisal import (
    AppraisalInput,
    Line,
    LineKind,
    LineRange,
    OptionInput,
    OptionKind,
    appraise,
    line_present_values,
)
from engine.finance.discounting import DiscountSchedule

D = Decimal


def cost(*amounts, category="costs", kind=LineKind.RECURRING_COST, **extra):
    return Line(kind, category, tuple(D(a) for a in amounts), **extra)


def benefit(*amounts, category="benefits", kind=LineKind.CASHABLE_BENEFIT, **extra):
    return Line(kind, category, tuple(D(a) for a in amounts), **extra)


# A shortlist over three years (2026/27 to 2028/29). Discount factors: 1, 1/1.035 = 0.96618357...,
# 1/1.035^2 = 0.93351070...; their sum is 2.89969428 and the sum of years 1-2 is 1.89969428.
#
# In-house (bau): costs 1,000 a year.
#   PV costs = 1,000 x 2.89969428 = 2,899.69; NPSV -2,899.69.
# Shared service (do_minimum): costs 1,100, 900, 900; benefits 0, 50, 50.
#   PV costs = 1,100 + 900 x 1.89969428 = 2,809.72; PV benefits = 50 x 1.89969428 = 94.98
#   NPSV = 94.98 - 2,809.72 = -2,714.74; against bau +184.95; BCR 94.98 / 2,809.72 = 0.0338.
# Outsource (option, 10% optimism bias): procurement 200 in year 0, contract 600 a year, non-cashable benefit
# 100 in years 1-2.
#   PV costs = (200 + 600 x 2.89969428) x 1.1 = (200 + 1,739.82) x 1.1 = 2,133.80, of which 193.98 is optimism bias
#   PV benefits = 100 x 1.89969428 = 189.97; NPSV = 189.97 - 2,133.80 = -1,943.83; against bau +955.86
#   BCR = 189.97 / 2,133.80 = 0.0890.
# Preferred: Outsource (highest NPSV); its rival Shared service, 770.91 behind (unrounded 770.9113398).
# Switching values for Outsource: the contract line (PV 1,913.80 with bias) must rise by
# 770.9113398 / 1,913.7982217 = 40.28%, i.e. 725.07 on its 1,800 real total; procurement (PV 220) by 350.41%;
# the benefit (PV 189.97) must fall by 405.81%.
SHORTLIST = AppraisalInput(
    base_year=2026,
    horizon_years=3,
    options=(
        OptionInput("In-house", OptionKind.BAU, (cost(1000, 1000, 1000),)),
        OptionInput("Shared service", OptionKind.DO_MINIMUM, (cost(1100, 900, 900), benefit(0, 50, 50))),
        OptionInput(
            "Outsource",
            OptionKind.OPTION,
            (
                cost(200, category="procurement", kind=LineKind.TRANSITION_COST),
                cost(600, 600, 600, category="contract"),
                benefit(0, 100, 100, category="fewer complaints", kind=LineKind.NON_CASHABLE_BENEFIT),
            ),
            optimism_bias=D("0.1"),
        ),
    ),
)


def test_hand_worked_shortlist():
    result = appraise(SHORTLIST)
    assert result.year_labels == ("2026/27", "2027/28", "2028/29")
    bau, do_minimum, outsource = result.options
    assert (bau.pv_costs, bau.pv_benefits, bau.npsv, bau.npsv_vs_bau) == (D("2899.69"), 0, D("-2899.69"), 0)
    assert bau.bcr == D("0")
    assert (do_minimum.pv_costs, do_minimum.pv_benefits) == (D("2809.72"), D("94.98"))
    assert (do_minimum.npsv, do_minimum.npsv_vs_bau, do_minimum.bcr) == (D("-2714.74"), D("184.95"), D("0.0338"))
    assert (outsource.pv_costs, outsource.pv_benefits) == (D("2133.80"), D("189.97"))
    assert (outsource.npsv, outsource.npsv_vs_bau, outsource.bcr) == (D("-1943.83"), D("955.86"), D("0.0890"))
    assert outsource.pv_optimism_bias == D("193.98")
    assert [line.present_value for line in outsource.lines] == [D("220.00"), D("1913.80"), D("189.97")]
    assert outsource.discounted_net_by_year == (D("-880.00"), D("-541.06"), D("-522.77"))
    assert (result.preferred, result.rival) == ("Outsource", "Shared service")


def test_hand_worked_switching_values():
    procurement, contract, benefits = appraise(SHORTLIST).switching_values
    assert contract.rival == "Shared service"
    assert round(contract.fraction, 6) == D("0.402817")
    assert (contract.pv_change, contract.amount_change) == (D("770.91"), D("725.07"))
    assert round(procurement.fraction, 6) == D("3.504142")
    assert round(benefits.fraction, 6) == D("-4.058081")
    assert (benefits.pv_change, benefits.amount_change) == (D("-770.91"), D("-811.62"))


def test_money_is_rounded_half_up_to_pence():
    # 0.125 in year 0 is undiscounted: 0.125 rounds up to 0.13 (banker's rounding would give 0.12).
    appraisal = AppraisalInput(2026, (OptionInput("A", "bau", (cost("0.125"), benefit("0.135"))),), horizon_years=1)
    (option,) = appraise(appraisal).options
    assert (option.pv_costs, option.pv_benefits, option.npsv) == (D("0.13"), D("0.14"), D("0.01"))


def test_bcr_is_none_when_there_are_no_costs():
    appraisal = AppraisalInput(
        2026,
        (OptionInput("Nothing", "bau", ()), OptionInput("Grant", "option", (cost(0, 0), benefit(0, 500)))),
        horizon_years=2,
    )
    nothing, grant = appraise(appraisal).options
    assert nothing.bcr is None
    assert grant.bcr is None
    assert grant.npsv == D("483.09")


def test_discounted_payback_year():
    appraisal = AppraisalInput(
        2026,
        (
            OptionInput("BAU", "bau", (cost(10), benefit(10))),  # net 0 in year 0: pays back at once
            OptionInput("Invest", "option", (cost(100), benefit(0, 60, 60))),  # -100, -42.03, +13.98: year 2
            OptionInput("Never", "option", (cost(100), benefit(0, 10, 10))),
        ),
        horizon_years=3,
    )
    bau, invest, never = appraise(appraisal).options
    assert bau.discounted_payback_year == 0
    assert invest.discounted_payback_year == 2
    assert never.discounted_payback_year is None


def test_a_tie_goes_to_the_option_listed_first():
    appraisal = AppraisalInput(
        2026, (OptionInput("BAU", "bau", (cost(5),)), OptionInput("Same", "option", (cost(5),))), horizon_years=1
    )
    result = appraise(appraisal)
    assert (result.preferred, result.rival) == ("BAU", "Same")
    assert all(value.fraction == 0 for value in result.switching_values)


def test_a_shortlist_of_one_has_no_rival_and_no_switching_values():
    result = appraise(AppraisalInput(2026, (OptionInput("BAU", "bau", (cost(5),)),), horizon_years=1))
    assert (result.preferred, result.rival, result.switching_values) == ("BAU", None, ())


def test_a_line_with_no_value_has_no_switching_value():
    appraisal = AppraisalInput(
        2026,
        (OptionInput("BAU", "bau", (cost(100),)), OptionInput("A", "option", (cost(50), benefit(0)))),
        horizon_years=1,
    )
    _cost, zero = appraise(appraisal).switching_values
    assert (zero.fraction, zero.pv_change, zero.amount_change) == (None, None, None)


def test_a_line_may_carry_its_own_optimism_bias():
    appraisal = AppraisalInput(
        2026,
        (
            OptionInput(
                "BAU",
                "bau",
                (cost(100, category="ict", kind=LineKind.TRANSITION_COST, optimism_bias=D("2")), cost(100)),
                optimism_bias=D("0.41"),
            ),
        ),
        horizon_years=1,
    )
    (option,) = appraise(appraisal).options
    assert option.pv_costs == D("441.00")  # 100 x 3 + 100 x 1.41
    assert option.pv_optimism_bias == D("241.00")


def test_short_lines_are_zero_in_later_years():
    short = AppraisalInput(2026, (OptionInput("BAU", "bau", (cost(100),)),))
    assert short.horizon_years == 10
    (option,) = appraise(short).options
    assert option.pv_costs == D("100.00")
    assert len(option.discounted_net_by_year) == 10


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: AppraisalInput(2026, (OptionInput("A", "option", ()),)), "exactly one"),
        (
            lambda: AppraisalInput(2026, (OptionInput("A", "bau", ()), OptionInput("B", "bau", ()))),
            "2 business-as-usual",
        ),
        (lambda: AppraisalInput(2026, (OptionInput("A", "bau", ()), OptionInput("A", "option", ()))), "both called"),
        (lambda: AppraisalInput(2026, (OptionInput("A", "bau", (cost(1, 2, 3),)),), horizon_years=2), "horizon is 2"),
        (lambda: AppraisalInput(2026, (OptionInput("A", "bau", ()),), horizon_years=0), "1 or more"),
        (lambda: OptionInput(" ", "bau", ()), "non-empty"),
        (lambda: OptionInput("A", "bau", (), optimism_bias=D("-0.1")), "0 or more"),
        (lambda: OptionInput("A", "maybe", ()), "maybe"),
        (lambda: cost(-1), "costs must be 0 or more"),
        (lambda: cost("NaN"), "finite"),
        (lambda: Line(LineKind.INCOME, "fees", (1.5,)), "must be a Decimal"),
        (lambda: benefit(1, optimism_bias=D("0.1")), "cost lines only"),
        (lambda: cost(1, optimism_bias=D("-0.1")), "0 or more"),
        (lambda: LineRange(D(2), D(1), D(3)), "minimum <= most likely <= maximum"),
        (lambda: cost(1, range=LineRange(D(-1), D(1), D(2))), "below 0"),
        (lambda: cost(0, range=LineRange(D(1), D(1), D(2), basis="absolute")), "do not total 0"),
    ],
)
def test_bad_inputs_say_what_is_wrong(build, message):
    with pytest.raises((ValueError, TypeError), match=message):
        build()


def test_absolute_ranges_become_multipliers():
    line = cost(100, 100, 100, range=LineRange(D(240), D(300), D(450), basis="absolute"))
    assert line.multipliers() == (D("0.8"), D(1), D("1.5"))
    disbenefit = benefit(-100, -100, range=LineRange(D(-300), D(-200), D(-100), basis="absolute"))
    assert disbenefit.multipliers() == (D("0.5"), D(1), D("1.5"))
    assert cost(5).multipliers() == (1, 1, 1)


# Properties over any shortlist ------------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=10**7, places=2)


@st.composite
def shortlists(draw, max_years=10):
    years = draw(st.integers(min_value=1, max_value=max_years))
    profile = st.lists(money, min_size=1, max_size=years).map(tuple)
    kinds = st.sampled_from(list(LineKind))
    count = draw(st.integers(min_value=2, max_value=4))
    options = []
    for index in range(count):
        lines = tuple(
            Line(kind, f"line {n}", amounts)
            for n, (kind, amounts) in enumerate(draw(st.lists(st.tuples(kinds, profile), min_size=1, max_size=4)))
        )
        bias = draw(st.decimals(min_value=0, max_value=2, places=2))
        options.append(OptionInput(f"option {index}", "bau" if index == 0 else "option", lines, bias))
    return AppraisalInput(2026, tuple(options), horizon_years=years)


@given(shortlists(), st.data())
def test_npsv_falls_as_costs_rise(appraisal, data):
    index = data.draw(st.integers(min_value=0, max_value=len(appraisal.options) - 1))
    option = appraisal.options[index]
    year = data.draw(st.integers(min_value=0, max_value=appraisal.horizon_years - 1))
    extra = data.draw(st.decimals(min_value=1, max_value=10**6, places=2))
    raised = replace(option, lines=(*option.lines, Line(LineKind.RECURRING_COST, "extra", (D(0),) * year + (extra,))))
    options = tuple(raised if other is option else other for other in appraisal.options)
    before = appraise(appraisal).options[index]
    after = appraise(replace(appraisal, options=options)).options[index]
    assert after.npsv < before.npsv
    assert after.pv_costs > before.pv_costs
    assert after.pv_benefits == before.pv_benefits


@given(shortlists(), st.decimals(min_value=0, max_value=2, places=3))
def test_optimism_bias_never_lowers_the_pv_of_costs(appraisal, extra):
    before = appraise(appraisal)
    uplifted = tuple(replace(option, optimism_bias=option.optimism_bias + extra) for option in appraisal.options)
    after = appraise(replace(appraisal, options=uplifted))
    for old, new in zip(before.options, after.options, strict=True):
        assert new.pv_costs >= old.pv_costs
        assert new.pv_benefits == old.pv_benefits


@given(shortlists())
def test_figures_add_up(appraisal):
    result = appraise(appraisal)
    bau = next(option for option in result.options if option.kind is OptionKind.BAU)
    for option, given_option in zip(result.options, appraisal.options, strict=True):
        assert option.npsv == option.pv_benefits - option.pv_costs
        assert option.npsv_vs_bau == option.npsv - bau.npsv
        assert option.pv_costs >= 0
        assert abs(sum(line_present_values(appraisal, given_option)) - option.npsv) <= D("0.01")
    assert result.option(result.preferred).npsv == max(option.npsv for option in result.options)


@settings(max_examples=60)
@given(shortlists())
def test_moving_a_line_by_its_switching_value_makes_the_preferred_option_tie(appraisal):
    result = appraise(appraisal)
    preferred = next(option for option in appraisal.options if option.name == result.preferred)
    for value in result.switching_values:
        if value.fraction is None:
            continue
        lines = list(preferred.lines)
        line = lines[value.line_index]
        if line.kind.is_cost and value.fraction < -1:
            continue  # the cost would have to go below 0, which is not a cost
        lines[value.line_index] = replace(line, amounts=tuple(a * (1 + value.fraction) for a in line.amounts))
        moved = replace(preferred, lines=tuple(lines))
        after = appraise(replace(appraisal, options=tuple(moved if o is preferred else o for o in appraisal.options)))
        # Each reported NPSV is within a penny of its exact value, so the two are within 2p of each other.
        assert abs(after.option(result.preferred).npsv - after.option(value.rival).npsv) <= D("0.02")


def test_a_different_schedule_changes_the_figures():
    flat = replace(SHORTLIST, schedule=DiscountSchedule.constant(D(0)))
    bau = appraise(flat).options[0]
    assert bau.pv_costs == D("3000.00")
