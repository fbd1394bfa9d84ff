"""Who may do what with pooled budgets: every route, every role (and anonymous), every state (ADR 0027).

Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

In the world the partner user works for the integrated care board, a partner in the "ours" pool and not in the
"theirs" pool; the provider user works for a provider. States: ours (the partner's pool), theirs (a pool the partner
is not in), - (no pool).
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.urls import reverse

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from commissioning.finance import actions_pools as act
from commissioning.finance.models import PoolContribution, PooledFund, PoolPartner, PoolPayment, PoolSpend, PoolYear
from tests import matrix
from tests.factories import OrganisationFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, OK

_ = (OK, DENIED, HIDDEN, LOGIN, DONE)
# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                 method  state     anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("finance:pools",       "GET",  "-",      (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      OK)),
    ("finance:pool-create", "GET",  "-",      (LOGIN,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("finance:pool-create", "POST", "-",      (LOGIN,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("finance:pool",        "GET",  "ours",   (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      OK)),
    ("finance:pool",        "GET",  "theirs", (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("finance:pool-history", "GET", "ours",   (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      DENIED)),
    ("finance:pool-edit",   "GET",  "ours",   (HIDDEN, DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  DENIED)),
    ("finance:pool-edit",   "POST", "ours",   (HIDDEN, DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  DENIED)),
    ("finance:pool-spend-create", "GET", "ours", (HIDDEN, DENIED, DENIED,  OK,      DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  DENIED)),
    ("finance:pool-spend-create", "POST", "ours", (HIDDEN, DENIED, DENIED, DONE,    DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  DENIED)),
    ("finance:pool-year",   "GET",  "ours",   (HIDDEN, DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  DENIED)),
    ("finance:pool-year",   "POST", "ours",   (HIDDEN, DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  DENIED)),
    # finfinish: statements per period, partners, payments
    ("finance:pool-statement", "GET", "ours", (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      OK)),
    ("finance:pool-statement", "GET", "theirs", (HIDDEN, OK,    OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("finance:pool-statement-csv", "GET", "ours", (HIDDEN, OK,  OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      OK)),
    ("finance:pool-statement-csv", "GET", "theirs", (HIDDEN, OK, OK,     OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("finance:pool-partner-create", "GET", "ours", (HIDDEN, DENIED, DENIED, OK,   DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  DENIED)),
    ("finance:pool-partner-create", "POST", "ours", (HIDDEN, DENIED, DENIED, DONE, DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  DENIED)),
    ("finance:pool-partner-edit", "GET", "partner", (HIDDEN, DENIED, DENIED, OK,   DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  DENIED)),
    ("finance:pool-partner-edit", "POST", "partner", (HIDDEN, DENIED, DENIED, DONE, DENIED, DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  DENIED)),
    ("finance:pool-partner-edit", "GET", "their partner", (HIDDEN, DENIED, DENIED, OK, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED,  HIDDEN)),
    ("finance:pool-partner-remove", "GET", "partner", (HIDDEN, DENIED, DENIED, OK, DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  DENIED)),
    ("finance:pool-partner-remove", "POST", "partner", (HIDDEN, DENIED, DENIED, DONE, DENIED, DENIED, DENIED,  HIDDEN,  DENIED,  DENIED,  DENIED)),
    ("finance:pool-payment-create", "GET", "ours", (HIDDEN, DENIED, DENIED, OK,   DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  DENIED)),
    ("finance:pool-payment-create", "POST", "ours", (HIDDEN, DENIED, DENIED, DONE, DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  DENIED)),
]
# fmt: on


def _build_world() -> dict[str, Any]:
    council = OrganisationFactory(council=True)
    icb = OrganisationFactory(name="NHS Test Integrated Care Board", kind=Organisation.Kind.PARTNER, company_number="")
    other = OrganisationFactory(name="Eastmoor District Council", kind=Organisation.Kind.PARTNER, company_number="")
    provider = OrganisationFactory(name="Ashfield Care Ltd")
    organisation = {Role.PROVIDER: provider, Role.PARTNER: icb}
    users = {
        role: UserFactory(username=role, role=role, is_staff=role == Role.ADMIN, organisation=organisation.get(role))
        for role in COLUMNS
        if role
    }
    pools = {}
    for state, partner in (("ours", icb), ("theirs", other)):
        details = act.PoolDetails(
            name=f"Pool {state}", host=council, manager=users[Role.DIRECTOR], method="percentage", purpose="",
            partners=[council, partner],
        )  # fmt: skip
        pools[state] = act.pool_create(details=details, by=users[Role.FINANCE])
    act.pool_year_set(
        pool=pools["theirs"],
        financial_year="2026/27",
        total=Decimal(1000),
        within_pool=Decimal(0),
        risk_reserve=Decimal(0),
        contributions={p.pk: Decimal(500) for p in pools["theirs"].partners.all()},
        by=users[Role.FINANCE],
    )  # finfinish: a pool with a year has statements
    act.pool_year_set(
        pool=pools["ours"],
        financial_year="2026/27",
        total=Decimal(0),
        within_pool=Decimal(0),
        risk_reserve=Decimal(0),
        contributions={},
        by=users[Role.FINANCE],
    )  # a year with £0 from each partner so far: its partners may still be removed
    partners = {
        "partner": pools["ours"].partners.get(organisation=icb),
        "their partner": pools["theirs"].partners.get(organisation=other),
    }
    spare = OrganisationFactory(name="Westfield Hospice Trust", kind=Organisation.Kind.PARTNER, company_number="")
    return {"users": users, "pools": pools, "council": council, "icb": icb, "partners": partners, "spare": spare}


world = matrix.world_fixture(_build_world)


def snapshot() -> dict[str, Any]:
    return {
        "pools": list(PooledFund.objects.order_by("pk").values_list("pk", "name")),
        "partners": list(PoolPartner.objects.order_by("pk").values_list("pk", "share")),
        "years": list(PoolYear.objects.order_by("pk").values_list("pk", "total")),
        "contributions": list(PoolContribution.objects.order_by("pk").values_list("pk", "amount")),
        "spend": list(PoolSpend.objects.order_by("pk").values_list("pk", "amount")),
        "partner details": list(
            PoolPartner.objects.order_by("pk").values_list("pk", "name", "organisation", "archived_at")
        ),
        "payments": list(PoolPayment.objects.order_by("pk").values_list("pk", "amount")),
        "history": PooledFund.history.count() + PoolYear.history.count(),
    }


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state in world["partners"]:
        return PoolPartner.objects.get(pk=world["partners"][state].pk)
    return PooledFund.objects.get(pk=world["pools"][state].pk) if state in world["pools"] else None


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    if route == "finance:pool-create":
        return {
            "name": "Matrix pool", "host": world["council"].pk, "manager": world["users"][Role.DIRECTOR].pk,
            "method": "percentage", "partners": [world["council"].pk, world["icb"].pk],
            "form_token": str(uuid.uuid4()),
        }  # fmt: skip
    if route == "finance:pool-edit":
        first, second = target.partners.all()
        return {
            "name": "Renamed pool", "host": world["council"].pk, "manager": world["users"][Role.DIRECTOR].pk,
            "method": "percentage", f"share_{first.pk}": "70", f"share_{second.pk}": "30",
        }  # fmt: skip
    if route == "finance:pool-spend-create":
        return {
            "date_day": "1", "date_month": "4", "date_year": "2026", "description": "Reablement", "amount": "-250",
            "form_token": str(uuid.uuid4()),
        }  # fmt: skip
    if route == "finance:pool-year":
        first, second = target.partners.all()
        return {
            "financial_year": "2026/27", "total": "£1,000", f"contribution_{first.pk}": "600",
            f"contribution_{second.pk}": "400", "form_token": str(uuid.uuid4()),
        }  # fmt: skip
    if route == "finance:pool-partner-create":
        first, second = target.partners.all()
        return {
            "organisation": world["spare"].pk, "name": "Hospice", "share": "20", f"share_{first.pk}": "40",
            f"share_{second.pk}": "40", "contact_name": "Sam Lee", "contact_email": "sam@example.org",
            "form_token": str(uuid.uuid4()),
        }  # fmt: skip
    if route == "finance:pool-partner-edit":
        council = target.pool.partners.exclude(pk=target.pk).get()
        return {
            "organisation": target.organisation_id, "name": "NHS ICB", "share": "30", f"share_{council.pk}": "70",
            "contact_name": "", "contact_email": "",
        }  # fmt: skip
    if route == "finance:pool-partner-remove":
        council = target.pool.partners.exclude(pk=target.pk).get()
        return {"reason": "Left the agreement", f"share_{council.pk}": "100"}
    if route == "finance:pool-payment-create":
        return {
            "partner": target.partners.get(organisation=world["icb"]).pk, "date_day": "14", "date_month": "4",
            "date_year": "2026", "amount": "1,000", "form_token": str(uuid.uuid4()),
        }  # fmt: skip
    return {}


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    if route == "finance:pool-create":
        made = PooledFund.objects.latest("pk")
        assert made.name == "Matrix pool"
        assert sorted(made.partners.values_list("share", flat=True)) == [Decimal(50), Decimal(50)]
        return reverse("finance:pool", args=[made.pk])
    if route == "finance:pool-edit":
        fresh = PooledFund.objects.get(pk=target.pk)
        assert fresh.name == "Renamed pool"
        assert list(fresh.partners.values_list("share", flat=True)) == [70, 30]
        return reverse("finance:pool", args=[target.pk])
    if route == "finance:pool-spend-create":
        spend = PoolSpend.objects.get(pool=target)
        assert (spend.amount, spend.financial_year, spend.description) == (-250, "2026/27", "Reablement")
        return reverse("finance:pool", args=[target.pk]) + "?year=2026/27"
    if route == "finance:pool-partner-create":
        made = PoolPartner.objects.get(pool=target, organisation=world["spare"])
        assert (made.name, made.share, made.contact_email) == ("Hospice", 20, "sam@example.org")
        assert sorted(target.partners.values_list("share", flat=True)) == [20, 40, 40]
        return reverse("finance:pool", args=[target.pk]) + "#partners"
    if route == "finance:pool-partner-edit":
        fresh = PoolPartner.objects.get(pk=target.pk)
        assert (fresh.name, fresh.share) == ("NHS ICB", 30)
        return reverse("finance:pool", args=[target.pool_id]) + "#partners"
    if route == "finance:pool-partner-remove":
        assert PoolPartner.objects.get(pk=target.pk).is_archived
        assert list(target.pool.partners.active().values_list("share", flat=True)) == [100]
        return reverse("finance:pool", args=[target.pool_id]) + "#partners"
    if route == "finance:pool-payment-create":
        payment = PoolPayment.objects.get(partner__pool=target)
        assert (payment.amount, payment.financial_year) == (1000, "2026/27")
        return reverse("finance:pool-statement", args=[target.pk]) + "?year=2026/27&period=year"
    year = PoolYear.objects.get(pool=target, financial_year="2026/27")
    assert year.total == 1000
    assert sorted(year.contributions.values_list("amount", flat=True)) == [400, 600]
    return reverse("finance:pool", args=[target.pk]) + "?year=2026/27"


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()
