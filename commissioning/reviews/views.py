"""Commissioning review pages. Thin: permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from commissioning.accounts.access import acting_user
from commissioning.core import exports
from commissioning.core.access import require, require_visible
from commissioning.core.concurrency import AlreadySubmitted, already_submitted
from commissioning.core.forms import ReasonForm
from commissioning.core.history import history_page
from commissioning.reviews import actions, selectors
from commissioning.reviews.forms import ReviewFilterForm, ReviewForm
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Stage


def _filtered(request: HttpRequest) -> tuple[ReviewFilterForm, selectors.ReviewFilters]:
    form = ReviewFilterForm(request.GET or None, directorates=selectors.directorate_choices())
    return form, form.filters() if request.GET else selectors.ReviewFilters()


def _get_visible(request: HttpRequest, pk: int) -> CommissioningReview:
    try:
        review = selectors.review_detail(user=request.user, pk=pk)
    except CommissioningReview.DoesNotExist:
        raise Http404 from None
    require_visible(request, "reviews.view_commissioningreview", review)
    return review


def review_list(request: HttpRequest) -> HttpResponse:
    filter_form, filters = _filtered(request)
    reviews = selectors.review_list(user=request.user, filters=filters)
    page = Paginator(reviews, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    service = selectors.visible_service(user=request.user, pk=filters.service) if filters.service else None
    return render(
        request,
        "reviews/list.html",
        {
            "filter_form": filter_form,
            "filters": filters,
            "page": page,
            "reviews": page.object_list,
            "filtered_service": service,
        },
    )


def review_export(request: HttpRequest, file_format: str) -> HttpResponseBase:
    _form, filters = _filtered(request)
    reviews = selectors.review_list(user=request.user, filters=filters)
    rows = selectors.review_export_rows(reviews, user=request.user)
    if file_format == "xlsx":
        return exports.xlsx_response("commissioning-reviews", "Reviews", selectors.EXPORT_HEADERS, rows)
    return exports.csv_response("commissioning-reviews", selectors.EXPORT_HEADERS, rows)


def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get_visible(request, pk)
    return render(request, "reviews/detail.html", {"review": review, "object": review, "tab": "summary"})


def _initial_services(request: HttpRequest) -> list[int]:
    """?service=12 (from a service's page) ticks that service on a new review."""
    return [int(value) for value in request.GET.getlist("service") if value.isdigit()]


@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest) -> HttpResponse:
    require(request, "reviews.add_commissioningreview")
    form = ReviewForm(
        request.POST or None,
        initial={"stage": Stage.ANALYSE, "status": ReviewStatus.PLANNED, "services": _initial_services(request)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = actions.review_create(details=form.details(), by=acting_user(request), form_token=form.token)
        except AlreadySubmitted as repeat:
            return already_submitted(request, repeat, "reviews:detail", pk=repeat.record.pk)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"{review.title} has been added to the review programme as {review.reference}.")
            return redirect("reviews:detail", pk=review.pk)
    return render(request, "reviews/form.html", {"form": form, "review": None})


@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get_visible(request, pk)
    require(request, "reviews.change_commissioningreview", review)
    form = ReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        try:
            actions.review_update(
                review=review,
                details=form.details(),
                by=acting_user(request),
                reason=form.cleaned_data.get("reason", ""),
                version=form.version,
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"Your changes to {review.title} have been saved.")
            return redirect("reviews:detail", pk=review.pk)
    return render(request, "reviews/form.html", {"form": form, "review": review})


@require_http_methods(["GET", "POST"])
def review_archive(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get_visible(request, pk)
    require(request, "reviews.archive_commissioningreview", review)
    form = ReasonForm(
        request.POST or None,
        label="Why is this review being archived?",
        required_message=actions.ARCHIVE_REASON_REQUIRED,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.review_archive(review=review, by=acting_user(request), reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{review.title} has been archived. Its history stays.")
            return redirect("reviews:detail", pk=review.pk)
    return render(
        request, "reviews/reason.html", {"form": form, "review": review, "object": review, "action": "archive"}
    )


@require_http_methods(["GET", "POST"])
def review_restore(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get_visible(request, pk)
    require(request, "reviews.restore_commissioningreview", review)
    form = ReasonForm(
        request.POST or None,
        label="Why is this review being restored?",
        required_message=actions.RESTORE_REASON_REQUIRED,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.review_restore(review=review, by=acting_user(request), reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{review.title} has been restored to the review programme.")
            return redirect("reviews:detail", pk=review.pk)
    return render(
        request, "reviews/reason.html", {"form": form, "review": review, "object": review, "action": "restore"}
    )


def review_history(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get_visible(request, pk)
    require(request, "reviews.view_commissioningreview_history", review)
    page, entries = history_page(review, page_number=request.GET.get("page"))
    return render(
        request,
        "core/history.html",
        {
            "object": review,
            "review": review,
            "page": page,
            "entries": entries,
            "tab": "history",
            "tabs_template": "reviews/_header.html",
        },
    )
