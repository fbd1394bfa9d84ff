"""Reads for the risk register: the only place that builds risk querysets, and where visibility is applied (it
agrees with rules.py: the council's staff see every risk, scrutiny and councillors the published ones, nobody else
any)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import rules
from django.apps import apps
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.core.search import search
from commissioning.reviews.models import CommissioningReview
from commissioning.risks import calculations
from commissioning.risks.models import Level, Risk, RiskAction, RiskReview
from commissioning.services.models import Directorate

SORTS = {
    "reference": ("reference",),
    "title": ("title", "reference"),
    "residual": ("residual_score", "reference"),
    "inherent": ("inherent_score", "reference"),
    "next_review": ("next_review_on", "reference"),
}
DEFAULT_SORT = "-residual"
# The roles a risk's owner (and an action's owner) is chosen from: rules.can_add_risks.
OWNER_ROLES = ("officer", "director", "finance", "admin")


@dataclass(frozen=True)
class RiskFilters:
    """What the register was asked for. Empty values mean "any"."""

    q: str = ""
    level: str = ""
    directorate: int | None = None
    category: str = ""
    owner: int | None = None
    band: str = ""
    overdue: bool = False
    sort: str = "residual"
    descending: bool = True


def visible_risks(*, user: Any) -> QuerySet[Risk]:
    """The current risks the user may see: every one for the council's staff, the published ones for scrutiny and
    councillors, none for anyone else."""
    if rules.has_perm("risks.view_unpublished_risks", user):
        return Risk.objects.filter(archived_at__isnull=True)
    if rules.has_perm("risks.list_risks", user):
        return Risk.objects.filter(archived_at__isnull=True, published=True)
    return Risk.objects.none()


def _overdue_actions(today: dt.date) -> Exists:
    return Exists(
        RiskAction.objects.filter(risk=OuterRef("pk"), done_on__isnull=True, archived_at__isnull=True, due_on__lt=today)
    )


def risk_list(*, user: Any, filters: RiskFilters) -> QuerySet[Risk]:
    """The register, filtered and sorted, each risk with its scores and whether an action of it is overdue."""
    today = timezone.localdate()
    risks = (
        visible_risks(user=user)
        .select_related("owner", "directorate", "review", "contract", "escalated_by")
        .annotate(
            residual_score=F("residual_likelihood") * F("residual_impact"),
            inherent_score=F("inherent_likelihood") * F("inherent_impact"),
            has_overdue_action=_overdue_actions(today),
        )
    )
    risks = search(risks, filters.q, "search_text")
    if filters.level in Level.values:
        risks = risks.filter(level=filters.level)
    if filters.directorate:
        risks = risks.filter(directorate_id=filters.directorate)
    if filters.category:
        risks = risks.filter(category=filters.category)
    if filters.owner:
        risks = risks.filter(owner_id=filters.owner)
    scores = calculations.band_range(filters.band)
    if scores is not None:
        risks = risks.filter(residual_score__gte=scores[0], residual_score__lte=scores[1])
    if filters.overdue:
        risks = risks.filter(Q(next_review_on__lt=today) | Q(has_overdue_action=True))
    order = SORTS.get(filters.sort, SORTS["residual"])
    if filters.descending:
        order = (f"-{order[0]}", *order[1:])
    return risks.order_by(*order, "pk")


def heat_map_cells(risks: QuerySet[Risk]) -> list[list[calculations.Cell]]:
    """The 5x5 grid of the risks' residual scores: one query, whatever the number of risks."""
    placed = risks.order_by("reference").values_list("reference", "residual_likelihood", "residual_impact")
    return calculations.grid(placed)


def risk_detail(*, user: Any, pk: int) -> Risk:
    """A risk the user may see, with its owner, links, controls, actions and reviews (raises Risk.DoesNotExist)."""
    return (
        visible_risks(user=user)
        .select_related("owner", "directorate", "review", "contract", "escalated_by")
        .prefetch_related(
            "controls",
            Prefetch("actions", queryset=RiskAction.objects.select_related("owner").order_by("due_on", "pk")),
            Prefetch("reviews", queryset=RiskReview.objects.select_related("reviewed_by")),
        )
        .get(pk=pk)
    )


def action_detail(*, user: Any, pk: int) -> RiskAction:
    """An action of a risk the user may see (raises RiskAction.DoesNotExist)."""
    return RiskAction.objects.select_related("risk").get(pk=pk, risk__in=visible_risks(user=user))


@dataclass(frozen=True)
class ScorePoint:
    """A risk's scores at one point in its history."""

    when: dt.datetime
    by: str
    reason: str
    inherent: int
    residual: int
    target: int


def score_history(risk: Risk) -> list[ScorePoint]:
    """Each change of the risk's scores, oldest first (the entries that changed no score are left out)."""
    entries = risk.history.select_related("history_user").order_by("history_date", "history_id")
    points: list[ScorePoint] = []
    for entry in entries:
        scores = (
            entry.inherent_likelihood * entry.inherent_impact,
            entry.residual_likelihood * entry.residual_impact,
            entry.target_likelihood * entry.target_impact,
        )
        if points and (points[-1].inherent, points[-1].residual, points[-1].target) == scores:
            continue
        by = str(entry.history_user) if entry.history_user else ""
        points.append(ScorePoint(entry.history_date, by, entry.history_change_reason or "", *scores))
    return points


