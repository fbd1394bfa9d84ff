"""Complaint pages. Thin: permission, form, one action or selector, render or redirect.

The resident's pages (start, tracking) need no account. A service that is not published, a wrong or expired tracking
token, and a complaint another provider answers are all 404, so nothing is revealed. The public form keeps the
honeypot (``website``): a robot that fills it is shown the same "complaint made" page with nothing saved, and the
form never says whether an email address is known.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_http_methods, require_POST

from commissioning.accounts.selectors import acting_user
from commissioning.core import generic
from commissioning.core.access import require
from commissioning.core.concurrency import AlreadySubmitted, already_submitted
from commissioning.residents import actions_complaints as actions
from commissioning.residents import calculations_complaints as calc
from commissioning.residents import charts_complaints
from commissioning.residents import selectors_complaints as selectors
from commissioning.residents.forms_complaints import (
    AnswerForm,
    ComplaintForm,
    ExtendForm,
    InformationForm,
    RaiseComplaintForm,
    Stage2Form,
)
from commissioning.residents.models import OPEN_STATUSES, Complaint
from commissioning.services.models import Service


def _service_or_404(key: str) -> Any:
    try:
        return selectors.published_service(key)
    except Service.DoesNotExist:  # a service that is missing or not published is not revealed
        raise Http404 from None


def _client_address(request: HttpRequest) -> str:
    """The sender's address as the sign-in throttle counts it (``AXES_CLIENT_IP_CALLABLE``: the client behind our
    own proxies), so the two limits agree on who is who."""
    return str(import_string(settings.AXES_CLIENT_IP_CALLABLE)(request))


def _track_url(token: str) -> str:
    return reverse("residents:complaint-track", args=[token])


@require_http_methods(["GET", "POST"])
def complain_start(request: HttpRequest, service: str) -> HttpResponse:
    """The public complaint form for one published service."""
    found = _service_or_404(service)
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_robot:
            return render(request, "residents/complaints/robot.html", {"service": found})
        try:
            _complaint, token = actions.complaint_make(
                details=form.details(found), sent_from=selectors.keyed_digest(_client_address(request))
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Your complaint has been sent")
            return redirect(f"{_track_url(token)}?new=1")
    return render(request, "residents/complaints/start.html", {"form": form, "service": found})


def _tracked(token: str) -> Complaint:
    try:
        return selectors.complaint_by_token(token=token)
    except Complaint.DoesNotExist:
        raise Http404 from None


def _track_page(request: HttpRequest, token: str, complaint: Complaint, **forms: Any) -> HttpResponse:
    context = {
        "complaint": complaint,
        "token": token,
        "steps": selectors.steps_of(complaint),
        "new": request.GET.get("new") == "1",
        "ombudsman_by": calc.ombudsman_by(complaint.stage2_answered_on),
        "information_form": forms.get("information_form") or InformationForm(),
        "stage2_form": forms.get("stage2_form") or Stage2Form(),
        "form": forms.get("information_form") or forms.get("stage2_form"),
    }
    response = render(request, "residents/complaints/track.html", context)
    # The token must not leak to other sites through the Referer; "same-origin" (not "no-referrer", which makes
    # browsers send "Origin: null" with the page's own forms, and Django's CSRF check refuse them).
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


def complaint_track(request: HttpRequest, token: str) -> HttpResponse:
    return _track_page(request, token, _tracked(token))


@require_POST
def complaint_track_add(request: HttpRequest, token: str) -> HttpResponse:
    complaint = _tracked(token)
    form = InformationForm(request.POST)
    if form.is_valid():
        try:
            actions.complaint_add_information(complaint=complaint, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Your information has been added")
            return redirect(_track_url(token))
    return _track_page(request, token, complaint, information_form=form)


@require_POST
def complaint_track_stage2(request: HttpRequest, token: str) -> HttpResponse:
    complaint = _tracked(token)
    form = Stage2Form(request.POST)
    if form.is_valid():
        try:
            actions.complaint_request_stage2(complaint=complaint, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "You have asked for stage 2")
            return redirect(_track_url(token))
    return _track_page(request, token, complaint, stage2_form=form)


@require_http_methods(["GET", "POST"])
def complaint_raise(request: HttpRequest) -> HttpResponse:
    """A ward councillor raises a complaint for a resident, and follows it from their queue."""
    require(request, "residents.raise_complaint")
    form = RaiseComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint, _token = actions.complaint_make(
                details=form.complaint_details(), by=acting_user(request), form_token=form.token
            )
        except AlreadySubmitted as repeat:
            return already_submitted(request, repeat, "residents:complaint-detail", pk=repeat.record.pk)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"Complaint {complaint.reference} has been raised for the resident")
            return redirect("residents:complaint-detail", pk=complaint.pk)
    return render(request, "residents/complaints/raise.html", {"form": form})


def complaint_queue(request: HttpRequest) -> HttpResponse:
    """The complaints a user answers or follows: a provider's are those routed to their organisation."""
    require(request, "residents.view_complaint_queue")
    show_all = request.GET.get("show") == "all"
    complaints = selectors.complaint_queue(user=request.user, open_only=not show_all)
    page = Paginator(complaints, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "residents/complaints/queue.html",
        {
            "page": page,
            "items": page.object_list,
            "show_all": show_all,
            "today": timezone.localdate(),
            "open_statuses": OPEN_STATUSES,
        },
    )


