import csv
import html
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from commissioning.services import forms
from commissioning.services.models import DeliveryModel, Service
from tests.dates import date_input
from tests.factories import DirectorateFactory, OrganisationFactory, ServiceFactory, WardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(council):
    env = DirectorateFactory(name="Environment", code="ENV")
    adults = DirectorateFactory(name="Adults", code="ADL")
    return {
        "waste": ServiceFactory(
            name="Waste collection",
            reference="ENV-001",
            directorate=env,
            statutory=True,
            gross_budget=Decimal("900000"),
            net_budget=Decimal("800000"),
        ),
        "parks": ServiceFactory(
            name="Parks",
            reference="ENV-002",
            directorate=env,
            gross_budget=Decimal("300000"),
            net_budget=Decimal("250000"),
            description="Green spaces and playgrounds",
        ),
        "care": ServiceFactory(
            name="Home care",
            reference="ADL-001",
            directorate=adults,
            statutory=True,
            outsourced=True,
            gross_budget=Decimal("5000000"),
            net_budget=Decimal("4000000"),
            annual_demand=10,
        ),
        "old": ServiceFactory(name="Old archived service", reference="ADL-002", directorate=adults, archived=True),
    }


def names(response):
    """The service names listed on the page, in order."""
    return [html.unescape(n) for n in re.findall(r'data-testid="service-name">([^<]*)</a>', response.content.decode())]


def test_list_searches_name_reference_and_description(client_for, catalogue):
    client = client_for("officer")
    assert names(client.get("/services/", {"q": "waste"})) == ["Waste collection"]
    assert names(client.get("/services/", {"q": "ADL-001"})) == ["Home care"]
    assert names(client.get("/services/", {"q": "playgrounds"})) == ["Parks"]
    assert names(client.get("/services/", {"q": "nothing like this"})) == []


def test_list_filters(client_for, catalogue):
    client = client_for("officer")
    env = catalogue["waste"].directorate
    assert names(client.get("/services/", {"directorate": env.pk})) == ["Parks", "Waste collection"]
    assert names(client.get("/services/", {"statutory": "yes"})) == ["Home care", "Waste collection"]
    assert names(client.get("/services/", {"statutory": "no"})) == ["Parks"]
    assert names(client.get("/services/", {"delivery_model": DeliveryModel.PRIVATE})) == ["Home care"]
    assert "Old archived service" in names(client.get("/services/", {"archived": "on"}))


def test_list_ignores_nonsense_filters_rather_than_failing(client_for, catalogue):
    response = client_for("officer").get("/services/", {"directorate": "abc", "sort": "drop table", "page": "99"})
    assert response.status_code == 200
    assert len(names(response)) == 3


def test_list_sorts_by_money_and_unit_cost(client_for, catalogue):
    client = client_for("officer")
    assert names(client.get("/services/", {"sort": "-gross_budget"})) == ["Home care", "Waste collection", "Parks"]
    assert names(client.get("/services/", {"sort": "net_budget"})) == ["Parks", "Waste collection", "Home care"]
    # Home care: £5m for 10 units is by far the highest unit cost.
    assert names(client.get("/services/", {"sort": "-unit_cost"}))[0] == "Home care"


def test_list_paginates(client_for, council, settings):
    settings.PAGE_SIZE = 2
    for i in range(5):
        ServiceFactory(name=f"Service {i}")
    client = client_for("officer")
    assert names(client.get("/services/")) == ["Service 0", "Service 1"]
    page3 = client.get("/services/", {"page": 3})
    assert names(page3) == ["Service 4"]
    assert "5 services" in page3.content.decode()


def test_csv_export_follows_the_filters(client_for, catalogue):
    response = client_for("officer").get("/services/export.csv", {"directorate": catalogue["waste"].directorate.pk})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r["Service"] for r in rows] == ["Parks", "Waste collection"]
    waste = rows[1]
    assert waste["Reference"] == "ENV-001"
    assert waste["Statutory or discretionary"] == "Statutory"
    assert waste["Gross budget (GBP)"] == "900000.00"
    assert waste["Unit cost (GBP)"] == "900.00"


def test_excel_export_has_every_visible_service(client_for, catalogue):
    response = client_for("officer").get("/services/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Reference", "Service", "Directorate")
    assert {r[1] for r in rows[1:]} == {"Waste collection", "Parks", "Home care"}


