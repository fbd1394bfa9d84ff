"""Service catalogue pages. Thin: permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from commissioning.accounts import selectors as account_selectors
from commissioning.accounts.access import acting_user
from commissioning.core import exports
from commissioning.core.access import require, require_visible
from commissioning.core.concurrency import AlreadySubmitted, already_submitted
from commissioning.core.forms import ReasonForm
from commissioning.core.history import history_page
from commissioning.services import actions, calculations, selectors
from commissioning.services.forms import ServiceFilterForm, ServiceForm
from commissioning.services.models import Service


def _filtered(request: HttpRequest) -> tuple[ServiceFilterForm, selectors.ServiceFilters]:
    form = ServiceFilterForm(request.GET or None, directorates=selectors.directorate_choices())
    return form, form.filters() if request.GET else selectors.ServiceFilters()


def _get_visible(request: HttpRequest, pk: int) -> Service:
    try:
        service = selectors.service_detail(user=request.user, pk=pk)
    except Service.DoesNotExist:
        raise Http404 from None
    require_visible(request, "services.view_service", service)
    return service


def service_list(request: HttpRequest) -> HttpResponse:
    filter_form, filters = _filtered(request)
    services = selectors.service_list(user=request.user, filters=filters)
    page = Paginator(services, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "services/list.html",
        {"filter_form": filter_form, "filters": filters, "page": page, "services": page.object_list},
    )


def service_export(request: HttpRequest, file_format: str) -> HttpResponseBase:
    _form, filters = _filtered(request)
    services = selectors.service_list(user=request.user, filters=filters)
    rows = selectors.service_export_rows(services)
    if file_format == "xlsx":
        return exports.xlsx_response("services", "Services", selectors.EXPORT_HEADERS, rows)
    return exports.csv_response("services", selectors.EXPORT_HEADERS, rows)


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = _get_visible(request, pk)
    return render(
        request,
        "services/detail.html",
        {"service": service, "object": service, "tab": "summary", "total_wards": account_selectors.ward_count()},
    )


@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest) -> HttpResponse:
    require(request, "services.add_service")
    form = ServiceForm(request.POST or None, initial={"budget_year": calculations.current_financial_year()})
    if request.method == "POST" and form.is_valid():
        try:
            service = actions.service_create(details=form.details(), by=acting_user(request), form_token=form.token)
        except AlreadySubmitted as repeat:
            return already_submitted(request, repeat, "services:detail", pk=repeat.record.pk)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"{service.name} has been added to the catalogue as {service.reference}.")
            return redirect("services:detail", pk=service.pk)
    return render(request, "services/form.html", {"form": form, "service": None})


@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = _get_visible(request, pk)
    require(request, "services.change_service", service)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            actions.service_update(
                service=service,
                details=form.details(),
                by=acting_user(request),
                reason=form.cleaned_data.get("reason", ""),
                version=form.version,
            )  # type: ignore[arg-type]
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"Your changes to {service.name} have been saved.")
            return redirect("services:detail", pk=service.pk)
    return render(request, "services/form.html", {"form": form, "service": service})


@require_http_methods(["GET", "POST"])
def service_archive(request: HttpRequest, pk: int) -> HttpResponse:
    service = _get_visible(request, pk)
    require(request, "services.archive_service", service)
    form = ReasonForm(
        request.POST or None,
        label="Why is this service being archived?",
        required_message=actions.ARCHIVE_REASON_REQUIRED,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.service_archive(service=service, by=acting_user(request), reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{service.name} has been archived. It stays in the catalogue's history.")
            return redirect("services:detail", pk=service.pk)
    return render(
        request, "services/reason.html", {"form": form, "service": service, "object": service, "action": "archive"}
    )


@require_http_methods(["GET", "POST"])
def service_restore(request: HttpRequest, pk: int) -> HttpResponse:
    service = _get_visible(request, pk)
    require(request, "services.restore_service", service)
    form = ReasonForm(
        request.POST or None,
        label="Why is this service being restored?",
        required_message=actions.RESTORE_REASON_REQUIRED,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.service_restore(service=service, by=acting_user(request), reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{service.name} has been restored to the catalogue.")
            return redirect("services:detail", pk=service.pk)
    return render(
        request, "services/reason.html", {"form": form, "service": service, "object": service, "action": "restore"}
    )


def service_history(request: HttpRequest, pk: int) -> HttpResponse:
    service = _get_visible(request, pk)
    require(request, "services.view_service_history", service)
    page, entries = history_page(service, page_number=request.GET.get("page"))
    return render(
        request,
        "core/history.html",
        {
            "object": service,
            "service": service,
            "page": page,
            "entries": entries,
            "tab": "history",
            "tabs_template": "services/_header.html",
        },
    )
