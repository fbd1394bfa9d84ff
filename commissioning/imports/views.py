"""Import pages. Thin: permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commissioning.accounts.selectors import acting_user
from commissioning.core import exports, generic
from commissioning.core.access import require
from commissioning.core.concurrency import AlreadySubmitted, already_submitted
from commissioning.imports import actions, ingest, selectors
from commissioning.imports.forms import ImportForm, JobFilterForm
from commissioning.imports.models import ImportJob, ImportKind
from commissioning.imports.uploads import SizeLimitHandler

PROBLEMS_PER_PAGE = 100
REFRESH_SECONDS = 3  # how often a running import's page refreshes itself
PROBLEM_HEADERS = ["Row", "Column", "Problem"]


def _filtered(request: HttpRequest) -> tuple[JobFilterForm, selectors.JobFilters]:
    form = JobFilterForm(request.GET or None)
    return form, form.filters() if request.GET else selectors.JobFilters()


def _get_visible(request: HttpRequest, pk: int) -> ImportJob:
    return generic.get_visible_or_404(request, selectors.job_detail, "imports.view_importjob", pk=pk)


def _kinds(request: HttpRequest) -> list[tuple[str, str]]:
    """The kinds of file this user may import."""
    return [(kind.value, kind.label) for kind in ImportKind if request.user.has_perm(f"imports.import_{kind.value}")]


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    require(request, "imports.list_importjobs")
    filter_form, filters = _filtered(request)
    jobs = selectors.job_list(user=request.user, filters=filters)
    page = Paginator(jobs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/list.html",
        {"filter_form": filter_form, "filters": filters, "page": page, "jobs": page.object_list},
    )


def _export_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _filtered(request)
    return selectors.job_export_rows(selectors.job_list(user=request.user, filters=filters))


job_export = require_GET(
    generic.export_view(
        name="imports",
        sheet="Imports",
        headers=selectors.EXPORT_HEADERS,
        rows=_export_rows,
        perm="imports.list_importjobs",
    )
)


@require_GET
def template_download(request: HttpRequest, kind: str, extension: str) -> HttpResponse:
    if kind not in ImportKind.values or extension not in ingest.EXTENSIONS or not ingest.has_template(kind):
        raise Http404
    require(request, f"imports.import_{kind}")
    data, filename = ingest.template_file(kind, extension)
    response = HttpResponse(data, content_type=ingest.CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def job_create(request: HttpRequest) -> HttpResponse:
    """Exempt from the CSRF middleware only so that the size limit is in place before the upload is read; the CSRF
    check itself runs in _job_create (see commissioning.imports.uploads)."""
    require(request, "imports.add_importjob")
    limiter = SizeLimitHandler(request, limit=ingest.LIMITS.max_file_bytes)
    request.upload_handlers.insert(0, limiter)  # type: ignore[union-attr]
    return _job_create(request, limiter)


@csrf_protect
def _job_create(request: HttpRequest, limiter: SizeLimitHandler) -> HttpResponse:
    kinds = _kinds(request)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        kinds=kinds,
        too_large=limiter.request_size() if limiter.too_large else None,
        initial={"kind": request.GET.get("kind")} if request.GET.get("kind") in dict(kinds) else None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = actions.import_job_create(
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                data=upload.read(),
                by=acting_user(request),
                form_token=form.token,
            )
        except AlreadySubmitted as repeat:
            return already_submitted(request, repeat, "imports:detail", pk=repeat.record.pk)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            return redirect("imports:detail", pk=job.pk)
    guides = [
        {
            "kind": kind,
            "label": label,
            "columns": ingest.columns(kind),
            "templates": [(extension, ingest.template_file_name(kind, extension)) for extension in ingest.EXTENSIONS]
            if ingest.has_template(kind)
            else [],
        }
        for kind, label in kinds
    ]
    return render(request, "imports/new.html", {"form": form, "guides": guides})


@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _get_visible(request, pk)
    if actions.is_stale(job):  # its worker died: say so now rather than wait for the sweeper (no query otherwise)
        job = actions.import_mark_stopped(job_id=job.pk) or job
    problems = Paginator(job.problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    refreshing = not job.is_finished and request.GET.get("refresh") != "off"
    return render(
        request,
        "imports/detail.html",
        {"job": job, "problems": problems, "refreshing": refreshing, "refresh_seconds": REFRESH_SECONDS},
    )


@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Try again a job whose worker died; any other job is left as it is (a repeated click does nothing)."""
    job = _get_visible(request, pk)
    require(request, "imports.retry_importjob", job)
    actions.import_retry(job=job, by=acting_user(request))
    return redirect("imports:detail", pk=job.pk)


@require_GET
def job_problems(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = _get_visible(request, pk)
    rows = ([problem.row, problem.column, problem.message] for problem in job.problems)
    return exports.csv_response(f"import-{job.pk}-problems", PROBLEM_HEADERS, rows)
