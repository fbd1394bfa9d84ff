"""Risk register pages. Thin: permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from commissioning.accounts.selectors import acting_user
from commissioning.core import generic
from commissioning.core.access import require
from commissioning.core.formatting import date
from commissioning.risks import actions, calculations, selectors
from commissioning.risks.forms import (
    ControlForm,
    EscalateForm,
    RiskActionForm,
    RiskFilterForm,
    RiskForm,
    RiskReviewForm,
)
from commissioning.risks.models import Level, Risk, RiskAction


def _filtered(request: HttpRequest) -> tuple[RiskFilterForm, selectors.RiskFilters]:
    form = RiskFilterForm(
        request.GET or None,
        directorates=list(selectors.directorate_choices().values_list("pk", "name")),
        owners=selectors.owner_filter_choices(user=request.user),
    )
    return form, form.filters() if request.GET else selectors.RiskFilters()


def _get_visible(request: HttpRequest, pk: int) -> Risk:
    return generic.get_visible_or_404(request, selectors.risk_detail, "risks.view_risk", pk=pk)


def _detail_url(record: Any) -> str:
    risk_id = record.risk_id if hasattr(record, "risk_id") else record.pk
    return reverse("risks:detail", args=[risk_id])


def risk_list(request: HttpRequest) -> HttpResponse:
    require(request, "risks.list_risks")
    filter_form, filters = _filtered(request)
    risks = selectors.risk_list(user=request.user, filters=filters)
    page = Paginator(risks, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "risks/list.html",
        {
            "filter_form": filter_form,
            "filters": filters,
            "page": page,
            "risks": page.object_list,
            "bands": calculations,
        },
    )


def _export_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _filtered(request)
    return selectors.risk_export_rows(selectors.risk_list(user=request.user, filters=filters))


risk_export = generic.export_view(
    name="risk-register", sheet="Risks", headers=selectors.EXPORT_HEADERS, rows=_export_rows, perm="risks.list_risks"
)


def heat_map(request: HttpRequest) -> HttpResponse:
    require(request, "risks.list_risks")
    filter_form, filters = _filtered(request)
    risks = selectors.risk_list(user=request.user, filters=filters)
    return render(
        request,
        "risks/heat_map.html",
        {"filter_form": filter_form, "filters": filters, "grid": selectors.heat_map_cells(risks)},
    )


def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    risk = _get_visible(request, pk)
    return render(request, "risks/detail.html", {"risk": risk, "object": risk, "tab": "summary", "bands": calculations})


def risk_scores(request: HttpRequest, pk: int) -> HttpResponse:
    risk = _get_visible(request, pk)
    require(request, "risks.view_risk_history", risk)
    points = selectors.score_history(risk)
    return render(request, "risks/scores.html", {"risk": risk, "object": risk, "tab": "scores", "points": points})


def _create_initial(request: HttpRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {"level": Level.CORPORATE, "owner": request.user.pk}
    review_id = request.GET.get("review", "")
    if review_id.isdigit() and selectors.review_of(review_id=int(review_id)) is not None:
        initial.update(level=Level.REVIEW, review=int(review_id))
    contract_id = request.GET.get("contract", "")
    contract = selectors.contract_of(contract_id=int(contract_id)) if contract_id.isdigit() else None
    if contract is not None:
        initial.update(level=Level.CONTRACT, contract=contract.reference)
    return {"initial": initial}


risk_create = generic.create_view(
    perm="risks.add_risk",
    form=RiskForm,
    form_kwargs=_create_initial,
    act=lambda form, **kw: actions.risk_create(details=form.details(), **kw),
    done=lambda risk, **_: f"{risk.title} has been added to the register as {risk.reference}.",
    to=_detail_url,
    template="risks/form.html",
    context=lambda form: {"risk": None},
)

risk_edit = generic.edit_view(
    _get_visible,
    perm="risks.change_risk",
    form=RiskForm,
    act=lambda form, risk, **kw: actions.risk_update(
        risk=risk, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda risk, _saved, **_: f"Your changes to {risk.reference} have been saved.",
    to=_detail_url,
    template="risks/form.html",
    context=lambda form, risk: {"risk": risk},
)

risk_history = generic.history_view(
    _get_visible, perm="risks.view_risk_history", tabs="risks/_header.html", context=lambda risk: {"risk": risk}
)

control_add = generic.create_view(
    get=_get_visible,
    perm="risks.change_risk",
    form=ControlForm,
    act=lambda form, risk, **kw: actions.control_add(
        risk=risk,
        description=form.cleaned_data["description"],
        positive_effect=form.cleaned_data["positive_effect"],
        **kw,
    ),
    done=lambda control, **_: "The control has been recorded.",
    to=_detail_url,
    template="risks/control_form.html",
    context=lambda form, risk: {"risk": risk, "heading": "Record a control", "button": "Record control"},
)

action_add = generic.create_view(
    get=_get_visible,
    perm="risks.change_risk",
    form=RiskActionForm,
    act=lambda form, risk, **kw: actions.risk_action_add(
        risk=risk,
        description=form.cleaned_data["description"],
        owner=form.cleaned_data["owner"],
        due_on=form.cleaned_data["due_on"],
        **kw,
    ),
    done=lambda action, **_: "The action has been added.",
    to=_detail_url,
    template="risks/action_form.html",
    context=lambda form, risk: {"risk": risk, "heading": "Add an action", "button": "Add action"},
)

review_record = generic.create_view(
    get=_get_visible,
    perm="risks.change_risk",
    form=RiskReviewForm,
    form_kwargs=lambda request, risk: {
        "initial": {name: getattr(risk, name) for name in actions.Scores.__dataclass_fields__}
    },
    act=lambda form, risk, **kw: actions.risk_review_record(
        risk=risk,
        reviewed_on=form.cleaned_data["reviewed_on"],
        scores=form.scores(),
        note=form.cleaned_data.get("note") or "",
        next_review_on=form.cleaned_data["next_review_on"],
        **kw,
    ),
    done=lambda review, **_: f"The review has been recorded. The next review is due on {date(review.next_review_on)}.",
    to=_detail_url,
    template="risks/review_form.html",
    context=lambda form, risk: {"risk": risk, "heading": "Record a review", "button": "Record review"},
)


@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        action: RiskAction = selectors.action_detail(user=request.user, pk=pk)
    except RiskAction.DoesNotExist:
        raise Http404 from None
    require(request, "risks.change_risk", action.risk)
    try:
        actions.risk_action_complete(action=action, by=acting_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The action has been marked as done.")
    return redirect(_detail_url(action))


@require_http_methods(["GET", "POST"])
def risk_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    risk = _get_visible(request, pk)
    require(request, "risks.escalate_risk", risk)
    form = EscalateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.risk_escalate(
                risk=risk, level=form.cleaned_data["level"], reason=form.cleaned_data["reason"], by=acting_user(request)
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            label = saved.get_level_display().lower()
            messages.success(request, f"{saved.reference} has been escalated to the {label} register.")
            return redirect(_detail_url(saved))
    return render(
        request,
        "risks/escalate.html",
        {"form": form, "risk": risk, "heading": "Escalate this risk", "button": "Escalate risk"},
    )
