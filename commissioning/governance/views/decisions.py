"""Pages for decisions (versions, resolutions, votes, declarations), the forward plan of key decisions and call-in.

Thin: permission, form, one action or selector, render or redirect. "Today" for publication and call-in is
``selectors.today()`` (the setting ``GOVERNANCE_TODAY`` fixes it in tests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.accounts.selectors import councillor_profile_of
from commissioning.appraisals import selectors as appraisal_selectors
from commissioning.core import exports, generic
from commissioning.core.access import require
from commissioning.core.calendar import ical_escape, ical_response, ical_stamp
from commissioning.core.concurrency import EditConflict
from commissioning.core.formatting import date as format_date
from commissioning.governance.actions import decisions as actions
from commissioning.governance.forms.decisions import (
    CallInForm,
    CallInOutcomeForm,
    CorrectionForm,
    DecisionFilterForm,
    DecisionForm,
    ForwardPlanForm,
    PublishForm,
    decision_initial,
    forward_plan_initial,
)
from commissioning.governance.models import Body, CallIn, Decision, DecisionStatus, ForwardPlanEntry
from commissioning.governance.selectors import bodies as bodies_selectors
from commissioning.governance.selectors import decisions as selectors


def _get(request: HttpRequest, pk: int) -> Decision:
    return generic.get_visible_or_404(request, selectors.decision_detail, "governance.view_decision", pk=pk)


def review_from_query(request: HttpRequest) -> dict[str, Any]:
    """``?review=<pk>`` (the links on a review's gate page) starts the new record on that review."""
    pk = request.GET.get("review", "")
    return {"review": int(pk)} if pk.isdigit() else {}


def _detail_url(decision: Decision) -> str:
    return reverse("governance:decision", args=[decision.pk])


def _filtered(request: HttpRequest) -> tuple[DecisionFilterForm, selectors.DecisionFilters]:
    form = DecisionFilterForm(request.GET or None)
    return form, form.filters() if request.GET else selectors.DecisionFilters()


# Lists --------------------------------------------------------------------------------------------------------------


def decision_list(request: HttpRequest) -> HttpResponse:
    require(request, "governance.list_decisions")
    filter_form, filters = _filtered(request)
    decisions = selectors.decision_list(user=request.user, filters=filters)
    page = Paginator(decisions, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/decisions/list.html",
        {"filter_form": filter_form, "page": page, "decisions": page.object_list, "body": None},
    )


def _export_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _filtered(request)
    return selectors.decision_export_rows(selectors.decision_list(user=request.user, filters=filters))


decision_export = generic.export_view(
    name="decisions", sheet="Decisions", headers=selectors.EXPORT_HEADERS, rows=_export_rows
)


def body_decisions(request: HttpRequest, pk: int) -> HttpResponse:
    """A body's decisions, newest first."""
    require(request, "governance.list_decisions")
    body = Body.objects.filter(pk=pk, archived_at__isnull=True).first()
    if body is None or not (body.published or selectors.can_see_internal_decisions(request.user)):
        raise Http404
    decisions = selectors.decisions_of_body(user=request.user, body_id=body.pk)
    page = Paginator(decisions, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/decisions/list.html",
        {"filter_form": None, "page": page, "decisions": page.object_list, "body": body},
    )


def urgent_decisions(request: HttpRequest) -> HttpResponse:
    require(request, "governance.list_decisions")
    decisions = selectors.urgent_decisions(user=request.user)
    page = Paginator(decisions, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "governance/decisions/urgent.html", {"page": page, "decisions": page.object_list})


# One decision -------------------------------------------------------------------------------------------------------


def _equality(request: HttpRequest, decision: Decision) -> dict[str, Any]:
    """The equality impact assessment of the option the decision adopts, as far as the user may see it (ADR 0036)."""
    if decision.adopted_option_id is None:
        return {"eia": None}
    assessment = appraisal_selectors.assessment_of_option(user=request.user, option=decision.adopted_option_id)
    return {"eia": assessment, "eia_labels": appraisal_selectors.EIA_LABELS}


def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _get(request, pk)
    versions = selectors.decision_versions(user=request.user, reference=decision.reference)
    today = selectors.today()
    return render(
        request,
        "governance/decisions/detail.html",
        {
            "decision": decision,
            "object": decision,
            "tab": "summary",
            "versions": versions,
            "changes": selectors.version_changes(versions),
            "today": today,
            "implementable": selectors.decision_implementable(decision, on=today),
            "subject_to_call_in": actions.is_subject_to_call_in(decision),
            "called_in": any(call_in.is_open for call_in in decision.call_ins.all()),
            **_equality(request, decision),
        },
    )


decision_create = generic.create_view(
    perm="governance.add_decision",
    form=DecisionForm,
    form_kwargs=lambda request: {"user": request.user, "initial": review_from_query(request)},
    act=lambda form, **kw: actions.decision_create(details=form.details(), **kw),
    done=lambda decision, **_: f"{decision.title} has been recorded as a draft, {decision.reference}.",
    to=_detail_url,
    template="governance/decisions/form.html",
    context=lambda form: {"decision": None},
)

decision_edit = generic.edit_view(
    _get,
    perm="governance.change_decision",
    form=DecisionForm,
    form_kwargs=lambda request, decision: {
        "initial": decision_initial(decision),
        "versioned": decision,
        "user": request.user,
    },
    act=lambda form, decision, **kw: actions.decision_update(decision=decision, details=form.details(), **kw),
    done=lambda decision, _saved, **_: f"Your changes to {decision.title} have been saved.",
    to=_detail_url,
    template="governance/decisions/form.html",
    context=lambda form, decision: {
        "decision": decision,
        "published_is_final": None
        if decision.status == DecisionStatus.DRAFT
        else actions.PUBLISHED_IS_FINAL.format(reference=decision.reference, date=format_date(decision.published_on)),
    },
)


@require_http_methods(["GET", "POST"])
def decision_publish(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _get(request, pk)
    require(request, "governance.publish_decision", decision)
    form = PublishForm(request.POST if request.method == "POST" else None, decision=decision)
    if request.method == "POST" and form.is_valid():
        try:
            published = actions.decision_publish(
                decision=decision, by=request.user, today=selectors.today(), version=form.version
            )
        except EditConflict as conflict:
            form.add_error(None, conflict.messages[0])
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"{published.reference} has been published.")
            return redirect(_detail_url(published))
    return render(
        request,
        "governance/decisions/publish.html",
        {
            "form": form,
            "decision": decision,
            "object": decision,
            "today": selectors.today(),
            **_equality(request, decision),
        },
    )


@require_http_methods(["GET", "POST"])
def decision_correct(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _get(request, pk)
    require(request, "governance.correct_decision", decision)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = actions.decision_correct(
                decision=decision, by=request.user, reason=form.cleaned_data["change_reason"]
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(
                request,
                f"Version {new.version} of {new.reference} has been started. Make the correction, then publish it.",
            )
            return redirect(reverse("governance:decision-edit", args=[new.pk]))
    return render(request, "governance/decisions/correct.html", {"form": form, "decision": decision})


decision_history = generic.history_view(
    _get,
    perm="governance.view_decision_history",
    tabs="governance/decisions/_header.html",
    context=lambda decision: {"decision": decision},
)


# Call-in ------------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def decision_call_in(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _get(request, pk)
    require(request, "governance.call_in_decision", decision)
    today = selectors.today()
    caller = councillor_profile_of(request.user)
    form = CallInForm(request.POST or None, today=today, exclude=caller)
    if request.method == "POST" and form.is_valid():
        try:
            actions.call_in_make(
                decision=decision,
                by=request.user,
                grounds=form.cleaned_data["grounds"],
                co_signatories=list(form.cleaned_data["co_signatories"]),
                today=today,
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"{decision.reference} has been called in. It cannot be implemented meanwhile.")
            return redirect(_detail_url(decision))
    deadline = decision.call_in_deadline
    too_late = actions.CALL_IN_TOO_LATE.format(date=format_date(deadline)) if deadline and today > deadline else None
    return render(
        request,
        "governance/decisions/call_in.html",
        {"form": form, "decision": decision, "today": today, "too_late": too_late},
    )


def _call_in_decision(request: HttpRequest, pk: int) -> CallIn:
    call_in = selectors.visible_call_ins(user=request.user).select_related("decision").filter(pk=pk).first()
    if call_in is None:
        raise Http404
    require(request, "governance.view_decision", call_in.decision)
    return call_in


@require_http_methods(["GET", "POST"])
def call_in_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    call_in = _call_in_decision(request, pk)
    require(request, "governance.record_call_in_outcome", call_in)
    form = CallInOutcomeForm(request.POST or None, initial={"outcome_on": selectors.today()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.call_in_record_outcome(
                call_in=call_in,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                meeting=form.cleaned_data.get("meeting"),
                recommendations=form.cleaned_data.get("recommendations") or "",
                outcome_on=form.cleaned_data["outcome_on"],
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "The outcome of the call-in has been recorded.")
            return redirect(_detail_url(call_in.decision))
    return render(
        request,
        "governance/decisions/call_in_outcome.html",
        {"form": form, "call_in": call_in, "decision": call_in.decision},
    )


call_in_reconsider = generic.reason_view(
    _call_in_decision,
    perm="governance.reconsider_decision",
    label="What is the decision maker reconsidering, and why?",
    required_message=actions.CHANGE_REASON_REQUIRED,
    act=lambda call_in, **kw: actions.call_in_reconsider(call_in=call_in, **kw),
    done=lambda call_in: "The reconsideration has been started as a new version of the decision.",
    back=lambda call_in: _detail_url(call_in.decision),
    template="governance/decisions/reason.html",
    context=lambda call_in: {"decision": call_in.decision, "call_in": call_in},
)


# Forward plan -------------------------------------------------------------------------------------------------------


def forward_plan(request: HttpRequest) -> HttpResponse:
    require(request, "governance.view_forward_plan")
    entries = selectors.forward_plan(user=request.user)
    page = Paginator(entries, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/decisions/forward_plan.html",
        {
            "page": page,
            "entries": page.object_list,
            "clear_days": bodies_selectors.governance_settings().forward_plan_clear_days,
        },
    )


FORWARD_PLAN_HEADERS = [
    "Reference",
    "Matter",
    "Decision maker",
    "Date of the decision",
    "First published",
    "Documents",
    "Contact officer",
    "Wards",
    "Review",
]


def _plan_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    for entry in selectors.forward_plan(user=request.user):
        yield [
            entry.reference,
            entry.matter,
            str(entry.decision_maker),
            entry.planned_on,
            entry.first_published_on,
            "; ".join(line.strip() for line in entry.documents.splitlines() if line.strip()),
            entry.contact_officer.get_full_name() or entry.contact_officer.username,
            "; ".join(ward.name for ward in entry.wards.all()),
            entry.review.reference if entry.review else "",
        ]


def forward_plan_csv(request: HttpRequest) -> HttpResponse:
    require(request, "governance.view_forward_plan")
    return exports.csv_response("forward-plan", FORWARD_PLAN_HEADERS, _plan_rows(request))  # type: ignore[return-value]


def forward_plan_ics(request: HttpRequest) -> HttpResponse:
    """The forward plan as an iCalendar feed: one all-day event per planned key decision."""
    require(request, "governance.view_forward_plan")
    stamp = ical_stamp()
    host = request.get_host().split(":")[0] or "localhost"
    events = []
    for entry in selectors.forward_plan(user=request.user):
        description = "\n".join(
            part
            for part in (
                entry.summary,
                f"Decision maker: {entry.decision_maker}",
                f"Contact officer: {entry.contact_officer.get_full_name() or entry.contact_officer.username}",
                f"Documents: {'; '.join(d.strip() for d in entry.documents.splitlines() if d.strip())}"
                if entry.documents.strip()
                else "",
            )
            if part
        )
        events.append(
            [
                f"UID:{entry.reference.lower()}@{host}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{entry.planned_on:%Y%m%d}",
                f"DTEND;VALUE=DATE:{entry.planned_on + dt.timedelta(days=1):%Y%m%d}",
                "SUMMARY:" + ical_escape(f"{entry.matter} ({entry.reference})"),
                "DESCRIPTION:" + ical_escape(description),
                "URL:" + request.build_absolute_uri(reverse("governance:forward-plan")) + f"#{entry.reference}",
            ]
        )
    return ical_response(
        filename="forward-plan", product="Forward plan", name="Forward plan of key decisions", events=events
    )


forward_plan_create = generic.create_view(
    perm="governance.add_forwardplanentry",
    form=ForwardPlanForm,
    act=lambda form, **kw: actions.forward_plan_entry_create(
        details=form.details(), publish_on=selectors.today() if form.cleaned_data.get("publish") else None, **kw
    ),
    done=lambda entry, **_: f"{entry.matter} has been added to the forward plan as {entry.reference}.",
    to=lambda entry: reverse("governance:forward-plan"),
    template="governance/decisions/forward_plan_form.html",
    context=lambda form: {},
)


def _get_entry(request: HttpRequest, pk: int) -> ForwardPlanEntry:
    return generic.get_visible_or_404(
        request, selectors.forward_plan_entry_detail, "governance.view_forwardplanentry", pk=pk
    )


forward_plan_entry_edit = generic.edit_view(
    _get_entry,
    perm="governance.change_forwardplanentry",
    form=ForwardPlanForm,
    form_kwargs=lambda request, entry: {"initial": forward_plan_initial(entry), "versioned": entry},
    act=lambda form, entry, **kw: actions.forward_plan_entry_update(entry=entry, details=form.details(), **kw),
    done=lambda entry, saved, **_: f"Your changes to {saved.reference} have been saved.",
    to=lambda entry: reverse("governance:forward-plan") + f"#{entry.reference}",
    template="governance/decisions/forward_plan_form.html",
    context=lambda form, entry: {"entry": entry, "not_planned": actions.plan_not_planned(entry)},
)

forward_plan_entry_history = generic.history_view(
    _get_entry,
    perm="governance.view_forwardplanentry_history",
    tabs="governance/decisions/_forward_plan_header.html",
    context=lambda entry: {"entry": entry},
)
