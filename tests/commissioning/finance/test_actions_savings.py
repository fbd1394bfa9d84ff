"""Savings actions: slippage moves money to a later year (never without a reason), undeliverable lines, evidence, the
monitoring that sets a budget line's forecast, and lines made when a decision adopts a business case option."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core import hooks
from commissioning.finance import actions_savings as actions
from commissioning.finance.models import BudgetLine, SavingsLine, SavingsSlippage, SavingsStatus, SavingsYear
from tests.factories import DirectorateFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db
YEAR, NEXT = "2026/27", "2027/28"


@pytest.fixture
def line() -> SavingsLine:
    owner = UserFactory(role="officer")
    directorate = DirectorateFactory()
    return actions.savings_line_create(
        details=actions.SavingsLineDetails(
            title="Recommission day services",
            owner=owner,
            directorate=directorate,
            baseline=Decimal("900000"),
            cashable=True,
            financial_year=YEAR,
            in_year=Decimal("60000"),
            full_year_effect=Decimal("90000"),
        ),
        by=owner,
    )


def test_slippage_without_a_reason_is_refused_and_changes_nothing(line: SavingsLine) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.savings_slip(
            line=line, from_year=YEAR, to_year=NEXT, amount=Decimal("10000"), reason=" ", by=line.owner
        )
    assert refused.value.message_dict == {"reason": [actions.SLIPPAGE_REASON_REQUIRED]}
    assert list(line.years.values_list("financial_year", "planned")) == [(YEAR, Decimal("60000.00"))]


def test_slippage_moves_the_amount_to_a_later_year_and_the_history_says_why(line: SavingsLine) -> None:
    actions.savings_slip(
        line=line, from_year=YEAR, to_year=NEXT, amount=Decimal("25000"), reason="Contract starts late", by=line.owner
    )
    years = {y.financial_year: y for y in SavingsYear.objects.filter(line=line)}
    assert (years[YEAR].planned, years[YEAR].target, years[NEXT].planned) == (
        Decimal("35000.00"),
        Decimal("60000.00"),
        Decimal("25000.00"),
    )
    assert SavingsSlippage.objects.get(line=line).reason == "Contract starts late"
    assert "Contract starts late" in line.history.latest().history_change_reason
    with pytest.raises(ValidationError) as earlier:
        actions.savings_slip(line=line, from_year=NEXT, to_year=YEAR, amount=Decimal("1"), reason="x", by=line.owner)
    assert earlier.value.message_dict == {"to_year": [actions.SLIPPAGE_NOT_LATER.format(year=NEXT)]}


def test_undeliverable_with_a_replacement_or_as_a_gap(line: SavingsLine) -> None:
    with pytest.raises(ValidationError):
        actions.savings_mark_undeliverable(line=line, reason="", replacement=None, by=line.owner)
    actions.savings_evidence_add(
        line=line, financial_year=YEAR, kind="budget_reduction", amount=Decimal("5000"), note="Ledger", by=line.owner
    )
    marked = actions.savings_mark_undeliverable(line=line, reason="Partner withdrew", replacement=None, by=line.owner)
    assert marked.status == SavingsStatus.UNDELIVERABLE
    assert marked.replaced_by is None
    assert SavingsYear.objects.get(line=line).forecast == Decimal("5000.00")  # what was realised stays
    with pytest.raises(ValidationError, match="undeliverable"):
        actions.savings_slip(line=marked, from_year=YEAR, to_year=NEXT, amount=Decimal(1), reason="x", by=line.owner)


def test_the_latest_month_monitored_sets_the_forecast_outturn() -> None:
    finance = UserFactory(role="finance")
    budget = BudgetLine.objects.create(
        service=ServiceFactory(), financial_year=YEAR, original=Decimal("100000"), revised=Decimal("100000")
    )
    with pytest.raises(ValidationError) as no_reason:
        actions.monitoring_record(
            line=budget, month=dt.date(2026, 6, 1), forecast_outturn=Decimal("104000"), reason="", by=finance
        )
    assert no_reason.value.message_dict == {"reason": [actions.VARIANCE_REASON_REQUIRED]}
    actions.monitoring_record(
        line=budget, month=dt.date(2026, 7, 1), forecast_outturn=Decimal("106000"), reason="Demand", by=finance
    )
    actions.monitoring_record(
        line=budget, month=dt.date(2026, 6, 1), forecast_outturn=Decimal("104000"), reason="Demand", by=finance
    )
    budget.refresh_from_db()
    assert budget.forecast_outturn == Decimal("106000.00")  # June, recorded later, is not the latest month


def test_publishing_a_decision_that_adopts_an_option_makes_its_savings_lines() -> None:
    """Governance's decision_publish runs hooks.BUSINESS_CASE_ADOPTED; finance's hook makes one line per benefit line
    of the adopted option, planned by year from the appraisal's base year; publishing again adds nothing."""
    from commissioning.governance.actions.decisions import decision_publish
    from tests.commissioning.appraisals.factories import BusinessCaseFactory, LineFactory, OptionFactory, amounts
    from tests.commissioning.governance.factories import DecisionFactory

    option = OptionFactory()
    review = option.appraisal.review
    LineFactory(option=option, kind="cashable_benefit", label="Lower unit price", amounts=amounts(20000, 50000))
    LineFactory(option=option, kind="recurring_cost", label="Contract", amounts=amounts(1000))
    case = BusinessCaseFactory(review=review, recommended_option=option)
    clerk = UserFactory(role="democratic")
    decision = DecisionFactory(review=review, business_case=case, adopted_option=option)
    decision_publish(decision=decision, by=clerk, today=dt.date(2026, 12, 3))
    made = SavingsLine.objects.get(option=option)
    assert (made.owner, made.directorate, made.decision_id, made.cashable) == (
        review.lead_commissioner,
        review.directorate,
        decision.pk,
        True,
    )
    assert list(made.years.values_list("financial_year", "planned")) == [
        ("2026/27", Decimal("20000.00")),
        ("2027/28", Decimal("50000.00")),
    ]
    with transaction.atomic():
        hooks.run(hooks.BUSINESS_CASE_ADOPTED, decision=decision, by=clerk)  # a correction published again
    assert SavingsLine.objects.filter(option=option).count() == 1
