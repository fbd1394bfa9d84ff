"""Appraisal and business case pages: the grid's errors, the results, the business case page and its PDF."""

from __future__ import annotations

import csv
import html
import io
import re
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from commissioning.appraisals import actions, forms, selectors
from commissioning.appraisals.actions import BusinessCaseDetails
from commissioning.appraisals.models import BusinessCase, CostBenefitLine
from commissioning.core import pdf as core_pdf
from commissioning.core.permissions import Role
from tests.commissioning.appraisals.factories import (
    AppraisalFactory,
    BusinessCaseFactory,
    LineFactory,
    OptionFactory,
    ScoreFactory,
    amounts,
)

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def text_of(response) -> str:
    """The page's words, without the markup."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))).replace(" .", ".")


def grid_data(option, rows) -> dict[str, str]:
    """A POST of the lines grid: the option's current lines as they are, then the given rows as new lines."""
    lines = selectors.option_lines(option=option)
    data = {"lines-TOTAL_FORMS": str(len(lines) + len(rows)), "lines-INITIAL_FORMS": "0", "reason": ""}
    for index, line in enumerate(lines):
        for name, value in forms.line_initial(line).items():
            data[f"lines-{index}-{name}"] = "" if value is None else str(value)
    for offset, row in enumerate(rows, start=len(lines)):
        data.update({f"lines-{offset}-{name}": value for name, value in row.items()})
    return data


def test_the_workspace_shows_the_shortlist_and_its_results(shortlist, client_for):
    response = client_for(Role.FINANCE).get(reverse("appraisals:workspace", args=[shortlist.appraisal.pk]))
    assert response.status_code == 200
    page = text_of(response)
    assert "Options appraisal" in page
    assert "Real prices of 2026/27, the base year (year 0)" in page
    assert "3 years, 2026/27 to 2028/29" in page
    for name, npsv in [("Business as usual", "−£2,900"), ("Shared service", "−£2,715"), ("Outsource", "−£1,944")]:
        assert name in page
        assert npsv in page
    assert "Highest NPSV" in page
    assert (
        'role="img" aria-label="Bar chart of the net present social value of each option.' in response.content.decode()
    )
    assert reverse("reviews:detail", args=[shortlist.review.pk]) in html_of(response)  # the golden thread back
    assert "Add an option" not in page  # finance reads, but does not change


def test_the_workspace_warns_when_there_is_no_do_minimum(shortlist, client_for):
    actions.option_archive(option=shortlist.do_minimum, by=shortlist.officer, reason="Partner withdrew")
    page = text_of(client_for(Role.OFFICER).get(reverse("appraisals:workspace", args=[shortlist.appraisal.pk])))
    assert "The shortlist has no do-minimum option yet" in page
    assert "Taken off the shortlist" in page


def test_one_wrong_cell_saves_nothing_and_says_row_and_column(shortlist, client_for):
    client = client_for(Role.OFFICER)
    url = reverse("appraisals:option-lines", args=[shortlist.outsource.pk])
    before = list(CostBenefitLine.objects.order_by("pk").values())
    data = grid_data(
        shortlist.outsource,
        [
            {"kind": "recurring_cost", "label": "Vehicles", "y0": "100", "y1": "lots", "y2": "100"},
            {"kind": "income", "label": "Parking", "y0": "5"},
        ],
    )
    response = client.post(url, data)
    assert response.status_code == 200
    page = html_of(response)
    assert page.count("There is a problem") == 1
    assert "Nothing has been saved" in page
    assert f'href="#id_lines-3-y1">Row 4 (Vehicles), 2027/28: {forms.AMOUNT_INVALID}</a>' in page
    assert 'id="id_lines-3-y1-error"' in page
    assert 'value="lots"' in page  # the officer's entry is kept
    assert response.content.decode().startswith("<!DOCTYPE html>")
    assert "<title>Error: Costs and benefits of Outsource" in page
    assert list(CostBenefitLine.objects.order_by("pk").values()) == before

    # A rule across the row (a negative cost) is reported the same way, against its cell.
    data["lines-3-y1"] = "-100"
    page = html_of(client.post(url, data))
    assert f'href="#id_lines-3-y1">Row 4 (Vehicles), 2027/28: {actions.NEGATIVE_COST}</a>' in page
    assert list(CostBenefitLine.objects.order_by("pk").values()) == before

    data["lines-3-y1"] = "£1,200.50"
    response = client.post(url, data)
    assert response.status_code == 302
    vehicles = CostBenefitLine.objects.get(label="Vehicles")
    assert vehicles.amounts == ["100.00", "1200.50", "100.00"]
    assert CostBenefitLine.objects.filter(label="Parking").exists()


