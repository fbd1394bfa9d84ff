"""The import pages: uploading (with the size limit applied while the file arrives), the job's page in each state,
the templates, the list with its filters and downloads."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from commissioning.imports import ingest, views
from commissioning.imports.forms import FILE_REQUIRED, KIND_REQUIRED
from commissioning.imports.models import ImportJob, ImportStatus
from engine.ingest.limits import Limits

from .factories import BUDGET_HEADER, ImportJobFactory, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(finance) -> Client:
    client = Client()
    client.force_login(finance)
    return client


def error_messages(response) -> dict[str, list[str]]:
    """The error summary's messages, by the field each links to."""
    content = response.content.decode()
    found: dict[str, list[str]] = {}
    for field, message in re.findall(r'<a href="#id_(\w+)">([^<]+)</a>', content):
        found.setdefault(field, []).append(html.unescape(message))
    return found


def upload(client: Client, data: bytes, *, name: str = "budgets.csv", kind: str = "budgets", **extra):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("imports:create"), {"kind": kind, "file": file}, **extra)


def test_a_good_upload_goes_to_the_jobs_page_with_its_summary(client, services):
    response = upload(client, csv_file(BUDGET_HEADER, "ADH-001,2026/27,1100000,850000,,"))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:detail", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "File imported" in page
    assert 'data-testid="import-summary"' in page
    assert "http-equiv" not in page  # finished: nothing refreshes
    assert "Import another file" in page


