"""Pages every app shares: add and edit pages, archive or restore with a reason, the History tab, list exports, and
finding a record.

An app declares each of these pages once in its ``views.py`` and routes to it as to any other view:

    service_history = generic.history_view(
        _get_visible, perm="services.view_service_history", tabs="services/_header.html",
        context=lambda service: {"service": service},
    )

The factories keep each app's own URLs, templates, wording, messages and redirects; what they share is the order of
things: permission, form, the app's action, message, redirect (ARCHITECTURE.md, "Inside an app").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from commissioning.core import exports
from commissioning.core.access import SignInRequired, require, require_visible
from commissioning.core.concurrency import AlreadySubmitted, already_submitted
from commissioning.core.forms import ReasonForm
from commissioning.core.history import history_page

M = TypeVar("M", bound=models.Model)
F = TypeVar("F", bound=forms.BaseForm)

PageView = Callable[[HttpRequest], HttpResponse]
RecordView = Callable[[HttpRequest, int], HttpResponse]
ExportView = Callable[[HttpRequest, str], HttpResponseBase]


def get_visible_or_404(request: HttpRequest, read: Callable[..., M], perm: str, **kwargs: Any) -> M:
    """``read(user=request.user, **kwargs)``, a selector; a record that is missing, or that the user may not see
    (``perm`` on it refused), answers 404 so that its existence is not revealed."""
    try:
        record = read(user=request.user, **kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None
    require_visible(request, perm, record)
    return record


def _acting_user(request: HttpRequest) -> Any:
    """The signed-in user making the change (as ``accounts.selectors.acting_user``, which core cannot import)."""
    user = request.user
    if not isinstance(user, get_user_model()) or not user.is_authenticated:
        raise SignInRequired
    return user


def _bound(request: HttpRequest) -> dict[str, Any]:
    """A form's data: the POST (and its files) when there is one, else unbound."""
    return {"data": request.POST or None, "files": request.FILES or None}


