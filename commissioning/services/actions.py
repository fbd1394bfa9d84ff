"""Writes for the service catalogue: keyword-only, validated, one transaction, each with a history entry."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import Organisation, User, Ward
from commissioning.core.actions import record_archive, record_edited, record_restore
from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import claim_form_token
from commissioning.core.problems import RowProblem, RowsInvalid
from commissioning.core.references import save_with_reference
from commissioning.services.calculations import financial_year_problem
from commissioning.services.models import EXTERNAL_DELIVERY, DeliveryModel, Directorate, ReviewStatus, Service
from commissioning.services.selectors import next_reference, reference_in_use

STATUTE_REQUIRED = "Enter the statute that requires this service, like Care Act 2014, s.18"
STATUTE_NOT_STATUTORY = "Remove the statute, or say the service is statutory"
PROVIDER_REQUIRED = "Choose who delivers the service: a {model} service is delivered by another organisation"
PROVIDER_IN_HOUSE = "Remove the provider: an in-house service is delivered by the council itself"
NET_ABOVE_GROSS = "Net budget cannot be more than the gross budget: net budget is gross budget less income"
REFERENCE_TAKEN = "Reference {reference} is already used by another service: choose another, or leave it blank"
DIRECTORATE_ARCHIVED = "Choose a current directorate: {name} has been archived"
ARCHIVE_REASON_REQUIRED = "Enter why the service is being archived"
RESTORE_REASON_REQUIRED = "Enter why the service is being restored"
ALREADY_ARCHIVED = "This service is already archived"
NOT_ARCHIVED = "This service is not archived"


@dataclass(frozen=True)
class ServiceDetails:
    """Everything an officer edits about a service."""

    name: str
    directorate: Directorate
    accountable_officer: User
    is_statutory: bool
    delivery_model: str
    budget_year: str
    gross_budget: Decimal
    net_budget: Decimal
    staff_fte: Decimal
    annual_demand: int
    demand_unit: str
    reference: str = ""
    description: str = ""
    statutory_basis: str = ""
    provider: Organisation | None = None
    wards: Sequence[Ward] = field(default_factory=tuple)
    next_review_due: dt.date | None = None
    published: bool = False


def _validate(details: ServiceDetails, *, existing: Service | None) -> None:
    errors: dict[str, str] = {}
    if details.is_statutory and not details.statutory_basis.strip():
        errors["statutory_basis"] = STATUTE_REQUIRED
    if not details.is_statutory and details.statutory_basis.strip():
        errors["statutory_basis"] = STATUTE_NOT_STATUTORY
    if details.delivery_model in EXTERNAL_DELIVERY and details.provider is None:
        label = DeliveryModel(details.delivery_model).label.lower()
        errors["provider"] = PROVIDER_REQUIRED.format(model=label)
    if details.delivery_model == DeliveryModel.IN_HOUSE and details.provider is not None:
        errors["provider"] = PROVIDER_IN_HOUSE
    if details.net_budget > details.gross_budget:
        errors["net_budget"] = NET_ABOVE_GROSS
    year_problem = financial_year_problem(details.budget_year)
    if year_problem:
        errors["budget_year"] = year_problem
    if details.directorate.is_archived and (existing is None or existing.directorate_id != details.directorate.pk):
        errors["directorate"] = DIRECTORATE_ARCHIVED.format(name=details.directorate.name)
    if details.reference and reference_in_use(reference=details.reference, excluding=existing):
        errors["reference"] = REFERENCE_TAKEN.format(reference=details.reference)
    if errors:
        raise ValidationError(errors)


def _apply(service: Service, details: ServiceDetails) -> None:
    values = {f.name: getattr(details, f.name) for f in fields(details) if f.name != "wards"}
    values.update(
        name=details.name.strip(),
        description=details.description.strip(),
        statutory_basis=details.statutory_basis.strip(),
        demand_unit=details.demand_unit.strip(),
    )
    if not values["reference"]:
        values.pop("reference")
    for name, value in values.items():
        setattr(service, name, value)


@transaction.atomic
def service_create(*, details: ServiceDetails, by: User, form_token: uuid.UUID | None = None) -> Service:
    claim = claim_form_token(form_token, by=by)
    _validate(details, existing=None)
    service = Service()
    _apply(service, details)
    save_with_reference(
        service,
        generate=None if details.reference else lambda: next_reference(directorate=details.directorate),
        taken=REFERENCE_TAKEN,
        by=by,
        reason="Service added to the catalogue",
        m2m={"wards": details.wards},
        exclude=["wards"],
    )
    claim.made(service)
    return service


@transaction.atomic
def service_update(
    *, service: Service, details: ServiceDetails, by: User, reason: str = "", version: str | None = None
) -> Service:
    service = record_edited(service, version=version, already_archived=ALREADY_ARCHIVED)
    _validate(details, existing=service)
    _apply(service, details)
    save_with_reference(
        service,
        generate=None,
        taken=REFERENCE_TAKEN,
        by=by,
        reason=reason.strip() or "Details updated",
        m2m={"wards": details.wards},
        exclude=["wards"],
    )
    return service


@transaction.atomic
def service_archive(*, service: Service, by: User, reason: str) -> Service:
    return record_archive(
        record=service, by=by, reason=reason, reason_required=ARCHIVE_REASON_REQUIRED, already=ALREADY_ARCHIVED
    )


@transaction.atomic
def service_restore(*, service: Service, by: User, reason: str) -> Service:
    return record_restore(
        record=service, by=by, reason=reason, reason_required=RESTORE_REASON_REQUIRED, not_archived=NOT_ARCHIVED
    )


REVIEW_STATUS_REASON = "Review status follows its reviews: {reason}"


@transaction.atomic
def service_review_status_set(*, service: Service, status: str, by: User, reason: str) -> bool:
    """Set the service's review status, which follows from the reviews covering it (the reviews app works it out
    and calls this in its own transaction). One history entry when it changes, none when it is already ``status``.
    Returns whether it changed.
    """
    return bool(service_review_status_set_many(statuses={service.pk: status}, by=by, reason=reason))


@transaction.atomic
def service_review_status_set_many(*, statuses: Mapping[int, str], by: User, reason: str) -> set[int]:
    """Set many services' review statuses (service id -> status) with one locking read: one history entry for each
    service whose status changes, none for the others. Returns the ids of the services that changed."""
    for status in statuses.values():
        if status not in ReviewStatus.values:
            raise ValueError(f"not a review status: {status!r}")
    changed: set[int] = set()
    for fresh in Service.objects.select_for_update().filter(pk__in=statuses).order_by("pk"):
        status = statuses[fresh.pk]
        if fresh.review_status != status:
            fresh.review_status = status
            save_with_history(fresh, by=by, reason=REVIEW_STATUS_REASON.format(reason=reason))
            changed.add(fresh.pk)
    return changed


# Budgets in bulk (the imports app) -----------------------------------------------------------------------------------

BUDGET_UNKNOWN_SERVICE = "no service has the reference {reference}: check the reference on the service's page"
BUDGET_SERVICE_ARCHIVED = "{reference} is archived: restore the service before changing its budget"
BUDGET_SERVICE_TWICE = (
    "{reference} is also given a budget for {other} in this file: a service holds one financial year's budget, "
    "so give one year for each service"
)
BUDGET_YEAR_EARLIER = (
    "{reference} already holds its {current} budget, and {year} is an earlier year: give the {current} budget, "
    "or a later year's"
)
BUDGET_FIELDS = ("budget_year", "gross_budget", "net_budget", "staff_fte", "annual_demand")


@dataclass(frozen=True)
class ServiceBudget:
    """One service's budget summary for a financial year, as an import gives it. None keeps the current value."""

    reference: str
    budget_year: str
    gross_budget: Decimal
    net_budget: Decimal
    staff_fte: Decimal | None = None
    annual_demand: int | None = None
    row_number: int | None = None  # the spreadsheet's row it came from, named in its problems


