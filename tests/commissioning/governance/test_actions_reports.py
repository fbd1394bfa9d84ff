"""Committee reports (ADR 0037): drafted from the records, edits clear the sign-offs, publishing needs both, and the
exempt part never reaches the public (page or PDF). One module-scoped world; each test rolls back."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from markupsafe import escape
from pypdf import PdfReader

from commissioning.appraisals.models import LineKind
from commissioning.core.concurrency import EditConflict, version_of
from commissioning.core.permissions import Role
from commissioning.governance.actions import reports as act
from commissioning.governance.models import CommitteeReport, InvolvementEntry, InvolvementPart, ReportStatus
from commissioning.governance.selectors import reports as selectors
from tests import matrix
from tests.commissioning.appraisals.factories import AppraisalFactory, BusinessCaseFactory, LineFactory, OptionFactory
from tests.commissioning.governance.factories import AgendaItemFactory
from tests.factories import CouncillorFactory, OrganisationFactory, ReviewFactory, UserFactory

TODAY = dt.date(2026, 12, 4)
EXEMPT = "The bidder's prices, which are commercially confidential."


def _build_world() -> dict[str, Any]:
    OrganisationFactory(council=True)
    users = {
        role: UserFactory(username=role, role=role)
        for role in (Role.OFFICER, Role.FINANCE, Role.LEGAL, Role.DEMOCRATIC, Role.CABINET)
    }
    lead = UserFactory(role=Role.OFFICER, first_name="Lena", last_name="Lead", email="lena.lead@example.org")
    review = ReviewFactory(public=True, title="Review of day services", lead_commissioner=lead)
    appraisal = AppraisalFactory(review=review)
    option = OptionFactory(appraisal=appraisal, name="Community provider")
    LineFactory(option=option, kind=LineKind.RECURRING_COST, amounts=["1000.00", "1000.00"])
    LineFactory(option=option, kind=LineKind.CASHABLE_BENEFIT, amounts=["1500.00", "1500.00"])
    BusinessCaseFactory(review=review, recommended_option=option, reasons="It gives the best value.")
    InvolvementEntry.objects.create(
        review=review,
        stage="analyse",
        part=InvolvementPart.CONSULTED,
        councillor=CouncillorFactory(name="Ada North"),
        asked="Comment on the evidence pack",
    )
    item = AgendaItemFactory(title="Day services")
    report = act.committee_report_create(
        source=review, details={"report_of": "the Chief Executive"}, by=users[Role.OFFICER]
    )
    return {"users": users, "review": review, "item": item, "report": report}


world = matrix.world_fixture(_build_world)


def _fresh(world: dict[str, Any]) -> CommitteeReport:
    return CommitteeReport.objects.get(pk=world["report"].pk)


def _clear(report: CommitteeReport, world: dict[str, Any], *roles: str) -> CommitteeReport:
    for role in roles:
        report = act.committee_report_clear(report=report, by=world["users"][role], comment="", version=None)
    return report


def _publish(report: CommitteeReport, world: dict[str, Any]) -> CommitteeReport:
    return act.committee_report_publish(
        report=report, agenda_item=world["item"], by=world["users"][Role.DEMOCRATIC], today=TODAY, version=None
    )


@pytest.mark.django_db
def test_a_draft_is_filled_from_the_review_business_case_and_involvement_record(world: dict[str, Any]) -> None:
    report = _fresh(world)
    assert (report.title, report.source_kind, report.review, report.status) == (
        "Review of day services",
        "review",
        world["review"],
        ReportStatus.DRAFT,
    )
    # Costs £2,000 and benefits £3,000 over the appraisal period: a net benefit of £1,000.
    assert "Community provider" in report.financial
    assert "£2,000" in report.financial
    assert "£3,000" in report.financial
    assert "net benefit of £1,000" in report.financial
    assert report.consultation == "Analyse stage: consulted: Councillor Ada North (0 of 1 asked done)."
    assert report.background == "It gives the best value."
    assert report.contact_officer.startswith("Lena Lead")
    assert report.recommendation_lines[-1] == "Agrees the preferred option: Community provider."
    assert report.history.latest().history_change_reason == act.DRAFTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("roles", "missing"),
    [
        ((), f"{act.FINANCE_SIGN_OFF} and {act.LEGAL_SIGN_OFF}"),
        ((Role.FINANCE,), act.LEGAL_SIGN_OFF),
        ((Role.LEGAL,), act.FINANCE_SIGN_OFF),
    ],
    ids=["neither", "finance-only", "legal-only"],
)
def test_publishing_without_both_sign_offs_is_refused_and_saves_nothing(
    world: dict[str, Any], roles: tuple[str, ...], missing: str
) -> None:
    report = _clear(_fresh(world), world, *roles)
    entries = report.history.count()
    with pytest.raises(ValidationError) as refused:
        _publish(report, world)
    assert refused.value.messages == [act.PUBLISH_NEEDS_SIGN_OFFS.format(missing=missing)]
    report.refresh_from_db()
    assert (report.status, report.agenda_item, report.published_on) == (ReportStatus.DRAFT, None, None)
    assert report.history.count() == entries


@pytest.mark.django_db
def test_a_cleared_report_is_published_onto_the_agenda_item_and_shows_there(world: dict[str, Any]) -> None:
    report = _publish(_clear(_fresh(world), world, Role.FINANCE, Role.LEGAL), world)
    assert (report.status, report.agenda_item, report.published_on) == (ReportStatus.PUBLISHED, world["item"], TODAY)
    assert report.history.latest().history_change_reason == act.PUBLISHED
    meeting = world["item"].meeting
    meeting.agenda_published_on = TODAY
    meeting.save()
    page = Client().get(reverse("governance:meeting-detail", args=[meeting.pk])).content.decode()
    assert f'href="{reverse("governance:report", args=[report.pk])}">{report.title}</a>' in page
    with pytest.raises(ValidationError) as refused:
        act.committee_report_update(
            report=report, details={"title": "Changed"}, by=world["users"][Role.OFFICER], version=None
        )
    assert refused.value.messages == [act.NOT_A_DRAFT]


@pytest.mark.django_db
def test_an_edit_after_a_sign_off_clears_both_sign_offs(world: dict[str, Any]) -> None:
    report = _clear(_fresh(world), world, Role.FINANCE, Role.LEGAL)
    assert report.is_cleared
    assert (report.finance_signed_by, report.legal_signed_by) == (
        world["users"][Role.FINANCE],
        world["users"][Role.LEGAL],
    )
    # Saving the same text changes nothing, and keeps the sign-offs.
    unchanged = act.committee_report_update(
        report=report, details={"title": report.title}, by=world["users"][Role.OFFICER], version=version_of(report)
    )
    assert unchanged.is_cleared
    edited = act.committee_report_update(
        report=unchanged,
        details={"hr": "No HR implications."},
        by=world["users"][Role.OFFICER],
        version=version_of(unchanged),
    )
    assert (edited.finance_signed_at, edited.legal_signed_at, edited.finance_signed_by, edited.legal_comment) == (
        None,
        None,
        None,
        "",
    )
    assert edited.history.latest().history_change_reason == act.EDITED_SIGN_OFFS_CLEARED
    with pytest.raises(ValidationError) as refused:
        _publish(edited, world)
    assert act.FINANCE_SIGN_OFF in refused.value.messages[0]


@pytest.mark.django_db
def test_a_sign_off_on_a_version_someone_has_since_edited_is_refused(world: dict[str, Any]) -> None:
    report = _fresh(world)
    loaded = version_of(report)
    act.committee_report_update(
        report=report, details={"hr": "Changed meanwhile."}, by=world["users"][Role.OFFICER], version=loaded
    )
    with pytest.raises(EditConflict):
        act.committee_report_clear(report=report, by=world["users"][Role.LEGAL], comment="", version=loaded)
    assert _fresh(world).legal_signed_at is None


@pytest.mark.django_db
def test_only_the_finance_officer_and_the_monitoring_officer_clear(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as refused:
        act.committee_report_clear(report=_fresh(world), by=world["users"][Role.DEMOCRATIC], comment="", version=None)
    assert refused.value.messages == [act.NOT_A_CLEARING_OFFICER]
    report = _clear(_fresh(world), world, Role.LEGAL)
    with pytest.raises(ValidationError) as again:
        _clear(report, world, Role.LEGAL)
    assert again.value.messages == [act.ALREADY_CLEARED]


def _pdf_text(response: Any) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.mark.django_db
def test_the_exempt_part_is_never_shown_to_the_public_on_the_page_or_in_the_pdf(world: dict[str, Any]) -> None:
    report = _fresh(world)
    report = act.committee_report_update(
        report=report,
        details={"exempt_paragraph": "3", "exempt_part": EXEMPT},
        by=world["users"][Role.OFFICER],
        version=None,
    )
    report = _publish(_clear(report, world, Role.FINANCE, Role.LEGAL), world)
    page_url, pdf_url = (reverse(name, args=[report.pk]) for name in ("governance:report", "governance:report-pdf"))

    public = Client()
    page = public.get(page_url).content.decode()
    assert escape(EXEMPT) not in page
    assert "commercially confidential" not in page
    assert "has an exempt part (paragraph 3 of Schedule 12A" in page
    assert EXEMPT not in _pdf_text(public.get(pdf_url))

    inside = Client()
    inside.force_login(world["users"][Role.CABINET])
    page = inside.get(page_url).content.decode()
    assert escape(EXEMPT) in page
    assert "Exempt: paragraph 3 of Schedule 12A" in page
    text = _pdf_text(inside.get(pdf_url))
    assert "commercially confidential" in text
    assert "Exempt part: not for publication" in text


@pytest.mark.django_db
def test_the_risk_extract_says_it_comes_from_the_risk_register_when_no_app_provides_it(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from commissioning.core import thread

    # Without the risks app's provider for a review's report (registered at start-up), the note stands in for it.
    monkeypatch.setitem(thread._providers, thread.COMMITTEE_REPORT_RISKS_REVIEW_KEY.lower(), [])
    report = _fresh(world)
    assert selectors.risk_extract(user=world["users"][Role.OFFICER], report=report) == []
    inside = Client()
    inside.force_login(world["users"][Role.OFFICER])
    page = inside.get(reverse("governance:report", args=[report.pk])).content.decode()
    assert escape(selectors.risk_extract_note(report)) in page
    assert "Appendix 1: Risk matrix" in page


def test_the_consultation_names_a_few_people_for_each_part_and_counts_the_rest() -> None:
    names = [f"Councillor {n}" for n in range(selectors.NAMES_PER_PART + 2)]
    assert selectors._names(names) == ", ".join(names[: selectors.NAMES_PER_PART]) + " and 2 others"
    assert selectors._names(names[:2]) == "Councillor 0, Councillor 1"
