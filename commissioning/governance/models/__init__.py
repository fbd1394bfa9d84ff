"""Decide: the council's bodies and their members, meetings, decisions with their votes, the forward plan, call-in,
member involvement and the stage gates of a commissioning review (issue 9, ADR 0021).

Councils keep these in a committee-papers system that knows nothing of the review behind a decision. Here every
decision links back to the review, the exact business case version and the evidence it was taken on, and forward to
what it set in motion (contracts and savings, through the golden-thread registry, when they come).

The rules that give these records their meaning (clear days, working days, political balance, who may decide what)
are arithmetic in engine/governance and engine/calendar; the settings a council chooses (call-in period, key decision
threshold) are one ``GovernanceSettings`` row with its history.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel
from commissioning.core.search import Searchable

decision_reference_format = RegexValidator(
    r"^DEC-\d{4}-\d{3,4}$", "Enter a reference like DEC-2026-001: DEC, the year, then a number of three digits."
)
forward_plan_reference_format = RegexValidator(
    r"^FP-\d{4}-\d{3,4}$", "Enter a reference like FP-2026-001: FP, the year, then a number of three digits."
)


# Settings ---------------------------------------------------------------------------------------------------------


class GovernanceSettings(DomainModel):
    """The council's own choices within the law: one row (``governance.selectors.governance_settings`` makes it)."""

    call_in_working_days = models.PositiveSmallIntegerField(
        "Call-in period (working days after publication)", default=5, validators=[MinValueValidator(1)]
    )
    call_in_members = models.PositiveSmallIntegerField(
        "Scrutiny members needed to call in a decision",
        default=2,
        validators=[MinValueValidator(1)],
        help_text="The scrutiny chair can call in a decision alone.",
    )
    key_decision_threshold = models.DecimalField(
        "Key decision threshold (£)",
        max_digits=14,
        decimal_places=2,
        default=Decimal("500000.00"),
        help_text="Spending or savings at or above this are a key decision.",
    )
    forward_plan_clear_days = models.PositiveSmallIntegerField("Forward plan notice (clear days)", default=28)
    agenda_clear_working_days = models.PositiveSmallIntegerField(
        "Agenda published before a meeting (clear working days)", default=5
    )
    general_exception_clear_days = models.PositiveSmallIntegerField("General exception notice (clear days)", default=5)
    response_months = models.PositiveSmallIntegerField(
        "Executive response to scrutiny (months)", default=2, help_text="Used by scrutiny recommendations."
    )
    follow_up_months = models.PositiveSmallIntegerField(
        "Follow-up of scrutiny recommendations (months)",
        default=6,
        validators=[MinValueValidator(1)],
        help_text="How long after the response, and after each follow-up, the committee follows up implementation.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "governance settings"
        verbose_name_plural = "governance settings"

    def __str__(self) -> str:
        return "Governance settings"


# Bodies and membership --------------------------------------------------------------------------------------------


class BodyKind(models.TextChoices):
    COUNCIL = "council", "Full Council"
    CABINET = "cabinet", "Cabinet"
    PORTFOLIO_HOLDER = "portfolio", "Cabinet member (portfolio holder)"
    SCRUTINY = "scrutiny", "Overview and scrutiny committee"
    COMMITTEE = "committee", "Committee"
    PROGRAMME_BOARD = "programme_board", "Programme Board"
    WORKING_GROUP = "working_group", "Cabinet working group"
    TASK_AND_FINISH = "task_finish", "Task and finish group"
    COMMUNITY_COMMITTEE = "community", "Community committee"
    CROSS_PARTY = "cross_party", "Cross-party member group"


# Bodies that take decisions recorded as Decisions (a portfolio holder decides alone). A Programme Board signs off
# a review's evidence pack (a GateSignOff), scrutiny decides a call-in's outcome (on the CallIn), and working groups,
# task and finish groups and cross-party groups advise: none of those makes a Decision.
DECIDING_KINDS = frozenset(
    {BodyKind.COUNCIL, BodyKind.CABINET, BodyKind.PORTFOLIO_HOLDER, BodyKind.COMMITTEE, BodyKind.COMMUNITY_COMMITTEE}
)
# Executive decisions can be called in by scrutiny.
EXECUTIVE_KINDS = frozenset({BodyKind.CABINET, BodyKind.PORTFOLIO_HOLDER})
# Seats on these are allocated to the political groups in proportion to their seats on the council.
BALANCED_KINDS = frozenset({BodyKind.SCRUTINY, BodyKind.COMMITTEE, BodyKind.CROSS_PARTY})


class Body(Searchable, DomainModel):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=BodyKind.choices)
    purpose = models.TextField(blank=True, help_text="Terms of reference, in a sentence or two.")
    portfolio = models.CharField(
        max_length=200, blank=True, help_text="For a cabinet member: the portfolio they hold (e.g. Adult Social Care)."
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="A task and finish group's scrutiny committee; a working group's Cabinet.",
    )
    review = models.ForeignKey(
        "reviews.CommissioningReview",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
        help_text="For a Programme Board: the commissioning review it oversees.",
    )
    wards = models.ManyToManyField("accounts.Ward", blank=True, related_name="community_committees")
    directorate = models.ForeignKey(
        "services.Directorate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portfolio_bodies",
        help_text="For a cabinet member: the directorate whose services their portfolio covers.",
    )
    seats = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many councillors sit on it (for political balance)."
    )
    published = models.BooleanField(default=True, help_text="Published bodies are visible to the public.")

    search_columns: ClassVar[dict[str, tuple[str, ...]]] = {"search_text": ("name", "portfolio", "purpose")}

    history = HistoricalRecords(m2m_fields=[wards], excluded_fields=[*search_columns])

    class Meta:
        verbose_name_plural = "bodies"
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def can_decide(self) -> bool:
        return self.kind in DECIDING_KINDS

    @property
    def is_executive(self) -> bool:
        return self.kind in EXECUTIVE_KINDS

    @property
    def is_politically_balanced(self) -> bool:
        return self.kind in BALANCED_KINDS


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    ADVISER = "adviser", "Adviser"
    SUBSTITUTE = "substitute", "Substitute"


