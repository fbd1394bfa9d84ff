"""Every edit page carries the record's version and every create page a one-time token (the edit guards).

The routes are read from the URL resolver, so a new ``*edit*`` route fails here until it is added to the table
below with a record to open, and its form carries the version through ``VersionedFormMixin``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from commissioning.core.concurrency import TOKEN_FIELD, VERSION_FIELD, version_of
from commissioning.core.permissions import Role
from tests.commissioning.appraisals.factories import AppraisalFactory, BusinessCaseFactory, OptionFactory
from tests.commissioning.governance.factories import AgendaItemFactory, BodyFactory, DecisionFactory, MeetingFactory
from tests.commissioning.intelligence.factories import WardIntelligenceFactory, councillor_with_login
from tests.commissioning.outcomes.factories import (
    ConsultationFactory,
    EvidenceFactory,
    IndicatorFactory,
    OutcomeFactory,
    PriorityFactory,
)
from tests.edit_safety import hidden_value
from tests.factories import (
    ContractFactory,
    CouncillorFactory,
    OrganisationFactory,
    ReviewFactory,
    ServiceFactory,
    UserFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db


def _route_names(patterns: list[Any] | None = None, prefix: str = "") -> list[str]:
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names += _route_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(prefix + pattern.name)
    return names


def _committee_report() -> Any:
    from commissioning.governance.actions.reports import committee_report_create

    details = {"report_of": "the Chief Executive"}
    return committee_report_create(source=ReviewFactory(), details=details, by=UserFactory(role=Role.OFFICER))


def _category() -> Any:
    from commissioning.contracts.models import Category

    return Category.objects.create(code="SOC-01", name="Adult social care", covers="85311")


def _monitoring_protocol() -> Any:
    from commissioning.governance.selectors.protocol import monitoring_protocol

    return monitoring_protocol()


def _decommissioning(**fields: Any) -> Any:
    from commissioning.contracts.models import Decommissioning

    return Decommissioning.objects.create(
        reference="DCM-2026-001", title="Day centre", contract=ContractFactory(), lead=UserFactory(), **fields
    )


def _kpi() -> Any:
    from commissioning.contracts.models import Kpi

    return Kpi.objects.create(contract=ContractFactory(), name="Visits on time", target=90)


def _business_case() -> Any:
    appraisal = AppraisalFactory()
    return BusinessCaseFactory(review=appraisal.review)


def _procurement() -> Any:
    from commissioning.contracts.models import Procurement

    return Procurement.objects.create(
        reference="PRO-2026-001",
        ocid="ocds-000000-PRO-2026-001",
        title="Home care",
        directorate=ServiceFactory().directorate,
        lead=UserFactory(role=Role.OFFICER),
        procedure="open",
        estimated_value=1000,
    )


def _risk() -> Any:
    from tests.commissioning.risks.risk_world import make_risk

    return make_risk(UserFactory(role=Role.OFFICER))


def _risk_review() -> Any:
    from commissioning.risks.actions import risk_review_record
    from tests.commissioning.risks.risk_world import SCORES

    risk = _risk()
    return risk_review_record(
        risk=risk,
        reviewed_on=dt.date(2026, 12, 1),
        scores=SCORES,
        note="Reviewed.",
        next_review_on=dt.date(2027, 3, 1),
        by=risk.owner,
    )


# route -> (who opens it, the record it edits)
EDIT_PAGES: dict[str, tuple[str, Callable[[], Any]]] = {
    "risks:edit": (Role.DIRECTOR, lambda: _risk()),
    "services:edit": (Role.OFFICER, lambda: ServiceFactory()),
    "contracts:edit": (Role.OFFICER, lambda: ContractFactory()),
    "contracts:procurement-edit": (Role.OFFICER, lambda: _procurement()),
    "contracts:category-edit": (Role.OFFICER, lambda: _category()),
    **{
        f"contracts:decommissioning-{section}": (Role.OFFICER, lambda: _decommissioning())
        for section in ("edit", "edit-evidence", "edit-eia", "edit-consultation", "edit-notice", "edit-workforce")
    },
    "contracts:kpi-edit": (Role.OFFICER, lambda: _kpi()),
    "reviews:edit": (Role.OFFICER, lambda: ReviewFactory()),
    "outcomes:edit": (Role.OFFICER, lambda: OutcomeFactory()),
    "outcomes:priority-edit": (Role.DIRECTOR, lambda: PriorityFactory()),
    "outcomes:indicator-edit": (Role.OFFICER, lambda: IndicatorFactory()),
    "outcomes:evidence-edit": (Role.OFFICER, lambda: EvidenceFactory(service=ServiceFactory())),
    "outcomes:consultation-edit": (Role.OFFICER, lambda: ConsultationFactory(service=ServiceFactory())),
    "appraisals:edit": (Role.OFFICER, lambda: AppraisalFactory()),
    "appraisals:option-edit": (Role.OFFICER, lambda: OptionFactory()),
    "appraisals:business-case-edit": (Role.OFFICER, _business_case),
    "equality:edit-characteristic": (Role.OFFICER, lambda: _assessment()),
    "equality:edit-conclusion": (Role.OFFICER, lambda: _assessment()),
    "accounts:councillor-edit": (Role.ADMIN, lambda: CouncillorFactory()),
    "intelligence:edit": ("submitter", lambda: WardIntelligenceFactory()),
    "governance:protocol-step-edit": (Role.DEMOCRATIC, lambda: _protocol_step()),
    "governance:involvement-entry-edit": (Role.OFFICER, lambda: _involvement_entry()),
    "governance:body-edit": (Role.DEMOCRATIC, lambda: BodyFactory()),
    "governance:meeting-edit": (Role.DEMOCRATIC, lambda: MeetingFactory()),
    "governance:agenda-item-edit": (Role.DEMOCRATIC, lambda: AgendaItemFactory()),
    "governance:decision-edit": (Role.DEMOCRATIC, lambda: DecisionFactory()),
    "governance:forward-plan-entry-edit": (Role.DEMOCRATIC, lambda: _forward_plan_entry()),
    "governance:report-edit": (Role.OFFICER, lambda: _committee_report()),
    "governance:monitoring-protocol-edit": (Role.DEMOCRATIC, lambda: _monitoring_protocol()),
    "governance:scrutiny-item-edit": (Role.SCRUTINY, lambda: _scrutiny_item()),
    "governance:scrutiny-inquiry-edit": (Role.SCRUTINY, lambda: _scrutiny_inquiry()),
    "plan:officer-edit": (Role.DIRECTOR, lambda: _commissioning_officer()),
    "plan:scenario-edit": (Role.DIRECTOR, lambda: _programme_scenario()),
    "finance:pool-edit": (Role.FINANCE, lambda: _pool()),
    "finance:budget-edit": (Role.FINANCE, lambda: _budget_line()),
    "finance:mtfs-edit": (Role.FINANCE, lambda: _mtfs_year()),
    "finance:pool-partner-edit": (Role.FINANCE, lambda: _pool().partners.first()),
    "finance:saving-edit": (Role.FINANCE, lambda: _savings_line()),
}


def _budget_line() -> Any:
    from commissioning.finance.models import BudgetLine

    return BudgetLine.objects.create(service=ServiceFactory(), financial_year="2026/27", original=1, revised=1)


def _savings_line() -> Any:
    from commissioning.finance.models import SavingsLine, SavingsYear

    service = ServiceFactory()
    line = SavingsLine.objects.create(
        reference="SAV-0901",
        title="A saving",
        owner=UserFactory(role=Role.OFFICER),
        directorate=service.directorate,
        service=service,
        baseline=1200,
    )
    SavingsYear.objects.create(line=line, financial_year="2026/27", planned=1, full_year_effect=1, forecast=1)
    return line


def _mtfs_year() -> Any:
    from commissioning.finance.models import MtfsYear

    return MtfsYear.objects.create(financial_year="2027/28", funding=1, spending=2)


def _commissioning_officer() -> Any:
    from commissioning.reviews.models import CommissioningOfficer

    return CommissioningOfficer.objects.create(
        name="Ann", skills=["generalist"], grade="PO3", annual_cost=1, days_per_quarter=1
    )


def _pool() -> Any:
    from commissioning.finance import actions_pools

    council, icb = OrganisationFactory(council=True), OrganisationFactory(name="NHS Integrated Care Board")
    finance = UserFactory(role=Role.FINANCE)
    details = actions_pools.PoolDetails(
        name="Better Care Fund", host=council, manager=finance, method="percentage", purpose="", partners=[council, icb]
    )
    return actions_pools.pool_create(details=details, by=finance)


def _programme_scenario() -> Any:
    from commissioning.reviews.models import ProgrammeScenario

    return ProgrammeScenario.objects.create(
        name="Lean", first_quarter="2026/27 Q1", capacity={"generalist": 10}, priority_weight=1
    )


def _protocol_step() -> Any:
    from commissioning.governance.models import ProtocolStep

    return ProtocolStep.objects.create(stage="analyse", participant="scrutiny", part="consulted", asked="Challenge it")


def _forward_plan_entry() -> Any:
    from commissioning.governance.models import ForwardPlanEntry

    return ForwardPlanEntry.objects.create(
        reference="FP-2027-001",
        matter="Parks café concession",
        decision_maker=BodyFactory(cabinet=True),
        planned_on=dt.date(2027, 2, 1),
        contact_officer=UserFactory(),
    )


def _involvement_entry() -> Any:
    from commissioning.governance.models import InvolvementEntry

    return InvolvementEntry.objects.create(
        review=ReviewFactory(), stage="analyse", part="consulted", councillor=CouncillorFactory(), asked="Meet"
    )


def _assessment() -> Any:
    from commissioning.appraisals.actions_equality import eia_create

    return eia_create(option=OptionFactory(), by=UserFactory(role=Role.OFFICER))


# An edit page's URL arguments after the record's pk (one characteristic of an equality impact assessment).
EDIT_PAGE_EXTRA_ARGUMENTS: dict[str, list[Any]] = {"equality:edit-characteristic": ["age"]}


def _scrutiny_item() -> Any:
    from commissioning.governance.models import WorkProgramme, WorkProgrammeItem

    programme = WorkProgramme.objects.create(body=BodyFactory(scrutiny=True))
    return WorkProgrammeItem.objects.create(
        programme=programme, title="Loneliness", subject_kind="theme", theme="Loneliness", reason="Residents asked"
    )


def _scrutiny_inquiry() -> Any:
    from commissioning.governance.models import Inquiry

    return Inquiry.objects.create(item=_scrutiny_item(), title="Loneliness inquiry", scope="Older people")


# route -> (who opens it, the URL's arguments)
CREATE_PAGES: dict[str, tuple[str, Callable[[], list[Any]]]] = {
    "services:create": (Role.OFFICER, list),
    "contracts:create": (Role.OFFICER, list),
    "contracts:procurement-create": (Role.OFFICER, list),
    "contracts:lot-create": (Role.OFFICER, lambda: [_procurement().pk]),
    "contracts:bid-create": (Role.OFFICER, lambda: [_procurement().pk]),
    "contracts:grant-create": (Role.OFFICER, list),
    "contracts:category-create": (Role.OFFICER, list),
    "contracts:decommissioning-create": (Role.OFFICER, list),
    "contracts:decommissioning-step-create": (Role.OFFICER, lambda: [_decommissioning().pk]),
    "contracts:decommissioning-note-create": (Role.OFFICER, lambda: [_decommissioning(status="decided").pk]),
    "contracts:kpi-create": (Role.OFFICER, lambda: [ContractFactory().pk]),
    "contracts:failure-create": (Role.OFFICER, lambda: [ContractFactory().pk]),
    "contracts:inspection-create": (Role.OFFICER, lambda: [OrganisationFactory().pk]),
    "contracts:concern-create": (Role.OFFICER, lambda: [OrganisationFactory().pk]),
    "contracts:financial-note-create": (Role.OFFICER, lambda: [OrganisationFactory().pk]),
    "reviews:create": (Role.OFFICER, list),
    "outcomes:create": (Role.OFFICER, list),
    "outcomes:priority-create": (Role.DIRECTOR, list),
    "outcomes:indicator-create": (Role.OFFICER, list),
    "outcomes:evidence-create": (Role.OFFICER, list),
    "outcomes:consultation-create": (Role.OFFICER, list),
    "outcomes:measurement-record": (Role.OFFICER, lambda: [IndicatorFactory().pk]),
    "outcomes:target-set": (Role.OFFICER, lambda: [IndicatorFactory().pk]),
    "appraisals:start": (Role.OFFICER, lambda: [ReviewFactory().pk]),
    "appraisals:option-create": (Role.OFFICER, lambda: [AppraisalFactory().pk]),
    "imports:create": (Role.FINANCE, list),
    "intelligence:create": ("councillor with a profile", list),
    "residents:complaint-create": ("councillor with a profile", list),
    "governance:body-create": (Role.DEMOCRATIC, list),
    "governance:membership-create": (Role.DEMOCRATIC, lambda: [BodyFactory().pk]),
    "governance:meeting-create": (Role.DEMOCRATIC, lambda: [BodyFactory().pk]),
    "governance:agenda-item-create": (Role.DEMOCRATIC, lambda: [MeetingFactory().pk]),
    "governance:report-create-review": (Role.OFFICER, lambda: [ReviewFactory().pk]),
    "governance:report-create-decision": (Role.OFFICER, lambda: [DecisionFactory().pk]),
    "governance:report-create-scrutiny-item": (Role.OFFICER, lambda: [_scrutiny_item().pk]),
    "governance:report-create-risk-review": (Role.OFFICER, lambda: [_risk_review().pk]),
    "governance:scrutiny-item-create": (Role.SCRUTINY, lambda: [BodyFactory(scrutiny=True).pk]),
    "governance:scrutiny-inquiry-create": (Role.SCRUTINY, lambda: [_scrutiny_item().pk]),
    "governance:scrutiny-session-create": (Role.SCRUTINY, lambda: [_scrutiny_inquiry().pk]),
    "plan:officer-create": (Role.DIRECTOR, list),
    "plan:scenario-create": (Role.DIRECTOR, list),
    "finance:pool-create": (Role.FINANCE, list),
    "finance:pool-spend-create": (Role.FINANCE, lambda: [_pool().pk]),
    "finance:pool-partner-create": (Role.FINANCE, lambda: [_pool().pk]),
    "finance:pool-payment-create": (Role.FINANCE, lambda: [_pool().pk]),
    "finance:budget-create": (Role.FINANCE, list),
    "finance:monitoring-create": (Role.FINANCE, lambda: [_budget_line().pk]),
    "finance:mtfs-create": (Role.FINANCE, list),
    "finance:saving-create": (Role.FINANCE, list),
    "finance:saving-spend-record": (Role.FINANCE, lambda: [_savings_line().pk]),
    "finance:virement-create": (Role.FINANCE, list),
    "equality:create-review": (Role.OFFICER, lambda: [ReviewFactory().pk]),
    "equality:create-option": (Role.OFFICER, lambda: [OptionFactory().pk]),
    "risks:create": (Role.OFFICER, list),
    "risks:control-create": (Role.DIRECTOR, lambda: [_risk().pk]),
    "risks:action-create": (Role.DIRECTOR, lambda: [_risk().pk]),
    "risks:review-record": (Role.DIRECTOR, lambda: [_risk().pk]),
}
# Create routes without a one-time token, and why a repeat of them is harmless.
CREATE_PAGES_WITHOUT_A_FORM = {
    "appraisals:business-case-start": "a button, not a form: a review has one business case, so a repeat finds it",
    "appraisals:business-case-new-version": (
        "a repeat is refused: the version it started from is no longer the latest, so nothing is made twice"
    ),
    "contracts:decommissioning-eia-start": (
        "a button, not a form: a decommissioning has one equality impact assessment, so a repeat finds it"
    ),
    "reviews:start": "makes nothing: it moves a planned review to in progress, and a repeat is refused (CANNOT_START)",
    "residents:complain-start": (
        "a resident's public form, with no account to claim a token: a repeat is a second complaint, bounded by the "
        "limits per address and per contact detail (COMPLAINT_LIMIT_PER_ADDRESS, COMPLAINT_LIMIT_PER_CONTACT)"
    ),
}


def test_every_edit_route_is_checked():
    edits = {name for name in _route_names() if "edit" in name.split(":")[-1]}
    assert edits == set(EDIT_PAGES)


def test_every_create_route_is_checked():
    creates = {
        name
        for name in _route_names()
        if any(word in name.split(":")[-1] for word in ("create", "new", "start", "record", "target-set"))
    }
    assert creates == set(CREATE_PAGES) | set(CREATE_PAGES_WITHOUT_A_FORM)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("route", sorted(EDIT_PAGES))
def test_every_edit_page_carries_the_version_of_its_record(route, users):
    role, build = EDIT_PAGES[route]
    record = build()
    user = record.submitted_by if role == "submitter" else users[role]
    response = _client(user).get(reverse(route, args=[record.pk, *EDIT_PAGE_EXTRA_ARGUMENTS.get(route, [])]))
    assert response.status_code == 200
    assert hidden_value(response.content.decode(), VERSION_FIELD) == version_of(record)
    assert TOKEN_FIELD not in response.content.decode()


@pytest.mark.parametrize("route", sorted(CREATE_PAGES))
def test_every_create_page_carries_a_fresh_one_time_token(route, users):
    role, arguments = CREATE_PAGES[route]
    url = reverse(route, args=arguments())
    user = councillor_with_login(username="cllr", wards=[WardFactory()]).user if role not in users else users[role]
    client = _client(user)
    first = hidden_value(client.get(url).content.decode(), TOKEN_FIELD)
    second = hidden_value(client.get(url).content.decode(), TOKEN_FIELD)
    assert first
    assert second
    assert first != second
