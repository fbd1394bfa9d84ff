"""The risk register and its heat map cost the same number of queries for a district council as for a metropolitan
one (as the officer, who sees every risk, and as a scrutiny member, who sees the published ones), as does a contract's
page with its risks, and the demo has risks on every register, the minutes' savings risk among them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.risks.demo import CONTRACTS_WITH_RISKS, SAVINGS_RISK
from commissioning.risks.models import Level, Risk
from tests import demo

SCALES = ["district", "metropolitan"]


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    officer, scrutiny = Client(), Client()
    officer.force_login(User.objects.get(username="officer"))
    scrutiny.force_login(User.objects.get(username="scrutiny"))
    register, heat_map = reverse("risks:list"), reverse("risks:heat-map")
    savings = Risk.objects.get(reference=SAVINGS_RISK)
    contract_risk = Risk.objects.filter(level=Level.CONTRACT).order_by("reference").first()
    assert contract_risk is not None
    contract_page = reverse("contracts:detail", args=[contract_risk.contract_id])
    return {
        "register": _count(officer, register),
        "corporate register": _count(officer, register + "?level=corporate"),
        "register filtered": _count(officer, register + "?band=high&overdue=on&sort=-inherent"),
        "register (scrutiny)": _count(scrutiny, register),
        "heat map": _count(officer, heat_map),
        "heat map (scrutiny)": _count(scrutiny, heat_map + "?level=corporate"),
        "savings risk": _count(officer, reverse("risks:detail", args=[savings.pk])),
        "contract risks": _count(officer, register + "?level=contract"),
        "contract risk": _count(officer, reverse("risks:detail", args=[contract_risk.pk])),
        "contract with risks": _count(officer, contract_page),
        "contract (scrutiny)": _count(scrutiny, contract_page),
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_risk_pages_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    print()
    for page in counts["district"]:
        print(f"{page:<26}" + "".join(f"{counts[scale][page]:>8}" for scale in SCALES))
    assert counts["district"] == counts["metropolitan"]


@pytest.mark.django_db
def test_the_demo_has_risks_on_every_register_and_the_minutes_one(demo_district: demo.DemoCouncil) -> None:
    assert set(Risk.objects.values_list("level", flat=True)) == set(Level.values)
    savings = Risk.objects.get(reference=SAVINGS_RISK)
    assert savings.title == "Savings in the budget are not realised"
    assert savings.controls.filter(positive_effect=True).exists()
    assert any(action.overdue for action in savings.actions.all())
    contract_risks = Risk.objects.filter(level=Level.CONTRACT).select_related("contract")
    assert len(contract_risks) == CONTRACTS_WITH_RISKS
    assert all(risk.directorate_id == risk.contract.directorate_id for risk in contract_risks)
