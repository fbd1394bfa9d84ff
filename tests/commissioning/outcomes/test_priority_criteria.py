"""The criteria of the prioritisation model that the outcomes app scores from its data, through the registry in
commissioning.core.priority (the reviews app never imports outcomes): savings potential, performance gap, strategic
fit, and the consultations shown beside the judgement of resident dissatisfaction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commissioning.core import priority
from tests.commissioning.outcomes.factories import (
    ComparatorFactory,
    ComparatorGroupFactory,
    ConsultationFactory,
    IndicatorFactory,
    MeasurementFactory,
    OutcomeFactory,
    PriorityFactory,
    TargetFactory,
    UnitCostBenchmarkFactory,
)
from tests.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_outcomes_criteria_are_scored_from_its_data() -> None:
    council = OrganisationFactory(council=True)
    # Unit cost 250 (gross 250,000 for 1,000 units) against a comparator median of 220: 13.6% above, scores 3.
    service = ServiceFactory(gross_budget=Decimal("250000"), annual_demand=1000)
    other = ServiceFactory()
    group = ComparatorGroupFactory(council=council)
    for position, (code, cost) in enumerate({"E07000901": "200", "E07000902": "220", "E07000903": "240"}.items()):
        ComparatorFactory(group=group, ons_code=code, position=position + 1)
        UnitCostBenchmarkFactory(service=service, year=service.budget_year, ons_code=code, unit_cost=Decimal(cost))
    # One indicator off target and worse than the quarter before (scores 2), one on target.
    red = IndicatorFactory(services=[service])
    for period, value in [("2025/26 Q3", "74"), ("2025/26 Q4", "70")]:
        MeasurementFactory(indicator=red, period=period, value=Decimal(value))
        TargetFactory(indicator=red, period=period, target=Decimal("80"))
    green = IndicatorFactory(services=[service])
    MeasurementFactory(indicator=green, period="2025/26 Q4", value=Decimal("85"))
    TargetFactory(indicator=green, period="2025/26 Q4", target=Decimal("80"))
    # Outcomes serving two council priorities: scores 3.
    for code in ["P1", "P2"]:
        OutcomeFactory(priority=PriorityFactory(code=code), services=[service])
    ConsultationFactory(service=service, responses=320)

    ids = [service.pk, other.pk]
    savings = priority.evidence(priority.SAVINGS, ids)
    assert list(savings) == [service.pk]
    (found,) = savings[service.pk]
    assert found.score == 3
    assert found.summary == ("Unit cost £250.00 in 2026/27, 13.6% above the median of 3 comparator councils (£220.00).")
    assert [s.url_name for s in found.sources] == ["outcomes:evidence-pack"]

    (gap,) = priority.evidence(priority.PERFORMANCE, ids)[service.pk]
    assert (gap.score, gap.summary) == (2, "1 of 2 indicators with a target off target, 1 of them getting worse.")
    assert [s.args for s in gap.sources] == [(red.pk,)]

    (fit,) = priority.evidence(priority.STRATEGIC_FIT, ids)[service.pk]
    assert (fit.score, fit.summary, len(fit.sources)) == (3, "Its outcomes serve 2 council priorities.", 2)

    (consulted,) = priority.evidence(priority.DISSATISFACTION, ids)[service.pk]
    assert consulted.score is None  # figures to judge by, not a measure of dissatisfaction
    assert consulted.summary.startswith("1 consultation on the service, 320 responses")

    for key in [priority.SAVINGS, priority.PERFORMANCE, priority.STRATEGIC_FIT, priority.DISSATISFACTION]:
        assert other.pk not in priority.evidence(key, ids)
