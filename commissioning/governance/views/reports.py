"""Pages for committee reports (ADR 0037): the list, a draft from a review, a decision, a scrutiny work-programme item
or a recorded risk review (the risks app's, found through core.report_sources), the report's page and PDF,
editing, clearing (section 151 and monitoring officer), publishing onto an agenda item, and history.

Thin: permission, form, one action or selector, render or redirect. The page and the PDF are drawn from the same
partial (governance/reports/_report_body.html) in the shared committee-report layout; the exempt part is in the
context only for those who may see it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.core import generic, pdf
from commissioning.core.access import require
from commissioning.governance.actions import reports as actions
from commissioning.governance.forms.reports import ClearForm, ReportForm, ReportPublishForm, ReportStartForm
from commissioning.governance.models import CommitteeReport, Decision, WorkProgrammeItem
from commissioning.governance.selectors import decisions as decision_selectors
from commissioning.governance.selectors import reports as selectors
from commissioning.governance.selectors import scrutiny as scrutiny_selectors
from commissioning.reviews import selectors as review_selectors
from commissioning.reviews.models import CommissioningReview


def _get(request: HttpRequest, pk: int) -> CommitteeReport:
    return generic.get_visible_or_404(request, selectors.report_detail, "governance.view_committeereport", pk=pk)


def _detail_url(report: CommitteeReport) -> str:
    return reverse("governance:report", args=[report.pk])


def report_list(request: HttpRequest) -> HttpResponse:
    require(request, "governance.list_committeereports")
    return render(request, "governance/reports/list.html", {"reports": selectors.report_list(user=request.user)[:200]})


def _review(request: HttpRequest, pk: int) -> CommissioningReview:
    return generic.get_visible_or_404(
        request, review_selectors.review_detail, "reviews.view_commissioningreview", pk=pk
    )


def _decision(request: HttpRequest, pk: int) -> Decision:
    return generic.get_visible_or_404(request, decision_selectors.decision_detail, "governance.view_decision", pk=pk)


def _start_view(get: Any) -> Any:
    return generic.create_view(
        get=get,
        perm="governance.add_committeereport",
        form=ReportStartForm,
        form_kwargs=lambda request, source: {"initial": {"title": selectors.start_title(source)}},
        act=lambda form, source, **kw: actions.committee_report_create(source=source, details=form.details(), **kw),
        done=lambda report, **_: (
            f"The draft report {report.title} has been made from the records. Check each "
            "section, then ask the finance officer and the monitoring officer to clear it."
        ),
        to=_detail_url,
        template="governance/reports/start.html",
        context=lambda form, source: {"source": source},
    )


def _scrutiny_item(request: HttpRequest, pk: int) -> WorkProgrammeItem:
    return generic.get_visible_or_404(request, scrutiny_selectors.item_detail, "governance.view_workprogramme", pk=pk)


def _risk_review(request: HttpRequest, pk: int) -> Any:
    """A recorded risk review the user may see, as the risks app finds it (core.report_sources): 404 otherwise."""
    try:
        return selectors.risk_review_detail(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


report_create_review = _start_view(_review)
report_create_decision = _start_view(_decision)
report_create_scrutiny_item = _start_view(_scrutiny_item)
report_create_risk_review = _start_view(_risk_review)


def _report_context(request: HttpRequest, report: CommitteeReport, *, for_pdf: bool) -> dict[str, Any]:
    return {
        "report": report,
        "object": report,
        "tab": "summary",
        "pdf": for_pdf,
        "show_exempt": selectors.sees_exempt_part(request.user),
        "risk_sections": selectors.risk_extract(user=request.user, report=report),
        "risk_note": selectors.risk_extract_note(report),
        "missing": actions.missing_sign_offs(report),
    }


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    return render(request, "governance/reports/detail.html", _report_context(request, report, for_pdf=False))


def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as this user may see it (the public's without its exempt part), printed once for what it shows."""
    report = _get(request, pk)
    content = pdf.render_cached_pdf(
        "governance/reports/report_pdf.html", _report_context(request, report, for_pdf=True), request=request
    )
    return pdf.pdf_response(content, f"committee-report-{report.pk}", download=pdf.wants_download(request))


SIGN_OFFS_CLEARED = " The sign-offs were cleared: the report needs clearing again."


def _edited(before: CommitteeReport, saved: CommitteeReport) -> str:
    signed_before = before.finance_signed_at is not None or before.legal_signed_at is not None
    signed_now = saved.finance_signed_at is not None or saved.legal_signed_at is not None
    return f"Your changes to {saved.title} have been saved." + (
        SIGN_OFFS_CLEARED if signed_before and not signed_now else ""
    )


report_edit = generic.edit_view(
    _get,
    perm="governance.change_committeereport",
    form=ReportForm,
    act=lambda form, report, **kw: actions.committee_report_update(report=report, details=form.details(), **kw),
    done=lambda report, saved, **_: _edited(report, saved),
    to=_detail_url,
    template="governance/reports/form.html",
    context=lambda form, report: {"report": report},
)


@require_http_methods(["GET", "POST"])
def report_clear(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    require(request, "governance.clear_committeereport", report)
    form = ClearForm(request.POST or None, versioned=report)
    if request.method == "POST" and form.is_valid():
        try:
            actions.committee_report_clear(
                report=report, by=request.user, comment=form.cleaned_data["comment"], version=form.version
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            return _done(request, report, "Your sign-off has been recorded.")
    return render(request, "governance/reports/clear.html", {"form": form, "report": report, "object": report})


def _done(request: HttpRequest, report: CommitteeReport, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(_detail_url(report))


@require_http_methods(["GET", "POST"])
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    require(request, "governance.publish_committeereport", report)
    form = ReportPublishForm(request.POST or None, versioned=report)
    if request.method == "POST" and form.is_valid():
        try:
            actions.committee_report_publish(
                report=report,
                agenda_item=form.cleaned_data["agenda_item"],
                by=request.user,
                today=decision_selectors.today(),
                version=form.version,
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            return _done(request, report, f"{report.title} has been published on the agenda.")
    return render(
        request,
        "governance/reports/publish.html",
        {"form": form, "report": report, "object": report, "missing": actions.missing_sign_offs(report)},
    )


report_history = generic.history_view(
    _get,
    perm="governance.view_committeereport_history",
    tabs="governance/reports/_header.html",
    context=lambda report: {"report": report},
)
