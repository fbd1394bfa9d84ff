"""Spend put to work (finance-spendlinks): the saving a line has realised read from spend and recorded as evidence,
a service's spend and unit cost from it, and the payments to a contract's supplier against its value.

Columns, in order: anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic,
partner. Recording the saving shown by spend is the savings evidence permission (finance.update_savingsline): the
line's owner, the director of its directorate, a finance officer; nobody on an undeliverable line. The provider is
another organisation's contact.

The world's spend is in last financial year (every month of it has ended, whenever the tests run): the own line's
service is paid every month but February; this year's March has never ended.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.core.concurrency import ALREADY_SUBMITTED, TOKEN_FIELD
from commissioning.core.permissions import Role
from commissioning.finance import actions_spendlinks, selectors_savings, selectors_spendlinks
from commissioning.finance.calculations import plus_years
from commissioning.finance.models import (
    EvidenceKind,
    SavingsEvidence,
    SavingsLine,
    SavingsStatus,
    SavingsYear,
    SpendImport,
    SpendTransaction,
)
from commissioning.finance.models.spend import REDACTED_LABEL
from engine.finance.years import parse_financial_year
from tests import matrix
from tests.factories import ContractFactory, DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, OK

OWN_GET = (HIDDEN, OK, OK, OK, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
OWN_POST = (HIDDEN, DONE, DONE, DONE, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
FINANCE_POST_RECORD = (HIDDEN, DENIED, DENIED, DONE, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
NOBODY_RECORD = (HIDDEN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
EVERYONE = (OK,) * 11
ANYONE_SIGNED_IN = (LOGIN, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK)

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                           method  state            outcomes
    ("finance:saving-spend-record", "GET",  "own",           OWN_GET),
    ("finance:saving-spend-record", "POST", "own",           OWN_POST),
    ("finance:saving-spend-record", "POST", "other",         FINANCE_POST_RECORD),
    ("finance:saving-spend-record", "POST", "undeliverable", NOBODY_RECORD),
    ("finance:spend",                 "GET",  "-",             EVERYONE),
]
# fmt: on

BASELINE = Decimal("1200000")  # £100,000 a month
MONTHLY = Decimal("90000")  # paid each month but February: £10,000 a month saved


def _line(
    reference: str, *, owner: User, directorate: Any, service: Any, years: list[str], **extra: Any
) -> SavingsLine:
    line = SavingsLine.objects.create(
        reference=reference,
        title=f"Saving {reference}",
        owner=owner,
        directorate=directorate,
        service=service,
        baseline=BASELINE,
        **extra,
    )
    for year in years:
        SavingsYear.objects.create(
            line=line,
            financial_year=year,
            target=Decimal("120000"),
            planned=Decimal("120000"),
            full_year_effect=Decimal("120000"),
            forecast=Decimal("120000"),
        )
    return line


def _pay(
    spend_import: SpendImport, *, day: dt.date, amount: Decimal, service: Any, supplier: str, **extra: Any
) -> None:
    number = SpendTransaction.objects.count() + 1
    SpendTransaction.objects.create(
        spend_import=spend_import,
        row_number=number,
        date=day,
        supplier_name=supplier,
        supplier_key=supplier.lower(),
        amount=amount,
        service=service,
        row_key=f"test-{number}",
        **extra,
    )


def _build_world() -> dict[str, Any]:
    OrganisationFactory(council=True)
    provider_org = OrganisationFactory(name="Ashfield Care Ltd")
    supplier = OrganisationFactory(name="Brightwater Homes Ltd")
    users = {
        role: UserFactory(username=role, role=role, organisation=provider_org if role == Role.PROVIDER else None)
        for role in COLUMNS
        if role is not None
    }
    this_year = selectors_savings.current_year()
    last_year = plus_years(this_year, -1)
    own_directorate = DirectorateFactory(name="Adults", code="ADL", director=users[Role.DIRECTOR])
    other_directorate = DirectorateFactory(name="Place", code="PLC")
    own_service = ServiceFactory(directorate=own_directorate, gross_budget=Decimal("1500000"), annual_demand=400)
    other_service = ServiceFactory(directorate=other_directorate)
    spare = UserFactory(username="spare", role=Role.OFFICER)
    years = [last_year, this_year]
    own = _line("SAV-0001", owner=users[Role.OFFICER], directorate=own_directorate, service=own_service, years=years)
    other = _line("SAV-0002", owner=spare, directorate=other_directorate, service=own_service, years=years)
    undeliverable = _line(
        "SAV-0003",
        owner=users[Role.OFFICER],
        directorate=own_directorate,
        service=own_service,
        years=years,
        status=SavingsStatus.UNDELIVERABLE,
        undeliverable_reason="Statutory",
    )
    spend_import = SpendImport.objects.create(filename="spend.csv", sha256="0" * 64, source="command")
    year = parse_financial_year(last_year)
    for month in range(12):
        day = dt.date(year.start_year + (month + 3) // 12, (month + 3) % 12 + 1, 10)
        if day.month == 2:
            continue
        _pay(
            spend_import,
            day=day,
            amount=MONTHLY - 500,
            service=own_service,
            supplier="Brightwater Homes Ltd",
            organisation=supplier,
        )
        _pay(spend_import, day=day, amount=Decimal("500"), service=own_service, supplier="Mrs A Person", redacted=True)
    _pay(spend_import, day=year.starts, amount=Decimal("77"), service=other_service, supplier="Elsewhere Ltd")
    contract = ContractFactory(
        directorate=own_directorate,
        provider=supplier,
        annual_value=Decimal("1200000"),
        start_date=year.starts,
        end_date=dt.date(year.start_year + 3, 3, 31),
        services=[own_service],
    )
    return {
        "users": users,
        "this_year": this_year,
        "last_year": last_year,
        "year": year,
        "service": own_service,
        "contract": contract,
        "records": {"own": own, "other": other, "undeliverable": undeliverable},
    }


world = matrix.world_fixture(_build_world)


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "-":
        return None
    record = world["records"][state]
    return type(record).objects.get(pk=record.pk)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    return {"through": dt.date(world["year"].start_year, 12, 1).isoformat()}  # April to December last year


def snapshot() -> dict[str, Any]:
    return {
        **{model.__name__: list(model.objects.order_by("pk").values()) for model in (SavingsEvidence, SavingsYear)},
        "history": [SavingsEvidence.history.count(), SavingsYear.history.count()],  # type: ignore[attr-defined]
    }


def _check_change(route: str, target: Any, user: User, before: dict[str, Any], world: dict[str, Any]) -> str:
    evidence = SavingsEvidence.objects.latest("pk")
    # Nine months (April to December) of a £1,200,000 baseline is £900,000, each of them paid £90,000: £90,000.
    assert (evidence.line_id, evidence.kind, evidence.amount) == (target.pk, EvidenceKind.SPEND_DATA, 90000)
    assert (evidence.financial_year, evidence.recorded_by_id) == (world["last_year"], user.pk)
    assert (evidence.period_start, evidence.period_end) == (
        world["year"].starts,
        dt.date(world["year"].start_year, 12, 31),
    )
    assert SavingsYear.objects.get(line=target, financial_year=world["last_year"]).realised == 90000
    return reverse("finance:saving-detail", args=[target.pk])


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()


def _fresh(world: dict[str, Any], state: str = "own") -> SavingsLine:
    return selectors_savings.savings_line_detail(user=None, pk=world["records"][state].pk)


@pytest.mark.django_db
def test_the_line_shows_its_spend_against_the_baseline_and_the_saving_to_date(world: dict[str, Any]) -> None:
    page = matrix.signed_in_client(world, Role.CABINET).get(
        reverse("finance:saving-detail", args=[world["records"]["own"].pk])
    )
    html = page.content.decode()
    last = world["last_year"].replace("/", "-")
    # Twelve months of the baseline (£1,200,000) less eleven months paid (£990,000): £210,000 (the last month with
    # spend is March; February had none).
    assert re.search(rf'data-testid="spend-saving-{last}">£210,000<', html)
    assert "Record the saving shown by spend" not in html  # cabinet reads, never records


@pytest.mark.django_db
def test_a_month_that_cannot_give_a_figure_is_refused_naming_why_and_nothing_is_saved(world: dict[str, Any]) -> None:
    line, director = _fresh(world), world["users"][Role.DIRECTOR]
    february = dt.date(world["year"].start_year + 1, 2, 1)
    this_march = dt.date(world["year"].start_year + 2, 3, 1)
    before = snapshot()
    with pytest.raises(ValidationError) as no_spend:
        actions_spendlinks.savings_evidence_from_spend(line=line, through=february, by=director)
    assert no_spend.value.message_dict == {
        "through": [actions_spendlinks.SPEND_NO_SPEND.format(service=line.service.name, month=f"{february:%B %Y}")]
    }
    with pytest.raises(ValidationError) as future:
        actions_spendlinks.savings_evidence_from_spend(line=line, through=this_march, by=director)
    assert future.value.message_dict == {
        "through": [actions_spendlinks.SPEND_NOT_ENDED.format(month=f"{this_march:%B %Y}")]
    }
    unplanned = dt.date(world["year"].start_year - 1, 5, 1)
    with pytest.raises(ValidationError) as not_planned:
        actions_spendlinks.savings_evidence_from_spend(line=line, through=unplanned, by=director)
    assert not_planned.value.message_dict == {
        "through": [actions_spendlinks.SPEND_NOT_PLANNED.format(year=plus_years(world["last_year"], -1))]
    }
    assert snapshot() == before


@pytest.mark.django_db
def test_recording_again_adds_only_what_is_new_and_never_changes_what_was_recorded(world: dict[str, Any]) -> None:
    director, start = world["users"][Role.DIRECTOR], world["year"].start_year
    first = actions_spendlinks.savings_evidence_from_spend(
        line=_fresh(world), through=dt.date(start, 6, 1), by=director
    )
    assert first.amount == Decimal("30000")  # three months of £10,000
    with pytest.raises(ValidationError) as again:
        actions_spendlinks.savings_evidence_from_spend(line=_fresh(world), through=dt.date(start, 6, 1), by=director)
    assert "there is nothing to add" in str(again.value)
    later = actions_spendlinks.savings_evidence_from_spend(
        line=_fresh(world), through=dt.date(start + 1, 1, 1), by=director
    )
    assert later.amount == Decimal("100000") - Decimal("30000")  # ten months, less what was recorded
    assert "£30,000.00 of it already recorded from spend" in later.note
    first.refresh_from_db()
    assert first.amount == Decimal("30000")
    year = SavingsYear.objects.get(line=world["records"]["own"], financial_year=world["last_year"])
    assert year.realised == Decimal("100000")  # the year's realised to date, as the tracker reads it
    shown = selectors_spendlinks.line_spend(line=_fresh(world))
    assert shown is not None
    assert (shown.years[0].recorded_from_spend, shown.years[0].to_add) == (Decimal("100000"), Decimal("110000"))


@pytest.mark.django_db
def test_the_form_page_shows_the_arithmetic_and_a_wrong_month_on_the_form(world: dict[str, Any]) -> None:
    director = matrix.signed_in_client(world, Role.DIRECTOR)
    path = reverse("finance:saving-spend-record", args=[world["records"]["own"].pk])
    page = director.get(path).content.decode()
    assert "times the months from April" in page
    token = re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    february = dt.date(world["year"].start_year + 1, 2, 1)
    refused = director.post(path, {"through": february.isoformat(), TOKEN_FIELD: token})
    assert refused.status_code == 200
    assert f"No spend on {world['service'].name} has been published for {february:%B %Y}" in refused.content.decode()
    assert not SavingsEvidence.objects.exists()
    # The same form sent right, then again (the back button, a double click): one piece of evidence, and the repeat
    # goes to the line saying so.
    december = {"through": dt.date(world["year"].start_year, 12, 1).isoformat(), TOKEN_FIELD: token}
    first = director.post(path, december)
    again = director.post(path, december, follow=True)
    assert first.status_code == 302
    assert again.redirect_chain[-1][0] == first["Location"]
    assert ALREADY_SUBMITTED.format(thing=SavingsEvidence._meta.verbose_name) in again.content.decode()
    assert SavingsEvidence.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, Role.CABINET])
def test_a_service_page_shows_its_spend_suppliers_and_unit_costs_redacted_names_never(
    world: dict[str, Any], role: str | None
) -> None:
    html = matrix.signed_in_client(world, role).get(reverse("services:detail", args=[world["service"].pk])).content
    text = html.decode()
    assert 'data-testid="service-spend"' in text
    # Last year: eleven months of £90,000 (£990,000) over 400 units a year: £2,475.00; budgeted £1,500,000 / 400.
    assert f"Spend in {world['last_year']}" in text
    assert "£990,000" in text
    assert "£2,475.00" in text
    assert "£3,750.00" in text
    assert "Brightwater Homes Ltd" in text
    assert REDACTED_LABEL in text
    assert "Mrs A Person" not in text


@pytest.mark.django_db
def test_a_contract_page_shows_what_its_supplier_was_paid_against_its_annual_value(world: dict[str, Any]) -> None:
    html = matrix.signed_in_client(world, None).get(reverse("contracts:detail", args=[world["contract"].pk])).content
    text = html.decode()
    # Eleven months of £89,500 to the supplier (the redacted £500 a month is not theirs): £984,500 against £1,200,000.
    assert re.search(r'data-testid="contract-paid">£984,500<', text)
    assert re.search(rf"{re.escape(world['last_year'])}</th>\s*<td[^>]*>12</td>\s*<td[^>]*>£1,200,000</td>", text)
