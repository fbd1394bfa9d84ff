"""Equality impact assessment pages (ADR 0036): start one for a review or an option, its page (a summary list with a
change link per characteristic), one characteristic, the conclusion, sign-off and the History tab. Thin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.accounts.selectors import acting_user
from commissioning.appraisals import actions_equality as actions
from commissioning.appraisals import calculations_equality as eia
from commissioning.appraisals import selectors, selectors_equality
from commissioning.appraisals.forms_equality import CharacteristicForm, ConclusionForm, EiaStartForm, SignOffForm
from commissioning.appraisals.models import EqualityImpactAssessment, Option
from commissioning.core import generic
from commissioning.core.access import require
from commissioning.reviews import selectors as review_selectors
from commissioning.reviews.models import CommissioningReview

VIEW = "appraisals.view_equalityimpactassessment"
CHANGE = "appraisals.change_equalityimpactassessment"
SIGN_OFF = "appraisals.signoff_equalityimpactassessment"


def _assessment(request: HttpRequest, pk: int) -> EqualityImpactAssessment:
    return generic.get_visible_or_404(request, selectors_equality.assessment_detail, VIEW, pk=pk)


def _detail_url(assessment: EqualityImpactAssessment) -> str:
    return reverse("equality:detail", args=[assessment.pk])


def _context(assessment: EqualityImpactAssessment) -> dict[str, Any]:
    return {"assessment": assessment, "object": assessment, "summary": assessment.summary, "labels": eia.LABELS}


def _start(
    request: HttpRequest,
    subject: CommissioningReview | Option,
    existing: EqualityImpactAssessment | None,
    **about: Any,
) -> HttpResponse:
    require(request, "appraisals.add_equalityimpactassessment", subject)
    if existing is not None:
        return redirect(_detail_url(existing))
    form = EiaStartForm(request.POST if request.method == "POST" else None)
    return generic.save_page(
        request,
        form,
        lambda: actions.eia_create(by=acting_user(request), form_token=form.token, **about),  # type: ignore[arg-type]
        done=lambda assessment: f"The equality impact assessment of {assessment.title} has been started.",
        to=_detail_url,
        template="appraisals/equality/start.html",
        context={"subject": subject, **about},
    )


@require_http_methods(["GET", "POST"])
def eia_create_for_review(request: HttpRequest, review_pk: int) -> HttpResponse:
    review = generic.get_visible_or_404(
        request, review_selectors.review_detail, "reviews.view_commissioningreview", pk=review_pk
    )
    existing = selectors_equality.assessment_of_review(user=request.user, review=review)
    return _start(request, review, existing, review=review)


@require_http_methods(["GET", "POST"])
def eia_create_for_option(request: HttpRequest, pk: int) -> HttpResponse:
    option = generic.get_visible_or_404(request, selectors.option_detail, "appraisals.view_option", pk=pk)
    existing = selectors_equality.assessment_of_option(user=request.user, option=option)
    return _start(request, option, existing, option=option)


def eia_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    return render(
        request,
        "appraisals/equality/detail.html",
        {**_context(assessment), "tab": "summary", "problems": actions.sign_off_messages(assessment)},
    )


@require_http_methods(["GET", "POST"])
def eia_edit_characteristic(request: HttpRequest, pk: int, characteristic: str) -> HttpResponse:
    assessment = _assessment(request, pk)
    if characteristic not in eia.LABELS:
        raise Http404
    require(request, CHANGE, assessment)
    label = eia.LABELS[characteristic]
    initial = {
        field: getattr(assessment, f"{characteristic}_{field}")
        for field in ("impact", "evidence", "mitigation", "justification")
    }
    form = CharacteristicForm(request.POST or None, initial=initial, versioned=assessment, label=label)
    return generic.save_page(
        request,
        form,
        lambda: actions.eia_characteristic_update(
            assessment=assessment,
            characteristic=characteristic,
            answer=form.answer(),
            by=acting_user(request),
            version=form.version,
        ),
        done=lambda saved: f"The impact on {label.lower()} has been saved.",
        to=lambda saved: _detail_url(saved) + f"#{characteristic}",
        template="appraisals/equality/characteristic.html",
        context={**_context(assessment), "characteristic": characteristic, "label": label},
    )


eia_edit_conclusion = generic.edit_view(
    _assessment,
    perm=CHANGE,
    form=ConclusionForm,
    form_kwargs=lambda request, assessment: {"initial": {"conclusion": assessment.conclusion}, "versioned": assessment},
    act=lambda form, assessment, **kw: actions.eia_conclusion_update(
        assessment=assessment, conclusion=form.cleaned_data["conclusion"], **kw
    ),
    done=lambda assessment, _saved, **_: "The overall conclusion has been saved.",
    to=_detail_url,
    template="appraisals/equality/conclusion.html",
    context=lambda form, assessment: _context(assessment),
)


@require_http_methods(["GET", "POST"])
def eia_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign-off: a director confirms; a refusal names every characteristic at fault and saves nothing."""
    assessment = _assessment(request, pk)
    require(request, SIGN_OFF, assessment)
    form = SignOffForm(request.POST if request.method == "POST" else None, versioned=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            actions.eia_sign_off(assessment=assessment, by=acting_user(request), version=form.version)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"The equality impact assessment of {assessment.title} has been signed off.")
            return redirect(_detail_url(assessment))
    return render(request, "appraisals/equality/sign_off.html", {**_context(assessment), "form": form})


eia_history = generic.history_view(
    _assessment,
    perm="appraisals.view_equalityimpactassessment_history",
    tabs="appraisals/equality/_header.html",
    context=_context,
)
