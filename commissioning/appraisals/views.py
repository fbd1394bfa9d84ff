"""Options appraisal and business case pages. Thin: permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.accounts.selectors import acting_user
from commissioning.appraisals import (
    actions,
    calculations,
    calculations_equality,
    charts,
    document,
    forms,
    rendering,
    selectors,
    spreadsheets,
)
from commissioning.appraisals.history import line_history
from commissioning.appraisals.models import Appraisal, BusinessCase, Option, SimulationStatus
from commissioning.core import exports, generic, pdf
from commissioning.core.access import require
from commissioning.core.concurrency import AlreadySubmitted, already_submitted
from commissioning.core.forms import apply_action_errors
from commissioning.core.problems import RowProblem, RowsInvalid
from commissioning.reviews import selectors as review_selectors
from commissioning.reviews.models import CommissioningReview


def _review(request: HttpRequest, pk: int) -> CommissioningReview:
    return generic.get_visible_or_404(
        request, review_selectors.review_detail, "reviews.view_commissioningreview", pk=pk
    )


def _appraisal(request: HttpRequest, pk: int) -> Appraisal:
    return generic.get_visible_or_404(request, selectors.appraisal_detail, "appraisals.view_appraisal", pk=pk)


def _option(request: HttpRequest, pk: int) -> Option:
    return generic.get_visible_or_404(request, selectors.option_detail, "appraisals.view_option", pk=pk)


def _case(request: HttpRequest, pk: int) -> BusinessCase:
    return generic.get_visible_or_404(request, selectors.business_case_detail, "appraisals.view_businesscase", pk=pk)


def _figures(appraisal: Appraisal) -> tuple[list[Option], Any, dict[str, Any]]:
    """The shortlist, the newest simulation run (any state) and the appraisal document."""
    options = selectors.shortlist(appraisal=appraisal)
    run = selectors.latest_simulation(appraisal=appraisal)
    finished = run if run is None or run.status == SimulationStatus.DONE else None
    if run is not None and finished is None:
        finished = selectors.latest_finished_simulation(appraisal=appraisal)
    doc = document.appraisal_document(appraisal=appraisal, options=options, run=finished)
    return options, run, doc


# The appraisal -----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def appraisal_start(request: HttpRequest, review_pk: int) -> HttpResponse:
    review = _review(request, review_pk)
    require(request, "appraisals.add_appraisal", review)
    existing = selectors.appraisal_of_review(user=request.user, review=review)
    if existing is not None:
        return redirect("appraisals:workspace", pk=existing.pk)
    form = forms.AppraisalStartForm(
        request.POST or None,
        initial={
            "base_year": calculations.year_label(calculations.current_base_year()),
            "horizon_years": calculations.DEFAULT_HORIZON_YEARS,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            appraisal = actions.appraisal_create(
                review=review,
                base_year=form.cleaned_data["base_year"],
                horizon_years=form.cleaned_data["horizon_years"],
                by=acting_user(request),
                form_token=form.token,
            )
        except AlreadySubmitted as repeat:
            return already_submitted(request, repeat, "appraisals:workspace", pk=repeat.record.pk)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "The options appraisal has started, with business as usual on the shortlist.")
            return redirect("appraisals:workspace", pk=appraisal.pk)
    return render(request, "appraisals/start.html", {"form": form, "review": review})


def appraisal_workspace(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = _appraisal(request, pk)
    options, run, doc = _figures(appraisal)
    versions = selectors.business_case_versions(review=appraisal.review)
    return render(
        request,
        "appraisals/workspace.html",
        {
            "appraisal": appraisal,
            "review": appraisal.review,
            "object": appraisal,
            "options": options,
            "doc": doc,
            "run": run,
            "charts": {"npsv": charts.npsv_by_option(doc), "cumulative": charts.cumulative_net(doc)},
            "versions": versions,
            "removed": selectors.removed_options(appraisal=appraisal),
            "tab": "options",
        },
    )


def _workspace(appraisal: Appraisal) -> str:
    return reverse("appraisals:workspace", args=[appraisal.pk])


appraisal_edit = generic.edit_view(
    _appraisal,
    perm="appraisals.change_appraisal",
    form=forms.AppraisalSettingsForm,
    form_kwargs=lambda request, appraisal: {"appraisal": appraisal},
    act=lambda form, appraisal, **kw: actions.appraisal_update(
        appraisal=appraisal, settings=form.settings(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda _loaded, _saved, **_: "The appraisal settings have been saved.",
    to=_workspace,
    template="appraisals/settings.html",
    context=lambda form, appraisal: {"appraisal": appraisal, "review": appraisal.review},
)

appraisal_history = generic.history_view(
    _appraisal,
    perm="appraisals.view_appraisal_history",
    tabs="appraisals/_header.html",
    context=lambda appraisal: {"appraisal": appraisal, "review": appraisal.review},
)


@require_http_methods(["GET", "POST"])
def simulation(request: HttpRequest, pk: int) -> HttpResponse:
    """The Monte Carlo results (GET), and starting a new run (POST)."""
    appraisal = _appraisal(request, pk)
    if request.method == "POST":
        require(request, "appraisals.run_simulation", appraisal)
    form = forms.SimulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = actions.simulation_request(
                appraisal=appraisal,
                by=acting_user(request),
                draws=form.cleaned_data["draws"],
                seed=form.cleaned_data["seed"],
            )
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            run.refresh_from_db()
            if run.status == SimulationStatus.DONE:
                messages.success(request, f"The simulation has run {run.draws:,} draws.")
            else:
                messages.info(request, "The simulation has started. Refresh this page to see when it has finished.")
            return redirect("appraisals:simulation", pk=appraisal.pk)
    options, run, doc = _figures(appraisal)
    return render(
        request,
        "appraisals/simulation.html",
        {
            "appraisal": appraisal,
            "review": appraisal.review,
            "object": appraisal,
            "form": form,
            "run": run,
            "doc": doc,
            "charts": charts.appraisal_charts(doc, tornado_for=[option.pk for option in options]),
            "tab": "simulation",
        },
    )


# Options -----------------------------------------------------------------------------------------------------------


def _option_url(option: Option) -> str:
    return reverse("appraisals:option-detail", args=[option.pk])


option_create = generic.create_view(
    get=_appraisal,
    perm="appraisals.add_option",
    form=forms.OptionForm,
    form_kwargs=lambda request, appraisal: {"initial": {"kind": "option"}},
    act=lambda form, appraisal, **kw: actions.option_create(appraisal=appraisal, details=form.details(), **kw),
    done=lambda option, **_: f"{option.name} has been added to the shortlist. Now enter its costs and benefits.",
    to=lambda option: reverse("appraisals:option-lines", args=[option.pk]),
    template="appraisals/option_form.html",
    context=lambda form, appraisal: {"appraisal": appraisal, "review": appraisal.review, "option": None},
)


def option_detail(request: HttpRequest, pk: int) -> HttpResponse:
    option = _option(request, pk)
    appraisal = option.appraisal
    if option.is_archived:
        doc_option = None
        doc = None
    else:
        _options, _run, doc = _figures(appraisal)
        doc_option = next(item for item in doc["options"] if item["id"] == option.pk)
    return render(
        request,
        "appraisals/option_detail.html",
        {
            "option": option,
            "object": option,
            "appraisal": appraisal,
            "review": appraisal.review,
            "doc": doc,
            "doc_option": doc_option,
            "years": calculations.year_labels(base_year=appraisal.base_year, horizon_years=appraisal.horizon_years),
            "tab": "summary",
            "eia": selectors.assessment_of_option(user=request.user, option=option),
            "eia_labels": calculations_equality.LABELS,
        },
    )


option_edit = generic.edit_view(
    _option,
    perm="appraisals.change_option",
    form=forms.OptionForm,
    act=lambda form, option, **kw: actions.option_update(
        option=option, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda option, _saved, **_: f"Your changes to {option.name} have been saved.",
    to=_option_url,
    template="appraisals/option_form.html",
    context=lambda form, option: {"appraisal": option.appraisal, "review": option.appraisal.review, "option": option},
)


def _option_reason_context(action: str) -> Callable[[Option], dict[str, Any]]:
    return lambda option: {
        "option": option,
        "appraisal": option.appraisal,
        "review": option.appraisal.review,
        "action": action,
    }


def _workspace_url(option: Option) -> str:
    return reverse("appraisals:workspace", args=[option.appraisal_id])


option_archive = generic.reason_view(
    _option,
    perm="appraisals.archive_option",
    label="Why is this option being taken off the shortlist?",
    required_message=actions.OPTION_ARCHIVE_REASON_REQUIRED,
    act=lambda option, **kw: actions.option_archive(option=option, **kw),
    done=lambda option: f"{option.name} has been taken off the shortlist.",
    back=_workspace_url,
    template="appraisals/option_reason.html",
    context=_option_reason_context("remove"),
)

option_restore = generic.reason_view(
    _option,
    perm="appraisals.restore_option",
    label="Why is this option going back on the shortlist?",
    required_message=actions.OPTION_RESTORE_REASON_REQUIRED,
    act=lambda option, **kw: actions.option_restore(option=option, **kw),
    done=lambda option: f"{option.name} has been put back on the shortlist.",
    back=_workspace_url,
    template="appraisals/option_reason.html",
    context=_option_reason_context("restore"),
)


@require_http_methods(["GET", "POST"])
def option_lines(request: HttpRequest, pk: int) -> HttpResponse:
    """The grid: a row per line, a column per financial year. All or nothing: any error and nothing is saved."""
    option = _option(request, pk)
    require(request, "appraisals.change_option", option)
    appraisal = option.appraisal
    years = calculations.year_labels(base_year=appraisal.base_year, horizon_years=appraisal.horizon_years)
    lines = option.current_lines  # type: ignore[attr-defined]
    formset = forms.lines_formset(request.POST or None, lines=lines, years=years)
    reason = request.POST.get("reason", "") if request.method == "POST" else ""
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        if formset.is_valid():
            rows, indexes = forms.formset_rows(formset)
            try:
                saved = actions.option_lines_save(option=option, rows=rows, by=acting_user(request), reason=reason)
            except actions.LinesInvalid as error:
                forms.add_cell_errors(formset, error.cells, indexes)
            except ValidationError as error:
                errors = [{"text": message, "href": "#lines"} for message in error.messages]
            else:
                messages.success(
                    request,
                    f"The costs and benefits of {option.name} have been saved: {saved.created} added, "
                    f"{saved.changed} changed, {saved.removed} removed.",
                )
                return redirect("appraisals:option-detail", pk=option.pk)
        errors = errors + [{"text": str(e), "href": "#lines"} for e in formset.non_form_errors()]
        errors += forms.grid_error_items(formset, years=years)
    return render(
        request,
        "appraisals/option_lines.html",
        {
            "option": option,
            "appraisal": appraisal,
            "review": appraisal.review,
            "formset": formset,
            "years": years,
            "errors": errors,
            "reason": reason,
        },
    )


def option_lines_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    option = _option(request, pk)
    appraisal = option.appraisal
    years = calculations.year_labels(base_year=appraisal.base_year, horizon_years=appraisal.horizon_years)
    rows = spreadsheets.export_rows(option.current_lines, years=appraisal.horizon_years)  # type: ignore[attr-defined]
    return exports.xlsx_response(
        f"lines-{appraisal.review.reference}-option-{option.pk}",
        spreadsheets.SHEET_TITLE,
        spreadsheets.headers(years),
        rows,
    )


@require_http_methods(["GET", "POST"])
def option_lines_import(request: HttpRequest, pk: int) -> HttpResponse:
    option = _option(request, pk)
    require(request, "appraisals.change_option", option)
    appraisal = option.appraisal
    years = calculations.year_labels(base_year=appraisal.base_year, horizon_years=appraisal.horizon_years)
    form = forms.LinesImportForm(request.POST or None, request.FILES or None)
    problems: Sequence[RowProblem] = ()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = spreadsheets.parse(upload, size=upload.size, year_labels=years)
            try:
                saved = actions.option_lines_save(
                    option=option,
                    rows=parsed.rows,
                    by=acting_user(request),
                    reason=form.cleaned_data.get("reason") or "Imported from Excel",
                    replace=True,
                )
            except actions.LinesInvalid as error:
                raise RowsInvalid(parsed.problems_for(error.cells, years)) from None
            except ValidationError as error:
                raise RowsInvalid(RowProblem(None, None, message) for message in error.messages) from None
        except RowsInvalid as invalid:
            problems = invalid.problems
            form.add_error("file", "The file has not been imported: fix the problems listed, then import it again")
        else:
            messages.success(
                request,
                f"The lines of {option.name} have been imported: {saved.created} added, {saved.changed} changed, "
                f"{saved.removed} removed.",
            )
            return redirect("appraisals:option-detail", pk=option.pk)
    return render(
        request,
        "appraisals/option_import.html",
        {"form": form, "option": option, "appraisal": appraisal, "review": appraisal.review, "problems": problems},
    )


@require_http_methods(["GET", "POST"])
def option_optimism_bias(request: HttpRequest, pk: int) -> HttpResponse:
    option = _option(request, pk)
    require(request, "appraisals.change_option", option)
    form = forms.OptimismBiasForm(request.POST or None, option=option)
    if request.method == "POST" and form.is_valid():
        try:
            actions.option_set_optimism_bias(option=option, bias=form.bias(), by=acting_user(request))
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"The optimism bias of {option.name} has been recorded.")
            return redirect("appraisals:option-detail", pk=option.pk)
    appraisal = option.appraisal
    return render(
        request,
        "appraisals/optimism_bias.html",
        {"form": form, "option": option, "appraisal": appraisal, "review": appraisal.review},
    )


@require_http_methods(["GET", "POST"])
def option_scores(request: HttpRequest, pk: int) -> HttpResponse:
    option = _option(request, pk)
    require(request, "appraisals.change_option", option)
    form = forms.ScoresForm(request.POST or None, option=option)
    if request.method == "POST" and form.is_valid():
        try:
            actions.option_scores_save(
                option=option, scores=form.scores(), by=acting_user(request), reason=form.cleaned_data.get("reason", "")
            )
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(request, f"The scores of {option.name} have been saved.")
            return redirect("appraisals:option-detail", pk=option.pk)
    appraisal = option.appraisal
    return render(
        request,
        "appraisals/scores.html",
        {"form": form, "option": option, "appraisal": appraisal, "review": appraisal.review},
    )


def _option_history_context(option: Option) -> dict[str, Any]:
    appraisal = option.appraisal
    return {
        "option": option,
        "appraisal": appraisal,
        "review": appraisal.review,
        "line_entries": line_history(
            selectors.line_history_records(option=option),
            years=calculations.year_labels(base_year=appraisal.base_year, horizon_years=appraisal.horizon_years),
        ),
    }


option_history = generic.history_view(
    _option,
    perm="appraisals.view_option_history",
    tabs="appraisals/_option_header.html",
    context=_option_history_context,
    template="appraisals/option_history.html",
)


# Business cases ----------------------------------------------------------------------------------------------------


def _case_page(request: HttpRequest, case: BusinessCase) -> dict[str, Any]:
    """What the business case page needs: the document (frozen or live) and its charts."""
    appraisal = getattr(case.review, "appraisal", None)
    options: list[Option] = []
    run = None
    if not case.is_submitted and appraisal is not None:
        options = selectors.shortlist(appraisal=appraisal)
        run = selectors.latest_finished_simulation(appraisal=appraisal)
    doc = document.business_case_document(case=case, appraisal=appraisal, options=options, run=run)
    return {
        **rendering.pdf_context(doc),
        "case": case,
        "object": case,
        "review": case.review,
        "appraisal": appraisal,
        "options": options,
    }


def _checklist(
    case: BusinessCase, appraisal: Appraisal, options: Sequence[Option], doc: dict[str, Any]
) -> list[dict[str, Any]]:
    """The submission checklist with a link to where each item is done."""
    places = {
        actions.CheckPlace.SHORTLIST: lambda check: reverse("appraisals:workspace", args=[appraisal.pk]),
        actions.CheckPlace.LINES: lambda check: reverse("appraisals:option-lines", args=[check.option_id]),
        actions.CheckPlace.CASE: lambda check: reverse("appraisals:business-case-edit", args=[case.pk]),
        actions.CheckPlace.SIMULATION: lambda check: reverse("appraisals:simulation", args=[appraisal.pk]),
    }
    return [
        {"label": check.label, "done": check.done, "problems": check.problems, "href": places[check.place](check)}
        for check in actions.submission_checklist(case=case, options=options, doc=doc)
    ]


@require_http_methods(["GET", "POST"])
def business_case_start(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = _appraisal(request, pk)
    latest = selectors.latest_business_case(review=appraisal.review)
    if latest is not None:
        return redirect("appraisals:business-case", pk=latest.pk)
    if request.method == "POST":
        require(request, "appraisals.add_businesscase", appraisal)
        case = actions.business_case_create(review=appraisal.review, by=acting_user(request))
        messages.success(request, "The business case has been started as a draft.")
        return redirect("appraisals:business-case-edit", pk=case.pk)
    return render(
        request,
        "appraisals/business_case_start.html",
        {"appraisal": appraisal, "review": appraisal.review, "tab": "business_case"},
    )


def business_case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    context = _case_page(request, case)
    checklist: list[dict[str, Any]] = []
    if not case.is_submitted and context["appraisal"] is not None:
        live = {"simulation": context["doc"]["simulation"]}
        checklist = _checklist(case, context["appraisal"], context["options"], live)
    context.update(
        {
            "versions": selectors.business_case_versions(review=case.review),
            "checklist": checklist,
            "problems": [problem for item in checklist for problem in item["problems"]],
            "tab": "document",
        }
    )
    return render(request, "appraisals/business_case.html", context)


def business_case_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A submitted version's PDF exactly as the board received it; a draft's, printed once for what it shows. Opened
    in the browser, or downloaded with ``?download=1``."""
    case = _case(request, pk)
    content = selectors.business_case_pdf_bytes(case=case)
    if content is None:
        content = rendering.draft_business_case_pdf(_case_page(request, case)["doc"])
    filename = f"business-case-{case.review.reference}-v{case.version}"
    return pdf.pdf_response(content, filename, download=pdf.wants_download(request))