class Membership(DomainModel):
    """A seat on a body: a councillor (with the party they sat for), or an officer as adviser (a lead commissioner
    on a Programme Board). Current while ``ends_on`` is empty or in the future."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")
    councillor = models.ForeignKey(
        "accounts.Councillor", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    party = models.CharField(max_length=100, blank=True, help_text="The political group they sit for.")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["body", "role", "starts_on"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(councillor__isnull=False, officer__isnull=True)
                | Q(councillor__isnull=True, officer__isnull=False),
                name="membership_is_a_councillor_or_an_officer",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        who = self.councillor or self.officer
        return f"{who}, {self.get_role_display().lower()} of {self.body}"


# Meetings ---------------------------------------------------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(DomainModel):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    agenda_published_on = models.DateField(null=True, blank=True)
    minutes = models.TextField(blank=True)
    # The exempt part of the minutes: the minutes of the items taken in private under a paragraph of Schedule 12A.
    # Seen only by those who may see exempt items (governance.view_exempt_item); never published.
    exempt_minutes = models.TextField(blank=True)
    minutes_approved_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.body}, {self.starts_at:%-d %B %Y}"


class Schedule12A(models.TextChoices):
    """Local Government Act 1972, Schedule 12A, Part 1: the descriptions of exempt information."""

    P1 = "1", "1: information relating to any individual"
    P2 = "2", "2: information likely to reveal the identity of an individual"
    P3 = "3", "3: the financial or business affairs of any particular person (including the authority)"
    P4 = "4", "4: consultations or negotiations on labour relations"
    P5 = "5", "5: legal professional privilege"
    P6 = "6", "6: notices, orders or directions the authority proposes to give or make"
    P7 = "7", "7: the prevention, investigation or prosecution of crime"


class AgendaItem(DomainModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    exempt_paragraph = models.CharField(
        "Exempt under Schedule 12A paragraph",
        max_length=1,
        choices=Schedule12A.choices,
        blank=True,
        help_text="Leave empty for an open item. Exempt items and their papers are never public.",
    )
    papers = models.TextField(blank=True, help_text="The papers for the item, one per line.")
    review = models.ForeignKey(
        "reviews.CommissioningReview", null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["meeting", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["meeting", "number"], condition=Q(archived_at__isnull=True), name="one_item_number_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def is_exempt(self) -> bool:
        return bool(self.exempt_paragraph)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Attendance(DomainModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    councillor = models.ForeignKey("accounts.Councillor", on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)

    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "councillor"], name="one_attendance_per_member_per_meeting")
        ]


# Forward plan -----------------------------------------------------------------------------------------------------


class Urgency(models.TextChoices):
    NONE = "", "Notice given on the forward plan"
    GENERAL_EXCEPTION = "general_exception", "General exception (scrutiny chair told, five clear days' notice)"
    SPECIAL_URGENCY = "special_urgency", "Special urgency (scrutiny chair agreed)"


class ForwardPlanStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    TAKEN = "taken", "Decision taken"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ForwardPlanEntry(Searchable, DomainModel):
    """A key decision the executive intends to take, published at least 28 clear days before it is taken."""

    reference = models.CharField(max_length=12, unique=True, validators=[forward_plan_reference_format])
    matter = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    decision_maker = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="forward_plan_entries")
    planned_on = models.DateField("Date of the decision")
    first_published_on = models.DateField("First published on the forward plan", null=True, blank=True)
    documents = models.TextField(blank=True, help_text="The documents to be considered, one per line.")
    contact_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(
        "reviews.CommissioningReview",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forward_plan_entries",
    )
    wards = models.ManyToManyField("accounts.Ward", blank=True, related_name="forward_plan_entries")
    exempt_paragraph = models.CharField(max_length=1, choices=Schedule12A.choices, blank=True)
    status = models.CharField(max_length=10, choices=ForwardPlanStatus.choices, default=ForwardPlanStatus.PLANNED)

    search_columns: ClassVar[dict[str, tuple[str, ...]]] = {"search_text": ("reference", "matter", "summary")}

    history = HistoricalRecords(m2m_fields=[wards], excluded_fields=[*search_columns])

    class Meta:
        verbose_name = "forward plan entry"
        verbose_name_plural = "forward plan entries"
        ordering: ClassVar = ["planned_on", "reference"]

    def __str__(self) -> str:
        return f"{self.matter} ({self.reference})"


# Decisions --------------------------------------------------------------------------------------------------------


class MakerKind(models.TextChoices):
    BODY = "body", "A body (Council, Cabinet or a committee)"
    PORTFOLIO_HOLDER = "portfolio", "A cabinet member alone"
    OFFICER = "officer", "An officer under delegated powers"


class DecisionCategory(models.TextChoices):
    """Which body holds the power (the council's rules in ``DecisionPowerRule``)."""

    BUDGET_POLICY = "budget_policy", "Budget and policy framework"
    KEY = "key", "Key decision"
    OTHER = "other", "Other decision"


class KeyReason(models.TextChoices):
    NONE = "", "Not a key decision"
    FINANCIAL = "financial", "At or over the financial threshold"
    WARDS = "wards", "Significant in two or more wards"
    BOTH = "both", "Over the financial threshold and significant in two or more wards"


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded by a later version"


class Decision(Searchable, DomainModel):
    """One version of a decision. Versions share a reference; a published version is never changed: a correction or
    a reconsideration after call-in is a new version (``supersedes`` the last) with its reason, and every version
    stays readable."""

    reference = models.CharField(max_length=12, validators=[decision_reference_format])
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    change_reason = models.TextField(blank=True, help_text="Why this version replaces the one before it.")
    status = models.CharField(max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT)

    title = models.CharField("Matter", max_length=300)
    summary = models.TextField(blank=True)
    category = models.CharField(max_length=16, choices=DecisionCategory.choices, default=DecisionCategory.OTHER)
    maker_kind = models.CharField("Decision maker", max_length=10, choices=MakerKind.choices)
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="delegated_decisions"
    )
    delegation = models.CharField(
        max_length=300, blank=True, help_text="For an officer: the delegated power used (scheme of delegation)."
    )
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    decided_on = models.DateField()

    # What it was taken on: the review, the exact business case version (frozen when submitted) and the option.
    review = models.ForeignKey(
        "reviews.CommissioningReview", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    business_case = models.ForeignKey(
        "appraisals.BusinessCase", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    adopted_option = models.ForeignKey(
        "appraisals.Option", null=True, blank=True, on_delete=models.PROTECT, related_name="adopting_decisions"
    )
    # A decision adopting a programme scenario as the council's programme of reviews (issue 11, ADR 0023).
    scenario = models.ForeignKey(
        "reviews.ProgrammeScenario",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name="programme scenario adopted",
    )
    report = models.CharField(max_length=300, blank=True, help_text="The report it was taken on, when not a case.")
    options_rejected = models.TextField("Options considered and rejected", blank=True)
    reasons = models.TextField("Reasons for the decision")

    # Key decisions and the forward plan.
    key_reason = models.CharField(max_length=10, choices=KeyReason.choices, blank=True, default=KeyReason.NONE)
    value = models.DecimalField(
        "Value (£)", max_digits=14, decimal_places=2, null=True, blank=True, help_text="Spending or saving."
    )
    wards = models.ManyToManyField("accounts.Ward", blank=True, related_name="decisions")
    forward_plan_entry = models.ForeignKey(
        ForwardPlanEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    urgency = models.CharField(max_length=20, choices=Urgency.choices, blank=True, default=Urgency.NONE)
    scrutiny_chair_told_on = models.DateField(
        null=True, blank=True, help_text="General exception: when the scrutiny chair was told."
    )
    urgency_agreed_by = models.CharField(
        max_length=200, blank=True, help_text="Special urgency: the scrutiny chair (or mayor) who agreed."
    )
    exempt_paragraph = models.CharField(max_length=1, choices=Schedule12A.choices, blank=True)

    # The vote (a decision by one person has none). Named votes, when recorded, are NamedVote rows.
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_abstained = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_absent = models.PositiveSmallIntegerField(null=True, blank=True)

    # Publication and call-in.
    published_on = models.DateField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    call_in_deadline = models.DateField(null=True, blank=True, help_text="Last day a call-in may be made.")
    implementable_from = models.DateField("May be implemented from", null=True, blank=True)

    search_columns: ClassVar[dict[str, tuple[str, ...]]] = {"search_text": ("reference", "title", "summary")}

    history = HistoricalRecords(m2m_fields=[wards], excluded_fields=[*search_columns])

    class Meta:
        ordering: ClassVar = ["-decided_on", "reference", "-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["reference", "version"], name="one_decision_version_per_number"),
            models.CheckConstraint(
                condition=Q(maker_kind="officer", officer__isnull=False, body__isnull=True)
                | (~Q(maker_kind="officer") & Q(body__isnull=False, officer__isnull=True)),
                name="decision_maker_is_a_body_or_an_officer",
            ),
        ]

    def __str__(self) -> str:
        version = f" v{self.version}" if self.version > 1 else ""
        return f"{self.title} ({self.reference}{version})"

    @property
    def is_key(self) -> bool:
        return bool(self.key_reason)

    @property
    def is_published(self) -> bool:
        return self.status in {DecisionStatus.PUBLISHED, DecisionStatus.SUPERSEDED}

    @property
    def is_executive(self) -> bool:
        return self.body is not None and self.body.is_executive


class Resolution(DomainModel):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="resolutions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    amount = models.DecimalField(
        "Amount (£)", max_digits=14, decimal_places=2, null=True, blank=True, help_text="Money the resolution commits."
    )
    one_off = models.BooleanField(default=False, help_text="A one-off sum rather than a recurring one.")
    funded_by = models.CharField(max_length=200, blank=True, help_text="For example: virement from reserves.")

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["decision", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["decision", "number"], name="one_resolution_number_per_decision")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class VoteCast(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Against"
    ABSTAIN = "abstain", "Abstained"
    ABSENT = "absent", "Absent"


class NamedVote(DomainModel):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="named_votes")
    councillor = models.ForeignKey("accounts.Councillor", on_delete=models.PROTECT, related_name="votes")
    vote = models.CharField(max_length=8, choices=VoteCast.choices)

    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["decision", "councillor"], name="one_named_vote_per_member")
        ]


