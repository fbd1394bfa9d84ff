"""Submitting a business case: a checklist of what is still missing, each linking to where it is done, every problem
at once, and no Submit button until nothing is missing."""

from __future__ import annotations

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.appraisals import actions
from commissioning.appraisals.actions import BusinessCaseDetails, OptionDetails
from commissioning.appraisals.models import BusinessCase, OptionDeliveryModel, OptionKind
from commissioning.core.formatting import date
from commissioning.core.permissions import Role

pytestmark = pytest.mark.django_db

SUBMIT_BUTTON = re.compile(r"<button[^>]*>\s*Submit the business case\s*</button>")


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))).replace(" .", ".")


def checklist_of(response) -> dict[str, tuple[str, str | None]]:
    """Each checklist item's name, its status and (when it has one) its link."""
    markup = response.content.decode()
    items = {}
    for item in re.findall(r'<li class="govuk-task-list__item.*?</li>', markup, flags=re.S):
        link = re.search(
            r'<a class="govuk-link govuk-task-list__link"[^>]*href="([^"]+)"[^>]*>\s*(.*?)\s*</a>', item, re.S
        )
        if link:
            name, href = html.unescape(link.group(2)), link.group(1)
        else:
            name = html.unescape(
                re.search(r'<div class="govuk-task-list__name-and-hint">\s*<div>\s*(.*?)\s*</div>', item, re.S).group(1)
            )
            href = None
        status_markup = re.search(r'class="govuk-task-list__status[^>]*>(.*?)</div>', item, re.S).group(1)
        status = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", status_markup)).strip()
        items[name] = (status, href)
    return items


def _start(shortlist) -> BusinessCase:
    return actions.business_case_create(review=shortlist.review, by=shortlist.officer)


def _complete(shortlist, case: BusinessCase, client) -> None:
    actions.business_case_update(
        case=case,
        details=BusinessCaseDetails(recommended_option=shortlist.outsource, reasons="The highest NPSV."),
        by=shortlist.officer,
    )
    client.post(reverse("appraisals:simulation", args=[shortlist.appraisal.pk]), {"draws": "10000", "seed": "1"})


def test_the_submit_page_lists_what_is_missing_with_links_and_offers_no_submit_button(shortlist, client_for):
    client = client_for(Role.OFFICER)
    case = _start(shortlist)
    extra = actions.option_create(
        appraisal=shortlist.appraisal,
        details=OptionDetails(
            kind=OptionKind.OPTION, name="Bring it in house", delivery_model=OptionDeliveryModel.PRIVATE
        ),
        by=shortlist.officer,
    )
    response = client.get(reverse("appraisals:business-case-submit", args=[case.pk]))
    items = checklist_of(response)
    assert items[actions.CHECK_SHORTLIST] == ("Completed", None)
    assert items[actions.CHECK_LINES.format(name="Outsource")] == ("Completed", None)
    assert items[actions.CHECK_LINES.format(name="Bring it in house")] == (
        "Incomplete",
        reverse("appraisals:option-lines", args=[extra.pk]),
    )
    assert items[actions.CHECK_RECOMMENDATION] == (
        "Incomplete",
        reverse("appraisals:business-case-edit", args=[case.pk]),
    )
    assert items[actions.CHECK_SIMULATION] == (
        "Incomplete",
        reverse("appraisals:simulation", args=[shortlist.appraisal.pk]),
    )
    page = text_of(response)
    for problem in [
        actions.SUBMIT_NEEDS_LINES.format(name="Bring it in house"),
        actions.SUBMIT_NEEDS_RECOMMENDATION,
        actions.SUBMIT_NEEDS_REASONS,
        actions.SUBMIT_NEEDS_SIMULATION,
    ]:
        assert problem in page
    assert not SUBMIT_BUTTON.search(response.content.decode())
    assert 'name="board"' not in response.content.decode()
    assert page.count("Before it can be submitted") == 1

    detail = client.get(reverse("appraisals:business-case", args=[case.pk]))
    assert checklist_of(detail) == items
    assert "Submit to a board" not in text_of(detail)


def test_a_crafted_submission_of_an_incomplete_case_is_refused_with_every_problem(shortlist, client_for):
    client = client_for(Role.OFFICER)
    case = _start(shortlist)
    response = client.post(reverse("appraisals:business-case-submit", args=[case.pk]), {"board": "Programme Board"})
    assert response.status_code == 200
    page = text_of(response)
    for problem in [actions.SUBMIT_NEEDS_RECOMMENDATION, actions.SUBMIT_NEEDS_REASONS, actions.SUBMIT_NEEDS_SIMULATION]:
        assert page.count(problem) >= 2  # in the error summary and in the checklist
    case.refresh_from_db()
    assert not case.is_submitted


def test_the_action_refuses_with_every_problem_at_once(shortlist):
    case = _start(shortlist)
    with pytest.raises(ValidationError) as refused:
        actions.business_case_submit(case=case, board=" ", by=shortlist.officer)
    assert refused.value.messages == [
        actions.SUBMIT_NEEDS_RECOMMENDATION,
        actions.SUBMIT_NEEDS_REASONS,
        actions.SUBMIT_NEEDS_SIMULATION,
        actions.SUBMIT_NEEDS_BOARD,
    ]


def test_a_complete_case_shows_the_button_submits_and_reads_its_status_once(shortlist, client_for):
    client = client_for(Role.OFFICER)
    case = _start(shortlist)
    _complete(shortlist, case, client)
    detail = client.get(reverse("appraisals:business-case", args=[case.pk]))
    assert "Submit to a board" in text_of(detail)
    assert "Before it can be submitted" not in text_of(detail)
    url = reverse("appraisals:business-case-submit", args=[case.pk])
    response = client.get(url)
    assert SUBMIT_BUTTON.search(response.content.decode())
    assert "govuk-task-list" not in response.content.decode()
    assert client.post(url, {"board": "Programme Board"}).status_code == 302
    case.refresh_from_db()
    assert case.is_submitted

    response = client.get(reverse("appraisals:business-case", args=[case.pk]))
    page = text_of(response)
    assert page.count(f"Submitted to Programme Board on {date(case.submitted_at)}") == 1
    heading = re.search(r"<h1.*?</h1>", response.content.decode(), re.S).group(0)
    assert "govuk-tag" not in heading  # the status line says it: no tag repeating it
    headings = [
        re.sub(r"<[^>]+>|\s+", " ", h).strip()
        for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", response.content.decode(), re.S)
    ]
    assert len(headings) == len(set(headings))