def _case_url(case: BusinessCase) -> str:
    return reverse("appraisals:business-case", args=[case.pk])


business_case_edit = generic.edit_view(
    _case,
    perm="appraisals.change_businesscase",
    form=forms.BusinessCaseForm,
    form_kwargs=lambda request, case: {
        "instance": case,
        "options": selectors.shortlist(appraisal=case.review.appraisal),  # type: ignore[attr-defined]
    },
    act=lambda form, case, **kw: actions.business_case_update(case=case, details=form.details(), **kw),
    done=lambda case, _saved, **_: f"Version {case.version} of the business case has been saved.",
    to=_case_url,
    template="appraisals/business_case_form.html",
    context=lambda form, case: {
        "case": case,
        "review": case.review,
        "appraisal": case.review.appraisal,  # type: ignore[attr-defined]
        "options": form.options,
    },
)


@require_http_methods(["GET", "POST"])
def business_case_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require(request, "appraisals.submit_businesscase", case)
    appraisal = case.review.appraisal  # type: ignore[attr-defined]
    form = forms.SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.business_case_submit(case=case, board=form.cleaned_data["board"], by=acting_user(request))
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(
                request,
                f"Version {case.version} of the business case has been submitted to {form.cleaned_data['board']}. "
                "It is now frozen: a change needs a new version.",
            )
            return redirect("appraisals:business-case", pk=case.pk)
    options, _run, doc = _figures(appraisal)
    checklist = _checklist(case, appraisal, options, doc)
    problems = [problem for item in checklist for problem in item["problems"]]
    return render(
        request,
        "appraisals/business_case_submit.html",
        {
            "form": form,
            "case": case,
            "review": case.review,
            "appraisal": appraisal,
            "checklist": checklist,
            "problems": problems,
        },
    )


