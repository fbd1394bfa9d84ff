"""Who may do what with imports: every route, every role (and anonymous), as the same readable matrix as
tests/commissioning/test_permissions.py, whose route-coverage test reads MATRIX from this module too. Columns:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

Outcomes: OK 200; DONE 302 to the new job's page after the upload (the job is checked); RETRIED 302 to the job's
page after trying it again (it ran, and saved its row); SAME 302 to the job's page, which may not be tried again
(nothing changed); LOGIN 302 to sign in; DENIED 403; HIDDEN 404 (a job the user may not see, so its existence is not
revealed); NO_VERB 405. Every POST that is not DONE or RETRIED must leave the database exactly as it was.

Job states: by_finance (a failed budgets import by the finance officer) and by_officer (a measurements import by the
commissioning officer). The uploader sees their own jobs; finance officers, directors and administrators see all.
interrupted: a measurements import by the commissioning officer whose worker died (made by the test itself, so that
the list tests see only the two above); whoever may see it and import measurements may try it again.
Upload states: budgets and measurements (the kind chosen on the form).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from commissioning.accounts.models import User
from commissioning.core.permissions import Role
from commissioning.imports.models import ImportJob, ImportKind
from commissioning.outcomes.models import Frequency, Measurement
from commissioning.services.models import Service
from tests import matrix
from tests.factories import DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, NO_VERB, OK
from tests.matrix import label as _label

from .factories import BUDGET_HEADER, MEASUREMENT_HEADER, ImportJobFactory, IndicatorFactory, csv_file

RETRIED, SAME = "RETRIED", "SAME"
LIST = (LOGIN, OK, OK, OK, DENIED, DENIED, DENIED, DENIED, OK, DENIED, DENIED)
IMPORTERS = (LOGIN, OK, OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
UPLOADS = (LOGIN, DONE, DONE, DONE, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
FINANCE_JOB = (HIDDEN, HIDDEN, OK, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK, HIDDEN, HIDDEN)
OFFICER_JOB = (HIDDEN, OK, OK, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK, HIDDEN, HIDDEN)
NOWHERE = (NO_VERB,) * 11

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                     method  state                anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("imports:list",            "GET",  "-",                 LIST),
    ("imports:list",            "POST", "-",                 NOWHERE),
    ("imports:export-csv",      "GET",  "-",                 LIST),
    ("imports:export-xlsx",     "GET",  "-",                 LIST),
    ("imports:create",          "GET",  "-",                 IMPORTERS),
    ("imports:create",          "POST", "budgets",           UPLOADS),
    ("imports:create",          "POST", "measurements",      UPLOADS),
    ("imports:template",        "GET",  "budgets-csv",       (LOGIN,  OK,      OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("imports:template",        "GET",  "budgets-xlsx",      (LOGIN,  OK,      OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("imports:template",        "GET",  "measurements-csv",  (LOGIN,  OK,      OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("imports:template",        "GET",  "measurements-xlsx", (LOGIN,  OK,      OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("imports:template",        "GET",  "unknown-csv",       (HIDDEN, HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("imports:detail",          "GET",  "by_finance",        FINANCE_JOB),
    ("imports:detail",          "GET",  "by_officer",        OFFICER_JOB),
    ("imports:detail",          "POST", "by_officer",        NOWHERE),
    ("imports:retry",           "GET",  "interrupted",       NOWHERE),
    ("imports:retry",           "POST", "interrupted",       (HIDDEN, RETRIED, RETRIED, RETRIED, HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  DENIED,  HIDDEN,  HIDDEN)),
    ("imports:retry",           "POST", "by_finance",        (HIDDEN, HIDDEN,  SAME,    SAME,    HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  DENIED,  HIDDEN,  HIDDEN)),
    ("imports:retry",           "POST", "by_officer",        (HIDDEN, SAME,    SAME,    SAME,    HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  DENIED,  HIDDEN,  HIDDEN)),
    ("imports:problems-csv",    "GET",  "by_finance",        FINANCE_JOB),
    ("imports:problems-csv",    "GET",  "by_officer",        OFFICER_JOB),
]
# fmt: on


def _build_world() -> dict[str, Any]:
    OrganisationFactory(council=True)
    provider_org = OrganisationFactory(name="Ashfield Care Ltd")
    users = {
        role: UserFactory(
            username=role,
            role=role,
            organisation=provider_org if role == Role.PROVIDER else None,
            is_staff=role == Role.ADMIN,
        )
        for role in COLUMNS
        if role is not None
    }
    service = ServiceFactory(reference="IMP-001", name="Home care", directorate=DirectorateFactory(code="IMP"))
    indicator = IndicatorFactory(code="IMP-01", frequency=Frequency.MONTHLY)
    jobs = {
        "by_finance": ImportJobFactory(failed=True, created_by=users[Role.FINANCE], filename="finance-budgets.csv"),
        "by_officer": ImportJobFactory(measurements=True, created_by=users[Role.OFFICER], filename="officer.csv"),
    }
    return {"users": users, "jobs": jobs, "service": service, "indicator": indicator}


world = matrix.world_fixture(_build_world)
client_for = matrix.client_for_fixture()


def _state(route: str, state: str, world: dict[str, Any]) -> str:
    """The hooks are given the row's state itself: a job's name in the world, a template's kind, or an upload's kind."""
    return state


def _interrupted_job(world: dict[str, Any]) -> ImportJob:
    job: ImportJob = ImportJobFactory(
        measurements=True,
        interrupted=True,
        created_by=world["users"][Role.OFFICER],
        filename="officer-interrupted.csv",
        data=csv_file(MEASUREMENT_HEADER, "IMP-01,2025-04,12,"),
    )
    return job


def _url(route: str, state: str, world: dict[str, Any]) -> str:
    if state == "interrupted":
        return reverse(route, args=[_interrupted_job(world).pk])
    if route == "imports:template":
        kind, extension = state.split("-")
        return reverse(route, kwargs={"kind": kind, "extension": extension})
    if state in world["jobs"]:
        return reverse(route, args=[world["jobs"][state].pk])
    return reverse(route)


def _post_data(route: str, state: str, world: dict[str, Any]) -> dict[str, Any]:
    if route != "imports:create":
        return {}
    if state == ImportKind.BUDGETS:
        data = csv_file(BUDGET_HEADER, "IMP-001,2026/27,300000,250000,,")
    else:
        data = csv_file(MEASUREMENT_HEADER, "IMP-01,2025-04,12,")
    return {"kind": state, "file": SimpleUploadedFile(f"{state}.csv", data, content_type="text/csv")}


def snapshot() -> dict[str, Any]:
    """Every row a refused request could have touched, history included."""
    return {
        "jobs": list(ImportJob.objects.order_by("pk").values("pk", "status", "created_by")),
        "job_history": ImportJob.history.count(),
        "services": list(Service.objects.order_by("pk").values()),
        "service_history": Service.history.count(),
        "measurements": list(Measurement.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values("pk", "username", "role", "is_active")),
    }


def _check_upload(route: str, state: str, user: User, before: dict[str, Any], world: dict[str, Any]) -> str:
    """A DONE upload made one job, by the user, which has run; returns where the browser should go."""
    after = snapshot()
    assert len(after["jobs"]) == len(before["jobs"]) + 1
    job = ImportJob.objects.latest("pk")
    assert (job.kind, job.created_by) == (state, user)
    assert job.is_finished
    if state == ImportKind.BUDGETS:
        assert job.status == "succeeded", job.errors
        assert after["service_history"] == before["service_history"] + 1
    return reverse("imports:detail", args=[job.pk])


def _retried(response: Any, *, path: str, before: dict[str, Any], world: dict[str, Any]) -> None:
    """The interrupted job ran again and saved its row."""
    assert response.status_code == 302
    assert response["Location"] == path.removesuffix("retry")
    job = ImportJob.objects.get(filename="officer-interrupted.csv")
    assert (job.status, job.created_count, job.interrupted_at) == ("succeeded", 1, None)
    assert len(snapshot()["measurements"]) == len(before["measurements"]) + 1


def _same(response: Any, *, path: str, before: dict[str, Any], world: dict[str, Any]) -> None:
    """A job that may not be tried again: back to its page, nothing changed."""
    assert response.status_code == 302
    assert response["Location"] == path.removesuffix("retry")
    assert snapshot() == before, "a refused retry changed the database"


PERMISSIONS = matrix.Matrix(
    MATRIX,
    snapshot=snapshot,
    target=_state,
    url=_url,
    post_data=_post_data,
    check_change=_check_upload,
    outcomes={RETRIED: _retried, SAME: _same},
)
test_permission_matrix = PERMISSIONS.test()


def test_matrix_covers_every_import_route() -> None:
    from django.urls import get_resolver

    resolver = get_resolver()
    ours = {f"imports:{name}" for name in resolver.namespace_dict["imports"][1].reverse_dict if isinstance(name, str)}
    assert ours
    assert ours <= {row[0] for row in MATRIX}


@pytest.mark.django_db
def test_the_permissions_agree_with_the_selector(world: dict[str, Any]) -> None:
    """visible_jobs (the list and downloads) and imports.view_importjob (the pages) give the same answer."""
    from django.contrib.auth.models import AnonymousUser

    from commissioning.imports.selectors import visible_jobs

    for role in COLUMNS:
        user = AnonymousUser() if role is None else world["users"][role]
        listed = set(visible_jobs(user=user).values_list("pk", flat=True))
        allowed = {job.pk for job in ImportJob.objects.all() if user.has_perm("imports.view_importjob", job)}
        assert listed == allowed, role


SEES_ALL = {Role.DIRECTOR, Role.FINANCE, Role.ADMIN}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OFFICER, Role.DIRECTOR, Role.FINANCE, Role.ADMIN], ids=_label)
def test_lists_and_downloads_show_only_the_jobs_the_role_may_see(
    role: str, world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    jobs = world["jobs"]
    expected = {"finance-budgets.csv", "officer.csv"} if role in SEES_ALL else {"officer.csv"}
    client = client_for(role)
    content = client.get(reverse("imports:list")).content.decode()
    assert {name for name in ("finance-budgets.csv", "officer.csv") if name in content} == expected
    for job in jobs.values():
        assert (reverse("imports:detail", args=[job.pk]) in content) == (job.filename in expected)
    text = b"".join(client.get(reverse("imports:export-csv")).streaming_content).decode("utf-8-sig")
    assert {row[1] for row in list(csv.reader(io.StringIO(text)))[1:]} == expected
    sheet = load_workbook(io.BytesIO(client.get(reverse("imports:export-xlsx")).content), read_only=True).active
    assert {row[1] for row in list(sheet.iter_rows(values_only=True))[1:]} == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "offered"),
    [
        (Role.OFFICER, ["budgets", "measurements"]),
        (Role.DIRECTOR, ["budgets", "measurements"]),
        (Role.FINANCE, ["budgets", "measurements"]),
    ],
)
def test_the_upload_page_offers_the_kinds_the_role_may_import(role, offered, client_for):
    content = client_for(role).get(reverse("imports:create")).content.decode()
    assert [kind for kind in ("budgets", "measurements") if f'value="{kind}"' in content] == offered


@pytest.mark.django_db
@pytest.mark.parametrize("role", COLUMNS, ids=_label)
def test_the_navigation_shows_imports_to_those_who_may_list_them(role, client_for):
    content = client_for(role).get(reverse("portal:home")).content.decode()
    shown = f'href="{reverse("imports:list")}"' in content
    assert shown == (role in {Role.OFFICER, Role.DIRECTOR, Role.FINANCE, Role.ADMIN})
