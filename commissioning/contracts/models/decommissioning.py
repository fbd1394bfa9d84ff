"""Decommissioning: the record of ending a service or a contract, from the evidence to monitoring afterwards.

One record per service or contract decommissioned, in stages (the GOV.UK task list on its page): the evidence
(outcomes, use, cost and need, with the service's indicators), the equality impact assessment, consultation, the
decision (governance's, by a string key: a sibling app), notice given to the provider, workforce implications
(TUPE), the exit and transition plan for the people who use the service (``TransitionStep``) and monitoring
afterwards (``MonitoringNote``).

The equality impact assessment is its own record (``appraisals.EqualityImpactAssessment``, ADR 0036), linked by
``eia`` and started from the record's page; ``eia_summary`` keeps a summary written before the record existed, shown
when no assessment is linked.

The register of decommissioned services is public once the decision is published (``PUBLIC_FIELDS``): the public
sees what was decommissioned, why in plain words, the decision, the consultation, when the service ends and the
steps for the people who use it; never the evidence's detail, the notice, the workforce or the monitoring.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.appraisals.models import EqualityImpactAssessment
from commissioning.contracts.models.register import Contract
from commissioning.core.models import DomainModel
from commissioning.outcomes.models import Indicator
from commissioning.services.models import Service

decommissioning_reference_format = RegexValidator(
    r"^DCM-\d{4}-\d{3,5}$", "Enter a reference like DCM-2026-001: DCM, a hyphen, the year, a hyphen, digits"
)


class DecommissioningStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    DECIDED = "decided", "Decided"


class Tupe(models.TextChoices):
    NOT_KNOWN = "", "Not yet known"
    APPLIES = "applies", "Yes: TUPE applies"
    NOT_APPLICABLE = "not_applicable", "No: TUPE does not apply"


# What the public register shows of a decided record, once its decision is published (and no more).
PUBLIC_FIELDS = (
    "reference",
    "title",
    "service",
    "contract",
    "public_summary",
    "decision",
    "consultation_start",
    "consultation_end",
    "consultation_summary",
    "service_ends_on",
)


class Decommissioning(DomainModel):
    reference = models.CharField(max_length=20, unique=True, validators=[decommissioning_reference_format])
    title = models.CharField(max_length=300)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="decommissionings"
    )
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="decommissionings"
    )
    status = models.CharField(
        max_length=10, choices=DecommissioningStatus.choices, default=DecommissioningStatus.PROPOSED
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_decommissionings",
        verbose_name="lead officer",
    )
    public_summary = models.TextField("Why it is being decommissioned", blank=True)

    # The evidence
    evidence_outcomes = models.TextField("Outcomes", blank=True)
    evidence_use = models.TextField("Use", blank=True)
    evidence_cost = models.TextField("Cost", blank=True)
    evidence_need = models.TextField("Need", blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="decommissionings")

    # The equality impact assessment (appraisals' record; the summary from before it existed: see the docstring)
    eia = models.OneToOneField(
        EqualityImpactAssessment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decommissioning",
        verbose_name="equality impact assessment",
    )
    eia_summary = models.TextField("Equality impact assessment summary", blank=True)

    # Consultation
    consultation_start = models.DateField(null=True, blank=True)
    consultation_end = models.DateField(null=True, blank=True)
    consultation_summary = models.TextField(blank=True)

    # The decision (a sibling app's record: a string key, never an import)
    decision = models.ForeignKey(
        "governance.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="decommissionings"
    )

    # Notice to the provider
    notice_given_on = models.DateField(null=True, blank=True)
    service_ends_on = models.DateField("Service ends on", null=True, blank=True)

    # Workforce
    tupe = models.CharField("TUPE", max_length=20, choices=Tupe.choices, blank=True, default=Tupe.NOT_KNOWN)
    staff_affected = models.PositiveIntegerField(null=True, blank=True)
    workforce_notes = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        ordering: ClassVar = ["-reference"]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"

    @property
    def is_decided(self) -> bool:
        return self.status == DecommissioningStatus.DECIDED


class TransitionStep(DomainModel):
    """One step of the exit and transition plan for the people who use the service: what, by when, who."""

    decommissioning = models.ForeignKey(Decommissioning, on_delete=models.PROTECT, related_name="steps")
    description = models.CharField(max_length=500)
    due_on = models.DateField()
    owner = models.CharField(max_length=200, help_text="The officer or team responsible.")

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class MonitoringNote(DomainModel):
    """A dated note of monitoring after the service ended: how the people who used it are getting on."""

    decommissioning = models.ForeignKey(Decommissioning, on_delete=models.PROTECT, related_name="notes")
    noted_on = models.DateField()
    note = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-noted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.noted_on}: {self.note[:40]}"
