"""Pages for outcomes, indicators, benchmarks, needs evidence, consultations and the evidence pack.

Thin: permission, form, one action or selector, render or redirect. Archive, restore, history and exports are the
core pages (commissioning.core.generic); the reason page here is worded from its verb and noun.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from commissioning.core import generic, pdf
from commissioning.core.access import require
from commissioning.core.uploads import renamed_message
from commissioning.outcomes import actions, calculations, charts, selectors
from commissioning.outcomes.forms import (
    ConsultationFilterForm,
    ConsultationForm,
    EvidenceFilterForm,
    EvidenceForm,
    IndicatorFilterForm,
    IndicatorForm,
    MeasurementForm,
    OutcomeFilterForm,
    OutcomeForm,
    PriorityForm,
    TargetForm,
)
from commissioning.outcomes.models import Consultation, Indicator, NeedsEvidence, Outcome, Priority
from commissioning.services import selectors as service_selectors
from commissioning.services.models import Service

M = TypeVar("M", bound=models.Model)


def _visible(request: HttpRequest, read: Callable[..., M], pk: int, perm: str) -> M:
    return generic.get_visible_or_404(request, read, perm, pk=pk)


def _page(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _reason_view(
    get: Callable[[HttpRequest, int], M],
    *,
    verb: str,
    noun: str,
    back: Callable[[M], str],
    context: Callable[[M], dict[str, Any]],
    **kwargs: Any,
) -> generic.RecordView:
    """Archive or restore (or withdraw) a record with a reason: outcomes/reason.html, worded from verb and noun.
    ``kwargs`` (perm, act, done) go to ``generic.reason_view``."""
    return generic.reason_view(
        get,
        label=f"Why is this {noun} being {verb}d?" if verb != "withdraw" else "Why is this value being withdrawn?",
        required_message=f"Enter why the {noun} is being {verb}d" if verb != "withdraw" else "Enter why",
        back=back,
        template="outcomes/reason.html",
        context=lambda record: {"object": record, "verb": verb, "noun": noun, "back": back(record), **context(record)},
        **kwargs,
    )


# Outcomes and priorities ------------------------------------------------------------------------------------------


def _outcome_filters(request: HttpRequest) -> tuple[OutcomeFilterForm, selectors.OutcomeFilters]:
    form = OutcomeFilterForm(request.GET or None, priorities=selectors.visible_priorities(user=request.user))
    return form, form.filters() if request.GET else selectors.OutcomeFilters()


def outcome_list(request: HttpRequest) -> HttpResponse:
    filter_form, filters = _outcome_filters(request)
    page = _page(request, selectors.outcome_list(user=request.user, filters=filters))
    filtered_service = selectors.visible_service(user=request.user, pk=filters.service) if filters.service else None
    return render(
        request,
        "outcomes/outcome_list.html",
        {
            "filter_form": filter_form,
            "filters": filters,
            "page": page,
            "outcomes": page.object_list,
            "priorities": selectors.priorities_with_outcomes(user=request.user),
            "filtered_service": filtered_service,
        },
    )


def _outcome_export_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _outcome_filters(request)
    outcomes = selectors.outcome_list(user=request.user, filters=filters)
    return selectors.outcome_export_rows(outcomes, user=request.user)


outcome_export = generic.export_view(
    name="outcomes", sheet="Outcomes", headers=selectors.OUTCOME_EXPORT_HEADERS, rows=_outcome_export_rows
)


def outcome_detail(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _visible(request, selectors.outcome_detail, pk, "outcomes.view_outcome")
    internal = selectors.is_internal(request.user)
    return render(
        request,
        "outcomes/outcome_detail.html",
        {
            "outcome": outcome,
            "object": outcome,
            "tab": "summary",
            "indicators": selectors.outcome_indicators(user=request.user, outcome=outcome),
            "evidence": selectors.evidence_for(user=request.user, outcome=outcome) if internal else [],
            "consultations": selectors.consultations_for(user=request.user, outcome=outcome) if internal else [],
        },
    )


def _outcome(request: HttpRequest, pk: int) -> Outcome:
    return _visible(request, selectors.outcome_detail, pk, "outcomes.view_outcome")


def outcome_url(outcome: Outcome) -> str:
    return reverse("outcomes:detail", args=[outcome.pk])


def _outcome_initial(request: HttpRequest) -> dict[str, Any]:
    priority = request.GET.get("priority", "")
    return {"initial": {"priority": int(priority)} if priority.isdigit() else {}}


outcome_create = generic.create_view(
    perm="outcomes.add_outcome",
    form=OutcomeForm,
    form_kwargs=_outcome_initial,
    act=lambda form, **kw: actions.outcome_create(details=form.details(), **kw),
    done=lambda outcome, **_: f"{outcome.name} has been added as {outcome.reference}.",
    to=outcome_url,
    template="outcomes/outcome_form.html",
    context=lambda form: {"outcome": None},
)

outcome_edit = generic.edit_view(
    _outcome,
    perm="outcomes.change_outcome",
    form=OutcomeForm,
    act=lambda form, outcome, **kw: actions.outcome_update(
        outcome=outcome, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda _loaded, outcome, **_: f"Your changes to {outcome.name} have been saved.",
    to=outcome_url,
    template="outcomes/outcome_form.html",
    context=lambda form, outcome: {"outcome": outcome},
)

outcome_archive = _reason_view(
    _outcome,
    perm="outcomes.archive_outcome",
    verb="archive",
    noun="outcome",
    act=lambda outcome, **kw: actions.outcome_archive(outcome=outcome, **kw),
    done=lambda outcome: f"{outcome.name} has been archived. Its history stays.",
    back=outcome_url,
    context=lambda outcome: {"outcome": outcome},
)

outcome_restore = _reason_view(
    _outcome,
    perm="outcomes.restore_outcome",
    verb="restore",
    noun="outcome",
    act=lambda outcome, **kw: actions.outcome_restore(outcome=outcome, **kw),
    done=lambda outcome: f"{outcome.name} has been restored.",
    back=outcome_url,
    context=lambda outcome: {"outcome": outcome},
)

outcome_history = generic.history_view(
    _outcome,
    perm="outcomes.view_outcome_history",
    tabs="outcomes/_outcome_header.html",
    context=lambda outcome: {"outcome": outcome},
)


def priority_detail(request: HttpRequest, pk: int) -> HttpResponse:
    priority = _visible(request, selectors.priority_detail, pk, "outcomes.view_priority")
    return render(
        request, "outcomes/priority_detail.html", {"priority": priority, "object": priority, "tab": "summary"}
    )


def _priority(request: HttpRequest, pk: int) -> Priority:
    return _visible(request, selectors.priority_detail, pk, "outcomes.view_priority")


def priority_url(priority: Priority) -> str:
    return reverse("outcomes:priority-detail", args=[priority.pk])


priority_create = generic.create_view(
    perm="outcomes.add_priority",
    form=PriorityForm,
    act=lambda form, **kw: actions.priority_create(details=form.details(), **kw),
    done=lambda priority, **_: f"{priority.name} has been added to the council plan.",
    to=priority_url,
    template="outcomes/priority_form.html",
    context=lambda form: {"priority": None},
)

priority_edit = generic.edit_view(
    _priority,
    perm="outcomes.change_priority",
    form=PriorityForm,
    act=lambda form, priority, **kw: actions.priority_update(
        priority=priority, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda _loaded, priority, **_: f"Your changes to {priority.name} have been saved.",
    to=priority_url,
    template="outcomes/priority_form.html",
    context=lambda form, priority: {"priority": priority},
)

priority_archive = _reason_view(
    _priority,
    perm="outcomes.archive_priority",
    verb="archive",
    noun="priority",
    act=lambda priority, **kw: actions.priority_archive(priority=priority, **kw),
    done=lambda priority: f"{priority.name} has been archived. Its history stays.",
    back=priority_url,
    context=lambda priority: {"priority": priority},
)

priority_restore = _reason_view(
    _priority,
    perm="outcomes.restore_priority",
    verb="restore",
    noun="priority",
    act=lambda priority, **kw: actions.priority_restore(priority=priority, **kw),
    done=lambda priority: f"{priority.name} has been restored.",
    back=priority_url,
    context=lambda priority: {"priority": priority},
)

priority_history = generic.history_view(
    _priority,
    perm="outcomes.view_priority_history",
    tabs="outcomes/_priority_header.html",
    context=lambda priority: {"priority": priority},
)


# Indicators -------------------------------------------------------------------------------------------------------


def _indicator_filters(request: HttpRequest) -> tuple[IndicatorFilterForm, selectors.IndicatorFilters]:
    outcomes = selectors.visible_outcomes(user=request.user).filter(archived_at__isnull=True).order_by("reference")
    form = IndicatorFilterForm(request.GET or None, outcomes=outcomes)
    return form, form.filters() if request.GET else selectors.IndicatorFilters()


def indicator_list(request: HttpRequest) -> HttpResponse:
    filter_form, filters = _indicator_filters(request)
    page = _page(request, selectors.indicator_list(user=request.user, filters=filters))
    rows = [(indicator, selectors.latest_rag(indicator)) for indicator in page.object_list]
    filtered_service = selectors.visible_service(user=request.user, pk=filters.service) if filters.service else None
    return render(
        request,
        "outcomes/indicator_list.html",
        {
            "filter_form": filter_form,
            "filters": filters,
            "page": page,
            "rows": rows,
            "filtered_service": filtered_service,
        },
    )


def _indicator_export_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _indicator_filters(request)
    indicators = selectors.indicator_list(user=request.user, filters=filters)
    return selectors.indicator_export_rows(indicators, user=request.user)


indicator_export = generic.export_view(
    name="indicators", sheet="Indicators", headers=selectors.INDICATOR_EXPORT_HEADERS, rows=_indicator_export_rows
)


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _visible(request, selectors.indicator_detail, pk, "outcomes.view_indicator")
    series = selectors.indicator_series(indicator=indicator)
    group = selectors.home_comparator_group()
    benchmark = selectors.indicator_benchmark(indicator=indicator, group=group)
    return render(
        request,
        "outcomes/indicator_detail.html",
        {
            "indicator": indicator,
            "object": indicator,
            "tab": "summary",
            "outcome": selectors.indicator_outcome(user=request.user, indicator=indicator),
            "series": series,
            "periods_newest_first": list(reversed(series.periods)),
            "history": selectors.indicator_history(indicator=indicator, number=request.GET.get("page")),
            "time_series_chart": charts.time_series(indicator=indicator, periods=series.periods),
            "benchmark": benchmark,
            "benchmark_chart": charts.comparator_chart(view=benchmark, unit=indicator.unit, what=indicator.name)
            if benchmark
            else None,
            "group": group,
        },
    )


def indicator_data(request: HttpRequest, pk: int, file_format: str) -> HttpResponseBase:
    indicator = _visible(request, selectors.indicator_detail, pk, "outcomes.view_indicator")
    rows = selectors.indicator_data_rows(indicator)
    name = f"indicator-{indicator.code.lower()}"
    return generic.export_response(
        file_format, name=name, sheet=indicator.code, headers=selectors.INDICATOR_DATA_HEADERS, rows=rows
    )


def _indicator(request: HttpRequest, pk: int) -> Indicator:
    return _visible(request, selectors.indicator_detail, pk, "outcomes.view_indicator")


def indicator_url(indicator: Indicator) -> str:
    return reverse("outcomes:indicator-detail", args=[indicator.pk])


def _indicator_initial(request: HttpRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {"owner": request.user.pk if selectors.is_internal(request.user) else None}
    if request.GET.get("outcome", "").isdigit():
        initial["outcome"] = int(request.GET["outcome"])
    if request.GET.get("service", "").isdigit():
        initial["services"] = [int(request.GET["service"])]
    return {"initial": initial}


indicator_create = generic.create_view(
    perm="outcomes.add_indicator",
    form=IndicatorForm,
    form_kwargs=_indicator_initial,
    act=lambda form, **kw: actions.indicator_create(details=form.details(), **kw),
    done=lambda indicator, **_: f"{indicator.name} has been added as {indicator.code}.",
    to=indicator_url,
    template="outcomes/indicator_form.html",
    context=lambda form: {"indicator": None},
)

indicator_edit = generic.edit_view(
    _indicator,
    perm="outcomes.change_indicator",
    form=IndicatorForm,
    act=lambda form, indicator, **kw: actions.indicator_update(
        indicator=indicator, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda _loaded, indicator, **_: f"Your changes to {indicator.name} have been saved.",
    to=indicator_url,
    template="outcomes/indicator_form.html",
    context=lambda form, indicator: {"indicator": indicator},
)

indicator_archive = _reason_view(
    _indicator,
    perm="outcomes.archive_indicator",
    verb="archive",
    noun="indicator",
    act=lambda indicator, **kw: actions.indicator_archive(indicator=indicator, **kw),
    done=lambda indicator: f"{indicator.name} has been archived. Its values and history stay.",
    back=indicator_url,
    context=lambda indicator: {"indicator": indicator},
)

indicator_restore = _reason_view(
    _indicator,
    perm="outcomes.restore_indicator",
    verb="restore",
    noun="indicator",
    act=lambda indicator, **kw: actions.indicator_restore(indicator=indicator, **kw),
    done=lambda indicator: f"{indicator.name} has been restored.",
    back=indicator_url,
    context=lambda indicator: {"indicator": indicator},
)

indicator_history = generic.history_view(
    _indicator,
    perm="outcomes.view_indicator_history",
    tabs="outcomes/_indicator_header.html",
    context=lambda indicator: {"indicator": indicator},
)


measurement_record = generic.create_view(
    get=_indicator,
    perm="outcomes.add_measurement",
    form=MeasurementForm,
    form_kwargs=lambda request, indicator: {
        "indicator": indicator,
        "initial": {"period": request.GET.get("period") or calculations.current_period(indicator.frequency)},
    },
    act=lambda form, indicator, **kw: actions.measurement_record(
        indicator=indicator,
        period=form.cleaned_data["period"],
        value=form.cleaned_data["value"],
        note=form.cleaned_data.get("note") or "",
        **kw,
    ),
    done=lambda measurement, **_: f"The value for {measurement.period} has been recorded.",
    to=lambda measurement: indicator_url(measurement.indicator),
    template="outcomes/measurement_form.html",
    context=lambda form, indicator: {"indicator": indicator},
)


measurement_archive = _reason_view(
    lambda request, pk: _visible(request, selectors.measurement_detail, pk, "outcomes.view_indicator_history"),
    perm="outcomes.archive_measurement",
    verb="withdraw",
    noun="value",
    act=lambda measurement, **kw: actions.measurement_archive(measurement=measurement, **kw),
    done=lambda measurement: f"The value for {measurement.period} has been withdrawn. It stays in the history.",
    back=lambda measurement: indicator_url(measurement.indicator),
    context=lambda measurement: {"indicator": measurement.indicator, "measurement": measurement},
)


measurement_history = generic.history_view(
    lambda request, pk: _visible(request, selectors.measurement_detail, pk, "outcomes.view_measurement_history"),
    perm="outcomes.view_measurement_history",
    tabs="outcomes/_measurement_header.html",
    context=lambda measurement: {"indicator": measurement.indicator, "measurement": measurement},
)


target_set = generic.create_view(
    get=_indicator,
    perm="outcomes.set_target",
    form=TargetForm,
    form_kwargs=lambda request, indicator: {
        "indicator": indicator,
        "initial": {"period": request.GET.get("period") or ""},
    },
    act=lambda form, indicator, **kw: actions.target_set(indicator=indicator, details=form.details(), **kw),
    done=lambda target, **_: f"The target for {target.period} has been set.",
    to=lambda target: indicator_url(target.indicator),
    template="outcomes/target_form.html",
    context=lambda form, indicator: {"indicator": indicator},
)


def comparators(request: HttpRequest) -> HttpResponse:
    return render(request, "outcomes/comparators.html", {"group": selectors.home_comparator_group()})


# Needs evidence ---------------------------------------------------------------------------------------------------


def _evidence_filters(request: HttpRequest) -> tuple[EvidenceFilterForm, selectors.EvidenceFilters]:
    form = EvidenceFilterForm(request.GET or None)
    return form, form.filters() if request.GET else selectors.EvidenceFilters()


def evidence_list(request: HttpRequest) -> HttpResponse:
    require(request, "outcomes.view_needsevidence")
    filter_form, filters = _evidence_filters(request)
    page = _page(request, selectors.evidence_list(user=request.user, filters=filters))
    return render(
        request,
        "outcomes/evidence_list.html",
        {"filter_form": filter_form, "filters": filters, "page": page, "items": page.object_list},
    )


def _evidence_export_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _evidence_filters(request)
    return selectors.evidence_export_rows(selectors.evidence_list(user=request.user, filters=filters))


evidence_export = generic.export_view(
    name="needs-evidence",
    sheet="Needs evidence",
    headers=selectors.EVIDENCE_EXPORT_HEADERS,
    rows=_evidence_export_rows,
    perm="outcomes.view_needsevidence",
)


def _evidence(request: HttpRequest, pk: int) -> NeedsEvidence:
    require(request, "outcomes.view_needsevidence")
    evidence: NeedsEvidence = _visible(request, selectors.evidence_detail, pk, "outcomes.view_needsevidence")
    return evidence


def evidence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence(request, pk)
    return render(
        request, "outcomes/evidence_detail.html", {"evidence": evidence, "object": evidence, "tab": "summary"}
    )


def _attach_initial(request: HttpRequest) -> dict[str, Any]:
    return {key: int(request.GET[key]) for key in ("service", "outcome") if request.GET.get(key, "").isdigit()}


def _renamed(form: EvidenceForm, evidence: NeedsEvidence) -> str:
    """A sentence saying so when the uploaded document was stored under another name."""
    document = form.cleaned_data.get("document")
    note = renamed_message(document.name or "", evidence.document_name) if document else ""
    return f" {note}" if note else ""


def _evidence_url(evidence: NeedsEvidence) -> str:
    return reverse("outcomes:evidence-detail", args=[evidence.pk])


evidence_create = generic.create_view(
    perm="outcomes.add_needsevidence",
    form=EvidenceForm,
    form_kwargs=lambda request: {"initial": _attach_initial(request)},
    act=lambda form, **kw: actions.evidence_create(
        details=form.details(), document=form.cleaned_data.get("document"), **kw
    ),
    done=lambda evidence, form, **_: f"{evidence.title} has been added.{_renamed(form, evidence)}",
    to=_evidence_url,
    template="outcomes/evidence_form.html",
    context=lambda form: {"evidence": None},
)

evidence_edit = generic.edit_view(
    _evidence,
    perm="outcomes.change_needsevidence",
    form=EvidenceForm,
    act=lambda form, evidence, **kw: actions.evidence_update(
        evidence=evidence,
        details=form.details(),
        document=form.cleaned_data.get("document"),
        reason=form.cleaned_data.get("reason", ""),
        **kw,
    ),
    done=lambda _loaded, evidence, form, **_: (
        f"Your changes to {evidence.title} have been saved.{_renamed(form, evidence)}"
    ),
    to=_evidence_url,
    template="outcomes/evidence_form.html",
    context=lambda form, evidence: {"evidence": evidence},
)

evidence_archive = _reason_view(
    _evidence,
    perm="outcomes.archive_needsevidence",
    verb="archive",
    noun="evidence",
    act=lambda evidence, **kw: actions.evidence_archive(evidence=evidence, **kw),
    done=lambda evidence: f"{evidence.title} has been archived. Its history stays.",
    back=_evidence_url,
    context=lambda evidence: {"evidence": evidence},
)

evidence_restore = _reason_view(
    _evidence,
    perm="outcomes.restore_needsevidence",
    verb="restore",
    noun="evidence",
    act=lambda evidence, **kw: actions.evidence_restore(evidence=evidence, **kw),
    done=lambda evidence: f"{evidence.title} has been restored.",
    back=_evidence_url,
    context=lambda evidence: {"evidence": evidence},
)

evidence_history = generic.history_view(
    _evidence,
    perm="outcomes.view_needsevidence_history",
    tabs="outcomes/_evidence_header.html",
    context=lambda evidence: {"evidence": evidence},
)


def evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The document, only through this permission-checked view: as an attachment, never sniffed or run inline."""
    evidence = _evidence(request, pk)
    require(request, "outcomes.download_needsevidence", evidence)
    if not evidence.document:
        raise Http404
    try:
        handle = evidence.document.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.document_name or "document",
        content_type=evidence.document_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# Consultations ----------------------------------------------------------------------------------------------------


