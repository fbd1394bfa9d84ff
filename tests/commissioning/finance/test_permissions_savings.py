"""Who may do what with budgets and monitoring, the MTFS and savings lines: every route, every role (finance-savings).

Columns, in order: anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner.
Finance officers own budgets, monitoring and the MTFS and may update any savings line; a director updates their own
directorate's lines; an officer the lines they own; everyone inside the council reads; providers and the public see
none of it (a list asks the public to sign in and refuses a provider; a record is not found for either).

States: budget (a budget line this year), mtfs (this year of the MTFS), own (a savings line in the director's
directorate, owned by the officer), other (a line in another directorate, owned by someone else), undeliverable (a
line marked undeliverable, which nobody changes).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.core.permissions import Role
from commissioning.finance import selectors_savings
from commissioning.finance.calculations import plus_years
from commissioning.finance.models import (
    BudgetLine,
    BudgetMonitoring,
    MtfsYear,
    SavingsEvidence,
    SavingsLine,
    SavingsSlippage,
    SavingsStatus,
    SavingsYear,
)
from tests import matrix
from tests.factories import DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, OK

READ_LIST = (LOGIN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, DENIED)
READ = (HIDDEN, OK, OK, OK, OK, OK, OK, HIDDEN, OK, OK, HIDDEN)
FINANCE_GET = (LOGIN, DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
FINANCE_POST = (LOGIN, DENIED, DENIED, DONE, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
FINANCE_GET_RECORD = (HIDDEN, DENIED, DENIED, OK, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
FINANCE_POST_RECORD = (HIDDEN, DENIED, DENIED, DONE, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
ADD_SAVING_GET = (LOGIN, DENIED, OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
ADD_SAVING_POST = (LOGIN, DENIED, DONE, DONE, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
OWN_GET = (HIDDEN, OK, OK, OK, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
OWN_POST = (HIDDEN, DONE, DONE, DONE, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
NOBODY_RECORD = (HIDDEN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
# finfinish: a line's title, owner, directorate and service: finance for all, a director for their own directorate's
DETAILS_GET = (HIDDEN, DENIED, OK, OK, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
DETAILS_POST = (HIDDEN, DENIED, DONE, DONE, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                          method  state            outcomes
    ("finance:budgets",               "GET",  "-",             READ_LIST),
    ("finance:budget-export-csv",     "GET",  "-",             READ_LIST),
    ("finance:budget-export-xlsx",    "GET",  "-",             READ_LIST),
    ("finance:budget-create",         "GET",  "-",             FINANCE_GET),
    ("finance:budget-create",         "POST", "-",             FINANCE_POST),
    ("finance:budget-detail",         "GET",  "budget",        READ),
    ("finance:budget-edit",           "GET",  "budget",        FINANCE_GET_RECORD),
    ("finance:budget-edit",           "POST", "budget",        FINANCE_POST_RECORD),
    ("finance:budget-history",        "GET",  "budget",        READ),
    ("finance:monitoring-create",     "GET",  "budget",        FINANCE_GET_RECORD),
    ("finance:monitoring-create",     "POST", "budget",        FINANCE_POST_RECORD),
    ("finance:mtfs",                  "GET",  "-",             READ_LIST),
    ("finance:mtfs-create",           "GET",  "-",             FINANCE_GET),
    ("finance:mtfs-create",           "POST", "-",             FINANCE_POST),
    ("finance:mtfs-edit",             "GET",  "mtfs",          FINANCE_GET_RECORD),
    ("finance:mtfs-edit",             "POST", "mtfs",          FINANCE_POST_RECORD),
    ("finance:savings",               "GET",  "-",             READ_LIST),
    ("finance:savings-export-csv",    "GET",  "-",             READ_LIST),
    ("finance:savings-export-xlsx",   "GET",  "-",             READ_LIST),
    ("finance:saving-create",         "GET",  "-",             ADD_SAVING_GET),
    ("finance:saving-create",         "POST", "-",             ADD_SAVING_POST),
    ("finance:saving-detail",         "GET",  "own",           READ),
    ("finance:saving-detail",         "GET",  "undeliverable", READ),
    ("finance:saving-history",        "GET",  "own",           READ),
    ("finance:saving-slip",           "GET",  "own",           OWN_GET),
    ("finance:saving-slip",           "POST", "own",           OWN_POST),
    ("finance:saving-slip",           "POST", "other",         FINANCE_POST_RECORD),
    ("finance:saving-slip",           "POST", "undeliverable", NOBODY_RECORD),
    ("finance:saving-confidence",     "GET",  "own",           OWN_GET),
    ("finance:saving-confidence",     "POST", "own",           OWN_POST),
    ("finance:saving-confidence",     "POST", "other",         FINANCE_POST_RECORD),
    ("finance:saving-evidence",       "GET",  "own",           OWN_GET),
    ("finance:saving-evidence",       "POST", "own",           OWN_POST),
    ("finance:saving-evidence",       "GET",  "other",         FINANCE_GET_RECORD),
    ("finance:saving-undeliverable",  "GET",  "own",           OWN_GET),
    ("finance:saving-undeliverable",  "POST", "own",           OWN_POST),
    ("finance:saving-undeliverable",  "POST", "undeliverable", NOBODY_RECORD),
    ("finance:saving-edit",           "GET",  "own",           DETAILS_GET),
    ("finance:saving-edit",           "POST", "own",           DETAILS_POST),
    ("finance:saving-edit",           "GET",  "other",         FINANCE_GET_RECORD),
    ("finance:saving-edit",           "POST", "other",         FINANCE_POST_RECORD),
    ("finance:saving-edit",           "POST", "undeliverable", NOBODY_RECORD),
]
# fmt: on

MODELS = (BudgetLine, BudgetMonitoring, MtfsYear, SavingsLine, SavingsYear, SavingsSlippage, SavingsEvidence)


def _line(reference: str, *, owner: User, directorate: Any, service: Any, year: str, **extra: Any) -> SavingsLine:
    line = SavingsLine.objects.create(
        reference=reference,
        title=f"Saving {reference}",
        owner=owner,
        directorate=directorate,
        service=service,
        baseline=Decimal("500000"),
        **extra,
    )
    SavingsYear.objects.create(
        line=line,
        financial_year=year,
        target=Decimal("40000"),
        planned=Decimal("40000"),
        full_year_effect=Decimal("40000"),
        forecast=Decimal("40000"),
    )
    return line


def _build_world() -> dict[str, Any]:
    OrganisationFactory(council=True)
    provider_org = OrganisationFactory(name="Ashfield Care Ltd")
    users = {
        role: UserFactory(username=role, role=role, organisation=provider_org if role == Role.PROVIDER else None)
        for role in COLUMNS
        if role is not None
    }
    year = selectors_savings.current_year()
    own_directorate = DirectorateFactory(name="Adults", code="ADL", director=users[Role.DIRECTOR])
    other_directorate = DirectorateFactory(name="Place", code="PLC")
    own_service = ServiceFactory(directorate=own_directorate, budget_year=year)
    other_service = ServiceFactory(directorate=other_directorate, budget_year=year)
    spare = UserFactory(username="spare", role=Role.OFFICER)
    budget = BudgetLine.objects.create(
        service=own_service, financial_year=year, original=Decimal("1000000"), revised=Decimal("1000000")
    )
    mtfs = MtfsYear.objects.create(financial_year=year, funding=Decimal("9000000"), spending=Decimal("9500000"))
    own = _line("SAV-0001", owner=users[Role.OFFICER], directorate=own_directorate, service=own_service, year=year)
    other = _line("SAV-0002", owner=spare, directorate=other_directorate, service=other_service, year=year)
    undeliverable = _line(
        "SAV-0003",
        owner=users[Role.OFFICER],
        directorate=own_directorate,
        service=own_service,
        year=year,
        status=SavingsStatus.UNDELIVERABLE,
        undeliverable_reason="Statutory",
    )
    return {
        "users": users,
        "year": year,
        "service": other_service,
        "records": {"budget": budget, "mtfs": mtfs, "own": own, "other": other, "undeliverable": undeliverable},
    }


world = matrix.world_fixture(_build_world)


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "-":
        return None
    record = world["records"][state]
    return type(record).objects.get(pk=record.pk)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    year = world["year"]
    if route in {"finance:budget-create", "finance:budget-edit"}:
        return {
            "service": world["service"].pk,
            "financial_year": year,
            "cost_centre": "PLC001",
            "original": "£250,000",
            "revised": "260000",
            "actual": "",
        }
    if route == "finance:monitoring-create":
        return {"month": f"{year[:4]}-05-01", "forecast_outturn": "1,050,000", "reason": "Demand up"}
    if route == "finance:mtfs-create":
        return {"financial_year": plus_years(year, 1), "funding": "9100000", "spending": "9900000"}
    if route == "finance:mtfs-edit":
        return {"financial_year": year, "funding": "9100000", "spending": "9900000", "note": "Settlement"}
    if route == "finance:saving-create":
        return {
            "title": "Recommission day opportunities",
            "owner": world["users"][Role.OFFICER].pk,
            "directorate": world["records"]["own"].directorate_id,
            "baseline": "800000",
            "cashable": "yes",
            "financial_year": year,
            "in_year": "50000",
            "full_year_effect": "80000",
            "confidence": "amber",
            "confidence_reason": "Depends on the procurement",
        }
    if route == "finance:saving-slip":
        return {"from_year": year, "to_year": plus_years(year, 1), "amount": "10000", "reason": "Contract starts late"}
    if route == "finance:saving-confidence":
        return {"confidence": "red", "confidence_reason": "Demand has grown"}
    if route == "finance:saving-evidence":
        return {"financial_year": year, "kind": "contract_price", "amount": "15000", "note": "New contract price"}
    if route == "finance:saving-undeliverable":
        return {"reason": "The partner withdrew", "replacement": ""}
    if route == "finance:saving-edit":
        return {
            "title": "Recommission day opportunities",
            "owner": world["users"][Role.DIRECTOR].pk,
            "directorate": target.directorate_id,
            "service": target.service_id or "",
            "reason": "The programme moved to the director",
        }
    return {}


def snapshot() -> dict[str, Any]:
    return {
        **{model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS},
        "history": [model.history.count() for model in MODELS],  # type: ignore[attr-defined]
    }


def _check_change(route: str, target: Any, user: User, before: dict[str, Any], world: dict[str, Any]) -> str:
    after = snapshot()
    assert after["history"] != before["history"], route
    if route == "finance:budget-create":
        return reverse("finance:budget-detail", args=[BudgetLine.objects.latest("pk").pk])
    if route in {"finance:budget-edit", "finance:monitoring-create"}:
        return reverse("finance:budget-detail", args=[target.pk])
    if route in {"finance:mtfs-create", "finance:mtfs-edit"}:
        return reverse("finance:mtfs")
    if route == "finance:saving-create":
        made = SavingsLine.objects.latest("pk")
        assert made.owner == world["users"][Role.OFFICER]
        assert made.years.get().planned == Decimal("50000")
        return reverse("finance:saving-detail", args=[made.pk])
    if route == "finance:saving-slip":
        assert SavingsSlippage.objects.filter(line=target, reason="Contract starts late").exists()
    if route == "finance:saving-edit":
        fresh = SavingsLine.objects.get(pk=target.pk)
        assert (fresh.title, fresh.owner) == ("Recommission day opportunities", world["users"][Role.DIRECTOR])
        assert fresh.history.latest().history_change_reason == "Details changed: The programme moved to the director"
    return reverse("finance:saving-detail", args=[target.pk])


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()


@pytest.mark.django_db
def test_the_tracker_and_its_download_show_the_year_s_lines(world: dict[str, Any]) -> None:
    """The tracker lists this year's lines with the tracker's columns, and the download has the same rows."""
    director = matrix.signed_in_client(world, Role.DIRECTOR)
    page = director.get(reverse("finance:savings")).content.decode()
    for column in ("Target", "Agreed", "Forecast", "Unachievable", "Still to be identified"):
        assert column in page
    assert "SAV-0001" in page
    assert "SAV-0003" in page
    download = b"".join(director.get(reverse("finance:savings-export-csv")).streaming_content).decode("utf-8-sig")
    references = sorted(row.split(",")[0] for row in download.splitlines()[1:])
    assert references == ["SAV-0001", "SAV-0002", "SAV-0003"]
    narrowed = director.get(reverse("finance:savings"), {"directorate": world["records"]["other"].directorate_id})
    assert "SAV-0001" not in narrowed.content.decode()


@pytest.mark.django_db
def test_a_service_page_shows_its_budget_and_savings_lines_inside_the_council_only(world: dict[str, Any]) -> None:
    """The golden thread back from a service (finance.thread_savings): its budget lines and savings lines."""
    budget = world["records"]["budget"]
    path = reverse("services:detail", args=[budget.service_id])
    page = matrix.signed_in_client(world, Role.CABINET).get(path).content.decode()
    assert reverse("finance:budget-detail", args=[budget.pk]) in page
    assert reverse("finance:saving-detail", args=[world["records"]["own"].pk]) in page
    public = matrix.signed_in_client(world, None).get(path)
    assert reverse("finance:budget-detail", args=[budget.pk]) not in public.content.decode()


@pytest.mark.django_db
def test_sending_the_evidence_form_again_adds_nothing_and_goes_back_to_the_line(world: dict[str, Any]) -> None:
    """A repeated submit of the same evidence form (its one-time token) is answered by core's save page: the line,
    with a message, and one piece of evidence, not an error page."""
    from commissioning.core.concurrency import ALREADY_SUBMITTED, TOKEN_FIELD

    line = world["records"]["own"]
    director = matrix.signed_in_client(world, Role.DIRECTOR)
    path = reverse("finance:saving-evidence", args=[line.pk])
    page = director.get(path).content.decode()
    token = re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    data = {
        "financial_year": world["year"],
        "kind": "contract_price",
        "amount": "15000",
        "note": "New contract price",
        TOKEN_FIELD: token,
    }
    before = SavingsEvidence.objects.filter(line=line).count()
    first = director.post(path, data)
    again = director.post(path, data, follow=True)
    assert first.status_code == 302
    assert again.redirect_chain[-1][0] == first["Location"]
    assert ALREADY_SUBMITTED.format(thing=SavingsEvidence._meta.verbose_name) in again.content.decode()
    assert SavingsEvidence.objects.filter(line=line).count() == before + 1
