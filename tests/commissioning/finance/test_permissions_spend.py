"""Who may do what with spend: every spend route, every role (and anonymous). Columns:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

The published spend list and its download are public (the Transparency Code data); the mapping pages are the
finance officer's. A DONE mapping re-points the stored payment to the organisation or service chosen.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.core.permissions import Role
from commissioning.finance.models import ExpenseAreaMapping, SpendImport, SpendTransaction, SupplierMapping
from tests import matrix
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, LOGIN, NO_VERB, OK

PUBLIC = (OK,) * 11
FINANCE_ONLY = (LOGIN, DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
MAPS = (LOGIN, DENIED, DENIED, DONE, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
NOWHERE = (NO_VERB,) * 11

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                         method  state   anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("finance:spend",               "GET",  "-",    PUBLIC),
    ("finance:spend",               "POST", "-",    NOWHERE),
    ("finance:spend-export-csv",    "GET",  "-",    PUBLIC),
    ("finance:spend-mappings",      "GET",  "-",    FINANCE_ONLY),
    ("finance:spend-mappings",      "POST", "-",    NOWHERE),
    ("finance:spend-supplier-map",  "GET",  "-",    FINANCE_ONLY),
    ("finance:spend-supplier-map",  "POST", "-",    MAPS),
    ("finance:spend-area-map",      "GET",  "-",    FINANCE_ONLY),
    ("finance:spend-area-map",      "POST", "-",    MAPS),
]
# fmt: on


def _build_world() -> dict[str, Any]:
    OrganisationFactory(council=True)
    users = {
        role: UserFactory(username=role, role=role, is_staff=role == Role.ADMIN) for role in COLUMNS if role is not None
    }
    organisation = OrganisationFactory(name="Roads Mended Ltd")
    service = ServiceFactory(reference="SPD-001", name="Highways")
    spend_import = SpendImport.objects.create(filename="spend.csv", sha256="0" * 64, source="command")
    supplier = SupplierMapping.objects.create(key="ROADS MENDED QUICKLY", name="Roads Mended Quickly")
    area = ExpenseAreaMapping.objects.create(key="ROADS", name="Roads")
    SpendTransaction.objects.create(
        spend_import=spend_import,
        row_number=2,
        date=dt.date(2026, 4, 1),
        supplier_name="Roads Mended Quickly",
        supplier_key="ROADS MENDED QUICKLY",
        amount=Decimal("600.00"),
        expense_area="Roads",
        area_key="ROADS",
        row_key="2026-04-01|600.00|x|T1",
    )
    return {"users": users, "organisation": organisation, "service": service, "supplier": supplier, "area": area}


world = matrix.world_fixture(_build_world)
client_for = matrix.client_for_fixture()


def _url(route: str, state: str, world: dict[str, Any]) -> str:
    if route == "finance:spend-supplier-map":
        return reverse(route, args=[world["supplier"].pk])
    if route == "finance:spend-area-map":
        return reverse(route, args=[world["area"].pk])
    return reverse(route)


def _post_data(route: str, state: str, world: dict[str, Any]) -> dict[str, Any]:
    if route == "finance:spend-supplier-map":
        return {"organisation": world["organisation"].pk}
    if route == "finance:spend-area-map":
        return {"service": world["service"].pk}
    return {}


def snapshot() -> dict[str, Any]:
    return {
        "suppliers": list(SupplierMapping.objects.order_by("pk").values("pk", "organisation_id", "matched_by")),
        "areas": list(ExpenseAreaMapping.objects.order_by("pk").values("pk", "service_id", "matched_by")),
        "spend": list(SpendTransaction.objects.order_by("pk").values("pk", "organisation_id", "service_id")),
        "history": SupplierMapping.history.count() + ExpenseAreaMapping.history.count(),
    }


def _check_map(route: str, state: str, user: User, before: dict[str, Any], world: dict[str, Any]) -> str:
    (row,) = SpendTransaction.objects.all()
    if route == "finance:spend-supplier-map":
        assert row.organisation == world["organisation"]
        assert SupplierMapping.objects.get(pk=world["supplier"].pk).matched_by == "officer"
    else:
        assert row.service == world["service"]
    return reverse("finance:spend-mappings")


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, url=_url, post_data=_post_data, check_change=_check_map)
test_permission_matrix = PERMISSIONS.test()