def valid_form_data(council, **changes):
    officer_user = __import__("commissioning.accounts.models", fromlist=["User"]).User.objects.get(username="officer")
    data = {
        "name": "Pest control",
        "reference": "",
        "description": "",
        "directorate": DirectorateFactory(code="PLE").pk,
        "accountable_officer": officer_user.pk,
        "is_statutory": "no",
        "statutory_basis": "",
        "delivery_model": DeliveryModel.IN_HOUSE,
        "provider": "",
        "budget_year": "2026/27",
        "gross_budget": "£120,000.50",
        "net_budget": "90000",
        "staff_fte": "3.5",
        "annual_demand": "1500",
        "demand_unit": "call-outs",
        "wards": [WardFactory().pk],
        **date_input("next_review_due", ""),
    }
    data.update(changes)
    return data


def test_create_accepts_pounds_with_symbols_and_commas(client_for, council):
    client = client_for("officer")
    response = client.post("/services/new", valid_form_data(council))
    service = Service.objects.get(name="Pest control")
    assert response.status_code == 302
    assert response["Location"] == f"/services/{service.pk}/"
    assert service.gross_budget == Decimal("120000.50")
    assert service.reference == "PLE-001"
    assert service.history.get().history_user.username == "officer"


def test_create_accepts_counts_with_thousands_separators(client_for, council):
    client_for("officer").post("/services/new", valid_form_data(council, annual_demand="4,200"))
    assert Service.objects.get(name="Pest control").annual_demand == 4200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, forms.NAME_REQUIRED),
        ({"gross_budget": "lots"}, forms.GROSS_INVALID),
        ({"net_budget": "1,2,3p"}, forms.NET_INVALID),
        ({"gross_budget": "-5"}, forms.MONEY_NEGATIVE),
        ({"staff_fte": "-1"}, forms.FTE_NEGATIVE),
        ({"annual_demand": "12.5"}, forms.DEMAND_INVALID),
        ({"is_statutory": ""}, forms.STATUTORY_REQUIRED),
        ({"is_statutory": "yes"}, "Enter the statute that requires this service, like Care Act 2014, s.18"),
        ({"net_budget": "130000"}, "Net budget cannot be more than the gross budget"),
        ({"delivery_model": DeliveryModel.VCS}, "Choose who delivers the service"),
        ({"reference": "bad ref"}, "Enter a reference like ADL-012"),
    ],
)
def test_create_with_a_wrong_field_shows_the_error_keeps_the_input_and_saves_nothing(
    client_for, council, changes, message
):
    client = client_for("officer")
    response = client.post("/services/new", valid_form_data(council, **changes))
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message.replace("'", "&#x27;") in body or message in body
    assert "Pest control" in body or changes.get("name") == ""
    assert Service.objects.count() == 0


def test_edit_with_reason_appears_on_history_tab(client_for, council):
    service = ServiceFactory(name="Parks", wards=[WardFactory(name="Foxmead")])
    client = client_for("officer")
    data = valid_form_data(
        council, name="Parks and open spaces", reason="Renamed after consultation", reference=service.reference
    )
    data["directorate"] = service.directorate.pk
    response = client.post(f"/services/{service.pk}/edit", data)
    assert response.status_code == 302
    history = client.get(f"/services/{service.pk}/history").content.decode()
    assert "Renamed after consultation" in history
    assert "Parks and open spaces" in history


def test_archive_requires_a_reason_then_hides_the_service_from_the_list(client_for, council):
    service = ServiceFactory(name="Markets")
    client = client_for("officer")
    response = client.post(f"/services/{service.pk}/archive", {"reason": ""})
    assert "Enter why the service is being archived" in response.content.decode()
    response = client.post(f"/services/{service.pk}/archive", {"reason": "Market closed"})
    assert response.status_code == 302
    assert "Markets" not in names(client.get("/services/"))
    assert client.get(f"/services/{service.pk}/").status_code == 200
    assert client_for(None).get(f"/services/{service.pk}/").status_code == 404


def test_provider_dropdown_offers_other_organisations_not_the_council(client_for, council):
    OrganisationFactory(name="Kestrel Care Ltd")
    body = client_for("officer").get("/services/new").content.decode()
    provider_select = body[body.index('name="provider"') : body.index("</select>", body.index('name="provider"'))]
    assert "Kestrel Care Ltd" in provider_select
    assert council.name not in provider_select


def test_a_reference_taken_after_the_check_is_an_error_on_the_field_not_a_500(client_for, council, monkeypatch):
    from commissioning.services import actions

    ServiceFactory(reference="PLE-001")
    monkeypatch.setattr(actions, "reference_in_use", lambda **kwargs: False)  # another officer saved it meanwhile
    response = client_for("officer").post("/services/new", valid_form_data(council, reference="PLE-001"))
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in body
    assert actions.REFERENCE_TAKEN.format(reference="PLE-001") in body
    assert 'href="#id_reference"' in body
    assert Service.objects.count() == 1
