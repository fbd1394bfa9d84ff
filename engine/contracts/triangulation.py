"""Quality triangulation: one rating of a provider's (or an in-house service's) quality from every signal we hold.

Pure Python: frozen dataclasses in and out, exact fractions for the arithmetic. The same rules for every provider and
for the council's own services.

**The scale** is the inspectorates': Outstanding (4), Good (3), Requires improvement (2), Inadequate (1), or
"Not enough evidence".

**Each signal's score** (1 to 4; absent signals score nothing and weigh nothing):

- *KPIs* (weight 3): the latest confirmed assessment's KPI ratings, each Good 3, Approaching target 2.5, Requires
  improvement 2, Inadequate 1 (Other is not counted), averaged. KPIs alone never reach Outstanding.
- *Inspection* (weight 3): the latest inspection's overall rating counted twice and the average of its key questions
  (safe, effective, caring, responsive, well-led: those rated) once, over three.
- *Complaints* (weight 1), once there are at least two quarters of counts: the *rise* is the latest quarter's count
  less the average of the quarters before it. Rise 0 or less: 3; up to ``max(1, half the average)``: 2; more: 1.
  Improving the complaints signal means fewer complaints in the latest quarter.
- *Workforce* (weight 1), from the latest return's employment figures: a *concern* each for staff turnover of
  ``TURNOVER_CONCERN`` % or more, agency use of ``AGENCY_CONCERN`` % or more, fewer than ``LIVING_WAGE_CONCERN`` %
  of staff paid the Real Living Wage, and more than ``ZERO_HOURS_CONCERN`` zero-hours contracts. No concern: 3; one
  or two: 2; three or four: 1.

**The rating.** With fewer than two of those four signals, or neither KPIs nor an inspection: Not enough evidence.
Otherwise the weighted average ``m`` of the present scores gives: Outstanding when ``m >= 3.25`` *and* the latest
inspection is Outstanding; Good when ``m >= 2.5``; Requires improvement when ``m >= 1.75``; else Inadequate.
Then the caps (never raising a rating):

- an Inadequate inspection overall, or an open substantiated safeguarding concern: at most Requires improvement;
- any open safeguarding concern, or high financial risk: at most Good.

Every score, threshold and cap only moves one way as a signal improves, so improving any one signal never lowers the
triangulated rating (tests/engine/test_contract_triangulation.py checks it with Hypothesis).

**The trend** counts the signals that moved since the previous reading (KPIs: the previous assessment's average;
inspection: the previous inspection's overall rating; complaints: the rise): more improving than worsening is
Improving, more worsening is Worsening, else Stable.

**Disagreement flags** (``FLAGS``) say where the signals tell different stories, such as good KPIs with a falling
inspection rating or rising complaints: they are not in the rating, they are for the officer to look into.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from engine.contracts import ratings

OUTSTANDING = "outstanding"
GOOD = "good"
REQUIRES_IMPROVEMENT = "requires_improvement"
INADEQUATE = "inadequate"
NOT_ENOUGH_EVIDENCE = "not_enough_evidence"
SCALE = (OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE)  # best first
POINTS = {OUTSTANDING: 4, GOOD: 3, REQUIRES_IMPROVEMENT: 2, INADEQUATE: 1}
LABELS = {
    OUTSTANDING: "Outstanding",
    GOOD: "Good",
    REQUIRES_IMPROVEMENT: "Requires improvement",
    INADEQUATE: "Inadequate",
    NOT_ENOUGH_EVIDENCE: "Not enough evidence",
}
KEY_QUESTIONS = ("safe", "effective", "caring", "responsive", "well_led")

KPI_POINTS = {
    ratings.GOOD: Fraction(3),
    ratings.APPROACHING: Fraction(5, 2),
    ratings.REQUIRES_IMPROVEMENT: Fraction(2),
    ratings.INADEQUATE: Fraction(1),
}
WEIGHTS = {"kpis": 3, "inspection": 3, "complaints": 1, "workforce": 1}
SIGNAL_NAMES = {
    "kpis": "KPI ratings",
    "inspection": "Inspection",
    "complaints": "Complaints",
    "workforce": "Employment practice",
    "safeguarding": "Safeguarding concerns",
    "financial": "Financial health",
}

TURNOVER_CONCERN = Decimal("30")
AGENCY_CONCERN = Decimal("20")
LIVING_WAGE_CONCERN = Decimal("80")
ZERO_HOURS_CONCERN = 10

LOW_RISK = "low"
MEDIUM_RISK = "medium"
HIGH_RISK = "high"
RISKS = (LOW_RISK, MEDIUM_RISK, HIGH_RISK)  # best first

IMPROVING = "improving"
STABLE = "stable"
WORSENING = "worsening"

# Disagreement flags: the key and the words shown.
KPIS_GOOD_INSPECTION_FELL = "kpis_good_inspection_fell"
KPIS_GOOD_INSPECTION_POOR = "kpis_good_inspection_poor"
KPIS_GOOD_COMPLAINTS_RISING = "kpis_good_complaints_rising"
KPIS_GOOD_WORKFORCE_CONCERNS = "kpis_good_workforce_concerns"
INSPECTION_GOOD_SAFEGUARDING = "inspection_good_safeguarding"
RATED_WELL_FINANCIAL_RISK = "rated_well_financial_risk"
FLAGS = {
    KPIS_GOOD_INSPECTION_FELL: "KPIs good but inspection fell",
    KPIS_GOOD_INSPECTION_POOR: "KPIs good but inspection rated below Good",
    KPIS_GOOD_COMPLAINTS_RISING: "KPIs good but complaints rising",
    KPIS_GOOD_WORKFORCE_CONCERNS: "KPIs good but employment practice a concern",
    INSPECTION_GOOD_SAFEGUARDING: "Inspection good but a substantiated safeguarding concern is open",
    RATED_WELL_FINANCIAL_RISK: "Quality good but the provider's finances are at high risk",
}
KPIS_GOOD_AT = Fraction(11, 4)  # a KPI average of 2.75 or more (mostly Good) is "KPIs good"


@dataclass(frozen=True)
class Inspection:
    overall: str  # one of SCALE
    key_questions: tuple[tuple[str, str], ...] = ()  # (question, rating) for those rated


@dataclass(frozen=True)
class Concern:
    open: bool
    substantiated: bool


@dataclass(frozen=True)
class Workforce:
    staff_turnover: Decimal | None = None
    agency_use: Decimal | None = None
    living_wage_share: Decimal | None = None
    zero_hours_contracts: int | None = None

    @property
    def present(self) -> bool:
        return any(
            v is not None
            for v in (self.staff_turnover, self.agency_use, self.living_wage_share, self.zero_hours_contracts)
        )


@dataclass(frozen=True)
class Signals:
    kpi_ratings: tuple[str, ...] = ()  # the latest confirmed assessment's KPI ratings (engine.contracts.ratings)
    previous_kpi_ratings: tuple[str, ...] = ()
    inspection: Inspection | None = None
    previous_inspection: Inspection | None = None
    complaints: tuple[int, ...] | None = None  # counts per quarter, oldest first; None: no complaint data
    concerns: tuple[Concern, ...] = ()
    workforce: Workforce = field(default_factory=Workforce)
    financial_risk: str | None = None  # one of RISKS


@dataclass(frozen=True)
class Contribution:
    signal: str  # a key of SIGNAL_NAMES
    score: Fraction | None  # None: not in the average (absent, or a cap only)
    weight: int
    explanation: str

    @property
    def name(self) -> str:
        return SIGNAL_NAMES[self.signal]


@dataclass(frozen=True)
class Triangulation:
    rating: str
    average: Fraction | None
    contributions: tuple[Contribution, ...]
    trend: str
    flags: tuple[str, ...]

    @property
    def label(self) -> str:
        return LABELS[self.rating]

    @property
    def flag_labels(self) -> tuple[str, ...]:
        return tuple(FLAGS[f] for f in self.flags)


def _rank(rating: str) -> int:
    """Lower is better: the index on SCALE, with Not enough evidence after all of them."""
    return SCALE.index(rating) if rating in SCALE else len(SCALE)


def is_better_or_equal(a: str, b: str) -> bool:
    """Whether ``a`` is at least as good as ``b`` (Not enough evidence is below every rating)."""
    return _rank(a) <= _rank(b)


def kpi_score(found: Sequence[str]) -> Fraction | None:
    points = [KPI_POINTS[r] for r in found if r in KPI_POINTS]
    return sum(points, Fraction(0)) / len(points) if points else None


def inspection_score(inspection: Inspection | None) -> Fraction | None:
    if inspection is None or inspection.overall not in POINTS:
        return None
    keys = [POINTS[r] for _, r in inspection.key_questions if r in POINTS]
    overall = Fraction(POINTS[inspection.overall])
    if not keys:
        return overall
    return (2 * overall + Fraction(sum(keys), len(keys))) / 3


def complaints_rise(counts: Sequence[int] | None) -> Fraction | None:
    if counts is None or len(counts) < 2:
        return None
    *before, latest = counts
    return latest - Fraction(sum(before), len(before))


def complaints_score(counts: Sequence[int] | None) -> Fraction | None:
    rise = complaints_rise(counts)
    if rise is None or counts is None:
        return None
    baseline = Fraction(sum(counts[:-1]), len(counts) - 1)
    if rise <= 0:
        return Fraction(3)
    if rise <= max(Fraction(1), baseline / 2):
        return Fraction(2)
    return Fraction(1)


def workforce_concerns(workforce: Workforce) -> list[str]:
    found = []
    if workforce.staff_turnover is not None and workforce.staff_turnover >= TURNOVER_CONCERN:
        found.append(f"staff turnover {workforce.staff_turnover}%")
    if workforce.agency_use is not None and workforce.agency_use >= AGENCY_CONCERN:
        found.append(f"agency use {workforce.agency_use}%")
    if workforce.living_wage_share is not None and workforce.living_wage_share < LIVING_WAGE_CONCERN:
        found.append(f"only {workforce.living_wage_share}% paid the Real Living Wage")
    if workforce.zero_hours_contracts is not None and workforce.zero_hours_contracts > ZERO_HOURS_CONCERN:
        found.append(f"{workforce.zero_hours_contracts} zero-hours contracts")
    return found


def workforce_score(workforce: Workforce) -> Fraction | None:
    if not workforce.present:
        return None
    concerns = len(workforce_concerns(workforce))
    return Fraction(3 if concerns == 0 else 2 if concerns <= 2 else 1)


def _band(average: Fraction, inspection: Inspection | None) -> str:
    if average >= Fraction(13, 4) and inspection is not None and inspection.overall == OUTSTANDING:
        return OUTSTANDING
    if average >= Fraction(5, 2):
        return GOOD
    if average >= Fraction(7, 4):
        return REQUIRES_IMPROVEMENT
    return INADEQUATE


def _cap(rating: str, at_most: str) -> str:
    return rating if _rank(rating) >= _rank(at_most) else at_most


def _words(score: Fraction | None) -> str:
    if score is None:
        return ""
    return f"{float(score):.2f}".rstrip("0").rstrip(".")


def _direction(now: Fraction | None, before: Fraction | None) -> int:
    if now is None or before is None or now == before:
        return 0
    return 1 if now > before else -1


def triangulate(signals: Signals) -> Triangulation:
    """The triangulated rating of one provider or service (the rules are in the module's docstring)."""
    scores = {
        "kpis": kpi_score(signals.kpi_ratings),
        "inspection": inspection_score(signals.inspection),
        "complaints": complaints_score(signals.complaints),
        "workforce": workforce_score(signals.workforce),
    }
    contributions = [_contribution(key, scores[key], signals) for key in WEIGHTS]
    open_concerns = [c for c in signals.concerns if c.open]
    open_substantiated = [c for c in open_concerns if c.substantiated]
    contributions.append(
        Contribution(
            "safeguarding",
            None,
            0,
            (
                f"{len(open_concerns)} open ({len(open_substantiated)} substantiated) of {len(signals.concerns)} "
                "recorded"
                + (
                    ": at most Requires improvement"
                    if open_substantiated
                    else ": at most Good"
                    if open_concerns
                    else ": no cap"
                )
            )
            if signals.concerns
            else "None recorded",
        )
    )
    contributions.append(
        Contribution(
            "financial",
            None,
            0,
            "No financial health note"
            if signals.financial_risk is None
            else f"{signals.financial_risk.capitalize()} risk"
            + (": at most Good" if signals.financial_risk == HIGH_RISK else ""),
        )
    )
    present = {key: score for key, score in scores.items() if score is not None}
    if len(present) < 2 or ("kpis" not in present and "inspection" not in present):
        rating = NOT_ENOUGH_EVIDENCE
        average = None
    else:
        total_weight = sum(WEIGHTS[key] for key in present)
        average = sum((WEIGHTS[key] * score for key, score in present.items()), Fraction(0)) / total_weight
        rating = _band(average, signals.inspection)
        if (signals.inspection is not None and signals.inspection.overall == INADEQUATE) or open_substantiated:
            rating = _cap(rating, REQUIRES_IMPROVEMENT)
        if open_concerns or signals.financial_risk == HIGH_RISK:
            rating = _cap(rating, GOOD)
    return Triangulation(
        rating=rating,
        average=average,
        contributions=tuple(contributions),
        trend=_trend(signals),
        flags=_flags(signals, scores),
    )


def _contribution(key: str, score: Fraction | None, signals: Signals) -> Contribution:
    weight = WEIGHTS[key] if score is not None else 0
    if key == "kpis":
        counted = [r for r in signals.kpi_ratings if r in KPI_POINTS]
        text = (
            f"{len(counted)} KPI rating{'s' if len(counted) != 1 else ''} averaging {_words(score)}"
            if score is not None
            else "No confirmed assessment"
        )
    elif key == "inspection":
        text = (
            f"Overall {LABELS[signals.inspection.overall]}, key questions included: {_words(score)}"
            if score is not None and signals.inspection is not None
            else "No inspection rating"
        )
    elif key == "complaints":
        if signals.complaints is None:
            text = "No complaint data yet"
        elif score is None:
            text = "Fewer than two quarters of complaints"
        else:
            rise = complaints_rise(signals.complaints)
            text = f"{signals.complaints[-1]} in the latest quarter, {_words(rise)} against the quarters before"
    else:
        concerns = workforce_concerns(signals.workforce)
        text = (
            "No workforce figures returned"
            if score is None
            else ("Concerns: " + "; ".join(concerns))
            if concerns
            else "No concern in the latest figures"
        )
    return Contribution(key, score, weight, text)


def _trend(signals: Signals) -> str:
    moves = [
        _direction(kpi_score(signals.kpi_ratings), kpi_score(signals.previous_kpi_ratings)),
        _direction(
            None if signals.inspection is None else Fraction(POINTS.get(signals.inspection.overall, 0)) or None,
            None
            if signals.previous_inspection is None
            else Fraction(POINTS.get(signals.previous_inspection.overall, 0)) or None,
        ),
    ]
    rise = complaints_rise(signals.complaints)
    if rise is not None and rise != 0:
        moves.append(-1 if rise > 0 else 1)
    balance = sum(moves)
    return IMPROVING if balance > 0 else WORSENING if balance < 0 else STABLE


def _inspection_fell(signals: Signals) -> bool:
    now, before = signals.inspection, signals.previous_inspection
    return (
        now is not None
        and before is not None
        and now.overall in POINTS
        and before.overall in POINTS
        and POINTS[now.overall] < POINTS[before.overall]
    )


def _flags(signals: Signals, scores: dict[str, Fraction | None]) -> tuple[str, ...]:
    kpis = scores["kpis"]
    kpis_good = kpis is not None and kpis >= KPIS_GOOD_AT
    inspection = signals.inspection
    inspection_good = inspection is not None and inspection.overall in (OUTSTANDING, GOOD)
    rise = complaints_rise(signals.complaints)
    found = []
    if kpis_good and _inspection_fell(signals):
        found.append(KPIS_GOOD_INSPECTION_FELL)
    if kpis_good and inspection is not None and inspection.overall in (REQUIRES_IMPROVEMENT, INADEQUATE):
        found.append(KPIS_GOOD_INSPECTION_POOR)
    if kpis_good and rise is not None and rise > 0:
        found.append(KPIS_GOOD_COMPLAINTS_RISING)
    if kpis_good and scores["workforce"] is not None and scores["workforce"] < 3:
        found.append(KPIS_GOOD_WORKFORCE_CONCERNS)
    if inspection_good and any(c.open and c.substantiated for c in signals.concerns):
        found.append(INSPECTION_GOOD_SAFEGUARDING)
    if signals.financial_risk == HIGH_RISK and (kpis_good or inspection_good):
        found.append(RATED_WELL_FINANCIAL_RISK)
    return tuple(found)