def save_page(
    request: HttpRequest,
    form: Any,
    save: Callable[[], M],
    *,
    done: Callable[[M], str],
    to: Callable[[M], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The POST handling every form page here shares (and an app's page whose action takes more than a form, such as
    finance's savings-line pages, calls). A valid POST runs ``save`` (the app's action): a repeated create goes to the record the first one made, a
    refusal (EditConflict included) is shown on the form, else the message ``done(record)`` and a redirect to
    ``to(record)``. GET, an invalid form or a refusal show ``template``."""
    if request.method == "POST" and form.is_valid():
        try:
            record = save()
        except AlreadySubmitted as repeat:
            return already_submitted(request, repeat, to(repeat.record))  # type: ignore[arg-type]
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, done(record))
            return redirect(to(record))
    return render(request, template, {"form": form, **context})


def create_view(
    *,
    perm: str,
    form: type[F],
    form_kwargs: Callable[..., dict[str, Any]] | None = None,
    act: Callable[..., M],
    done: Callable[..., str],
    to: Callable[[M], str],
    template: str,
    context: Callable[..., dict[str, Any]],
    get: Callable[[HttpRequest, int], Any] | None = None,
) -> Any:
    """A GET/POST page that adds a record, with a one-time token (``OneTimeFormMixin``).

    Without ``get`` the view is ``view(request)``: ``perm`` or 403, then the form, ``form(data, files,
    **form_kwargs(request))``. With ``get`` (the record the new one belongs to) it is ``view(request, pk)``:
    ``get(request, pk)`` finds that parent (404 when it may not be seen), then ``perm`` on it, and the parent is
    passed after the first argument of ``form_kwargs``, ``act`` and ``context``. A valid POST calls
    ``act(form, [parent,] by=<the signed-in user>, form_token=form.token)``, which returns the new record; a repeat
    of the form redirects to ``to(<the record the first one made>)`` saying so, a refusal is shown on the form, else
    the message ``done(record, form=form, request=request)`` follows a redirect to ``to(record)``, a URL. The page is
    ``template`` with ``form`` and ``context(form, [parent])``.
    """

    def page(request: HttpRequest, *parent: Any) -> HttpResponse:
        require(request, perm, *parent)
        extra = form_kwargs(request, *parent) if form_kwargs is not None else {}
        bound: Any = form(**_bound(request), **extra)

        def save() -> M:
            return act(bound, *parent, by=_acting_user(request), form_token=bound.token)

        return save_page(
            request,
            bound,
            save,
            done=lambda record: done(record, form=bound, request=request),
            to=to,
            template=template,
            context=context(bound, *parent),
        )

    if get is None:

        @require_http_methods(["GET", "POST"])
        def view(request: HttpRequest) -> HttpResponse:
            return page(request)

        return view

    find = get

    @require_http_methods(["GET", "POST"])
    def child_view(request: HttpRequest, pk: int) -> HttpResponse:
        return page(request, find(request, pk))

    return child_view


def edit_view(
    get: Callable[[HttpRequest, int], M],
    *,
    perm: str,
    form: type[F],
    form_kwargs: Callable[[HttpRequest, M], dict[str, Any]] | None = None,
    act: Callable[..., M],
    done: Callable[..., str],
    to: Callable[[M], str],
    template: str,
    context: Callable[[F, M], dict[str, Any]],
) -> RecordView:
    """A GET/POST page for ``<pk>/edit``, that keeps anyone's save from being lost (``VersionedFormMixin``).

    ``get(request, pk)`` finds the record (404 when it may not be seen); then ``perm`` on it, or 403. The form is
    ``form(data, files, **form_kwargs(request, record))``, by default ``instance=record``. A valid POST calls
    ``act(form, record, by=<the signed-in user>, version=form.version)``, which returns the record saved; a refusal
    (an ``EditConflict`` included) is shown on the form, else the message ``done(record, saved, form=form,
    request=request)`` (the record as the page loaded it, and as the action saved it) follows a redirect to ``to(saved)``, a URL. The page is ``template`` with ``form`` and ``context(form, record)``.
    """

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        record = get(request, pk)
        require(request, perm, record)
        extra = form_kwargs(request, record) if form_kwargs is not None else {"instance": record}
        bound: Any = form(**_bound(request), **extra)

        def save() -> M:
            return act(bound, record, by=_acting_user(request), version=bound.version)

        return save_page(
            request,
            bound,
            save,
            done=lambda saved: done(record, saved, form=bound, request=request),
            to=to,
            template=template,
            context=context(bound, record),
        )

    return view


def reason_view(
    get: Callable[[HttpRequest, int], M],
    *,
    perm: str,
    label: str,
    required_message: str,
    act: Callable[..., Any],
    done: Callable[[M], str],
    back: Callable[[M], str],
    template: str,
    context: Callable[[M], dict[str, Any]],
) -> RecordView:
    """A GET/POST view for ``<pk>/archive``, ``<pk>/restore`` (or withdraw): a record's change with a reason.

    ``get(request, pk)`` finds the record (404 when it may not be seen); then ``perm`` on it, or 403 (sign in first
    when anonymous). GET shows ``template`` with the reason form (labelled ``label``, ``required_message`` when left
    blank) and ``context(record)``. A valid POST calls ``act(record, by=<the signed-in user>, reason=<the reason>)``;
    when the action refuses (ValidationError) the page shows why, else the message ``done(record)`` follows a
    redirect to ``back(record)``, a URL.
    """

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        record = get(request, pk)
        require(request, perm, record)
        form = ReasonForm(request.POST or None, label=label, required_message=required_message)
        if request.method == "POST" and form.is_valid():
            try:
                act(record, by=_acting_user(request), reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.apply_errors(error)
            else:
                messages.success(request, done(record))
                return redirect(back(record))
        return render(request, template, {"form": form, **context(record)})

    return view


def history_view(
    get: Callable[[HttpRequest, int], M],
    *,
    perm: str,
    tabs: str,
    context: Callable[[M], dict[str, Any]],
    template: str = "core/history.html",
) -> RecordView:
    """The History tab for ``<pk>/history``: ``get(request, pk)`` finds the record, ``perm`` on it or 403, then a page
    of ``history_page`` in ``template`` under the record's tabs (``tabs``, the app's header template).

    The template gets ``object``, ``page``, ``entries``, ``tab`` ("history"), ``tabs_template`` and
    ``context(record)`` (the names the app's header uses, such as ``{"service": service}``).
    """

    def view(request: HttpRequest, pk: int) -> HttpResponse:
        record = get(request, pk)
        require(request, perm, record)
        page, entries = history_page(record, page_number=request.GET.get("page"))
        tabs_context = {"object": record, "page": page, "entries": entries, "tab": "history", "tabs_template": tabs}
        return render(request, template, {**tabs_context, **context(record)})

    return view


def export_response(
    file_format: str, *, name: str, sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponseBase:
    """``rows`` as ``name``.xlsx (a sheet called ``sheet``) when ``file_format`` is "xlsx", else as ``name``.csv."""
    if file_format == "xlsx":
        return exports.xlsx_response(name, sheet, headers, rows)
    return exports.csv_response(name, headers, rows)


def export_view(
    *,
    name: str,
    sheet: str,
    headers: Sequence[str],
    rows: Callable[[HttpRequest], Iterable[Sequence[Any]]],
    perm: str | None = None,
) -> ExportView:
    """A list's download, routed with ``{"file_format": "csv"}`` or ``{"file_format": "xlsx"}``.

    ``perm`` (when given) or 403; then ``rows(request)``, which reads the list's filters from the query string and
    returns the rows of the same selector the list page uses, so that the file matches what the user sees.
    """

    def view(request: HttpRequest, file_format: str) -> HttpResponseBase:
        if perm is not None:
            require(request, perm)
        return export_response(file_format, name=name, sheet=sheet, headers=headers, rows=rows(request))

    return view