class InterestKind(models.TextChoices):
    DISCLOSABLE_PECUNIARY = "dpi", "Disclosable pecuniary interest"
    OTHER_REGISTRABLE = "ori", "Other registrable interest"
    NON_REGISTRABLE = "nri", "Non-registrable interest"


class InterestAction(models.TextChoices):
    LEFT_ROOM = "left_room", "Left the room"
    DID_NOT_VOTE = "did_not_vote", "Stayed but did not take part or vote"
    SPOKE_NOT_VOTED = "spoke", "Spoke as a member of the public, then left"
    TOOK_PART = "took_part", "Took part and voted (interest not prejudicial)"
    DISPENSATION = "dispensation", "Took part under a dispensation"


class Declaration(DomainModel):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="declarations")
    councillor = models.ForeignKey("accounts.Councillor", on_delete=models.PROTECT, related_name="declarations")
    kind = models.CharField(max_length=4, choices=InterestKind.choices)
    interest = models.TextField(help_text="What the interest is.")
    action = models.CharField("What the member did", max_length=12, choices=InterestAction.choices)

    history = HistoricalRecords()


class DecisionPowerRule(DomainModel):
    """Which decision makers may take a category of decision (the council's constitution): the Plan-to-Do gate asks
    for a decision by one of these."""

    category = models.CharField(max_length=16, choices=DecisionCategory.choices, unique=True)
    body_kinds = models.CharField(
        max_length=200, help_text="Comma-separated BodyKind values, e.g. 'cabinet,portfolio' (empty: none)."
    )
    officers_may_decide = models.BooleanField(default=False)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.get_category_display()