def test_the_grid_removes_a_line(shortlist, client_for):
    data = grid_data(shortlist.outsource, [])
    data["lines-2-remove"] = "on"  # Fewer complaints
    response = client_for(Role.OFFICER).post(reverse("appraisals:option-lines", args=[shortlist.outsource.pk]), data)
    assert response.status_code == 302
    assert [line.label for line in selectors.option_lines(option=shortlist.outsource)] == ["Procurement", "Contract"]


def test_the_option_page_and_its_history(shortlist, client_for):
    client = client_for(Role.SCRUTINY)
    page = text_of(client.get(reverse("appraisals:option-detail", args=[shortlist.outsource.pk])))
    assert "10% on costs: Equipment and development, starting at 200%, reduced by 95%" in page
    assert "Contract" in page
    assert "£600" in page
    history = text_of(client.get(reverse("appraisals:option-history", args=[shortlist.outsource.pk])))
    assert "Changes to the costs and benefits" in history
    assert "Contract: added by Olive Okafor" in history


def test_running_the_simulation_shows_the_ranges_and_the_tornado(shortlist, client_for):
    client = client_for(Role.OFFICER)
    url = reverse("appraisals:simulation", args=[shortlist.appraisal.pk])
    assert "The simulation has not been run yet" in text_of(client.get(url))
    response = client.post(url, {"draws": "10000", "seed": "3"})
    assert response.status_code == 302
    response = client.get(url)
    page, markup = text_of(response), html_of(response)
    assert "10,000 draws with seed 3, run by" in page
    assert "Range chart of each option's simulated NPSV from P10 to P90" in markup
    assert "Tornado chart of how each line's range moves the NPSV of Outsource" in markup
    assert 'data-testid="tornado-table"' in markup
    assert "100%" in page  # outsource beats business as usual in every draw


def test_draws_accept_thousands_separators_and_ranges_never_break(shortlist, client_for):
    client = client_for(Role.OFFICER)
    url = reverse("appraisals:simulation", args=[shortlist.appraisal.pk])
    assert client.post(url, {"draws": "10,000", "seed": "3"}).status_code == 302
    response = client.get(url)
    markup = response.content.decode()
    assert "10,000 draws with seed 3" in text_of(response)
    # P10 to P90 of each option, negative with a true minus sign, held on one line
    ranges = re.findall(r'<span class="council-nowrap">(−£[\d,]+\u00a0to\u00a0−£[\d,]+)</span>', markup)
    assert len(ranges) == 3
    assert "-£" not in markup


def test_too_few_draws_are_refused(shortlist, client_for):
    response = client_for(Role.OFFICER).post(
        reverse("appraisals:simulation", args=[shortlist.appraisal.pk]), {"draws": "100", "seed": "3"}
    )
    assert response.status_code == 200
    assert actions.DRAWS_RANGE in text_of(response)


def _start_case(shortlist, client):
    client.post(reverse("appraisals:business-case-start", args=[shortlist.appraisal.pk]))
    return BusinessCase.objects.get(review=shortlist.review)