def _consultation_filters(request: HttpRequest) -> tuple[ConsultationFilterForm, selectors.ConsultationFilters]:
    form = ConsultationFilterForm(request.GET or None)
    return form, form.filters() if request.GET else selectors.ConsultationFilters()


def consultation_list(request: HttpRequest) -> HttpResponse:
    require(request, "outcomes.view_consultation")
    filter_form, filters = _consultation_filters(request)
    page = _page(request, selectors.consultation_list(user=request.user, filters=filters))
    return render(
        request,
        "outcomes/consultation_list.html",
        {"filter_form": filter_form, "filters": filters, "page": page, "items": page.object_list},
    )


def _consultation_export_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _consultation_filters(request)
    return selectors.consultation_export_rows(selectors.consultation_list(user=request.user, filters=filters))


consultation_export = generic.export_view(
    name="consultations",
    sheet="Consultations",
    headers=selectors.CONSULTATION_EXPORT_HEADERS,
    rows=_consultation_export_rows,
    perm="outcomes.view_consultation",
)


def _consultation(request: HttpRequest, pk: int) -> Consultation:
    require(request, "outcomes.view_consultation")
    consultation: Consultation = _visible(request, selectors.consultation_detail, pk, "outcomes.view_consultation")
    return consultation


def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    return render(
        request,
        "outcomes/consultation_detail.html",
        {"consultation": consultation, "object": consultation, "tab": "summary"},
    )


