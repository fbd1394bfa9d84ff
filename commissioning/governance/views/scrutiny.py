"""Scrutiny's pages (ADR 0034): the committees, a committee's work programme and its dashboard, adding and changing
an item, publishing the programme, inquiries and their evidence sessions. Thin: the committee (404 when it may not be
seen), the permission, the form, one action or selector."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from commissioning.accounts.selectors import acting_user
from commissioning.core import generic, thread
from commissioning.core.access import require
from commissioning.governance.actions import scrutiny as actions
from commissioning.governance.forms.scrutiny import InquiryForm, ItemForm, SessionForm
from commissioning.governance.models import Body, Inquiry, SubjectKind, WorkProgrammeItem
from commissioning.governance.selectors import protocol as protocol_selectors
from commissioning.governance.selectors import scrutiny as selectors
from commissioning.governance.selectors.decisions import today
from commissioning.governance.views.protocol import signal_label

# What the dashboard's "Add to work programme" sends: this flag, the subject (its kind and the record's id in the
# field of that kind), a title and the list it came from.
FROM_DASHBOARD = "from_dashboard"
SUBJECTS = ("service", "review", "decision", "indicator", "contract", "theme")


def _committee(request: HttpRequest, pk: int, perm: str = "governance.view_workprogramme") -> Body:
    return generic.get_visible_or_404(request, selectors.scrutiny_committee, perm, pk=pk)


def _item(request: HttpRequest, pk: int) -> WorkProgrammeItem:
    return generic.get_visible_or_404(request, selectors.item_detail, "governance.view_workprogramme", pk=pk)


def _inquiry(request: HttpRequest, pk: int) -> Inquiry:
    return generic.get_visible_or_404(request, selectors.inquiry_detail, "governance.view_workprogramme", pk=pk)


@require_http_methods(["GET"])
def scrutiny_home(request: HttpRequest) -> HttpResponse:
    """The council's scrutiny committees, each with its work programme and dashboard."""
    require(request, "governance.view_scrutiny_list")
    return render(
        request, "governance/scrutiny/committees.html", {"committees": selectors.scrutiny_committees(user=request.user)}
    )


@require_http_methods(["GET"])
def work_programme(request: HttpRequest, pk: int) -> HttpResponse:
    body = _committee(request, pk)
    return render(
        request,
        "governance/scrutiny/programme.html",
        {
            "body": body,
            "programme": getattr(body, "work_programme", None),
            "items": selectors.work_programme_items(body=body),
            "inquiries": selectors.inquiries_of(body=body),
            "month_label": selectors.month_label,
            "may_change": request.user.has_perm("governance.change_workprogramme", body),
        },
    )


@require_http_methods(["GET"])
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """What the committee may want to look at, each list with an "Add to work programme" button: its own lists
    (indicators, unit costs, call-ins, overdue responses), then those other apps add to the place SCRUTINY_DASHBOARD."""
    body = _committee(request, pk, "governance.view_scrutiny_dashboard")
    user = request.user
    costly, costly_total = selectors.costly_services(user=user, first=thread.SCRUTINY_LIST_ROWS)
    own = [
        thread.scrutiny_list(
            key="indicators",
            heading="Indicators off target and getting worse",
            kind=SubjectKind.INDICATOR,
            rows=selectors.off_target_indicators(user=user),
            description="Their latest value is red against its target, and worse than the period before.",
            empty="No indicator is both off target and getting worse.",
        ),
        thread.scrutiny_list(
            key="unit-costs",
            heading="Services in the worst quartile for unit cost",
            kind=SubjectKind.SERVICE,
            rows=costly,
            total=costly_total,
            description="Their unit cost is in the most expensive quarter of the council and its comparators.",
            empty="No service's unit cost is in the worst quartile of its comparators.",
        ),
        thread.scrutiny_list(
            key="call-ins",
            heading="Decisions called in",
            kind=SubjectKind.DECISION,
            rows=selectors.called_in_decisions(user=user),
            description="Call-ins still open: awaiting the committee, or referred back and not yet reconsidered.",
            empty="No decision is called in.",
        ),
    ]
    return render(
        request,
        "governance/scrutiny/dashboard.html",
        {
            "body": body,
            "own": own,
            "overdue_responses": selectors.overdue_responses(body),
            "triggers": protocol_selectors.protocol_triggers(body),
            "signal_label": signal_label,
            "place": thread.SCRUTINY_DASHBOARD,
            "listed": selectors.on_programme(body=body),
            "may_change": user.has_perm("governance.change_workprogramme", body),
        },
    )