# Call-in ----------------------------------------------------------------------------------------------------------


class CallInOutcome(models.TextChoices):
    OPEN = "", "Awaiting the scrutiny meeting"
    NO_FURTHER_ACTION = "no_action", "No further action: the decision may be implemented"
    REFERRED_BACK = "referred_back", "Referred back to the decision maker with recommendations"
    REFERRED_TO_COUNCIL = "to_council", "Referred to full Council"


class CallIn(DomainModel):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="call_ins")
    grounds = models.TextField()
    made_on = models.DateField()
    members = models.ManyToManyField("accounts.Councillor", related_name="call_ins")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="call_ins")
    outcome = models.CharField(max_length=16, choices=CallInOutcome.choices, blank=True, default=CallInOutcome.OPEN)
    recommendations = models.TextField(blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    reconsidered_as = models.OneToOneField(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="reconsideration_of"
    )

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = "call-in"
        ordering: ClassVar = ["-made_on"]

    def __str__(self) -> str:
        return f"Call-in of {self.decision}"

    @property
    def is_open(self) -> bool:
        """Open until scrutiny decides; a referral stays open until the decision maker reconsiders."""
        if not self.outcome:
            return True
        return self.outcome != CallInOutcome.NO_FURTHER_ACTION and self.reconsidered_as_id is None


# Member involvement -----------------------------------------------------------------------------------------------


class InvolvementPart(models.TextChoices):
    DECIDES = "decides", "Decides"
    CONSULTED = "consulted", "Consulted"
    INFORMED = "informed", "Informed"
    CRITICAL_FRIEND = "critical_friend", "Critical friend"


class Participant(models.TextChoices):
    """Who a protocol step involves; a review's plan turns each into named people and bodies."""

    PROGRAMME_BOARD = "programme_board", "The review's Programme Board"
    PORTFOLIO_HOLDER = "portfolio_holder", "The portfolio holder"
    LEAD_COMMISSIONER = "lead_commissioner", "The lead commissioner"
    WARD_COUNCILLORS = "ward_councillors", "Ward councillors of the wards the services serve"
    SCRUTINY = "scrutiny", "The relevant scrutiny committee"
    CABINET = "cabinet", "Cabinet"
    COUNCIL = "council", "Full Council"
    CROSS_PARTY = "cross_party", "The cross-party member group"


class ProtocolStep(DomainModel):
    """The council-wide default protocol: for each stage of the cycle, who decides, is consulted, is informed or acts
    as critical friend, and what is asked of them. Members amend it (with history)."""

    stage = models.CharField(
        max_length=10, choices=[("analyse", "Analyse"), ("plan", "Plan"), ("do", "Do"), ("review", "Review")]
    )
    participant = models.CharField(max_length=20, choices=Participant.choices)
    part = models.CharField(max_length=16, choices=InvolvementPart.choices)
    asked = models.CharField("What is asked of them", max_length=300)
    weeks_into_stage = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(104)], help_text="When it is asked: weeks after the stage begins."
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["stage", "weeks_into_stage", "participant"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["stage", "participant", "part"],
                condition=Q(archived_at__isnull=True),
                name="one_protocol_step_per_stage_participant_part",
            )
        ]


