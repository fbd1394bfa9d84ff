"""Quality triangulation (engine/contracts/triangulation.py): the documented rules, every disagreement flag, and the
promise that improving any one signal never lowers the triangulated rating."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from engine.contracts import ratings
from engine.contracts import triangulation as tri
from engine.contracts.triangulation import Concern, Inspection, Signals, Workforce, triangulate

KPI_ORDER = ratings.RATING_ORDER  # best first


def _better(scale: tuple[str, ...], value: str) -> str:
    return scale[max(scale.index(value) - 1, 0)]


inspections = st.builds(
    Inspection,
    overall=st.sampled_from(tri.SCALE),
    key_questions=st.lists(
        st.tuples(st.sampled_from(tri.KEY_QUESTIONS), st.sampled_from(tri.SCALE)), max_size=5, unique_by=lambda x: x[0]
    ).map(tuple),
)
# Figures near the workforce thresholds, so that one step of improvement crosses them.
percent = st.sampled_from([Decimal(v) for v in (0, 15, 20, 24, 30, 34, 76, 79, 80, 100)])
signals = st.builds(
    Signals,
    kpi_ratings=st.lists(st.sampled_from((*KPI_ORDER, ratings.OTHER)), max_size=5).map(tuple),
    previous_kpi_ratings=st.lists(st.sampled_from(KPI_ORDER), max_size=3).map(tuple),
    inspection=st.none() | inspections,
    previous_inspection=st.none() | inspections,
    complaints=st.none() | st.lists(st.integers(0, 40), max_size=6).map(tuple),
    concerns=st.lists(st.builds(Concern, open=st.booleans(), substantiated=st.booleans()), max_size=4).map(tuple),
    workforce=st.builds(
        Workforce,
        staff_turnover=st.none() | percent,
        agency_use=st.none() | percent,
        living_wage_share=st.none() | percent,
        zero_hours_contracts=st.none() | st.sampled_from((0, 10, 11, 30)),
    ),
    financial_risk=st.none() | st.sampled_from(tri.RISKS),
)


def improvements(s: Signals) -> list[Signals]:
    """Every way of improving exactly one signal of ``s`` by one step."""
    found = []
    for i, r in enumerate(s.kpi_ratings):
        if r in KPI_ORDER and r != KPI_ORDER[0]:
            better = (*s.kpi_ratings[:i], _better(KPI_ORDER, r), *s.kpi_ratings[i + 1 :])
            found.append(replace(s, kpi_ratings=better))
    if s.inspection is not None:
        insp = s.inspection
        found.append(replace(s, inspection=replace(insp, overall=_better(tri.SCALE, insp.overall))))
        for i, (q, r) in enumerate(insp.key_questions):
            keys = (*insp.key_questions[:i], (q, _better(tri.SCALE, r)), *insp.key_questions[i + 1 :])
            found.append(replace(s, inspection=replace(insp, key_questions=keys)))
    if s.complaints and s.complaints[-1] > 0:
        found.append(replace(s, complaints=(*s.complaints[:-1], s.complaints[-1] - 1)))
    for i, c in enumerate(s.concerns):
        for better in (replace(c, open=False), replace(c, substantiated=False)):
            found.append(replace(s, concerns=(*s.concerns[:i], better, *s.concerns[i + 1 :])))
    w = s.workforce
    if w.staff_turnover is not None:
        found.append(replace(s, workforce=replace(w, staff_turnover=max(w.staff_turnover - 5, Decimal(0)))))
    if w.agency_use is not None:
        found.append(replace(s, workforce=replace(w, agency_use=max(w.agency_use - 5, Decimal(0)))))
    if w.living_wage_share is not None:
        found.append(replace(s, workforce=replace(w, living_wage_share=min(w.living_wage_share + 5, Decimal(100)))))
    if w.zero_hours_contracts:
        found.append(replace(s, workforce=replace(w, zero_hours_contracts=w.zero_hours_contracts - 1)))
    if s.financial_risk is not None:
        found.append(replace(s, financial_risk=_better(tri.RISKS, s.financial_risk)))
    return found


@given(signals)
def test_improving_any_one_signal_never_lowers_the_rating(s):
    before = triangulate(s).rating
    for better in improvements(s):
        after = triangulate(better).rating
        assert tri.is_better_or_equal(after, before), (better, before, after)


GOOD_KPIS = (ratings.GOOD, ratings.GOOD, ratings.GOOD)


def test_good_kpis_and_a_good_inspection_are_good_with_an_explanation_per_signal():
    result = triangulate(Signals(kpi_ratings=GOOD_KPIS, inspection=Inspection(tri.GOOD)))
    assert result.rating == tri.GOOD
    assert result.label == "Good"
    assert [c.signal for c in result.contributions] == [
        "kpis",
        "inspection",
        "complaints",
        "workforce",
        "safeguarding",
        "financial",
    ]
    assert result.contributions[2].explanation == "No complaint data yet"
    assert result.flags == ()
    assert result.trend == tri.STABLE


def test_outstanding_needs_an_outstanding_inspection():
    keys = tuple((q, tri.OUTSTANDING) for q in tri.KEY_QUESTIONS)
    assert triangulate(Signals(kpi_ratings=GOOD_KPIS, inspection=Inspection(tri.OUTSTANDING, keys))).rating == (
        tri.OUTSTANDING
    )
    assert triangulate(Signals(kpi_ratings=GOOD_KPIS, complaints=(3, 3))).rating == tri.GOOD


def test_one_signal_is_not_enough_evidence():
    assert triangulate(Signals(kpi_ratings=GOOD_KPIS)).rating == tri.NOT_ENOUGH_EVIDENCE
    assert triangulate(Signals(complaints=(1, 1), workforce=Workforce(staff_turnover=Decimal(5)))).rating == (
        tri.NOT_ENOUGH_EVIDENCE
    )
    assert triangulate(Signals()).label == "Not enough evidence"


def test_caps_safeguarding_and_an_inadequate_inspection():
    base = Signals(kpi_ratings=GOOD_KPIS, inspection=Inspection(tri.OUTSTANDING))
    assert triangulate(replace(base, concerns=(Concern(open=True, substantiated=True),))).rating == (
        tri.REQUIRES_IMPROVEMENT
    )
    assert triangulate(replace(base, concerns=(Concern(open=True, substantiated=False),))).rating == tri.GOOD
    assert triangulate(replace(base, financial_risk=tri.HIGH_RISK)).rating == tri.GOOD
    inadequate = Signals(kpi_ratings=GOOD_KPIS * 5, inspection=Inspection(tri.INADEQUATE), complaints=(2, 1))
    assert triangulate(inadequate).rating == tri.REQUIRES_IMPROVEMENT


def test_flag_kpis_good_but_inspection_fell():
    result = triangulate(
        Signals(kpi_ratings=GOOD_KPIS, inspection=Inspection(tri.GOOD), previous_inspection=Inspection(tri.OUTSTANDING))
    )
    assert result.flags == (tri.KPIS_GOOD_INSPECTION_FELL,)
    assert result.flag_labels == ("KPIs good but inspection fell",)
    assert result.trend == tri.WORSENING


def test_flag_kpis_good_but_inspection_poor():
    result = triangulate(Signals(kpi_ratings=GOOD_KPIS, inspection=Inspection(tri.REQUIRES_IMPROVEMENT)))
    assert result.flags == (tri.KPIS_GOOD_INSPECTION_POOR,)


def test_flag_kpis_good_but_complaints_rising():
    result = triangulate(Signals(kpi_ratings=GOOD_KPIS, complaints=(2, 2, 9)))
    assert result.flags == (tri.KPIS_GOOD_COMPLAINTS_RISING,)
    assert "KPIs good but complaints rising" in result.flag_labels
    assert result.trend == tri.WORSENING


def test_flag_kpis_good_but_workforce_concerns():
    workforce = Workforce(staff_turnover=Decimal(35), living_wage_share=Decimal(60))
    result = triangulate(Signals(kpi_ratings=GOOD_KPIS, workforce=workforce))
    assert result.flags == (tri.KPIS_GOOD_WORKFORCE_CONCERNS,)
    assert "staff turnover 35%" in result.contributions[3].explanation


def test_flag_inspection_good_but_substantiated_safeguarding_open():
    result = triangulate(
        Signals(inspection=Inspection(tri.GOOD), concerns=(Concern(open=True, substantiated=True),), complaints=(1, 1))
    )
    assert result.flags == (tri.INSPECTION_GOOD_SAFEGUARDING,)


def test_flag_rated_well_but_financial_risk_high():
    result = triangulate(Signals(kpi_ratings=GOOD_KPIS, inspection=Inspection(tri.GOOD), financial_risk=tri.HIGH_RISK))
    assert result.flags == (tri.RATED_WELL_FINANCIAL_RISK,)


def test_trend_improving():
    result = triangulate(
        Signals(
            kpi_ratings=GOOD_KPIS,
            previous_kpi_ratings=(ratings.INADEQUATE,),
            inspection=Inspection(tri.GOOD),
            previous_inspection=Inspection(tri.REQUIRES_IMPROVEMENT),
        )
    )
    assert result.trend == tri.IMPROVING