def _consultation_url(consultation: Consultation) -> str:
    return reverse("outcomes:consultation-detail", args=[consultation.pk])


consultation_create = generic.create_view(
    perm="outcomes.add_consultation",
    form=ConsultationForm,
    form_kwargs=lambda request: {"initial": _attach_initial(request)},
    act=lambda form, **kw: actions.consultation_create(details=form.details(), **kw),
    done=lambda consultation, **_: f"{consultation.title} has been added.",
    to=_consultation_url,
    template="outcomes/consultation_form.html",
    context=lambda form: {"consultation": None},
)

consultation_edit = generic.edit_view(
    _consultation,
    perm="outcomes.change_consultation",
    form=ConsultationForm,
    act=lambda form, consultation, **kw: actions.consultation_update(
        consultation=consultation, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda _loaded, consultation, **_: f"Your changes to {consultation.title} have been saved.",
    to=_consultation_url,
    template="outcomes/consultation_form.html",
    context=lambda form, consultation: {"consultation": consultation},
)

consultation_archive = _reason_view(
    _consultation,
    perm="outcomes.archive_consultation",
    verb="archive",
    noun="consultation",
    act=lambda consultation, **kw: actions.consultation_archive(consultation=consultation, **kw),
    done=lambda consultation: f"{consultation.title} has been archived. Its history stays.",
    back=_consultation_url,
    context=lambda consultation: {"consultation": consultation},
)

consultation_restore = _reason_view(
    _consultation,
    perm="outcomes.restore_consultation",
    verb="restore",
    noun="consultation",
    act=lambda consultation, **kw: actions.consultation_restore(consultation=consultation, **kw),
    done=lambda consultation: f"{consultation.title} has been restored.",
    back=_consultation_url,
    context=lambda consultation: {"consultation": consultation},
)

consultation_history = generic.history_view(
    _consultation,
    perm="outcomes.view_consultation_history",
    tabs="outcomes/_consultation_header.html",
    context=lambda consultation: {"consultation": consultation},
)


# The evidence pack ------------------------------------------------------------------------------------------------


def _pack_service(request: HttpRequest, pk: int) -> Service:
    service = generic.get_visible_or_404(request, service_selectors.service_detail, "services.view_service", pk=pk)
    require(request, "outcomes.view_evidence_pack", service)
    return service


def _pack_context(request: HttpRequest, service: Service, *, for_pdf: bool) -> dict[str, Any]:
    pack = selectors.evidence_pack(user=request.user, service=service, today=timezone.localdate())
    unit_cost_chart = (
        charts.comparator_chart(view=pack.unit_cost, unit="gbp", what="Unit cost", key="chart-unit-cost", money=True)
        if pack.unit_cost
        else None
    )
    return {"pack": pack, "service": service, "object": service, "unit_cost_chart": unit_cost_chart, "pdf": for_pdf}


def evidence_pack(request: HttpRequest, pk: int) -> HttpResponse:
    service = _pack_service(request, pk)
    return render(request, "outcomes/evidence_pack.html", _pack_context(request, service, for_pdf=False))


def evidence_pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence pack as this user would see it, printed once for what it shows (the shared cache of documents).
    Opened in the browser, or downloaded with ``?download=1``."""
    service = _pack_service(request, pk)
    content = pdf.render_cached_pdf(
        "outcomes/evidence_pack_pdf.html", _pack_context(request, service, for_pdf=True), request=request
    )
    filename = f"evidence-pack-{service.reference.lower()}"
    return pdf.pdf_response(content, filename, download=pdf.wants_download(request))
