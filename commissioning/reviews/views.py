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
from commissioning.reviews.models import CommissioningReview, Stage


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
    form_kwargs=lambda request: {"initial": {"stage": Stage.ANALYSE, "services": _initial_services(request)}},
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

# The review's status (ADR 0021): each move a recorded action with a reason; the action refuses a move the review
# cannot make from its status (or stage), naming why.
STATUS_PAGES: dict[str, tuple[str, Any, str]] = {
    # move: (the question asked, the action, what the page says when done)
    "start": ("What work has started on the review?", actions.review_start, "{title} is now in progress."),
    "hold": ("Why is the review being put on hold?", actions.review_hold, "{title} is now on hold."),
    "resume": ("Why is work on the review resuming?", actions.review_resume, "{title} is in progress again."),
    "complete": (
        "What did the review conclude when its Review stage closed?",
        actions.review_complete,
        "{title} is now completed.",
    ),
    "cancel": ("Why is the review being cancelled?", actions.review_cancel, "{title} has been cancelled."),
}


def _status_view(move: str) -> Any:
    label, act, done = STATUS_PAGES[move]
    return generic.reason_view(
        _get_visible,
        perm="reviews.change_commissioningreview_status",
        label=label,
        required_message=actions.STATUS_REASONS[move],
        act=lambda review, **kw: act(review=review, **kw),
        done=lambda review: done.format(title=review.title),
        back=_detail_url,
        template="reviews/reason.html",
        context=lambda review: {"review": review, "object": review, "action": move},
    )


review_start = _status_view("start")
review_hold = _status_view("hold")
review_resume = _status_view("resume")
review_complete = _status_view("complete")
review_cancel = _status_view("cancel")

review_history = generic.history_view(
    _get_visible,
    perm="reviews.view_commissioningreview_history",
    tabs="reviews/_header.html",
    context=lambda review: {"review": review},
)
