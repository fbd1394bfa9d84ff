"""Who may do what with equality impact assessments (ADR 0036): every route, every role (and anonymous), every state.

Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

Officers and directors start and edit the assessments of reviews they may edit; only a director signs one off, and a
signed-off assessment is final. Every internal role reads them. The public, providers (another organisation's
contact) and partners see a signed-off assessment of a published review, never a draft, an option's, one of an
unpublished review or a decommissioning's (404).

States. Assessments: draft (an option's, of a published review, complete and ready to sign off), review_signed (a
published review's own, signed off), review_draft (a published review's own, draft), unpublished_signed (an
unpublished review's own, signed off), option_signed (an option's, signed off), decommissioning (a decommissioning's,
draft). To start: new_review (a published review with none), new_unpublished (an unpublished review with none),
new_option (an option with none), proposed (a decommissioning with none).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from commissioning.appraisals import actions_equality as act
from commissioning.appraisals.calculations_equality import KEYS
from commissioning.appraisals.models import EqualityImpactAssessment, Option
from commissioning.contracts import actions_decommissioning
from commissioning.contracts.models import Decommissioning
from commissioning.core.permissions import Role
from commissioning.reviews.models import CommissioningReview
from tests import matrix
from tests.commissioning.appraisals.factories import OptionFactory
from tests.factories import DirectorateFactory, OrganisationFactory, ReviewFactory, ServiceFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, NO_VERB, OK

READ = (HIDDEN, OK, OK, OK, OK, OK, OK, HIDDEN, OK, OK, HIDDEN)
PUBLIC = (OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK)
EDIT_GET = (HIDDEN, OK, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
EDIT_POST = (HIDDEN, DONE, DONE, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
SIGN_GET = (HIDDEN, DENIED, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
SIGN_POST = (HIDDEN, DENIED, DONE, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
FINAL = (LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
START_PUBLIC_GET = (LOGIN, OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
START_PUBLIC_POST = (LOGIN, DONE, DONE, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
HISTORY_PUBLIC = (LOGIN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, DENIED)
POST_ONLY = (NO_VERB,) * 11

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                                      method  state                 outcomes
    ("equality:create-review",             "GET",  "new_review",         START_PUBLIC_GET),
    ("equality:create-review",             "POST", "new_review",         START_PUBLIC_POST),
    ("equality:create-review",             "GET",  "new_unpublished",    EDIT_GET),
    ("equality:create-review",             "POST", "new_unpublished",    EDIT_POST),
    ("equality:create-option",             "GET",  "new_option",         EDIT_GET),
    ("equality:create-option",             "POST", "new_option",         EDIT_POST),
    ("equality:detail",                           "GET",  "draft",              READ),
    ("equality:detail",                           "GET",  "review_signed",      PUBLIC),
    ("equality:detail",                           "GET",  "review_draft",       READ),
    ("equality:detail",                           "GET",  "unpublished_signed", READ),
    ("equality:detail",                           "GET",  "option_signed",      READ),
    ("equality:detail",                           "GET",  "decommissioning",    READ),
    ("equality:edit-characteristic",       "GET",  "draft",              EDIT_GET),
    ("equality:edit-characteristic",       "POST", "draft",              EDIT_POST),
    ("equality:edit-characteristic",       "POST", "decommissioning",    EDIT_POST),
    ("equality:edit-characteristic",       "POST", "review_signed",      FINAL),
    ("equality:edit-conclusion",           "GET",  "draft",              EDIT_GET),
    ("equality:edit-conclusion",           "POST", "draft",              EDIT_POST),
    ("equality:edit-conclusion",           "POST", "review_signed",      FINAL),
    ("equality:sign-off",                  "GET",  "draft",              SIGN_GET),
    ("equality:sign-off",                  "POST", "draft",              SIGN_POST),
    ("equality:sign-off",                  "POST", "review_signed",      FINAL),
    ("equality:history",                   "GET",  "draft",              READ),
    ("equality:history",                   "GET",  "review_signed",      HISTORY_PUBLIC),
    ("contracts:decommissioning-eia-start",      "GET",  "proposed",           POST_ONLY),
    ("contracts:decommissioning-eia-start",      "POST", "proposed",           EDIT_POST),
]
# fmt: on


def _complete(assessment: EqualityImpactAssessment, by: Any) -> EqualityImpactAssessment:
    for key in KEYS:
        answer = act.CharacteristicAnswer(impact="neutral", evidence="No different effect.")
        assessment = act.eia_characteristic_update(assessment=assessment, characteristic=key, answer=answer, by=by)
    return act.eia_conclusion_update(assessment=assessment, conclusion="No negative impact.", by=by)


def _signed(assessment: EqualityImpactAssessment, officer: Any, director: Any) -> EqualityImpactAssessment:
    return act.eia_sign_off(assessment=_complete(assessment, officer), by=director)


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
    officer, director = users[Role.OFFICER], users[Role.DIRECTOR]
    common = {"directorate": DirectorateFactory(name="Adults and Health", code="ADH"), "lead_commissioner": officer}
    published = ReviewFactory(reference="CR-2026-401", title="Day centres review", public=True, **common)
    unpublished = ReviewFactory(reference="CR-2026-402", title="Transport review", **common)
    other = ReviewFactory(reference="CR-2026-403", title="Libraries review", public=True, **common)
    new_review = ReviewFactory(reference="CR-2026-404", title="Parks review", public=True, **common)
    new_unpublished = ReviewFactory(reference="CR-2026-405", title="Markets review", **common)
    option = OptionFactory(appraisal__review=published, name="Outsource")
    signed_option = OptionFactory(appraisal=option.appraisal, name="Share")
    new_option = OptionFactory(appraisal=option.appraisal, name="Mutual")
    decommissioning = actions_decommissioning.decommissioning_create(
        details=actions_decommissioning.DecommissioningStart(
            title="Day centre", lead=officer, service=ServiceFactory()
        ),
        by=officer,
    )
    proposed = actions_decommissioning.decommissioning_create(
        details=actions_decommissioning.DecommissioningStart(
            title="Lunch club", lead=officer, service=ServiceFactory()
        ),
        by=officer,
    )
    assessments = {
        "draft": _complete(act.eia_create(option=option, by=officer), officer),
        "review_signed": _signed(act.eia_create(review=published, by=officer), officer, director),
        "review_draft": act.eia_create(review=other, by=officer),
        "unpublished_signed": _signed(act.eia_create(review=unpublished, by=officer), officer, director),
        "option_signed": _signed(act.eia_create(option=signed_option, by=officer), officer, director),
        "decommissioning": actions_decommissioning.decommissioning_eia_start(record=decommissioning, by=officer).eia,
    }
    return {
        "users": users,
        "assessments": assessments,
        "new": {
            "new_review": new_review,
            "new_unpublished": new_unpublished,
            "new_option": new_option,
            "proposed": proposed,
        },
    }


world = matrix.world_fixture(_build_world)


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state in world["new"]:
        record = world["new"][state]
        return type(record).objects.get(pk=record.pk)
    return EqualityImpactAssessment.objects.get(pk=world["assessments"][state].pk)


def _url(route: str, target: Any, world: dict[str, Any]) -> str:
    if route == "equality:edit-characteristic":
        return reverse(route, args=[target.pk, "age"])
    return reverse(route, args=[target.pk])


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    return {
        "equality:edit-characteristic": {
            "impact": "negative",
            "evidence": "Most users are over 75.",
            "mitigation": "Transport to the new venue.",
        },
        "equality:edit-conclusion": {"conclusion": "Acceptable with the mitigation."},
    }.get(route, {})


def snapshot() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for model in (EqualityImpactAssessment, Decommissioning):
        fields = [field.attname for field in model._meta.concrete_fields]
        found[model.__name__] = list(model.objects.order_by("pk").values(*fields))
        found[f"{model.__name__} history"] = model.history.count()  # type: ignore[attr-defined]
    return found


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    if route in ("equality:create-review", "equality:create-option"):
        lookup = {"option": target} if isinstance(target, Option) else {"review": target, "option__isnull": True}
        assessment = EqualityImpactAssessment.objects.get(**lookup)
        assert isinstance(target, Option | CommissioningReview)
        assert assessment.history.get().history_user == user
        return reverse("equality:detail", args=[assessment.pk])
    if route == "contracts:decommissioning-eia-start":
        target.refresh_from_db()
        assert target.eia is not None
        assert target.eia.history.get().history_user == user
        return reverse("equality:detail", args=[target.eia_id])
    target.refresh_from_db()
    assert target.history.first().history_user == user
    if route == "equality:edit-characteristic":
        assert (target.age_impact, target.age_mitigation) == ("negative", "Transport to the new venue.")
        return reverse("equality:detail", args=[target.pk]) + "#age"
    if route == "equality:edit-conclusion":
        assert target.conclusion == "Acceptable with the mitigation."
    if route == "equality:sign-off":
        assert (target.status, target.signed_off_by) == ("signed_off", user)
    return reverse("equality:detail", args=[target.pk])


PERMISSIONS = matrix.Matrix(
    MATRIX, snapshot=snapshot, target=_target, url=_url, post_data=_post_data, check_change=_check_change
)
test_permission_matrix = PERMISSIONS.test()
