"""Writes for equality impact assessments (ADR 0036): start one, answer a characteristic, write the conclusion,
sign it off. A signed-off assessment is final. Sign-off is refused, naming the characteristics, while a
characteristic is not assessed, a negative impact has neither mitigation nor justification, or the conclusion is
missing; nothing is saved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.appraisals import calculations_equality as eia
from commissioning.appraisals.models import EiaStatus, EqualityImpactAssessment, Option
from commissioning.core.actions import record_edited, record_save
from commissioning.core.concurrency import claim_form_token
from commissioning.reviews.models import CommissioningReview

EIA_EXISTS = "{subject} already has an equality impact assessment"
EIA_SUBJECT_REQUIRED = "Say what is assessed: a review, an option or a decommissioning"
EIA_OPTION_REMOVED = "{option} has been taken off the shortlist: it cannot be assessed"
EIA_ARCHIVED = "This equality impact assessment has been archived"
EIA_SIGNED_OFF_IS_FINAL = "This equality impact assessment has been signed off: it can no longer be changed"
EIA_UNKNOWN_CHARACTERISTIC = "There is no characteristic called {key}"
EIA_IMPACT_REQUIRED = "Select the impact on {characteristic}: positive, neutral or negative"
EIA_NOT_RATED = "Assess the impact on {characteristics} before signing off"
EIA_NEGATIVE_UNMITIGATED = (
    "The impact on {characteristics} is negative with no mitigation: record how it is mitigated, or why going ahead"
    " is justified, before signing off"
)
EIA_CONCLUSION_REQUIRED = "Enter the overall conclusion before signing off"

STARTED = "Started"
SIGNED_OFF = "Signed off"


@dataclass(frozen=True)
class CharacteristicAnswer:
    impact: str
    evidence: str = ""
    mitigation: str = ""
    justification: str = ""


def _subject_title(review: CommissioningReview | None, option: Option | None) -> str:
    if option is not None:
        return f"{option.name} ({option.appraisal.review.reference})"
    if review is not None:
        return f"{review.title} ({review.reference})"
    return ""


@transaction.atomic
def eia_create(
    *,
    by: Any,
    review: CommissioningReview | None = None,
    option: Option | None = None,
    title: str = "",
    form_token: str | None = None,
) -> EqualityImpactAssessment:
    """Start the assessment of a review or of an option (whose review it names too), or, with neither, of what
    ``title`` names (a decommissioning, whose app links it). One current assessment per review and per option."""
    claim = claim_form_token(form_token, by=by)
    if option is not None:
        option = Option.objects.select_for_update(no_key=True).select_related("appraisal__review").get(pk=option.pk)
        if option.is_archived:
            raise ValidationError(EIA_OPTION_REMOVED.format(option=option.name))
        review = option.appraisal.review
        taken = EqualityImpactAssessment.objects.filter(option=option, archived_at__isnull=True).exists()
    elif review is not None:
        review = CommissioningReview.objects.select_for_update(no_key=True).get(pk=review.pk)
        taken = EqualityImpactAssessment.objects.filter(
            review=review, option__isnull=True, archived_at__isnull=True
        ).exists()
    else:
        taken = False
    subject = _subject_title(review, option) or title.strip()
    if not subject:
        raise ValidationError(EIA_SUBJECT_REQUIRED)
    if taken:
        raise ValidationError(EIA_EXISTS.format(subject=subject))
    assessment = EqualityImpactAssessment(review=review, option=option, title=subject[:300])
    return record_save(assessment, by=by, reason=STARTED, claim=claim)


def _draft(assessment: EqualityImpactAssessment, version: str | None) -> EqualityImpactAssessment:
    fresh = record_edited(assessment, version=version, already_archived=EIA_ARCHIVED)
    if fresh.is_signed_off:
        raise ValidationError(EIA_SIGNED_OFF_IS_FINAL)
    return fresh


@transaction.atomic
def eia_characteristic_update(
    *,
    assessment: EqualityImpactAssessment,
    characteristic: str,
    answer: CharacteristicAnswer,
    by: Any,
    version: str | None = None,
) -> EqualityImpactAssessment:
    """Record the impact on one characteristic, its evidence, mitigation and justification."""
    if characteristic not in eia.LABELS:
        raise ValidationError(EIA_UNKNOWN_CHARACTERISTIC.format(key=characteristic))
    label = eia.LABELS[characteristic]
    if answer.impact not in eia.IMPACTS:
        raise ValidationError({"impact": EIA_IMPACT_REQUIRED.format(characteristic=label)})
    fresh = _draft(assessment, version)
    setattr(fresh, f"{characteristic}_impact", answer.impact)
    setattr(fresh, f"{characteristic}_evidence", answer.evidence.strip())
    setattr(fresh, f"{characteristic}_mitigation", answer.mitigation.strip())
    setattr(fresh, f"{characteristic}_justification", answer.justification.strip())
    return record_save(fresh, by=by, reason=f"{label} assessed")


@transaction.atomic
def eia_conclusion_update(
    *, assessment: EqualityImpactAssessment, conclusion: str, by: Any, version: str | None = None
) -> EqualityImpactAssessment:
    fresh = _draft(assessment, version)
    fresh.conclusion = conclusion.strip()
    return record_save(fresh, by=by, reason="Conclusion written")


def sign_off_messages(assessment: EqualityImpactAssessment) -> list[str]:
    """Why the assessment cannot be signed off yet, in words (none when it can)."""
    words = {
        eia.NOT_RATED: EIA_NOT_RATED,
        eia.UNADDRESSED: EIA_NEGATIVE_UNMITIGATED,
        eia.NO_CONCLUSION: EIA_CONCLUSION_REQUIRED,
    }
    return [
        words[problem.code].format(characteristics=eia.labels(problem.characteristics))
        for problem in eia.sign_off_problems(eia.summary_of(assessment), conclusion=assessment.conclusion)
    ]


@transaction.atomic
def eia_sign_off(
    *, assessment: EqualityImpactAssessment, by: Any, version: str | None = None
) -> EqualityImpactAssessment:
    """Sign the assessment off (who and when); refused with every reason it cannot be, and nothing saved."""
    fresh = _draft(assessment, version)
    problems = sign_off_messages(fresh)
    if problems:
        raise ValidationError(problems)
    fresh.status = EiaStatus.SIGNED_OFF
    fresh.signed_off_by = by
    fresh.signed_off_at = timezone.now()
    return record_save(fresh, by=by, reason=SIGNED_OFF)
