"""Decommissioning pages: the register (public once the decision is published), a record's task list, and a page
per task. Thin: permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.accounts.selectors import acting_user
from commissioning.appraisals import selectors as appraisal_selectors
from commissioning.contracts import actions_decommissioning as actions
from commissioning.contracts import selectors_decommissioning as selectors
from commissioning.contracts.forms_decommissioning import (
    DecommissioningConsultationForm,
    DecommissioningDecideForm,
    DecommissioningEiaForm,
    DecommissioningEvidenceForm,
    DecommissioningForm,
    DecommissioningNoticeForm,
    DecommissioningWorkforceForm,
    MonitoringNoteForm,
    TransitionStepForm,
)
from commissioning.contracts.models import Decommissioning, DecommissioningStatus
from commissioning.core import generic
from commissioning.core.access import require

SECTION_TITLES = {
    "overview": "Overview",
    "evidence": "Evidence: outcomes, use, cost and need",
    "eia": "Equality impact assessment",
    "consultation": "Consultation",
    "notice": "Notice to the provider",
    "workforce": "Workforce and TUPE",
}


def _get_visible(request: HttpRequest, pk: int) -> Decommissioning:
    return generic.get_visible_or_404(
        request, selectors.decommissioning_detail, "contracts.view_decommissioning", pk=pk
    )


def _detail_url(record: Any) -> str:
    pk = record.decommissioning_id if hasattr(record, "decommissioning_id") else record.pk
    return reverse("contracts:decommissioning-detail", args=[pk])


def decommissioning_list(request: HttpRequest) -> HttpResponse:
    require(request, "contracts.list_decommissionings")
    status = request.GET.get("status", "")
    status = status if status in DecommissioningStatus.values else ""
    found = selectors.decommissioning_list(user=request.user, filters=selectors.DecommissioningFilters(status=status))
    page = Paginator(found, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/decommissioning/list.html",
        {"page": page, "records": page.object_list, "status": status, "statuses": DecommissioningStatus.choices},
    )


def decommissioning_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _get_visible(request, pk)
    return render(
        request,
        "contracts/decommissioning/detail.html",
        {
            "record": record,
            "tasks": selectors.tasks(record),
            "needs_notice": selectors.needs_notice(record),
            "eia_labels": appraisal_selectors.EIA_LABELS,
        },
    )


decommissioning_create = generic.create_view(
    perm="contracts.add_decommissioning",
    form=DecommissioningForm,
    act=lambda form, **kw: actions.decommissioning_create(details=form.start(), **kw),
    done=lambda record, **_: f"Decommissioning {record.reference} has been started.",
    to=_detail_url,
    template="contracts/decommissioning/form.html",
    context=lambda form: {"record": None, "title": "Start a decommissioning", "section": "overview"},
)


def _section_view(section: str, form: Any) -> Any:
    return generic.edit_view(
        _get_visible,
        perm="contracts.change_decommissioning",
        form=form,
        act=lambda bound, record, **kw: actions.decommissioning_update(
            decommissioning=record,
            section=section,
            values=bound.values(),
            indicators=bound.cleaned_data.get("indicators") if section == "evidence" else None,
            **kw,
        ),
        done=lambda record, _saved, **_: f"{SECTION_TITLES[section]} saved.",
        to=_detail_url,
        template="contracts/decommissioning/form.html",
        context=lambda bound, record: {"record": record, "title": SECTION_TITLES[section], "section": section},
    )


decommissioning_edit = _section_view("overview", DecommissioningForm)
decommissioning_edit_evidence = _section_view("evidence", DecommissioningEvidenceForm)
decommissioning_edit_eia = _section_view("eia", DecommissioningEiaForm)


@require_http_methods(["POST"])
def decommissioning_eia_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the record's equality impact assessment (ADR 0036) and go to it."""
    record = _get_visible(request, pk)
    require(request, "contracts.change_decommissioning", record)
    saved = actions.decommissioning_eia_start(record=record, by=acting_user(request))
    return redirect("equality:detail", pk=saved.eia_id)


decommissioning_edit_consultation = _section_view("consultation", DecommissioningConsultationForm)
decommissioning_edit_notice = _section_view("notice", DecommissioningNoticeForm)
decommissioning_edit_workforce = _section_view("workforce", DecommissioningWorkforceForm)

decommissioning_decide = generic.edit_view(
    _get_visible,
    perm="contracts.change_decommissioning",
    form=DecommissioningDecideForm,
    form_kwargs=lambda request, record: {"versioned": record},
    act=lambda form, record, **kw: actions.decommissioning_decide(
        decommissioning=record, decision=form.cleaned_data.get("decision"), **kw
    ),
    done=lambda record, saved, **_: f"{saved.title} is recorded as decided by {saved.decision.reference}.",
    to=_detail_url,
    template="contracts/decommissioning/form.html",
    context=lambda form, record: {"record": record, "title": "Record the decision", "section": "decide"},
)

decommissioning_step_create = generic.create_view(
    get=_get_visible,
    perm="contracts.change_decommissioning",
    form=TransitionStepForm,
    act=lambda form, record, **kw: actions.transition_step_add(decommissioning=record, details=form.details(), **kw),
    done=lambda step, **_: "Step added to the exit and transition plan.",
    to=_detail_url,
    template="contracts/decommissioning/form.html",
    context=lambda form, record: {
        "record": record,
        "title": "Add a step to the exit and transition plan",
        "section": "step",
    },
)

decommissioning_note_create = generic.create_view(
    get=_get_visible,
    perm="contracts.change_decommissioning",
    form=MonitoringNoteForm,
    act=lambda form, record, **kw: actions.monitoring_note_add(
        decommissioning=record, noted_on=form.cleaned_data["noted_on"], note=form.cleaned_data["note"], **kw
    ),
    done=lambda note, **_: "Monitoring note added.",
    to=_detail_url,
    template="contracts/decommissioning/form.html",
    context=lambda form, record: {"record": record, "title": "Add a monitoring note", "section": "note"},
)

decommissioning_history = generic.history_view(
    _get_visible,
    perm="contracts.view_decommissioning_history",
    tabs="contracts/decommissioning/_header.html",
    context=lambda record: {"record": record},
)