class InvolvementEntry(DomainModel):
    """One line of a review's involvement plan: a named councillor, officer or body, their part at a stage, what is
    asked of them and by when. Generated from the protocol; amended per review with a reason (history keeps it)."""

    review = models.ForeignKey(
        "reviews.CommissioningReview", on_delete=models.PROTECT, related_name="involvement_entries"
    )
    stage = models.CharField(max_length=10, choices=ProtocolStep._meta.get_field("stage").choices)
    part = models.CharField(max_length=16, choices=InvolvementPart.choices)
    participant = models.CharField(max_length=20, choices=Participant.choices, blank=True)
    councillor = models.ForeignKey(
        "accounts.Councillor", null=True, blank=True, on_delete=models.PROTECT, related_name="involvement"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="involvement"
    )
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT, related_name="involvement")
    asked = models.CharField("What is asked of them", max_length=300)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    from_protocol = models.ForeignKey(
        ProtocolStep, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    amendment_reason = models.TextField(blank=True, help_text="Why this review departs from the protocol.")

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "involvement entries"
        ordering: ClassVar = ["review", "stage", "due_on"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(councillor__isnull=False) | Q(officer__isnull=False) | Q(body__isnull=False),
                name="involvement_names_someone",
            )
        ]


# Stage gates ------------------------------------------------------------------------------------------------------


