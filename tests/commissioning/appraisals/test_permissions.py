"""Who may do what with options appraisals and business cases: every route, every role (and anonymous), every state.

The same readable matrix as tests/commissioning/test_permissions.py, whose route-coverage test reads MATRIX from
this module too. Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

Outcomes: OK 200; DONE 302 after the change (which is checked); LOGIN 302 to sign in; DENIED 403; HIDDEN 404 (the
record is not visible to this user, so its existence is not revealed). Every POST that is not DONE must leave the
database exactly as it was.

Appraisals are internal working papers: every internal role reads them, officers and directors change them, and the
public and providers see nothing (404), even an option that names the provider's own organisation as its partner
("the wrong provider" cannot reach an appraisal at all). Starting an appraisal is asked of a review, which the
public and providers may see when it is published: there they are asked to sign in, or refused.

States. Appraisals: published (of a published review, with a submitted business case), unpublished (of an
unpublished review, with a draft ready to submit), fresh (no business case yet). Reviews with no appraisal:
new_published, new_unpublished. Options: option, bau, removed, provider_partner (the do-minimum, shared with the
provider user's organisation). Business cases: draft, submitted (the latest version), superseded (version 1 of 2).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from commissioning.appraisals import actions
from commissioning.appraisals.actions import BusinessCaseDetails, LineDetails, OptionDetails
from commissioning.appraisals.models import (
    Appraisal,
    BusinessCase,
    CostBenefitLine,
    CriterionScore,
    Option,
    OptionKind,
    SimulationRun,
)
from commissioning.core.permissions import Role
from commissioning.reviews.models import CommissioningReview
from tests import matrix
from tests.factories import DirectorateFactory, OrganisationFactory, ReviewFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, OK
from tests.matrix import label as _label

READ = (HIDDEN, OK, OK, OK, OK, OK, OK, HIDDEN, OK, OK, HIDDEN)
EDIT_GET = (HIDDEN, OK, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
EDIT_POST = (HIDDEN, DONE, DONE, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
REFUSED = (HIDDEN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
LIST = (LOGIN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, DENIED)

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                                  method  state              anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("appraisals:start",                     "GET",  "new_published",   (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("appraisals:start",                     "POST", "new_published",   (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("appraisals:start",                     "GET",  "new_unpublished", EDIT_GET),
    ("appraisals:start",                     "POST", "new_unpublished", EDIT_POST),
    # The appraisal
    ("appraisals:workspace",                 "GET",  "published",       READ),
    ("appraisals:workspace",                 "GET",  "unpublished",     READ),
    ("appraisals:edit",                      "GET",  "published",       EDIT_GET),
    ("appraisals:edit",                      "POST", "published",       EDIT_POST),
    ("appraisals:history",                   "GET",  "published",       READ),
    ("appraisals:simulation",                "GET",  "unpublished",     READ),
    ("appraisals:simulation",                "POST", "unpublished",     EDIT_POST),
    ("appraisals:option-create",             "GET",  "published",       EDIT_GET),
    ("appraisals:option-create",             "POST", "published",       EDIT_POST),
    ("appraisals:business-case-start",       "GET",  "fresh",           READ),
    ("appraisals:business-case-start",       "POST", "fresh",           EDIT_POST),
    # Options
    ("appraisals:option-detail",             "GET",  "option",          READ),
    ("appraisals:option-detail",             "GET",  "removed",         READ),
    ("appraisals:option-detail",             "GET",  "provider_partner", READ),
    ("appraisals:option-edit",               "GET",  "option",          EDIT_GET),
    ("appraisals:option-edit",               "POST", "option",          EDIT_POST),
    ("appraisals:option-edit",               "POST", "removed",         REFUSED),
    ("appraisals:option-edit",               "POST", "provider_partner", EDIT_POST),
    ("appraisals:option-archive",            "GET",  "option",          EDIT_GET),
    ("appraisals:option-archive",            "POST", "option",          EDIT_POST),
    ("appraisals:option-archive",            "GET",  "bau",             REFUSED),
    ("appraisals:option-archive",            "POST", "bau",             REFUSED),
    ("appraisals:option-archive",            "POST", "removed",         REFUSED),
    ("appraisals:option-restore",            "GET",  "removed",         EDIT_GET),
    ("appraisals:option-restore",            "POST", "removed",         EDIT_POST),
    ("appraisals:option-restore",            "POST", "option",          REFUSED),
    ("appraisals:option-lines",              "GET",  "option",          EDIT_GET),
    ("appraisals:option-lines",              "POST", "option",          EDIT_POST),
    ("appraisals:option-lines",              "POST", "removed",         REFUSED),
    ("appraisals:option-lines-export",       "GET",  "option",          READ),
    ("appraisals:option-lines-export",       "GET",  "provider_partner", READ),
    ("appraisals:option-lines-import",       "GET",  "option",          EDIT_GET),
    ("appraisals:option-lines-import",       "POST", "option",          EDIT_POST),
    ("appraisals:option-optimism-bias",      "GET",  "option",          EDIT_GET),
    ("appraisals:option-optimism-bias",      "POST", "option",          EDIT_POST),
    ("appraisals:option-scores",             "GET",  "bau",             EDIT_GET),
    ("appraisals:option-scores",             "POST", "bau",             EDIT_POST),
    ("appraisals:option-history",            "GET",  "option",          READ),
    # Business cases
    ("appraisals:business-case-list",        "GET",  "-",               LIST),
    ("appraisals:business-case-export-csv",  "GET",  "-",               LIST),
    ("appraisals:business-case-export-xlsx", "GET",  "-",               LIST),
    ("appraisals:business-case",             "GET",  "draft",           READ),
    ("appraisals:business-case",             "GET",  "submitted",       READ),
    ("appraisals:business-case",             "GET",  "superseded",      READ),
    ("appraisals:business-case-pdf",         "GET",  "submitted",       READ),
    ("appraisals:business-case-edit",        "GET",  "draft",           EDIT_GET),
    ("appraisals:business-case-edit",        "POST", "draft",           EDIT_POST),
    ("appraisals:business-case-edit",        "POST", "submitted",       REFUSED),
    ("appraisals:business-case-submit",      "GET",  "draft",           EDIT_GET),
    ("appraisals:business-case-submit",      "POST", "draft",           EDIT_POST),
    ("appraisals:business-case-submit",      "POST", "submitted",       REFUSED),
    ("appraisals:business-case-new-version", "GET",  "submitted",       EDIT_GET),
    ("appraisals:business-case-new-version", "POST", "submitted",       EDIT_POST),
    ("appraisals:business-case-new-version", "POST", "superseded",      REFUSED),
    ("appraisals:business-case-new-version", "POST", "draft",           REFUSED),
    ("appraisals:business-case-history",     "GET",  "submitted",       READ),
]
# fmt: on

D = Decimal


def _row(kind: str, label: str, *amounts: object, **extra: Any) -> LineDetails:
    return LineDetails(kind=kind, label=label, amounts=tuple(D(str(a)) for a in amounts), **extra)


def _full_appraisal(review: CommissioningReview, officer: Any, provider_org: Any) -> dict[str, Any]:
    """A shortlist that can be submitted: business as usual, a do-minimum shared with the provider, an option."""
    appraisal = actions.appraisal_create(review=review, base_year=2026, horizon_years=3, by=officer)
    bau = appraisal.options.get(kind=OptionKind.BAU)
    actions.option_lines_save(option=bau, rows=[_row("recurring_cost", "Running costs", 1000, 1000, 1000)], by=officer)
    shared = actions.option_create(
        appraisal=appraisal,
        details=OptionDetails(
            kind="do_minimum", name="Share with Ashfield", delivery_model="shared", partner=provider_org
        ),
        by=officer,
    )
    actions.option_lines_save(option=shared, rows=[_row("recurring_cost", "Fee", 950, 950, 950)], by=officer)
    option = actions.option_create(
        appraisal=appraisal,
        details=OptionDetails(kind="option", name="Outsource", delivery_model="private"),
        by=officer,
    )
    actions.option_lines_save(
        option=option,
        rows=[
            _row("recurring_cost", "Contract", 900, 900, 900, range_low=D(90), range_likely=D(100), range_high=D(120))
        ],
        by=officer,
    )
    removed = actions.option_create(
        appraisal=appraisal, details=OptionDetails(kind="option", name="Mutual", delivery_model="mutual"), by=officer
    )
    actions.option_archive(option=removed, by=officer, reason="No interest")
    actions.simulation_request(appraisal=appraisal, by=officer)
    return {"appraisal": appraisal, "bau": bau, "shared": shared, "option": option, "removed": removed}


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
    officer = users[Role.OFFICER]
    directorate = DirectorateFactory(name="Adults and Health", code="ADH")
    common = {"directorate": directorate, "lead_commissioner": officer}
    reviews = {
        "published": ReviewFactory(reference="CR-2026-301", title="Meals review", public=True, **common),
        "unpublished": ReviewFactory(reference="CR-2026-302", title="Transport review", **common),
        "fresh": ReviewFactory(reference="CR-2026-303", title="Parks review", public=True, **common),
        "new_published": ReviewFactory(reference="CR-2026-304", title="Libraries review", public=True, **common),
        "new_unpublished": ReviewFactory(reference="CR-2026-305", title="Markets review", **common),
    }
    published = _full_appraisal(reviews["published"], officer, provider_org)
    unpublished = _full_appraisal(reviews["unpublished"], officer, provider_org)
    fresh = actions.appraisal_create(review=reviews["fresh"], base_year=2026, by=officer)
    details = BusinessCaseDetails(recommended_option=published["option"], reasons="Lowest cost.")

    first = actions.business_case_create(review=reviews["published"], by=officer)
    actions.business_case_update(case=first, details=details, by=officer)
    actions.business_case_submit(case=first, board="Programme Board", by=officer)
    second = actions.business_case_new_version(case=first, by=officer, reason="Board asked for more detail")
    actions.business_case_submit(case=second, board="Programme Board", by=officer)
    draft = actions.business_case_create(review=reviews["unpublished"], by=officer)
    actions.business_case_update(
        case=draft,
        details=BusinessCaseDetails(recommended_option=unpublished["option"], reasons="Lowest cost."),
        by=officer,
    )
    return {
        "users": users,
        "reviews": reviews,
        "appraisals": {
            "published": published["appraisal"],
            "unpublished": unpublished["appraisal"],
            "fresh": fresh,
        },
        "options": {
            "option": published["option"],
            "bau": published["bau"],
            "removed": published["removed"],
            "provider_partner": published["shared"],
        },
        "cases": {"draft": draft, "submitted": second, "superseded": first},
    }


world = matrix.world_fixture(_build_world)
client_for = matrix.client_for_fixture()


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "-":
        return None
    if state.startswith("new_"):
        return CommissioningReview.objects.get(pk=world["reviews"][state].pk)
    if route.startswith("appraisals:option-") and route != "appraisals:option-create":
        return Option.objects.get(pk=world["options"][state].pk)
    if route.startswith("appraisals:business-case") and route != "appraisals:business-case-start":
        return BusinessCase.objects.get(pk=world["cases"][state].pk)
    return Appraisal.objects.get(pk=world["appraisals"][state].pk)


def _workbook() -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Line ID",
            "Kind",
            "Transition category",
            "Line",
            "2026/27",
            "2027/28",
            "2028/29",
            "Lowest (%)",
            "Most likely (%)",
            "Highest (%)",
            "Distribution",
        ]
    )
    sheet.append([None, "Recurring cost", None, "Imported by permission test", 100, 100, 100])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("lines.xlsx", buffer.getvalue(), content_type="application/octet-stream")


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    weights = {
        "weight_quality": 30,
        "weight_social_value": 10,
        "weight_deliverability": 20,
        "weight_risk": 15,
        "weight_equality": 10,
        "weight_strategic_fit": 15,
    }
    data: dict[str, dict[str, Any]] = {
        "appraisals:start": {"base_year": "2026/27", "horizon_years": "10"},
        "appraisals:edit": {"base_year": "2026/27", "horizon_years": "4", "reason": "Permission test", **weights},
        "appraisals:simulation": {"draws": "10000", "seed": "5"},
        "appraisals:option-create": {"kind": "option", "name": "Permission test option", "delivery_model": "mutual"},
        "appraisals:option-archive": {"reason": "Permission test"},
        "appraisals:option-restore": {"reason": "Permission test"},
        "appraisals:option-lines": {
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-kind": "income",
            "lines-0-label": "Permission test line",
            "lines-0-y0": "10",
        },
        "appraisals:option-optimism-bias": {"category": "outsourcing", "mitigation": "10", "reason": "Permission test"},
        "appraisals:option-scores": {"score_quality": "4", "justification_quality": "Permission test"},
        "appraisals:business-case-submit": {"board": "Programme Board"},
        "appraisals:business-case-new-version": {"reason": "Permission test"},
    }
    if route == "appraisals:option-edit":
        return {
            "kind": target.kind,
            "name": "Renamed by permission test",
            "delivery_model": target.delivery_model,
            "partner": target.partner_id or "",
            "description": target.description,
        }
    if route == "appraisals:option-lines-import":
        return {"file": _workbook()}
    if route == "appraisals:business-case-edit":
        return {"recommended_option": target.recommended_option_id, "reasons": "Renamed by permission test"}
    return data.get(route, {})


def snapshot() -> dict[str, Any]:
    """Every row a refused request could have touched, history included."""
    models = [Appraisal, Option, CostBenefitLine, CriterionScore, SimulationRun, BusinessCase]
    found: dict[str, Any] = {}
    for model in models:
        fields = [field.attname for field in model._meta.concrete_fields if field.name != "pdf"]
        found[model.__name__] = list(model.objects.order_by("pk").values(*fields))
        found[f"{model.__name__} history"] = model.history.count()  # type: ignore[attr-defined]
    found["PDFs"] = [len(pdf or b"") for pdf in BusinessCase.objects.order_by("pk").values_list("pdf", flat=True)]
    return found


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    """A DONE request made the change it should, recorded as that user; returns where it should go."""
    after = snapshot()
    if route == "appraisals:start":
        appraisal = Appraisal.objects.get(review=target)
        assert appraisal.history.get().history_user == user
        assert appraisal.options.get().kind == OptionKind.BAU
        return reverse("appraisals:workspace", args=[appraisal.pk])
    if route == "appraisals:edit":
        target.refresh_from_db()
        assert target.horizon_years == 4
        assert target.history.latest().history_user == user
        return reverse("appraisals:workspace", args=[target.pk])
    if route == "appraisals:simulation":
        assert len(after["SimulationRun"]) == len(before["SimulationRun"]) + 1
        assert SimulationRun.objects.latest("pk").created_by == user
        return reverse("appraisals:simulation", args=[target.pk])
    if route == "appraisals:option-create":
        option = Option.objects.get(name="Permission test option")
        assert option.history.get().history_user == user
        return reverse("appraisals:option-lines", args=[option.pk])
    if route == "appraisals:business-case-start":
        case = BusinessCase.objects.get(review=target.review)
        assert case.history.get().history_user == user
        return reverse("appraisals:business-case-edit", args=[case.pk])
    if route.startswith("appraisals:option-"):
        option = target
        option.refresh_from_db()
        if route == "appraisals:option-edit":
            assert option.name == "Renamed by permission test"
            assert option.history.latest().history_user == user
        elif route == "appraisals:option-archive":
            assert (option.is_archived, option.archived_by) == (True, user)
            return reverse("appraisals:workspace", args=[option.appraisal_id])
        elif route == "appraisals:option-restore":
            assert not option.is_archived
            return reverse("appraisals:workspace", args=[option.appraisal_id])
        elif route == "appraisals:option-lines":
            line = CostBenefitLine.objects.get(label="Permission test line")
            assert (line.option_id, line.history.get().history_user) == (option.pk, user)
        elif route == "appraisals:option-lines-import":
            (line,) = CostBenefitLine.objects.active().filter(option=option)
            assert (line.label, line.history.get().history_user) == ("Imported by permission test", user)
        elif route == "appraisals:option-optimism-bias":
            assert (option.optimism_bias_category, option.optimism_bias_mitigation) == ("outsourcing", D("0.1"))
            assert option.history.latest().history_user == user
        elif route == "appraisals:option-scores":
            score = CriterionScore.objects.get(option=option, criterion="quality")
            assert (score.score, score.history.get().history_user) == (4, user)
        else:  # pragma: no cover
            pytest.fail(f"no change check for {route}")
        return reverse("appraisals:option-detail", args=[option.pk])
    case = target
    case.refresh_from_db()
    if route == "appraisals:business-case-edit":
        assert case.reasons == "Renamed by permission test"
    elif route == "appraisals:business-case-submit":
        assert (case.status, case.submitted_by) == ("submitted", user)
        assert case.snapshot["case"]["board"] == "Programme Board"
    elif route == "appraisals:business-case-new-version":
        newer = BusinessCase.objects.get(supersedes=case)
        assert (newer.version, newer.history.get().history_user) == (case.version + 1, user)
        return reverse("appraisals:business-case", args=[newer.pk])
    else:  # pragma: no cover
        pytest.fail(f"no change check for {route}")
    assert case.history.latest().history_user == user
    return reverse("appraisals:business-case", args=[case.pk])


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()


def test_matrix_covers_every_appraisal_route() -> None:
    from django.urls import get_resolver

    resolver = get_resolver()
    ours = {
        f"appraisals:{name}" for name in resolver.namespace_dict["appraisals"][1].reverse_dict if isinstance(name, str)
    }
    assert len(ours) == 26
    assert ours <= {row[0] for row in MATRIX}


@pytest.mark.django_db
def test_the_wrong_provider_reaches_nothing_by_any_route(
    world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    """Even the option that names the provider's own organisation as partner is hidden from the provider."""
    client = client_for(Role.PROVIDER)
    option = world["options"]["provider_partner"]
    appraisal = world["appraisals"]["published"]
    case = world["cases"]["submitted"]
    before = snapshot()
    paths = (
        [
            reverse(name, args=[option.pk])
            for name in [
                "appraisals:option-detail",
                "appraisals:option-edit",
                "appraisals:option-lines",
                "appraisals:option-lines-export",
                "appraisals:option-history",
                "appraisals:option-scores",
            ]
        ]
        + [
            reverse(name, args=[appraisal.pk])
            for name in ["appraisals:workspace", "appraisals:simulation", "appraisals:history"]
        ]
        + [
            reverse(name, args=[case.pk])
            for name in ["appraisals:business-case", "appraisals:business-case-pdf", "appraisals:business-case-history"]
        ]
    )
    for path in paths:
        assert client.get(path).status_code == 404, path
        assert client.post(path, {}).status_code in {404, 405}, path
    assert snapshot() == before
    review_page = client.get(reverse("reviews:detail", args=[world["reviews"]["published"].pk])).content.decode()
    assert "Options appraisal" not in review_page
    assert reverse("appraisals:workspace", args=[appraisal.pk]) not in review_page


@pytest.mark.django_db
@pytest.mark.parametrize("role", COLUMNS, ids=_label)
def test_the_review_page_links_to_its_appraisal_and_business_case_for_internal_roles(
    role: str | None, world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    review = world["reviews"]["published"]
    content = client_for(role).get(reverse("reviews:detail", args=[review.pk])).content.decode()
    workspace = reverse("appraisals:workspace", args=[world["appraisals"]["published"].pk])
    case = reverse("appraisals:business-case", args=[world["cases"]["submitted"].pk])
    internal = role in Role.INTERNAL
    assert (workspace in content) is internal
    assert (case in content) is internal