def test_a_bad_upload_lists_each_problem_and_offers_a_corrected_upload(client, services):
    response = upload(client, csv_file(BUDGET_HEADER, "ADH-001,2026/27,lots,850000,,", "ADH-002,2026/27,1,2,,"))
    page = client.get(response["Location"]).content.decode()
    assert "The file has not been imported" in page
    assert page.count('data-testid="import-problem"') == 2
    assert "&#34;lots&#34; is not a number" in page
    assert f'href="{reverse("imports:create")}?kind=budgets"' in page
    problems = client.get(reverse("imports:problems-csv", args=[ImportJob.objects.get().pk]))
    rows = list(csv.reader(io.StringIO(b"".join(problems.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Row", "Column", "Problem"]
    assert [row[:2] for row in rows[1:]] == [["2", "Gross budget"], ["3", "Net budget"]]


def test_problems_are_listed_a_page_at_a_time(client, finance):
    errors = [{"row": n, "column": "Gross budget", "reason": f"problem {n}"} for n in range(2, 252)]
    job = ImportJobFactory(failed=True, created_by=finance, errors=errors, errors_total=1_250)
    page = client.get(reverse("imports:detail", args=[job.pk]) + "?page=3").content.decode()
    assert page.count('data-testid="import-problem"') == 50
    assert "problem 202<" in page
    assert "1,250 problems to fix" in page
    assert "The first 250 are listed" in page


def test_a_file_that_cannot_be_read_says_why(client, services):
    response = upload(client, b"\x89PNG\r\n\x1a\n" + bytes(64), name="budgets.xlsx")
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-failure"' in page
    assert "The file is not an Excel workbook (.xlsx), although its name ends .xlsx" in page


@pytest.mark.parametrize(
    ("data", "kind", "field", "message"),
    [
        (None, "budgets", "file", FILE_REQUIRED),
        (b"a,b\r\n", "", "kind", KIND_REQUIRED),
        (b"a,b\r\n", "gossip", "kind", KIND_REQUIRED),
    ],
)
def test_the_form_says_what_is_missing(client, data, kind, field, message):
    payload = {"kind": kind}
    if data is not None:
        payload["file"] = SimpleUploadedFile("b.csv", data)
    response = client.post(reverse("imports:create"), payload)
    assert response.status_code == 200
    assert error_messages(response) == {field: [message]}
    assert not ImportJob.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_by_the_form(client):
    response = upload(client, b"%PDF-1.7", name="budgets.pdf")
    assert response.status_code == 200
    assert error_messages(response)["file"][0].startswith('The file "budgets.pdf" is not a spreadsheet')
    assert "Error: Import a file" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_is_dropped_while_it_arrives(client, monkeypatch):
    """The upload handler stops keeping the file at the limit, and the form says it is too large."""
    monkeypatch.setattr(ingest, "LIMITS", Limits(max_file_bytes=1_000))
    response = upload(client, b"a" * 50_000)
    assert response.status_code == 200
    (message,) = error_messages(response)["file"]
    assert message.startswith("The file is 50.")
    assert message.endswith("which is over the limit of 1 KB: split it into smaller files")
    assert not ImportJob.objects.exists()


def test_the_upload_checks_the_csrf_token_itself(finance):
    client = Client(enforce_csrf_checks=True)
    client.force_login(finance)
    assert upload(client, b"a,b\r\n").status_code == 403
    page = client.get(reverse("imports:create"))
    token = page.cookies["csrftoken"].value
    response = upload(client, b"a,b\r\n", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 302


def test_the_upload_page_preselects_the_kind_asked_for(client):
    content = client.get(reverse("imports:create") + "?kind=measurements").content.decode()
    assert 'value="measurements" checked' in content
    assert 'href="/imports/templates/budgets-template.xlsx"' in content
    assert "What each column of a service budgets file takes" in content


def test_the_templates_are_the_engines(client):
    xlsx = client.get(reverse("imports:template", kwargs={"kind": "budgets", "extension": "xlsx"}))
    assert xlsx["Content-Disposition"] == 'attachment; filename="budgets-template.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert next(sheet.iter_rows(values_only=True))[:4] == (
        "Service reference",
        "Financial year",
        "Gross budget",
        "Net budget",
    )
    text = client.get(reverse("imports:template", kwargs={"kind": "measurements", "extension": "csv"})).content
    assert text.startswith(b"\xef\xbb\xbfIndicator code,Period,Value,Note\r\n")


def test_a_running_job_refreshes_itself_until_asked_not_to(client, finance):
    job = ImportJobFactory(running=True, created_by=finance)
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert f'<noscript><meta http-equiv="refresh" content="{views.REFRESH_SECONDS}"></noscript>' in page
    assert 'data-refresh-seconds="3"' in page
    assert "imports/progress.js" in page
    assert "250 of 1,000 rows saved (25%)" in page
    assert 'data-percent="25"' in page
    quiet = client.get(reverse("imports:detail", args=[job.pk]) + "?refresh=off").content.decode()
    assert "http-equiv" not in quiet
    assert "data-refresh-seconds" not in quiet
    assert "progress.js" not in quiet


def test_a_queued_job_says_it_is_waiting(client, finance):
    job = ImportJobFactory(queued=True, created_by=finance)
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Waiting for the import to start" in page
    assert "The import will start in a moment" in page


def test_the_list_filters_and_pages(client, finance, officer, settings):
    settings.PAGE_SIZE = 2
    ImportJobFactory(created_by=finance, filename="april.csv")
    ImportJobFactory(created_by=finance, filename="may.csv", failed=True)
    ImportJobFactory(created_by=officer, filename="june.csv", measurements=True)

    def names(query: str = "") -> list[str]:
        content = client.get(reverse("imports:list") + query).content.decode()
        return re.findall(r'href="/imports/\d+/">([^<]+)</a>', content)

    assert names() == ["june.csv", "may.csv"]
    assert names("?page=2") == ["april.csv"]
    assert names("?status=failed") == ["may.csv"]
    assert names("?kind=measurements") == ["june.csv"]
    assert names("?mine=on") == ["may.csv", "april.csv"]
    assert names("?q=APR") == ["april.csv"]
    assert names("?status=nonsense") == ["june.csv", "may.csv"]


def test_the_job_list_shows_each_result(client, finance):
    ImportJobFactory(created_by=finance, rows_total=3, updated_count=2, unchanged_count=1)
    ImportJobFactory(created_by=finance, failed=True, errors_total=4)
    content = client.get(reverse("imports:list")).content.decode()
    assert "3 rows: 0 added, 2 changed, 1 unchanged" in content
    assert "4 problems to fix" in content
    assert content.count(ImportStatus.FAILED.label) >= 1