EXPORT_HEADERS = [
    "Reference", "Level", "Title", "Owner", "Category", "Directorate", "Review", "Contract", "Cause", "Event", "Effect",
    "Inherent likelihood", "Inherent impact", "Inherent score", "Residual likelihood", "Residual impact",
    "Residual score", "Residual band", "Target likelihood", "Target impact", "Target score", "Response", "Proximity",
    "Next review", "Review overdue", "Action overdue", "Published",
]  # fmt: skip


def risk_export_rows(risks: QuerySet[Risk]) -> Iterator[list[Any]]:
    today = timezone.localdate()
    for risk in risks.iterator(chunk_size=500):
        yield [
            risk.reference,
            risk.get_level_display(),
            risk.title,
            str(risk.owner),
            risk.get_category_display(),
            risk.directorate.name if risk.directorate else "",
            risk.review.reference if risk.review else "",
            risk.contract.reference if risk.contract else "",
            risk.cause,
            risk.event,
            risk.effect,
            risk.inherent_likelihood,
            risk.inherent_impact,
            risk.inherent,
            risk.residual_likelihood,
            risk.residual_impact,
            risk.residual,
            calculations.band_label(risk.residual),
            risk.target_likelihood,
            risk.target_impact,
            risk.target,
            risk.get_response_display(),
            risk.get_proximity_display(),
            risk.next_review_on.isoformat(),
            "Yes" if risk.next_review_on < today else "No",
            "Yes" if getattr(risk, "has_overdue_action", False) else "No",
            "Yes" if risk.published else "No",
        ]


def risks_of_review(*, user: Any, review_id: int) -> QuerySet[Risk]:
    """The current risks the user may see that were raised on a review (escalated ones too), highest residual first."""
    return (
        visible_risks(user=user)
        .filter(review_id=review_id)
        .select_related("owner")
        .annotate(residual_score=F("residual_likelihood") * F("residual_impact"))
        .order_by("-residual_score", "reference")
    )


def risks_of_contract(*, user: Any, contract_id: int) -> QuerySet[Risk]:
    """The current risks the user may see that were raised on a contract (escalated ones too), highest residual
    first."""
    return (
        visible_risks(user=user)
        .filter(contract_id=contract_id)
        .select_related("owner")
        .annotate(residual_score=F("residual_likelihood") * F("residual_impact"))
        .order_by("-residual_score", "reference")
    )


def contract_by_reference(reference: str) -> Any | None:
    """The current contract (or in-house plan) on the register with this reference, or None. Read through the string
    key's model: risks imports nothing of contracts, its sibling (a metropolitan council has thousands of contracts,
    so the form asks for one by reference rather than listing them)."""
    contract = apps.get_model("contracts", "Contract")
    found: Any | None = (
        contract.objects.filter(archived_at__isnull=True, reference__iexact=reference.strip())
        .select_related("directorate")
        .first()
    )
    return found


def contract_of(*, contract_id: int) -> Any | None:
    """A current contract by its id (the risk form's link from a contract's page), or None."""
    contract = apps.get_model("contracts", "Contract")
    found: Any | None = contract.objects.filter(archived_at__isnull=True, pk=contract_id).first()
    return found


def risk_review_detail(*, user: Any, pk: int) -> RiskReview:
    """A recorded review of a risk the user may see, with its risk (and the risk's owner, directorate and review) and
    who reviewed it: the source of a committee report (raises RiskReview.DoesNotExist)."""
    return (
        RiskReview.objects.filter(archived_at__isnull=True, risk__in=visible_risks(user=user))
        .select_related("risk__owner", "risk__directorate", "risk__review", "reviewed_by")
        .get(pk=pk)
    )


def risk_of_review_record(*, user: Any, risk_review: RiskReview) -> QuerySet[Risk]:
    """The risk a recorded review is of, if the user may see it (the extract of a committee report on the review)."""
    return (
        visible_risks(user=user)
        .filter(pk=risk_review.risk_id)
        .select_related("owner")
        .annotate(residual_score=F("residual_likelihood") * F("residual_impact"))
    )


def corporate_risks(*, user: Any) -> QuerySet[Risk]:
    return (
        visible_risks(user=user)
        .filter(level=Level.CORPORATE)
        .select_related("owner")
        .annotate(residual_score=F("residual_likelihood") * F("residual_impact"))
        .order_by("-residual_score", "reference")
    )


def owner_choices() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=OWNER_ROLES).order_by("last_name", "first_name", "username")


def owner_filter_choices(*, user: Any) -> list[tuple[int, str]]:
    """The register's owner filter: the people who own a risk the user may see (one query, however many staff)."""
    owners = User.objects.filter(pk__in=visible_risks(user=user).values("owner_id")).order_by(
        "last_name", "first_name", "username"
    )
    return [(owner.pk, str(owner)) for owner in owners]


def directorate_choices() -> QuerySet[Directorate]:
    return Directorate.objects.filter(archived_at__isnull=True).order_by("name")


def review_choices() -> QuerySet[CommissioningReview]:
    return CommissioningReview.objects.filter(archived_at__isnull=True).order_by("reference")


def review_of(*, review_id: int) -> CommissioningReview | None:
    return CommissioningReview.objects.filter(pk=review_id).first()


def next_reference() -> str:
    """The next free reference, like RSK-0042."""
    numbers = [
        int(ref[4:]) for ref in Risk.objects.filter(reference__startswith="RSK-").values_list("reference", flat=True)
        if ref[4:].isdigit()
    ]  # fmt: skip
    return f"RSK-{(max(numbers) + 1) if numbers else 1:04d}"
