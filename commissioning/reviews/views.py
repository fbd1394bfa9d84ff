"""Commissioning review pages. Thin: permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.accounts.selectors import acting_user
from commissioning.core import generic
from commissioning.core.access import require
from commissioning.core.concurrency import AlreadySubmitted, already_submitted
from commissioning.reviews import actions, selectors
from commissioning.reviews.forms import ReviewFilterForm, ReviewForm
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Stage


def _filtered(request: HttpRequest) -> tuple[ReviewFilterForm, selectors.ReviewFilters]:
    form = ReviewFilterForm(request.GET or None, directorates=selectors.directorate_choices())
    return form, form.filters() if request.GET else selectors.ReviewFilters()


def _get_visible(request: HttpRequest, pk: int) -> CommissioningReview:
    return generic.get_visible_or_404(request, selectors.review_detail, "reviews.view_commissioningreview", pk=pk)


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


def _export_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _filtered(request)
    reviews = selectors.review_list(user=request.user, filters=filters)
    return selectors.review_export_rows(reviews, user=request.user)


review_export = generic.export_view(
    name="commissioning-reviews", sheet="Reviews", headers=selectors.EXPORT_HEADERS, rows=_export_rows
)


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


def _detail_url(review: CommissioningReview) -> str:
    return reverse("reviews:detail", args=[review.pk])


review_archive = generic.reason_view(
    _get_visible,
    perm="reviews.archive_commissioningreview",
    label="Why is this review being archived?",
    required_message=actions.ARCHIVE_REASON_REQUIRED,
    act=lambda review, **kw: actions.review_archive(review=review, **kw),
    done=lambda review: f"{review.title} has been archived. Its history stays.",
    back=_detail_url,
    template="reviews/reason.html",
    context=lambda review: {"review": review, "object": review, "action": "archive"},
)

review_restore = generic.reason_view(
    _get_visible,
    perm="reviews.restore_commissioningreview",
    label="Why is this review being restored?",
    required_message=actions.RESTORE_REASON_REQUIRED,
    act=lambda review, **kw: actions.review_restore(review=review, **kw),
    done=lambda review: f"{review.title} has been restored to the review programme.",
    back=_detail_url,
    template="reviews/reason.html",
    context=lambda review: {"review": review, "object": review, "action": "restore"},
)

review_history = generic.history_view(
    _get_visible,
    perm="reviews.view_commissioningreview_history",
    tabs="reviews/_header.html",
    context=lambda review: {"review": review},
)
