"""Reads for virements: the only place that builds their querysets, and who may see them (internal users)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from commissioning.core.permissions import Role
from commissioning.finance.models import BudgetLine, Virement, VirementBand, VirementSettings, VirementStatus

COUNTED = (VirementStatus.REQUESTED, VirementStatus.APPROVED)  # refused virements do not count towards a band
_LINE = ("service", "service__directorate")


@dataclass(frozen=True)
class VirementFilters:
    """What the list page was asked for. Empty values mean "any"."""

    year: str = ""
    status: str = ""
    band: int | None = None


def _internal(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "role", None) in Role.INTERNAL)


def visible_virements(*, user: Any) -> QuerySet[Virement]:
    """Everyone who works for or is elected to the council sees the virements; residents and providers none."""
    return Virement.objects.all() if _internal(user) else Virement.objects.none()


def _with_lines(virements: QuerySet[Virement]) -> QuerySet[Virement]:
    return virements.select_related(
        *(f"{end}__{part}" for end in ("from_line", "to_line") for part in _LINE), "requested_by", "decided_by"
    )


def virement_list(*, user: Any, filters: VirementFilters) -> QuerySet[Virement]:
    virements = visible_virements(user=user)
    if filters.year:
        virements = virements.filter(financial_year=filters.year)
    if filters.status:
        virements = virements.filter(status=filters.status)
    if filters.band:
        virements = virements.filter(band=filters.band)
    return _with_lines(virements).order_by("-financial_year", "-requested_on", "-reference")


def virement_detail(*, user: Any, pk: int) -> Virement:
    """Raises Virement.DoesNotExist when missing or not visible to this user."""
    return _with_lines(visible_virements(user=user)).select_related("decision").get(pk=pk)


def virement_years() -> list[str]:
    return list(Virement.objects.order_by("-financial_year").values_list("financial_year", flat=True).distinct())


def virement_settings() -> VirementSettings | None:
    return VirementSettings.objects.active().order_by("pk").first()


def section_151_officer_id() -> int | None:
    found = virement_settings()
    return found.section_151_officer_id if found is not None else None


def council_band_rows() -> list[VirementBand]:
    return list(VirementBand.objects.active().order_by("approver"))


def counted_amounts(*, line: BudgetLine, year: str, before: Virement | None = None) -> list[Decimal]:
    """The amounts of the line's approved and pending virements in the year (either way), leaving out ``before``
    and any requested after it (a virement's band counts those requested no later than itself)."""
    virements = Virement.objects.filter(Q(from_line=line) | Q(to_line=line), financial_year=year, status__in=COUNTED)
    if before is not None:
        virements = virements.filter(pk__lt=before.pk)
    return list(virements.values_list("amount", flat=True))


def budget_line_choices(*, year: str | None = None) -> QuerySet[BudgetLine]:
    lines = BudgetLine.objects.active().select_related("service")
    return lines.filter(financial_year=year) if year else lines.order_by("-financial_year", "service__name")


def budget_line_detail(*, user: Any, pk: int) -> BudgetLine:
    """Raises BudgetLine.DoesNotExist when missing or not visible (budget lines are internal)."""
    lines = BudgetLine.objects.all() if _internal(user) else BudgetLine.objects.none()
    return lines.select_related(*_LINE).get(pk=pk)


def virements_of_line(*, line: BudgetLine) -> QuerySet[Virement]:
    return _with_lines(Virement.objects.filter(Q(from_line=line) | Q(to_line=line))).order_by(
        "-requested_on", "-reference"
    )


def later_lines(*, service_id: int, year: str) -> QuerySet[BudgetLine]:
    """The service's budget lines after the year (labels like 2026/27 sort as the years do)."""
    return BudgetLine.objects.active().filter(service_id=service_id, financial_year__gt=year)


def references_in(*, prefix: str) -> list[str]:
    return list(Virement.objects.filter(reference__startswith=prefix).values_list("reference", flat=True))
