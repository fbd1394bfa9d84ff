"""Importing inspection ratings (issue 13) through the whole job: the upload, the task (run at once under the test
settings), the engine's reader and the contracts action, in one transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from commissioning.accounts.models import Organisation, User
from commissioning.contracts import actions as contract_actions
from commissioning.contracts import actions_inspection_import as contract_actions_module
from commissioning.contracts.models import InspectionRating
from commissioning.core.permissions import Role
from commissioning.core.problems import RowProblem, RowsInvalid
from commissioning.imports import actions
from commissioning.imports.models import ImportJob, ImportKind, ImportStatus
from engine.ingest.inspections import AMBIGUOUS_PROVIDER, UNKNOWN_GRADE, InspectionRow
from tests.factories import OrganisationFactory, UserFactory

from .factories import csv_file

pytestmark = pytest.mark.django_db

HEADER = "Provider,Inspectorate,Location,Date of inspection,Overall rating,Safe,Effective,Caring,Responsive,Well-led"


@pytest.fixture
def providers(council: Organisation) -> tuple[Organisation, Organisation]:
    return (
        OrganisationFactory(name="Acme Care Ltd", company_number="01234567"),
        OrganisationFactory(
            name="Hope Trust", kind=Organisation.Kind.CHARITY, company_number="", charity_number="1098765"
        ),
    )


def good_file() -> bytes:
    return csv_file(
        HEADER,
        "01234567,CQC,Rose House,01/04/2025,Good,Good,Requires improvement,Outstanding,Good,Good",
        "Hope Trust,Ofsted,,1 March 2025,Outstanding,,,,,",
        "1098765,Other,Day centre,2025-02-01,Inadequate,,,,,",
    )


def run(data: bytes, by: User, *, filename: str = "inspections.csv") -> ImportJob:
    job = actions.import_job_create(kind=ImportKind.INSPECTIONS, filename=filename, data=data, by=by)
    job.refresh_from_db()
    return job


def test_a_file_imports_through_the_job_and_a_re_import_adds_nothing(providers, officer):
    acme, hope = providers
    job = run(good_file(), officer)
    assert (job.status, job.created_count, job.unchanged_count, job.rows_total) == (ImportStatus.SUCCEEDED, 3, 0, 3)
    rose = InspectionRating.objects.get(location="Rose House")
    assert (rose.organisation, rose.inspectorate, rose.inspected_on, rose.overall, rose.effective) == (
        acme,
        "cqc",
        dt.date(2025, 4, 1),
        "good",
        "requires_improvement",
    )
    assert InspectionRating.objects.filter(organisation=hope).count() == 2
    assert rose.history.get().history_change_reason == f"Imported from inspections.csv (import {job.pk})"
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("imports:detail", args=[job.pk]))
    assert page.status_code == 200
    assert "Inspection ratings" in page.content.decode()
    again = run(good_file(), officer)
    assert (again.status, again.created_count, again.unchanged_count) == (ImportStatus.SUCCEEDED, 0, 3)
    assert InspectionRating.objects.count() == InspectionRating.history.count() == 3


def test_a_file_with_a_bad_cell_saves_nothing_and_names_the_row_and_column(providers, officer):
    data = csv_file(
        HEADER,
        "01234567,CQC,Rose House,01/04/2025,Good,Good,Good,Good,Good,Good",
        "",
        "Hope Trust,Ofsted,,1 March 2025,Brilliant,,,,,",
    )
    job = run(data, officer)
    assert job.status == ImportStatus.FAILED
    assert job.errors == [{"row": 4, "column": "Overall rating", "reason": UNKNOWN_GRADE.format(text="Brilliant")}]
    assert not InspectionRating.objects.exists()


def test_a_workbook_is_refused(providers, officer):
    job = run(good_file(), officer, filename="inspections.xlsx")
    assert job.status == ImportStatus.FAILED
    assert "is not a CSV file" in job.failure


def test_a_provider_contact_cannot_upload_inspection_ratings(providers):
    acme, _hope = providers
    contact = UserFactory(username="acme", role=Role.PROVIDER, organisation=acme)
    client = Client()
    client.force_login(contact)
    file = SimpleUploadedFile("inspections.csv", good_file(), content_type="text/csv")
    response = client.post(reverse("imports:create"), {"kind": "inspections", "file": file})
    assert response.status_code == 403
    assert not contact.has_perm("imports.import_inspections")
    assert not ImportJob.objects.exists()
    assert not InspectionRating.objects.exists()


def test_only_commissioning_officers_may_import_inspection_ratings(council):
    may = {
        role
        for role, _label in Role.CHOICES
        if UserFactory(username=f"u-{role}", role=role).has_perm(f"imports.import_{ImportKind.INSPECTIONS}")
    }
    assert may == {Role.OFFICER}


def test_the_upload_page_offers_officers_inspection_ratings_with_their_columns(officer):
    client = Client()
    client.force_login(officer)
    content = client.get(reverse("imports:create")).content.decode()
    assert 'value="inspections"' in content
    assert "Date of inspection" in content
    assert "Also read under: Well led" in content


def test_the_contracts_action_saves_nothing_when_a_provider_is_gone(providers, officer):
    acme, _hope = providers
    rows = [
        InspectionRow(acme.pk, "cqc", "", dt.date(2025, 4, 1), "good", "", "", "", "", "", 2),
        InspectionRow(acme.pk + 1000, "cqc", "", dt.date(2025, 4, 1), "good", "", "", "", "", "", 3),
    ]
    with pytest.raises(RowsInvalid) as invalid:
        contract_actions.inspection_import_rows(rows=rows, by=officer, reason="Imported")
    assert invalid.value.problems == (RowProblem(3, "provider", contract_actions_module.PROVIDER_GONE),)
    assert not InspectionRating.objects.exists()


def test_a_name_two_organisations_share_must_be_given_as_a_number(providers, officer):
    OrganisationFactory(name="Acme Care Ltd", company_number="07654321")
    job = run(csv_file(HEADER, "Acme Care Ltd,CQC,,01/04/2025,Good,,,,,"), officer)
    assert job.errors == [{"row": 2, "column": "Provider", "reason": AMBIGUOUS_PROVIDER.format(text="Acme Care Ltd")}]