@dataclass(frozen=True)
class BudgetsSaved:
    updated: int
    unchanged: int


def _budget_problems(budgets: Sequence[ServiceBudget], services: dict[str, Service]) -> list[RowProblem]:
    problems: list[RowProblem] = []
    first_year: dict[str, str] = {}
    for budget in budgets:
        reference = budget.reference.upper()
        service = services.get(reference)

        def problem(name: str, message: str, row: int | None = budget.row_number) -> None:
            problems.append(RowProblem(row, name, message))

        if service is None:
            problem("reference", BUDGET_UNKNOWN_SERVICE.format(reference=reference))
            continue
        if service.is_archived:
            problem("reference", BUDGET_SERVICE_ARCHIVED.format(reference=reference))
        if reference in first_year:
            problem("reference", BUDGET_SERVICE_TWICE.format(reference=reference, other=first_year[reference]))
        first_year.setdefault(reference, budget.budget_year)
        year_problem = financial_year_problem(budget.budget_year)
        if year_problem:
            problem("budget_year", year_problem)
        elif budget.budget_year < service.budget_year:  # canonical labels sort in time order
            problem(
                "budget_year",
                BUDGET_YEAR_EARLIER.format(reference=reference, current=service.budget_year, year=budget.budget_year),
            )
        for name in ("gross_budget", "net_budget", "staff_fte", "annual_demand"):
            value = getattr(budget, name)
            if value is None:
                continue
            try:
                Service._meta.get_field(name).run_validators(value)  # type: ignore[union-attr]
            except ValidationError as error:
                problem(name, " ".join(error.messages))
        if budget.net_budget > budget.gross_budget:
            problem("net_budget", NET_ABOVE_GROSS)
    return problems


@transaction.atomic
def service_budget_update_many(
    *,
    budgets: Sequence[ServiceBudget],
    by: User,
    reason: str,
    progress: Callable[[int], None] | None = None,
) -> BudgetsSaved:
    """Set many services' budget summaries at once, all or nothing: any problem raises RowsInvalid listing every
    one (each naming the budget's ``row_number`` and the ServiceBudget field at fault), and nothing is saved.

    A service whose figures change gets one history entry, with the reason. A service whose figures are already
    these is not saved at all (no history entry), so giving the same budgets twice changes nothing the second time.
    An empty staff FTE or annual demand keeps the current value. ``progress`` is told how many budgets are done.
    """
    references = {budget.reference.upper() for budget in budgets}
    services = {
        service.reference: service for service in Service.objects.select_for_update().filter(reference__in=references)
    }
    problems = _budget_problems(budgets, services)
    if problems:
        raise RowsInvalid(problems)
    updated = unchanged = 0
    for done, budget in enumerate(budgets, start=1):
        service = services[budget.reference.upper()]
        changes = {
            name: value
            for name in BUDGET_FIELDS
            if (value := getattr(budget, name)) is not None and getattr(service, name) != value
        }
        if changes:
            for name, value in changes.items():
                setattr(service, name, value)
            save_with_history(service, by=by, reason=reason)
            updated += 1
        else:
            unchanged += 1
        if progress is not None:
            progress(done)
    return BudgetsSaved(updated=updated, unchanged=unchanged)
