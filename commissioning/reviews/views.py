"""Commissioning review pages. Thin: permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from commissioning.core import generic
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


def _detail_url(review: CommissioningReview) -> str:
    return reverse("reviews:detail", args=[review.pk])


review_create = generic.create_view(
    perm="reviews.add_commissioningreview",
    form=ReviewForm,
    form_kwargs=lambda request: {
        "initial": {"stage": Stage.ANALYSE, "status": ReviewStatus.PLANNED, "services": _initial_services(request)}
    },
    act=lambda form, **kw: actions.review_create(details=form.details(), **kw),
    done=lambda review, **_: f"{review.title} has been added to the review programme as {review.reference}.",
    to=_detail_url,
    template="reviews/form.html",
    context=lambda form: {"review": None},
)

review_edit = generic.edit_view(
    _get_visible,
    perm="reviews.change_commissioningreview",
    form=ReviewForm,
    act=lambda form, review, **kw: actions.review_update(
        review=review, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda review, _saved, **_: f"Your changes to {review.title} have been saved.",
    to=_detail_url,
    template="reviews/form.html",
    context=lambda form, review: {"review": review},
)


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
