"""Ward intelligence pages. Thin: permission, form, one action or selector, render or redirect.

Providers and residents are never told that ward intelligence exists: every page answers them 404 (a resident who
is not signed in is first asked to sign in where a page needs it, as everywhere else). Inside the council, a page
that is not for your role answers 403, and a record you may not see answers 404.
"""

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
from django.views.decorators.http import require_POST

from commissioning.accounts.selectors import acting_user
from commissioning.core import generic
from commissioning.core.access import require
from commissioning.intelligence import actions, calculations, selectors
from commissioning.intelligence.forms import IntelligenceFilterForm, IntelligenceForm, ResponseForm
from commissioning.intelligence.models import (
    RESPONSE_WORKING_DAYS,
    URGENCY_MEANINGS,
    Urgency,
    WardIntelligence,
)
from commissioning.intelligence.selectors import ANY


def _enter(request: HttpRequest, perm: str) -> None:
    """Providers get 404 for the whole feature; then the page's own permission (sign in, or 403)."""
    if request.user.is_authenticated and not request.user.has_perm("intelligence.know_wardintelligence"):
        raise Http404
    require(request, perm)


def _get_visible(request: HttpRequest, pk: int) -> WardIntelligence:
    return generic.get_visible_or_404(
        request, selectors.intelligence_detail, "intelligence.view_wardintelligence", pk=pk
    )


def _inbox_filters(request: HttpRequest) -> tuple[IntelligenceFilterForm, selectors.IntelligenceFilters]:
    form = IntelligenceFilterForm(
        request.GET or None,
        wards=selectors.ward_filter_choices(),
        services=selectors.service_filter_choices(user=request.user),
        default_scope=selectors.default_scope(request.user),
    )
    return form, form.filters()