@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an item to the work programme. The dashboard's button posts the subject here with ``from_dashboard``: the
    page then shows it filled and asks why (nothing is saved until the reason is given)."""
    body = _committee(request, pk)
    require(request, "governance.change_workprogramme", body)
    kwargs: dict[str, Any] = {"body": body, "user": request.user}
    context = {"body": body, "item": None}
    if request.method == "POST" and request.POST.get(FROM_DASHBOARD):
        wanted = {name: request.POST.get(name, "") for name in ("subject_kind", "title", "source", *SUBJECTS)}
        filled = ItemForm(initial={name: value for name, value in wanted.items() if value}, **kwargs)
        return render(request, "governance/scrutiny/item_form.html", {"form": filled, **context})
    form = ItemForm(data=request.POST or None, **kwargs)
    to = reverse("governance:scrutiny-programme", args=[body.pk])

    def save() -> WorkProgrammeItem:
        return actions.work_programme_item_add(
            body=body, details=form.details(), by=acting_user(request), form_token=form.token
        )

    return generic.save_page(
        request,
        form,
        save,
        done=lambda item: f"{item.title} is on the work programme",
        to=lambda item: to,
        template="governance/scrutiny/item_form.html",
        context=context,
    )


item_edit = generic.edit_view(
    _item,
    perm="governance.change_workprogramme",
    form=ItemForm,
    form_kwargs=lambda request, item: {"body": item.programme.body, "user": request.user, "item": item},
    act=lambda form, item, **kw: actions.work_programme_item_update(item=item, details=form.details(), **kw),
    done=lambda item, saved, **_: f"{saved.title} changed",
    to=lambda item: reverse("governance:scrutiny-programme", args=[item.programme.body_id]),
    template="governance/scrutiny/item_form.html",
    context=lambda form, item: {"body": item.programme.body, "item": item},
)


@require_POST
def programme_publish(request: HttpRequest, pk: int) -> HttpResponse:
    body = _committee(request, pk)
    require(request, "governance.change_workprogramme", body)
    try:
        actions.work_programme_publish(body=body, by=acting_user(request), today=today())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The work programme of {body.name} is published: the public can now see it")
    return redirect("governance:scrutiny-programme", pk=body.pk)


inquiry_add = generic.create_view(
    get=_item,
    perm="governance.change_workprogramme",
    form=InquiryForm,
    form_kwargs=lambda request, item: {"item": item},
    act=lambda form, item, **kw: actions.inquiry_add(item=item, details=form.details(), **kw),
    done=lambda inquiry, **_: f"{inquiry.title} is set up",
    to=lambda inquiry: reverse("governance:scrutiny-inquiry", args=[inquiry.pk]),
    template="governance/scrutiny/inquiry_form.html",
    context=lambda form, item: {"item": item, "inquiry": None, "body": item.programme.body},
)


@require_http_methods(["GET"])
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _inquiry(request, pk)
    body = inquiry.item.programme.body
    return render(
        request,
        "governance/scrutiny/inquiry.html",
        {
            "inquiry": inquiry,
            "body": body,
            "may_change": request.user.has_perm("governance.change_workprogramme", body),
        },
    )


def _inquiry_context(form: Any, inquiry: Inquiry) -> dict[str, Any]:
    return {"item": inquiry.item, "inquiry": inquiry, "body": inquiry.item.programme.body}


inquiry_edit = generic.edit_view(
    _inquiry,
    perm="governance.change_workprogramme",
    form=InquiryForm,
    form_kwargs=lambda request, inquiry: {"item": inquiry.item, "inquiry": inquiry},
    act=lambda form, inquiry, **kw: actions.inquiry_update(inquiry=inquiry, details=form.details(), **kw),
    done=lambda inquiry, saved, **_: f"{saved.title} changed",
    to=lambda inquiry: reverse("governance:scrutiny-inquiry", args=[inquiry.pk]),
    template="governance/scrutiny/inquiry_form.html",
    context=_inquiry_context,
)

session_add = generic.create_view(
    get=_inquiry,
    perm="governance.change_workprogramme",
    form=SessionForm,
    act=lambda form, inquiry, **kw: actions.evidence_session_add(inquiry=inquiry, details=form.details(), **kw),
    done=lambda session, **_: "Evidence session recorded",
    to=lambda session: reverse("governance:scrutiny-inquiry", args=[session.inquiry_id]),
    template="governance/scrutiny/session_form.html",
    context=lambda form, inquiry: {"inquiry": inquiry, "body": inquiry.item.programme.body},
)
