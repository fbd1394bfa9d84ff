"""The demo council's equality impact assessment (ADR 0036): one review's, signed off, with a negative impact on
age and on disability, each mitigated. One row in bulk, with its creation history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from simple_history.utils import bulk_create_with_history

from commissioning.appraisals import calculations_equality as eia
from commissioning.appraisals.models import EiaStatus, EqualityImpactAssessment
from commissioning.core.demo import SeedContext

REASON = "Demo council seeded"

ANSWERS: dict[str, tuple[str, str, str]] = {
    "age": (
        eia.NEGATIVE,
        "Two in three people who use the service are over 75 (service records, 2025/26).",
        "Everyone over 75 gets a review of their needs and a named contact before any change; transport to the new"
        " venues is provided.",
    ),
    "disability": (
        eia.NEGATIVE,
        "Four in ten users have a physical disability; two of the proposed venues have steps at the entrance.",
        "Only accessible venues are used; home visits stay for those who cannot travel.",
    ),
    "carers": (
        eia.POSITIVE,
        "Carers asked for longer opening hours in the consultation (62 responses).",
        "",
    ),
    "socio_economic": (
        eia.NEUTRAL,
        "Charges do not change; the venues are on the same bus routes.",
        "",
    ),
}
NEUTRAL_EVIDENCE = "No evidence of a different effect on this group (service records and consultation responses)."


def seed_assessment(ctx: SeedContext, review: Any) -> None:
    """The review's assessment, unless it has one already."""
    if EqualityImpactAssessment.objects.filter(review=review, option__isnull=True).exists():
        return
    director = ctx.made["users"]["director"]
    fields: dict[str, Any] = {}
    for key in eia.KEYS:
        impact, evidence, mitigation = ANSWERS.get(key, (eia.NEUTRAL, NEUTRAL_EVIDENCE, ""))
        fields[f"{key}_impact"] = impact
        fields[f"{key}_evidence"] = evidence
        fields[f"{key}_mitigation"] = mitigation
    assessment = EqualityImpactAssessment(
        review=review,
        title=f"{review.title} ({review.reference})",
        status=EiaStatus.SIGNED_OFF,
        conclusion="Older and disabled people would be affected most; the mitigations reduce the effect on both to an"
        " acceptable level, and carers would benefit from the longer opening hours.",
        signed_off_by=director,
        signed_off_at=dt.datetime.combine(ctx.today, dt.time(9, 0), tzinfo=dt.UTC),
        **fields,
    )
    bulk_create_with_history([assessment], EqualityImpactAssessment, default_change_reason=REASON)
