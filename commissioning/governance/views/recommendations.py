"""Pages for scrutiny's recommendations, the executive's responses and the committee's follow-ups (issue 10). Thin:
the record (404 when it may not be seen), the permission, the form, one action."""

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
from commissioning.governance.actions import recommendations as actions
from commissioning.governance.forms.recommendations import (
    FollowUpForm,
    RecommendationFilterForm,
    RecommendationForm,
    ResponseForm,
)
from commissioning.governance.models import Recommendation
from commissioning.governance.selectors import protocol as protocol_selectors
from commissioning.governance.selectors import recommendations as selectors


def _get(request: HttpRequest, pk: int) -> Recommendation:
    return generic.get_visible_or_404(request, selectors.recommendation_detail, "governance.view_recommendation", pk=pk)


def _url(recommendation: Recommendation) -> str:
    return reverse("governance:recommendation", args=[recommendation.pk])


def _filters(request: HttpRequest) -> tuple[RecommendationFilterForm, selectors.RecommendationFilters]:
    form = RecommendationFilterForm(request.GET or None)
    return form, form.filters() if request.GET else selectors.RecommendationFilters()


def recommendation_list(request: HttpRequest) -> HttpResponse:
    filter_form, filters = _filters(request)
    on = selectors.today()
    page = Paginator(
        selectors.recommendation_list(user=request.user, filters=filters, on=on), settings.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/recommendations/list.html",
        {"filter_form": filter_form, "page": page, "recommendations": page.object_list, "today": on},
    )


def _rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _filters(request)
    return selectors.export_rows(selectors.recommendation_list(user=request.user, filters=filters))


recommendation_export = generic.export_view(
    name="recommendations", sheet="Recommendations", headers=selectors.EXPORT_HEADERS, rows=_rows
)


def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _get(request, pk)
    on = selectors.today()
    return render(
        request,
        "governance/recommendations/detail.html",
        {
            "recommendation": recommendation,
            "object": recommendation,
            "tab": "summary",
            "today": on,
            "response_overdue": selectors.is_response_overdue(recommendation, on=on),
            "overdue_actions": {a.pk for a in selectors.overdue_actions_of(recommendation, on=on)},
            "contract_name": protocol_selectors.contract_names(
                {recommendation.contract_id} if recommendation.contract_id else set()
            ).get(recommendation.contract_id or 0, ""),
        },
    )


recommendation_create = generic.create_view(
    perm="governance.add_recommendation",
    form=RecommendationForm,
    act=lambda form, **kw: actions.recommendation_create(details=form.details(), **kw),
    done=lambda rec, **_: (
        f"Recommendation {rec.number} has been recorded. The response is due by {rec.response_due_on:%-d %B %Y}."
    ),
    to=_url,
    template="governance/recommendations/form.html",
    context=lambda form: {},
)

recommendation_respond = generic.edit_view(
    _get,
    perm="governance.respond_recommendation",
    form=ResponseForm,
    form_kwargs=lambda request, rec: {"recommendation": rec},
    act=lambda form, rec, **kw: actions.recommendation_respond(recommendation=rec, details=form.details(), **kw),
    done=lambda rec, saved, **_: f"The response to recommendation {rec.number} has been recorded.",
    to=_url,
    template="governance/recommendations/respond.html",
    context=lambda form, rec: {"recommendation": rec},
)

recommendation_follow_up = generic.edit_view(
    _get,
    perm="governance.follow_up_recommendation",
    form=FollowUpForm,
    form_kwargs=lambda request, rec: {"recommendation": rec},
    act=lambda form, rec, **kw: actions.recommendation_follow_up(recommendation=rec, details=form.details(), **kw),
    done=lambda rec, saved, **_: (
        f"Recommendation {rec.number} is signed off as implemented."
        if saved.is_signed_off
        else f"The follow-up of recommendation {rec.number} has been recorded."
    ),
    to=_url,
    template="governance/recommendations/follow_up.html",
    context=lambda form, rec: {"recommendation": rec},
)


@require_http_methods(["GET", "POST"])
def recommendation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _get(request, pk)
    require(request, "governance.publish_recommendation", recommendation)
    error = ""
    if request.method == "POST":
        try:
            actions.recommendation_publish(
                recommendation=recommendation, by=acting_user(request), today=selectors.today()
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, f"Recommendation {recommendation.number} is published.")
            return redirect(_url(recommendation))
    return render(
        request, "governance/recommendations/publish.html", {"recommendation": recommendation, "error": error}
    )


recommendation_history = generic.history_view(
    _get,
    perm="governance.view_recommendation_history",
    tabs="governance/recommendations/_header.html",
    context=lambda rec: {"recommendation": rec},
)