def _get_visible(request: HttpRequest, pk: int) -> Complaint:
    return generic.get_visible_or_404(request, selectors.complaint_detail, "residents.view_complaint", pk=pk)


def _detail(request: HttpRequest, complaint: Complaint, **forms: Any) -> HttpResponse:
    return render(
        request,
        "residents/complaints/detail.html",
        {
            "complaint": complaint,
            "steps": selectors.steps_of(complaint),
            "ombudsman_by": calc.ombudsman_by(complaint.stage2_answered_on),
            "extend_form": forms.get("extend_form") or ExtendForm(),
            "answer_form": forms.get("answer_form") or AnswerForm(),
            "information_form": forms.get("information_form") or InformationForm(),
            "form": forms.get("extend_form") or forms.get("answer_form") or forms.get("information_form"),
        },
    )


def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get_visible(request, pk))


@require_POST
def complaint_add_information(request: HttpRequest, pk: int) -> HttpResponse:
    """The ward councillor who raised the complaint adds information for the resident (as the resident can through
    the tracking link); 404 for a complaint they may not see, 403 for one they did not raise or that is closed."""
    complaint = _get_visible(request, pk)
    require(request, "residents.add_complaint_information", complaint)
    form = InformationForm(request.POST)
    if form.is_valid():
        try:
            actions.complaint_add_information(
                complaint=complaint, text=form.cleaned_data["text"], by=acting_user(request)
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"Your information has been added to {complaint.reference}")
            return redirect("residents:complaint-detail", pk=complaint.pk)
    return _detail(request, complaint, information_form=form)


def _handled(request: HttpRequest, pk: int) -> Complaint:
    """The complaint, 404 unless the user may see it (another provider's is not revealed), 403 unless they handle
    it now."""
    complaint = _get_visible(request, pk)
    require(request, "residents.handle_complaint", complaint)
    return complaint


@require_POST
def complaint_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _handled(request, pk)
    try:
        actions.complaint_acknowledge(complaint=complaint, by=acting_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You have acknowledged {complaint.reference}")
    return redirect("residents:complaint-detail", pk=complaint.pk)


@require_POST
def complaint_extend(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _handled(request, pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            actions.complaint_extend(
                complaint=complaint,
                days=form.cleaned_data["days"],
                reason=form.cleaned_data["reason"],
                by=acting_user(request),
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"The answer to {complaint.reference} has been extended")
            return redirect("residents:complaint-detail", pk=complaint.pk)
    return _detail(request, complaint, extend_form=form)


@require_POST
def complaint_answer(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _handled(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.complaint_answer(complaint=complaint, by=acting_user(request), **form.cleaned_data)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"Your answer to {complaint.reference} has been sent to the resident")
            return redirect("residents:complaint-detail", pk=complaint.pk)
    return _detail(request, complaint, answer_form=form)


def complaint_statistics(request: HttpRequest) -> HttpResponse:
    """Public: complaints per quarter by service, provider or ward (anonymous figures only), a chart and its table."""
    by = request.GET.get("by", "service")
    if by not in selectors.STATISTICS_BY:
        by = "service"
    figures = selectors.complaint_statistics(by=by, quarter_of=calc.quarter_label)
    totals: dict[str, list[int]] = {}
    for row in figures:
        total = totals.setdefault(row.quarter, [0, 0])
        total[0] += row.volume
        total[1] += row.stage2
    quarters = tuple((quarter, volume, stage2) for quarter, (volume, stage2) in sorted(totals.items()))
    chart = charts_complaints.complaints_by_quarter(quarters=quarters) if quarters else None
    return render(
        request,
        "residents/complaints/statistics.html",
        {"figures": figures, "by": by, "choices": selectors.STATISTICS_BY, "chart": chart, "quarters": quarters},
    )