@require_http_methods(["GET", "POST"])
def business_case_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require(request, "appraisals.add_businesscase_version", case)
    form = forms.ReasonForm(
        request.POST or None,
        label="Why is a new version needed?",
        required_message=actions.NEW_VERSION_REASON_REQUIRED,
    )
    if request.method == "POST" and form.is_valid():
        try:
            draft = actions.business_case_new_version(
                case=case, by=acting_user(request), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(
                request, f"Version {draft.version} has been started as a draft. Version {case.version} stays as it was."
            )
            return redirect("appraisals:business-case", pk=draft.pk)
    return render(
        request, "appraisals/business_case_new_version.html", {"form": form, "case": case, "review": case.review}
    )


business_case_history = generic.history_view(
    _case,
    perm="appraisals.view_businesscase_history",
    tabs="appraisals/_case_header.html",
    context=lambda case: {"case": case, "review": case.review},
)


def _case_filters(request: HttpRequest) -> tuple[forms.BusinessCaseFilterForm, selectors.BusinessCaseFilters]:
    form = forms.BusinessCaseFilterForm(request.GET or None)
    return form, form.filters() if request.GET else selectors.BusinessCaseFilters()


def business_case_list(request: HttpRequest) -> HttpResponse:
    require(request, "appraisals.view_businesscase")
    filter_form, filters = _case_filters(request)
    cases = selectors.business_case_list(user=request.user, filters=filters)
    page = Paginator(cases, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "appraisals/business_case_list.html",
        {"filter_form": filter_form, "filters": filters, "page": page, "cases": page.object_list},
    )


def _case_export_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _case_filters(request)
    return selectors.business_case_export_rows(selectors.business_case_list(user=request.user, filters=filters))


business_case_export = generic.export_view(
    name="business-cases",
    sheet="Business cases",
    headers=selectors.EXPORT_HEADERS,
    rows=_case_export_rows,
    perm="appraisals.view_businesscase",
)
