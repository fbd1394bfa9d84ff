"""Committee reports (issue 10, ADR 0037): a report in the council's format, drafted from the records behind it.

A report's *source* is the record it reports on: one nullable foreign key per kind of source, exactly one of them set
(a check constraint): a commissioning review, a decision, a scrutiny work-programme item or a recorded risk review
(the risks app's, a sibling: a string key, and its draft comes through core.report_sources), so each source keeps a
real foreign key (PROTECT, joins, the golden thread) rather than a generic (content type, id) pair.

The sections are the council's (the June 2010 Council report): executive summary, numbered recommendations, the
summary of implications (financial, legal, HR, equalities, environmental and climate, each with its contact
officer), implications on corporate priorities, the statement on risk (the risk register extract is appended from
the risks app through core.thread), introduction, background, consultation, appendices, background papers, contact
officer, accountability and the scrutiny function. An exempt part (Schedule 12A) is a separate section the public
never sees.

A draft is cleared by the finance officer (section 151) and the monitoring officer: each sign-off (who, when,
comment) is on the report and in its history; any edit after a sign-off clears both. Only a report with both is
published, onto a meeting's agenda item.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel
from commissioning.governance.models import AgendaItem, Decision, Schedule12A


class ReportSource(models.TextChoices):
    REVIEW = "review", "Commissioning review"
    DECISION = "decision", "Decision"
    SCRUTINY_ITEM = "scrutiny", "Scrutiny work-programme item"
    RISK_REVIEW = "risk_review", "Risk review"


# The foreign key each kind of source is held in (exactly that one is set: the check constraint below).
SOURCE_FIELDS = {
    ReportSource.REVIEW: "review",
    ReportSource.DECISION: "decision",
    ReportSource.SCRUTINY_ITEM: "scrutiny_item",
    ReportSource.RISK_REVIEW: "risk_review",
}


def _one_source() -> Q:
    condition = Q()
    for kind, name in SOURCE_FIELDS.items():
        others = {f"{other}__isnull": True for other in SOURCE_FIELDS.values() if other != name}
        condition |= Q(source_kind=kind.value, **{f"{name}__isnull": False}, **others)
    return condition


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class CommitteeReport(DomainModel):
    title = models.CharField(max_length=300)
    report_of = models.CharField(
        "Report of", max_length=200, help_text="Who the report is from, for example: the Chief Executive."
    )
    source_kind = models.CharField(max_length=12, choices=ReportSource.choices, editable=False)
    review = models.ForeignKey(
        "reviews.CommissioningReview",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_reports",
        editable=False,
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="committee_reports", editable=False
    )
    scrutiny_item = models.ForeignKey(
        "governance.WorkProgrammeItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_reports",
        editable=False,
    )
    # A sibling in the DELIVER tier: a string key, never an import (ARCHITECTURE.md, "Apps sit in tiers").
    risk_review = models.ForeignKey(
        "risks.RiskReview",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_reports",
        editable=False,
    )
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False)

    # 1. Executive summary and recommendations.
    executive_summary = models.TextField("Executive summary (the issue)", blank=True)
    recommendations = models.TextField(blank=True, help_text="One recommendation a line: they are numbered.")
    # 1.3 Summary of implications, each with its contact officer.
    financial = models.TextField("Financial implications", blank=True)
    financial_contact = models.CharField("Financial: contact officer", max_length=300, blank=True)
    legal = models.TextField("Legal implications", blank=True)
    legal_contact = models.CharField("Legal: contact officer", max_length=300, blank=True)
    hr = models.TextField("HR implications", blank=True)
    hr_contact = models.CharField("HR: contact officer", max_length=300, blank=True)
    equalities = models.TextField("Equalities implications", blank=True)
    equalities_contact = models.CharField("Equalities: contact officer", max_length=300, blank=True)
    environmental = models.TextField("Environmental and climate implications", blank=True)
    environmental_contact = models.CharField("Environmental and climate: contact officer", max_length=300, blank=True)
    # 1.4 and 1.5.
    corporate_priorities = models.TextField("Implications on corporate priorities", blank=True)
    risk_statement = models.TextField("Statement on risk", blank=True)
    # 2 to 4.
    introduction = models.TextField(blank=True)
    background = models.TextField(blank=True)
    consultation = models.TextField(blank=True)
    # The table at the end.
    appendices = models.TextField(blank=True, help_text="One appendix a line: they are numbered.")
    background_papers = models.TextField(blank=True)
    contact_officer = models.CharField(max_length=300, blank=True)
    accountability = models.TextField(blank=True)
    scrutiny_function = models.TextField(blank=True)

    # The exempt part: never public.
    exempt_paragraph = models.CharField(
        "Exempt part: Schedule 12A paragraph", max_length=1, choices=Schedule12A.choices, blank=True
    )
    exempt_part = models.TextField(
        blank=True, help_text="Information exempt from publication. The public never sees it, on the page or the PDF."
    )

    # Clearance: the section 151 officer (finance) and the monitoring officer (legal).
    finance_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    finance_signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    finance_comment = models.TextField(blank=True, editable=False)
    legal_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    legal_signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    legal_comment = models.TextField(blank=True, editable=False)

    # Publication onto a meeting's agenda.
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="committee_reports", editable=False
    )
    published_on = models.DateField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-updated_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=_one_source(),
                name="committee_report_has_one_source",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(
                    finance_signed_at__isnull=False,
                    legal_signed_at__isnull=False,
                    agenda_item__isnull=False,
                    published_on__isnull=False,
                ),
                name="committee_report_published_when_cleared",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def source(self) -> models.Model:
        return getattr(self, SOURCE_FIELDS[ReportSource(self.source_kind)])  # type: ignore[no-any-return]

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def is_cleared(self) -> bool:
        return self.finance_signed_at is not None and self.legal_signed_at is not None

    @property
    def recommendation_lines(self) -> list[str]:
        return [line.strip() for line in self.recommendations.splitlines() if line.strip()]

    @property
    def appendix_lines(self) -> list[str]:
        return [line.strip() for line in self.appendices.splitlines() if line.strip()]

    @property
    def has_exempt_part(self) -> bool:
        return bool(self.exempt_part.strip())