def _page(request: HttpRequest, intelligence: Any) -> Any:
    return Paginator(intelligence, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def intelligence_list(request: HttpRequest) -> HttpResponse:
    """The inbox: intelligence about the services an officer answers for (all of it for directors and readers)."""
    _enter(request, "intelligence.view_inbox")
    filter_form, filters = _inbox_filters(request)
    page = _page(request, selectors.intelligence_list(user=request.user, filters=filters))
    return render(
        request,
        "intelligence/list.html",
        {
            "filter_form": filter_form,
            "filters": filters,
            "page": page,
            "items": page.object_list,
            "can_choose_scope": getattr(request.user, "role", None) in selectors.ANSWERING_ROLES,
        },
    )


def intelligence_mine(request: HttpRequest) -> HttpResponse:
    """A councillor's own submissions, with their status and the service's response."""
    _enter(request, "intelligence.view_own_wardintelligence")
    filter_form = IntelligenceFilterForm(request.GET or None, default_status=ANY, default_sort="-submitted")
    filters = filter_form.filters()
    page = _page(request, selectors.intelligence_list(user=request.user, filters=filters))
    return render(
        request,
        "intelligence/mine.html",
        {"filter_form": filter_form, "filters": filters, "page": page, "items": page.object_list},
    )


def _export_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    """The same rows as the list the link was on (a councillor's download holds their own submissions only)."""
    _enter(request, "intelligence.export_wardintelligence")
    _form, filters = _inbox_filters(request)
    return selectors.intelligence_export_rows(selectors.intelligence_list(user=request.user, filters=filters))


intelligence_export = generic.export_view(
    name="ward-intelligence", sheet="Ward intelligence", headers=selectors.EXPORT_HEADERS, rows=_export_rows
)


def _form_context(form: IntelligenceForm, intelligence: WardIntelligence | None = None) -> dict[str, Any]:
    return {
        "intelligence": intelligence,
        "own_wards": form.own_wards,
        "urgency_days": {u.value: RESPONSE_WORKING_DAYS[u] for u in Urgency},
    }


def _submitted_message(intelligence: WardIntelligence, verb: str) -> str:
    message = (
        f"{intelligence.title} has been {verb} as {intelligence.reference}. "
        f"A response is due by {intelligence.response_due.day} {intelligence.response_due:%B %Y}."
    )
    if not selectors.ward_is_served(service=intelligence.service, ward=intelligence.ward):
        message += (
            f" {intelligence.service.name} is not recorded as serving {intelligence.ward.name}: "
            "the service will see that too."
        )
    return message


def _own_wards(request: HttpRequest) -> list[Any]:
    return selectors.own_ward_choices(selectors.councillor_of(request.user))


def _create_kwargs(request: HttpRequest) -> dict[str, Any]:
    own_wards = _own_wards(request)
    initial: dict[str, Any] = {}
    if request.GET.get("service", "").isdigit():  # "Submit intelligence about this service" on a service's page
        initial["service"] = int(request.GET["service"])
    if len(own_wards) == 1:
        initial["ward"] = own_wards[0].pk
    return {"own_wards": own_wards, "initial": initial}


def _detail_url(intelligence: WardIntelligence) -> str:
    return reverse("intelligence:detail", args=[intelligence.pk])


_intelligence_create = generic.create_view(
    perm="intelligence.add_wardintelligence",
    form=IntelligenceForm,
    form_kwargs=_create_kwargs,
    act=lambda form, **kw: actions.intelligence_submit(details=form.details(), **kw),
    done=lambda intelligence, **_: _submitted_message(intelligence, "submitted"),
    to=_detail_url,
    template="intelligence/form.html",
    context=_form_context,
)


def intelligence_create(request: HttpRequest) -> HttpResponse:
    _enter(request, "intelligence.add_wardintelligence")
    return _intelligence_create(request)


intelligence_edit = generic.edit_view(
    _get_visible,
    perm="intelligence.change_wardintelligence",
    form=IntelligenceForm,
    form_kwargs=lambda request, intelligence: {
        "own_wards": _own_wards(request),
        "editing": True,
        "initial": IntelligenceForm.initial_from(intelligence),
        "versioned": intelligence,
    },
    act=lambda form, intelligence, **kw: actions.intelligence_update(
        intelligence=intelligence, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda _loaded, intelligence, **_: _submitted_message(intelligence, "changed"),
    to=_detail_url,
    template="intelligence/form.html",
    context=_form_context,
)


intelligence_withdraw = generic.reason_view(
    _get_visible,
    perm="intelligence.withdraw_wardintelligence",
    label="Why are you withdrawing it?",
    required_message=actions.WITHDRAW_REASON_REQUIRED,
    act=lambda intelligence, **kw: actions.intelligence_withdraw(intelligence=intelligence, **kw),
    done=lambda intelligence: f"{intelligence.title} has been withdrawn. It stays in your list and its history.",
    back=_detail_url,
    template="intelligence/withdraw.html",
    context=lambda intelligence: {"intelligence": intelligence},
)


def _detail(
    request: HttpRequest, intelligence: WardIntelligence, response_form: ResponseForm | None = None
) -> HttpResponse:
    overdue_by = calculations.working_days_overdue(due=intelligence.response_due) if intelligence.is_overdue else 0
    return render(
        request,
        "intelligence/detail.html",
        {
            "intelligence": intelligence,
            "object": intelligence,
            "tab": "summary",
            "response_form": response_form or ResponseForm(),
            "form": response_form,  # so the page title says "Error:" when the response was refused
            "overdue_by": overdue_by,
            "working_days": RESPONSE_WORKING_DAYS[Urgency(intelligence.urgency)],
            "urgency_meaning": URGENCY_MEANINGS[Urgency(intelligence.urgency)],
        },
    )


def intelligence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get_visible(request, pk))


@require_POST
def intelligence_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    intelligence = _get_visible(request, pk)
    require(request, "intelligence.acknowledge_wardintelligence", intelligence)
    try:
        actions.intelligence_acknowledge(intelligence=intelligence, by=acting_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You have acknowledged {intelligence.reference}. The councillor can see that.")
    return redirect("intelligence:detail", pk=intelligence.pk)


@require_POST
def intelligence_respond(request: HttpRequest, pk: int) -> HttpResponse:
    intelligence = _get_visible(request, pk)
    require(request, "intelligence.respond_wardintelligence", intelligence)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            actions.intelligence_respond(
                intelligence=intelligence, response=form.cleaned_data["response"], by=acting_user(request)
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"Your response to {intelligence.reference} has been sent to the councillor.")
            return redirect("intelligence:detail", pk=intelligence.pk)
    return _detail(request, intelligence, response_form=form)


@require_POST
def intelligence_close(request: HttpRequest, pk: int) -> HttpResponse:
    intelligence = _get_visible(request, pk)
    require(request, "intelligence.close_wardintelligence", intelligence)
    try:
        actions.intelligence_close(intelligence=intelligence, by=acting_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{intelligence.reference} has been closed.")
    return redirect("intelligence:detail", pk=intelligence.pk)


intelligence_history = generic.history_view(
    _get_visible,
    perm="intelligence.view_wardintelligence_history",
    tabs="intelligence/_header.html",
    context=lambda intelligence: {"intelligence": intelligence},
)
