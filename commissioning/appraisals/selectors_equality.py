"""Reads for equality impact assessments (ADR 0036). Visibility agrees with rules_equality.py: internal roles see
every assessment; everyone else a signed-off assessment of a published, current review (not an option's)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from commissioning.appraisals import calculations_equality as eia
from commissioning.appraisals.models import EiaStatus, EqualityImpactAssessment, Option
from commissioning.core.permissions import Role

EIA_LABELS = eia.LABELS  # each characteristic's name, by key


def _internal(user: Any) -> bool:
    role = getattr(user, "role", None) if user.is_authenticated and user.is_active else None
    return role in Role.INTERNAL


def visible_assessments(*, user: Any) -> QuerySet[EqualityImpactAssessment]:
    assessments = EqualityImpactAssessment.objects.all()
    if _internal(user):
        return assessments
    return assessments.filter(
        status=EiaStatus.SIGNED_OFF,
        archived_at__isnull=True,
        option__isnull=True,
        review__published=True,
        review__archived_at__isnull=True,
    )


def assessment_detail(*, user: Any, pk: int) -> EqualityImpactAssessment:
    """Raises EqualityImpactAssessment.DoesNotExist when it is missing or not visible to this user."""
    return (
        visible_assessments(user=user)
        .select_related("review", "option", "option__appraisal", "signed_off_by")
        .get(pk=pk)
    )


def assessment_of_review(*, user: Any, review: Any) -> EqualityImpactAssessment | None:
    """The review's own current assessment (not an option's), if this user may see it."""
    return (
        visible_assessments(user=user)
        .filter(review=review, option__isnull=True, archived_at__isnull=True)
        .select_related("signed_off_by")
        .first()
    )


def assessment_of_option(*, user: Any, option: Option | int) -> EqualityImpactAssessment | None:
    """The option's current assessment, if this user may see it."""
    return (
        visible_assessments(user=user)
        .filter(option=option, archived_at__isnull=True)
        .select_related("signed_off_by")
        .first()
    )


def option_assessments_of_review(*, user: Any, review: Any) -> list[EqualityImpactAssessment]:
    """The current assessments of the review's options, as far as this user may see them (one query)."""
    return list(
        visible_assessments(user=user)
        .filter(review=review, option__isnull=False, archived_at__isnull=True)
        .select_related("option")
        .order_by("option_id")
    )


def unaddressed_negatives_of_option(*, option_id: int) -> tuple[str, ...]:
    """The characteristics the option's current assessment rates negative with neither mitigation nor justification
    (their keys, in order); none when it has no assessment. For governance, which refuses to publish a decision
    that adopts such an option: read whoever is acting."""
    assessment = EqualityImpactAssessment.objects.filter(option_id=option_id, archived_at__isnull=True).first()
    if assessment is None:
        return ()
    return eia.summary_of(assessment).unaddressed


def characteristics_named(keys: tuple[str, ...]) -> str:
    """ "Age and Disability": the characteristics named in a sentence."""
    return eia.labels(keys)