def test_a_draft_business_case_says_what_is_missing_and_renders_as_a_pdf(shortlist, client_for):
    client = client_for(Role.OFFICER)
    case = _start_case(shortlist, client)
    page = text_of(client.get(reverse("appraisals:business-case", args=[case.pk])))
    assert "Before it can be submitted" in page
    for problem in [actions.SUBMIT_NEEDS_RECOMMENDATION, actions.SUBMIT_NEEDS_REASONS, actions.SUBMIT_NEEDS_SIMULATION]:
        assert problem in page
    submit = text_of(client.get(reverse("appraisals:business-case-submit", args=[case.pk])))
    assert actions.SUBMIT_NEEDS_SIMULATION in submit
    response = client.post(reverse("appraisals:business-case-submit", args=[case.pk]), {"board": "Programme Board"})
    assert response.status_code == 200
    assert actions.SUBMIT_NEEDS_RECOMMENDATION in text_of(response)
    case.refresh_from_db()
    assert not case.is_submitted

    pdf = client.get(reverse("appraisals:business-case-pdf", args=[case.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert pdf["Cache-Control"] == "private, no-store"  # a committee paper with exempt figures: never cached
    assert pdf["Content-Disposition"] == f'inline; filename="business-case-{case.review.reference}-v1.pdf"'
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Draft: not submitted" in text


def test_a_draft_pdf_is_printed_once_for_what_it_shows_and_opens_or_downloads(
    shortlist, client_for, council, empty_document_cache
):
    """A draft's PDF is not printed again on every request, but is whenever anything it shows changes (issue 8)."""
    client = client_for(Role.OFFICER)
    case = _start_case(shortlist, client)
    url = reverse("appraisals:business-case-pdf", args=[case.pk])
    page = client.get(reverse("appraisals:business-case", args=[case.pk])).content.decode()
    assert f'href="{url}" data-testid="pdf-link"' in page
    assert f'href="{url}?download=1" data-testid="download-pdf" download' in page
    filename = f"business-case-{case.review.reference}-v1.pdf"
    with mock.patch.object(core_pdf, "html_to_pdf", wraps=core_pdf.html_to_pdf) as prints:
        first = client.get(url)
        again = client.get(url)
        downloaded = client.get(url, {"download": "1"})
        assert prints.call_count == 1
        assert again.content == downloaded.content == first.content
        assert first["Content-Disposition"] == f'inline; filename="{filename}"'
        assert downloaded["Content-Disposition"] == f'attachment; filename="{filename}"'
        assert downloaded["Cache-Control"] == "private, no-store"

        response = client.post(
            reverse("appraisals:business-case-edit", args=[case.pk]),
            {"recommended_option": shortlist.outsource.pk, "reasons": "The highest NPSV.", "risks": "A thin market."},
        )
        assert response.status_code == 302
        changed = client.get(url)
        assert prints.call_count == 2  # the case changed
        assert "The highest NPSV." in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(changed.content)).pages)

        LineFactory(option=shortlist.outsource, kind="recurring_cost", amounts=amounts(5, 5, 5, years=3))
        client.get(url)
        assert prints.call_count == 3  # the appraisal's figures changed

        council.name = "Testshire Unitary Council"
        council.save()
        renamed = client.get(url)
        assert prints.call_count == 4  # the council's name is on every page
        assert "Testshire Unitary Council" in PdfReader(io.BytesIO(renamed.content)).pages[0].extract_text()
        client.get(url, {"download": "1"})
        assert prints.call_count == 4


def test_a_submitted_versions_pdf_downloads_as_the_board_received_it(shortlist, client_for):
    client = client_for(Role.OFFICER)
    case = _start_case(shortlist, client)
    case = BusinessCase.objects.get(pk=case.pk)
    case.pdf = b"%PDF-1.7 as the board received it"
    case.save()
    url = reverse("appraisals:business-case-pdf", args=[case.pk])
    with mock.patch.object(core_pdf, "html_to_pdf") as prints:
        opened, downloaded = client.get(url), client.get(url, {"download": "1"})
    assert prints.call_count == 0
    assert opened.content == downloaded.content == b"%PDF-1.7 as the board received it"
    filename = f"business-case-{case.review.reference}-v1.pdf"
    assert opened["Content-Disposition"] == f'inline; filename="{filename}"'
    assert downloaded["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_a_submitted_business_case_and_its_pdf(shortlist, client_for, council):
    client = client_for(Role.OFFICER)
    case = _start_case(shortlist, client)
    response = client.post(
        reverse("appraisals:business-case-edit", args=[case.pk]),
        {"recommended_option": shortlist.outsource.pk, "reasons": "The highest NPSV.", "risks": "A thin market."},
    )
    assert response.status_code == 302
    client.post(reverse("appraisals:simulation", args=[shortlist.appraisal.pk]), {"draws": "10000", "seed": "1"})
    response = client.post(reverse("appraisals:business-case-submit", args=[case.pk]), {"board": "Programme Board"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_submitted
    assert case.snapshot["charts"]["npsv"][2].startswith("<svg")

    cabinet = client_for(Role.CABINET)
    page = text_of(cabinet.get(reverse("appraisals:business-case", args=[case.pk])))
    assert "Submitted to Programme Board on" in page
    assert "The recommended option is Outsource." in page
    assert "Make a new version" not in page  # the cabinet member reads it

    pdf = cabinet.get(reverse("appraisals:business-case-pdf", args=[case.pk]))
    assert pdf.content == bytes(case.pdf)  # exactly what the board received
    assert pdf["Cache-Control"] == "private, no-store"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert council.name in text
    assert "Business case: Review of meals at home, version 1" in text
    assert "Page 1 of" in text
    assert "7. Recommended option and reasons" in text
    assert reader.metadata.title.startswith(council.name)
    assert b"http://" not in pdf.content.replace(b"http://www.w3.org", b"")  # nothing fetched, nothing linked


def test_the_business_case_list_and_its_download(shortlist, client_for):
    client = client_for(Role.CABINET)
    actions.business_case_create(review=shortlist.review, by=shortlist.officer)
    page = text_of(client.get(reverse("appraisals:business-case-list")))
    assert "1 business case" in page
    assert "Review of meals at home" in page
    response = client.get(reverse("appraisals:business-case-export-csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == selectors.EXPORT_HEADERS
    assert rows[1][:5] == ["CR-2026-042", "Review of meals at home", shortlist.review.directorate.name, "1", "Draft"]


def test_business_case_history_shows_the_submission(shortlist, client_for):
    case = actions.business_case_create(review=shortlist.review, by=shortlist.officer)
    actions.business_case_update(
        case=case,
        details=BusinessCaseDetails(recommended_option=shortlist.outsource, reasons="Cheapest."),
        by=shortlist.officer,
    )
    page = text_of(client_for(Role.COUNCILLOR).get(reverse("appraisals:business-case-history", args=[case.pk])))
    assert "Changed by Olive Okafor" in page
    assert "Reasons for the recommendation" in page
    assert "Snapshot" not in page


def test_an_appraisal_built_by_the_factories_renders(client_for):
    appraisal = AppraisalFactory(horizon_years=3)
    option = OptionFactory(appraisal=appraisal, do_minimum=True, name="Trim the service")
    LineFactory(option=option, ranged=True, amounts=amounts(900, 900, 900, years=3))
    ScoreFactory(option=option, criterion="risk", score=2, justification="Relies on two staff.")
    BusinessCaseFactory(review=appraisal.review)
    client = client_for(Role.DIRECTOR)
    page = text_of(client.get(reverse("appraisals:option-detail", args=[option.pk])))
    assert "90% to 130% (most likely 100%), Triangular" in page
    assert "2 out of 5. Relies on two staff." in page
    assert "Trim the service" in text_of(client.get(reverse("appraisals:workspace", args=[appraisal.pk])))