class Gate(models.TextChoices):
    ANALYSE_TO_PLAN = "analyse_plan", "Analyse to Plan: the Programme Board signs off the evidence pack"
    PLAN_TO_DO = "plan_do", "Plan to Do: a published decision has adopted an option, past call-in"


class GateSignOff(DomainModel):
    """A Programme Board's sign-off of a review's evidence pack (the Analyse-to-Plan gate). The Plan-to-Do gate is
    passed by a Decision, not a sign-off."""

    review = models.ForeignKey("reviews.CommissioningReview", on_delete=models.PROTECT, related_name="gate_sign_offs")
    gate = models.CharField(max_length=12, choices=Gate.choices, default=Gate.ANALYSE_TO_PLAN)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="gate_sign_offs")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signed_off_on = models.DateField()
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    evidence_fingerprint = models.CharField(
        max_length=64, blank=True, help_text="What the evidence pack held when it was signed off."
    )
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["review", "-signed_off_on"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["review", "gate"], condition=Q(archived_at__isnull=True), name="one_current_sign_off_per_gate"
            )
        ]


# Issue 10's parts live in their own modules: scrutiny's work programmes, inquiries and evidence sessions (ADR 0034);
# its recommendations and responses, and the contract monitoring protocol (ADR 0035); committee reports (ADR 0037).
from commissioning.governance.models.protocol import (  # noqa: E402, F401
    Frequency,
    MonitoringProtocol,
    ProtocolAmendment,
    RatingThreshold,
    SignalKind,
)
from commissioning.governance.models.recommendations import (  # noqa: E402, F401
    ActionProgress,
    ActionStatus,
    FollowUp,
    ImplementationStatus,
    Recommendation,
    RecommendationAction,
    RecommendationTo,
    ResponseKind,
)
from commissioning.governance.models.reports import SOURCE_FIELDS as SOURCE_FIELDS  # noqa: E402
from commissioning.governance.models.reports import CommitteeReport as CommitteeReport  # noqa: E402
from commissioning.governance.models.reports import ReportSource as ReportSource  # noqa: E402
from commissioning.governance.models.reports import ReportStatus as ReportStatus  # noqa: E402
from commissioning.governance.models.scrutiny import (  # noqa: E402, F401
    EvidenceSession,
    Inquiry,
    InquiryKind,
    InquiryReportStatus,
    SubjectKind,
    WorkItemStatus,
    WorkProgramme,
    WorkProgrammeItem,
)
