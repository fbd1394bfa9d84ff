"""KPIs, provider returns and performance assessments: the actions' rules and named messages, the Procurement Act's
KPI rule on publishing, and the performance notice's shape."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from commissioning.contracts import actions, actions_returns, selectors_returns
from commissioning.contracts.forms_returns import VALUE_NOT_NUMBER, VALUE_NOT_PERCENT
from commissioning.contracts.models import (
    AssessmentStatus,
    Kpi,
    KpiUnit,
    PerformanceReturn,
    Rating,
    ReturnStatus,
    ReturnValue,
)
from commissioning.core.notifications import Notification
from commissioning.core.permissions import Role
from engine.contracts import ratings
from tests.factories import ContractFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _kpi(contract, by, name, unit=KpiUnit.PERCENTAGE, target="90", tolerance="5", higher=True):
    return actions_returns.kpi_create(
        contract=contract,
        details=actions_returns.KpiDetails(
            name=name, unit=unit, target=Decimal(target), tolerance=Decimal(tolerance), higher_is_better=higher
        ),
        by=by,
    )


@pytest.fixture
def setting():
    officer = UserFactory(role=Role.OFFICER, email="olivia@example.org")
    org = OrganisationFactory(name="Own Care Ltd")
    provider = UserFactory(role=Role.PROVIDER, organisation=org, email="pat@example.org")
    contract = ContractFactory(
        provider=org, contract_manager=officer, start_date=dt.date(2025, 4, 1), end_date=dt.date(2028, 3, 31)
    )
    kpis = [
        _kpi(contract, officer, "Visits on time"),
        _kpi(contract, officer, "Missed visits", unit=KpiUnit.NUMBER, target="10", tolerance="2", higher=False),
        _kpi(contract, officer, "Registered manager in post", unit=KpiUnit.YES_NO, target="1", tolerance="0"),
    ]
    return officer, provider, contract, kpis


def _first_return(contract):
    return contract.returns.get(period="2025/26 Q1")


def test_the_rating_values_are_the_engines():
    assert [value for value, _ in Rating.choices] == [*ratings.RATING_ORDER, ratings.OTHER]
    assert [label for _, label in Rating.choices] == [ratings.RATING_LABELS[v] for v, _ in Rating.choices]


def test_adding_a_kpi_schedules_every_quarters_return(setting):
    _officer, _provider, contract, _kpis = setting
    assert contract.returns.count() == 12
    first = _first_return(contract)
    assert (first.period_end, first.due_date, first.status) == (dt.date(2025, 6, 30), dt.date(2025, 7, 30), "due")


def test_a_return_is_submitted_locked_queried_answered_and_accepted(setting):
    officer, provider, contract, kpis = setting
    ret = _first_return(contract)
    values = {kpis[0].pk: Decimal("88"), kpis[1].pk: Decimal("12"), kpis[2].pk: Decimal("1")}
    pdf = SimpleUploadedFile("rota.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    actions_returns.return_submit(
        ret=ret, values=values, workforce=actions_returns.Workforce(vacancies=3), evidence=[pdf], by=provider
    )
    ret.refresh_from_db()
    assert (ret.status, ret.vacancies, ret.evidence.count()) == (ReturnStatus.SUBMITTED, 3, 1)
    assert Notification.objects.filter(to_user=officer, template=actions_returns.QUERY_SUBMITTED).exists()
    with pytest.raises(ValidationError) as locked:
        actions_returns.return_submit(ret=ret, values=values, workforce=actions_returns.Workforce(), by=provider)
    assert locked.value.messages[0].startswith("This return was submitted on ")
    assert ReturnValue.objects.filter(performance_return=ret).count() == 3

    with pytest.raises(ValidationError) as no_question:
        actions_returns.return_query(ret=ret, kpi=kpis[1], question=" ", by=officer)
    assert no_question.value.message_dict == {"question": [actions_returns.QUERY_QUESTION_REQUIRED]}
    query = actions_returns.return_query(ret=ret, kpi=kpis[1], question="12 missed visits?", by=officer)
    assert Notification.objects.filter(to_user=provider, template=actions_returns.QUERY_RAISED).exists()
    with pytest.raises(ValidationError) as still_open:
        actions_returns.return_accept(ret=ret, by=officer)
    assert still_open.value.messages == [actions_returns.RETURN_NOT_TO_ACCEPT]

    actions_returns.return_answer(
        query=query, answer="Two were cancelled by the family", corrected_value=Decimal("10"), by=provider
    )
    query.refresh_from_db()
    assert (query.value_before, query.corrected_value) == (Decimal("12.00"), Decimal("10"))
    value = ReturnValue.objects.get(performance_return=ret, kpi=kpis[1])
    assert value.value == Decimal("10")
    assert [h.value for h in value.history.order_by("history_id")] == [Decimal("12.00"), Decimal("10.00")]
    actions_returns.return_accept(ret=ret, by=officer)
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.ACCEPTED
    assert Notification.objects.count() == 3


def test_a_value_of_the_wrong_type_names_the_kpi_and_saves_nothing(setting):
    _officer, provider, contract, kpis = setting
    ret = _first_return(contract)
    client = Client()
    client.force_login(provider)
    data = {f"kpi_{kpis[0].pk}": "ninety", f"kpi_{kpis[1].pk}": "3", f"kpi_{kpis[2].pk}": "1", "vacancies": "2"}
    response = client.post(reverse("contracts:return-submit", args=[ret.pk]), data)
    assert response.status_code == 200
    assert VALUE_NOT_PERCENT.format(kpi="Visits on time") in response.content.decode()
    assert 'value="3"' in response.content.decode()
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.DUE
    assert not ReturnValue.objects.exists()
    data[f"kpi_{kpis[0].pk}"] = "91%"
    data[f"kpi_{kpis[1].pk}"] = "three"
    response = client.post(reverse("contracts:return-submit", args=[ret.pk]), data)
    assert VALUE_NOT_NUMBER.format(kpi="Missed visits") in response.content.decode()
    data[f"kpi_{kpis[1].pk}"] = "3"
    response = client.post(reverse("contracts:return-submit", args=[ret.pk]), data)
    assert response.status_code == 302
    assert PerformanceReturn.objects.get(pk=ret.pk).status == ReturnStatus.SUBMITTED


def test_an_assessment_is_drafted_changed_only_with_a_reason_and_confirmed(setting):
    officer, provider, contract, kpis = setting
    for period, on_time in (("2025/26 Q1", "88"), ("2025/26 Q2", "80")):
        ret = contract.returns.get(period=period)
        actions_returns.return_submit(
            ret=ret,
            values={kpis[0].pk: Decimal(on_time), kpis[1].pk: Decimal("9"), kpis[2].pk: Decimal("1")},
            workforce=actions_returns.Workforce(),
            by=provider,
        )
    assessment = actions_returns.assessment_draft(contract=contract, by=officer)
    drafted = {r.kpi.name: r.drafted for r in assessment.ratings.select_related("kpi")}
    assert drafted == {
        "Visits on time": Rating.REQUIRES_IMPROVEMENT,  # average 84: 6 short, tolerance 5
        "Missed visits": Rating.GOOD,
        "Registered manager in post": Rating.GOOD,
    }
    with pytest.raises(ValidationError) as again:
        actions_returns.assessment_draft(contract=contract, by=officer)
    assert again.value.messages == [actions_returns.ASSESSMENT_DRAFT_OPEN]
    rating = assessment.ratings.get(kpi=kpis[0])
    with pytest.raises(ValidationError) as no_reason:
        actions_returns.rating_change(rating=rating, new_rating=Rating.APPROACHING, reason="", by=officer)
    assert no_reason.value.message_dict == {
        "reason": [
            actions_returns.RATING_REASON_REQUIRED.format(
                kpi="Visits on time", drafted="Requires improvement", rating="Approaching target"
            )
        ]
    }
    actions_returns.rating_change(
        rating=rating, new_rating=Rating.APPROACHING, reason="Q2 had a flu outbreak", by=officer
    )
    actions_returns.assessment_confirm(assessment=assessment, by=officer)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.CONFIRMED
    with pytest.raises(ValidationError):
        actions_returns.rating_change(rating=rating, new_rating=Rating.GOOD, reason="x", by=officer)
    failure = actions_returns.failure_create(
        contract=contract,
        details=actions_returns.FailureDetails(
            requirement="Visits within 15 minutes",
            description="Missed in Q2",
            decision_date=dt.date(2025, 10, 1),
            remedy="Service credit of £2,000",
        ),
        by=officer,
    )
    notice = selectors_returns.performance_notice(assessment=assessment)
    assert notice["implementation"]["kpis"][2] == {
        "id": str(kpis[0].pk),
        "title": "Visits on time",
        "target": "90.00",
        "unit": "percentage",
        "rating": "approachingTarget",
        "description": "Q2 had a flu outbreak",
    }
    assert notice["implementation"]["breaches"] == [
        {
            "requirement": failure.requirement,
            "description": "Missed in Q2",
            "date": "2025-10-01",
            "remedy": "Service credit of £2,000",
            "partialTermination": False,
        }
    ]


def test_a_big_contract_is_not_published_without_three_kpis_or_a_reason():
    officer = UserFactory(role=Role.OFFICER)
    contract = ContractFactory(total_value=Decimal("6000000"), published=False, contract_manager=officer)
    details = actions.ContractDetails(
        kind=contract.kind,
        title=contract.title,
        directorate=contract.directorate,
        procedure=contract.procedure,
        total_value=contract.total_value,
        annual_value=contract.annual_value,
        start_date=contract.start_date,
        end_date=contract.end_date,
        contract_manager=officer,
        provider=contract.provider,
        published=True,
        reference=contract.reference,
    )
    with pytest.raises(ValidationError) as refused:
        actions.contract_update(contract=contract, details=details, by=officer)
    assert refused.value.message_dict == {"published": [actions_returns.KPIS_REQUIRED_TO_PUBLISH]}
    assert selectors_returns.kpi_requirement(contract=contract).met is False
    with pytest.raises(ValidationError):
        actions_returns.kpi_exemption_set(contract=contract, reason="", by=officer)
    actions_returns.kpi_exemption_set(contract=contract, reason="A single outcome, paid by results", by=officer)
    actions.contract_update(contract=contract, details=details, by=officer)
    contract.refresh_from_db()
    assert contract.published


def test_overdue_returns_are_flagged_for_the_manager_and_the_provider(setting):
    officer, provider, contract, _kpis = setting
    overdue = selectors_returns.returns_overdue(user=provider)
    assert overdue.total > 0
    assert selectors_returns.returns_overdue(user=officer).total == overdue.total
    assert selectors_returns.returns_overdue(user=UserFactory(role=Role.OFFICER)).total == 0
    other = UserFactory(role=Role.PROVIDER, organisation=OrganisationFactory())
    assert selectors_returns.returns_overdue(user=other).total == 0
    assert selectors_returns.overdue_return_count(contract=contract) == overdue.total
    assert Kpi.objects.count() == 3


def test_an_evidence_file_of_the_wrong_kind_is_refused_and_nothing_saved(setting):
    _officer, provider, contract, kpis = setting
    ret = _first_return(contract)
    script = SimpleUploadedFile("rota.pdf", b"\x7fELF\x00\x00binary", content_type="application/pdf")
    values = {kpi.pk: Decimal("1") for kpi in kpis}
    with pytest.raises(ValidationError) as refused:
        actions_returns.return_submit(
            ret=ret, values=values, workforce=actions_returns.Workforce(), evidence=[script], by=provider
        )
    assert list(refused.value.message_dict) == ["evidence"]
    assert refused.value.message_dict["evidence"][0].startswith("rota.pdf: The selected file must be a PDF")
    assert not ReturnValue.objects.exists()
    assert PerformanceReturn.objects.get(pk=ret.pk).status == ReturnStatus.DUE


def test_the_contract_page_flags_missing_kpis_and_overdue_returns_to_those_who_may_see_them(setting):
    officer, provider, contract, _kpis = setting
    big = ContractFactory(total_value=Decimal("5000000"), contract_manager=officer, provider=contract.provider)
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("contracts:detail", args=[big.pk])).content.decode()
    assert "Fewer than three KPIs on a contract worth £5 million or more, and no reason recorded." in page
    page = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    overdue = selectors_returns.overdue_return_count(contract=contract)
    assert f"{overdue} returns overdue." in page
    client.force_login(provider)
    assert (
        'data-testid="contract-performance"'
        in client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    )
    wrong = UserFactory(role=Role.PROVIDER, organisation=OrganisationFactory())
    client.force_login(wrong)
    page = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()  # published: on the register
    assert 'data-testid="contract-performance"' not in page
    assert reverse("contracts:kpis", args=[contract.pk]) not in page


def test_overdue_returns_are_notified_once_to_the_provider_and_the_manager(setting):
    officer, provider, contract, _kpis = setting
    overdue = selectors_returns.overdue_return_count(contract=contract)
    assert actions_returns.returns_overdue_notify() == overdue
    sent = Notification.objects.filter(template=actions_returns.RETURN_OVERDUE)
    assert sorted(sent.values_list("to_user__username", flat=True)) == sorted(
        [officer.username, provider.username] * overdue
    )
    assert actions_returns.returns_overdue_notify() == 0  # once each
    assert sent.count() == 2 * overdue
