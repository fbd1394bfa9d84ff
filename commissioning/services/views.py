"""Service catalogue pages. Thin: permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from commissioning.accounts import selectors as account_selectors
from commissioning.core import generic
from commissioning.services import actions, calculations, selectors
from commissioning.services.forms import ServiceFilterForm, ServiceForm
from commissioning.services.models import Service


def _filtered(request: HttpRequest) -> tuple[ServiceFilterForm, selectors.ServiceFilters]:
    form = ServiceFilterForm(request.GET or None, directorates=selectors.directorate_choices())
    return form, form.filters() if request.GET else selectors.ServiceFilters()


def _get_visible(request: HttpRequest, pk: int) -> Service:
    return generic.get_visible_or_404(request, selectors.service_detail, "services.view_service", pk=pk)


def service_list(request: HttpRequest) -> HttpResponse:
    filter_form, filters = _filtered(request)
    services = selectors.service_list(user=request.user, filters=filters)
    page = Paginator(services, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "services/list.html",
        {"filter_form": filter_form, "filters": filters, "page": page, "services": page.object_list},
    )


def _export_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _filtered(request)
    return selectors.service_export_rows(selectors.service_list(user=request.user, filters=filters))


service_export = generic.export_view(
    name="services", sheet="Services", headers=selectors.EXPORT_HEADERS, rows=_export_rows
)


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = _get_visible(request, pk)
    return render(
        request,
        "services/detail.html",
        {"service": service, "object": service, "tab": "summary", "total_wards": account_selectors.ward_count()},
    )


def _detail_url(service: Service) -> str:
    return reverse("services:detail", args=[service.pk])


service_create = generic.create_view(
    perm="services.add_service",
    form=ServiceForm,
    form_kwargs=lambda request: {"initial": {"budget_year": calculations.current_financial_year()}},
    act=lambda form, **kw: actions.service_create(details=form.details(), **kw),
    done=lambda service, **_: f"{service.name} has been added to the catalogue as {service.reference}.",
    to=_detail_url,
    template="services/form.html",
    context=lambda form: {"service": None},
)

service_edit = generic.edit_view(
    _get_visible,
    perm="services.change_service",
    form=ServiceForm,
    act=lambda form, service, **kw: actions.service_update(
        service=service, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda service, _saved, **_: f"Your changes to {service.name} have been saved.",
    to=_detail_url,
    template="services/form.html",
    context=lambda form, service: {"service": service},
)


service_archive = generic.reason_view(
    _get_visible,
    perm="services.archive_service",
    label="Why is this service being archived?",
    required_message=actions.ARCHIVE_REASON_REQUIRED,
    act=lambda service, **kw: actions.service_archive(service=service, **kw),
    done=lambda service: f"{service.name} has been archived. It stays in the catalogue's history.",
    back=_detail_url,
    template="services/reason.html",
    context=lambda service: {"service": service, "object": service, "action": "archive"},
)

service_restore = generic.reason_view(
    _get_visible,
    perm="services.restore_service",
    label="Why is this service being restored?",
    required_message=actions.RESTORE_REASON_REQUIRED,
    act=lambda service, **kw: actions.service_restore(service=service, **kw),
    done=lambda service: f"{service.name} has been restored to the catalogue.",
    back=_detail_url,
    template="services/reason.html",
    context=lambda service: {"service": service, "object": service, "action": "restore"},
)

service_history = generic.history_view(
    _get_visible,
    perm="services.view_service_history",
    tabs="services/_header.html",
    context=lambda service: {"service": service},
)
