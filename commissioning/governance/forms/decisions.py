"""Forms for decisions (versions, resolutions, votes, declarations), the forward plan of key decisions and call-in.

Each field is checked here; the rules across fields (the vote against the body's members, the forward plan's notice,
the business case version) are the actions', reported back through ``apply_errors``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django import forms

from commissioning.core.forms import (
    ActionErrorsMixin,
    CountField,
    FilterFormMixin,
    GovukDateField,
    MoneyField,
    RecordFormMixin,
)
from commissioning.governance.actions.decisions import (
    DecisionDetails,
    DeclarationDetails,
    ForwardPlanDetails,
    ResolutionDetails,
)
from commissioning.governance.models import (
    CallInOutcome,
    DecisionCategory,
    DecisionStatus,
    ForwardPlanEntry,
    InterestAction,
    InterestKind,
    MakerKind,
    Schedule12A,
    Urgency,
)
from commissioning.governance.selectors import decisions as selectors

RESOLUTION_SLOTS = 6
DECLARATION_SLOTS = 3

TITLE_REQUIRED = "Enter the matter decided"
MAKER_REQUIRED = "Select who took the decision"
DECIDED_ON_SUBJECT = "Date of the decision"
VALUE_INVALID = "Value must be an amount of money, like 80,000"
AMOUNT_INVALID = "Amount must be an amount of money, like 80,000"
COUNT_INVALID = "Enter a whole number of votes, like 29"
COUNT_NEGATIVE = "Votes cannot be fewer than 0"
NAMED_VOTE_FORMAT = (
    "Write each named vote on its own line as the councillor's name, a colon, then for, against, abstained or absent"
)
NAMED_VOTE_UNKNOWN = "No councillor is called {name}: check the spelling against the list of councillors"
NAMED_VOTE_TWICE = "{name} is named twice"
NAMED_VOTES_DISAGREE = (
    "The named votes ({named}) do not match the counts entered ({counts}): correct one or leave the counts empty"
)
VOTE_WORDS = {"for": "for", "against": "against", "abstained": "abstain", "abstain": "abstain", "absent": "absent"}
DECLARATION_INCOMPLETE = "Enter the interest, its kind and what the member did, or leave the councillor empty"
MATTER_REQUIRED = "Enter the matter to be decided"
PLANNED_ON_SUBJECT = "Date of the decision"
CONTACT_REQUIRED = "Select the contact officer"
MAKER_PLAN_REQUIRED = "Select the decision maker"
GROUNDS_REQUIRED = "Enter the grounds for the call-in"
REASON_REQUIRED = "Enter why this version replaces the one before it"
OUTCOME_REQUIRED = "Select the outcome of the scrutiny meeting"
OUTCOME_ON_SUBJECT = "Date of the scrutiny meeting's decision"


class _Labelled(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if hasattr(obj, "get_full_name"):
            return obj.get_full_name() or obj.username
        return str(obj)


class OptionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.appraisal.review.reference}: {obj.name}"


def _count(label: str) -> CountField:
    return CountField(
        label=label,
        required=False,
        min_value=0,
        error_messages={"invalid": COUNT_INVALID, "min_value": COUNT_NEGATIVE},
    )


class DecisionForm(RecordFormMixin, forms.Form):
    title = forms.CharField(label="Matter", max_length=300, error_messages={"required": TITLE_REQUIRED})
    summary = forms.CharField(label="Summary (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    maker_kind = forms.ChoiceField(
        label="Decision maker",
        choices=MakerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": MAKER_REQUIRED},
    )
    body = _Labelled(
        label="Body or cabinet member",
        queryset=selectors.deciding_body_choices().none(),
        required=False,
        empty_label="Choose the body",
        help_text="Council, Cabinet, a committee, or the cabinet member who decided alone.",
    )
    officer = _Labelled(
        label="Officer (under delegated powers)", queryset=selectors.officer_choices().none(), required=False
    )
    delegation = forms.CharField(label="Delegated power used (officers)", required=False, max_length=300)
    category = forms.ChoiceField(label="Category", choices=DecisionCategory.choices, initial=DecisionCategory.OTHER)
    decided_on = GovukDateField(label="Date of the decision", subject=DECIDED_ON_SUBJECT, example="29 11 2026")
    meeting = forms.ModelChoiceField(
        label="Meeting (optional)", queryset=selectors.meeting_choices().none(), required=False
    )
    agenda_item = forms.ModelChoiceField(
        label="Agenda item (optional)", queryset=selectors.agenda_item_choices().none(), required=False
    )
    review = forms.ModelChoiceField(
        label="Commissioning review (optional)", queryset=selectors.review_choices().none(), required=False
    )
    business_case = forms.ModelChoiceField(
        label="Business case version it was taken on (optional)",
        queryset=selectors.submitted_business_case_choices().none(),
        required=False,
        help_text="A submitted version: it cannot change after the decision.",
    )
    adopted_option = OptionField(
        label="Option adopted (optional)", queryset=selectors.option_choices().none(), required=False
    )
    report = forms.CharField(label="Report it was taken on (optional)", required=False, max_length=300)
    options_rejected = forms.CharField(
        label="Options considered and rejected", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reasons = forms.CharField(
        label="Reasons for the decision", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    value = MoneyField(
        label="Value (£, optional)",
        required=False,
        invalid_message=VALUE_INVALID,
        help_text="Spending or saving: at or over the council's threshold it is a key decision.",
    )
    wards = forms.ModelMultipleChoiceField(
        label="Wards where it is significant",
        queryset=selectors.ward_choices().none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Significant in two or more wards makes it a key decision.",
    )
    forward_plan_entry = forms.ModelChoiceField(
        label="Forward plan entry (key decisions)",
        queryset=ForwardPlanEntry.objects.none(),
        required=False,
    )
    urgency = forms.ChoiceField(
        label="Notice", choices=Urgency.choices, required=False, widget=forms.RadioSelect, initial=Urgency.NONE
    )
    scrutiny_chair_told_on = GovukDateField(
        label="Date the scrutiny chair was told (general exception)",
        subject="Date the scrutiny chair was told",
        required=False,
        example="20 11 2026",
    )
    urgency_agreed_by = forms.CharField(label="Urgency agreed by", required=False, max_length=200)
    exempt_paragraph = forms.ChoiceField(
        label="Exempt under Schedule 12A (optional)",
        choices=[("", "Not exempt: published in full"), *Schedule12A.choices],
        required=False,
    )
    votes_for = _count("For")
    votes_against = _count("Against")
    votes_abstained = _count("Abstained")
    votes_absent = _count("Absent")
    named_votes = forms.CharField(
        label="How each member voted (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="When the vote was recorded by name: one member a line, like Alex Smith: for. "
        "Leave the counts empty to count them from these.",
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["body"].queryset = selectors.deciding_body_choices()
        fields["officer"].queryset = selectors.officer_choices()
        fields["meeting"].queryset = selectors.meeting_choices()
        fields["agenda_item"].queryset = selectors.agenda_item_choices()
        fields["review"].queryset = selectors.review_choices()
        fields["business_case"].queryset = selectors.submitted_business_case_choices()
        fields["adopted_option"].queryset = selectors.option_choices()
        fields["wards"].queryset = selectors.ward_choices()
        fields["forward_plan_entry"].queryset = selectors.forward_plan_entries_for_choice(user=user)
        councillors = selectors.councillor_choices()
        for n in range(1, RESOLUTION_SLOTS + 1):
            fields[f"resolution_{n}_text"] = forms.CharField(
                label=f"Resolution {n}", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            fields[f"resolution_{n}_amount"] = MoneyField(
                label=f"Resolution {n}: amount (£, optional)", required=False, invalid_message=AMOUNT_INVALID
            )
            fields[f"resolution_{n}_one_off"] = forms.BooleanField(label="A one-off sum", required=False)
            fields[f"resolution_{n}_funded_by"] = forms.CharField(
                label=f"Resolution {n}: funded by (optional)", required=False, max_length=200
            )
        for n in range(1, DECLARATION_SLOTS + 1):
            fields[f"declaration_{n}_councillor"] = forms.ModelChoiceField(
                label=f"Declaration {n}: councillor", queryset=councillors, required=False, empty_label="None"
            )
            fields[f"declaration_{n}_kind"] = forms.ChoiceField(
                label="Kind of interest", choices=[("", "Choose"), *InterestKind.choices], required=False
            )
            fields[f"declaration_{n}_interest"] = forms.CharField(label="The interest", required=False, max_length=500)
            fields[f"declaration_{n}_action"] = forms.ChoiceField(
                label="What the member did", choices=[("", "Choose"), *InterestAction.choices], required=False
            )

    def resolution_slots(self) -> list[tuple[int, list[Any]]]:
        return [
            (n, [self[f"resolution_{n}_{part}"] for part in ("text", "amount", "one_off", "funded_by")])
            for n in range(1, RESOLUTION_SLOTS + 1)
        ]

    def declaration_slots(self) -> list[tuple[int, list[Any]]]:
        return [
            (n, [self[f"declaration_{n}_{part}"] for part in ("councillor", "kind", "interest", "action")])
            for n in range(1, DECLARATION_SLOTS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        for n in range(1, DECLARATION_SLOTS + 1):
            if data.get(f"declaration_{n}_councillor") and not all(
                data.get(f"declaration_{n}_{part}") for part in ("kind", "interest", "action")
            ):
                self.add_error(f"declaration_{n}_interest", DECLARATION_INCOMPLETE)
        self._counts_from_named(data)
        return data

    def clean_named_votes(self) -> list[tuple[Any, str]]:
        text = self.cleaned_data.get("named_votes") or ""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            return []
        by_name = {c.name.casefold(): c for c in selectors.councillor_choices()}
        votes: list[tuple[Any, str]] = []
        seen: set[int] = set()
        for line in lines:
            name, _, word = line.rpartition(":")
            vote = VOTE_WORDS.get(word.strip().casefold())
            if not name.strip() or vote is None:
                raise forms.ValidationError(NAMED_VOTE_FORMAT)
            councillor = by_name.get(name.strip().casefold())
            if councillor is None:
                raise forms.ValidationError(NAMED_VOTE_UNKNOWN.format(name=name.strip()))
            if councillor.pk in seen:
                raise forms.ValidationError(NAMED_VOTE_TWICE.format(name=councillor.name))
            seen.add(councillor.pk)
            votes.append((councillor, vote))
        return votes

    def _counts_from_named(self, data: dict[str, Any]) -> None:
        named = data.get("named_votes") or []
        if not named:
            return
        tally = {cast: sum(1 for _c, v in named if v == cast) for cast in ("for", "against", "abstain", "absent")}
        fields = {
            "for": "votes_for",
            "against": "votes_against",
            "abstain": "votes_abstained",
            "absent": "votes_absent",
        }
        entered = {cast: data.get(field) for cast, field in fields.items()}
        if all(value is None for value in entered.values()):
            for cast, field in fields.items():
                data[field] = tally[cast]
        elif any((entered[cast] or 0) != tally[cast] for cast in fields):
            self.add_error(
                "named_votes",
                NAMED_VOTES_DISAGREE.format(
                    named=", ".join(f"{tally[c]} {c}" for c in fields),
                    counts=", ".join(f"{entered[c] or 0} {c}" for c in fields),
                ),
            )

    def apply_errors(self, error: Any) -> None:
        if hasattr(error, "error_dict") and "resolutions" in error.error_dict:
            error.error_dict["resolution_1_text"] = error.error_dict.pop("resolutions")
        super().apply_errors(error)

    def details(self) -> DecisionDetails:
        data = self.cleaned_data
        resolutions = []
        number = 0
        for n in range(1, RESOLUTION_SLOTS + 1):
            text = (data.get(f"resolution_{n}_text") or "").strip()
            if text:
                number += 1
                resolutions.append(
                    ResolutionDetails(
                        number=number,
                        text=text,
                        amount=data.get(f"resolution_{n}_amount"),
                        one_off=bool(data.get(f"resolution_{n}_one_off")),
                        funded_by=data.get(f"resolution_{n}_funded_by") or "",
                    )
                )
        declarations = [
            DeclarationDetails(
                councillor=data[f"declaration_{n}_councillor"],
                kind=data[f"declaration_{n}_kind"],
                interest=data[f"declaration_{n}_interest"],
                action=data[f"declaration_{n}_action"],
            )
            for n in range(1, DECLARATION_SLOTS + 1)
            if data.get(f"declaration_{n}_councillor")
        ]
        return DecisionDetails(
            title=data["title"],
            summary=data.get("summary") or "",
            category=data.get("category") or DecisionCategory.OTHER,
            maker_kind=data["maker_kind"],
            body=data.get("body"),
            officer=data.get("officer"),
            delegation=data.get("delegation") or "",
            meeting=data.get("meeting"),
            agenda_item=data.get("agenda_item"),
            decided_on=data["decided_on"],
            review=data.get("review"),
            business_case=data.get("business_case"),
            adopted_option=data.get("adopted_option"),
            report=data.get("report") or "",
            options_rejected=data.get("options_rejected") or "",
            reasons=data.get("reasons") or "",
            value=data.get("value"),
            wards=list(data.get("wards") or []),
            forward_plan_entry=data.get("forward_plan_entry"),
            urgency=data.get("urgency") or Urgency.NONE,
            scrutiny_chair_told_on=data.get("scrutiny_chair_told_on"),
            urgency_agreed_by=data.get("urgency_agreed_by") or "",
            exempt_paragraph=data.get("exempt_paragraph") or "",
            votes_for=data.get("votes_for"),
            votes_against=data.get("votes_against"),
            votes_abstained=data.get("votes_abstained"),
            votes_absent=data.get("votes_absent"),
            resolutions=resolutions,
            declarations=declarations,
            named_votes=list(data.get("named_votes") or []),
        )


def decision_initial(decision: Any) -> dict[str, Any]:
    """A draft's values for its edit form."""
    initial: dict[str, Any] = {
        name: getattr(decision, name)
        for name in (
            "title",
            "summary",
            "maker_kind",
            "category",
            "delegation",
            "decided_on",
            "report",
            "options_rejected",
            "reasons",
            "value",
            "urgency",
            "scrutiny_chair_told_on",
            "urgency_agreed_by",
            "exempt_paragraph",
            "votes_for",
            "votes_against",
            "votes_abstained",
            "votes_absent",
        )
    }
    for name in ("body", "officer", "meeting", "agenda_item", "review", "business_case", "adopted_option"):
        initial[name] = getattr(decision, f"{name}_id")
    initial["forward_plan_entry"] = decision.forward_plan_entry_id
    initial["wards"] = [ward.pk for ward in decision.wards.all()]
    words = {"for": "for", "against": "against", "abstain": "abstained", "absent": "absent"}
    initial["named_votes"] = "\n".join(
        f"{vote.councillor.name}: {words[vote.vote]}"
        for vote in decision.named_votes.filter(archived_at__isnull=True).select_related("councillor").order_by("pk")
    )
    for n, resolution in enumerate(decision.resolutions.filter(archived_at__isnull=True).order_by("number"), start=1):
        if n > RESOLUTION_SLOTS:
            break
        initial[f"resolution_{n}_text"] = resolution.text
        initial[f"resolution_{n}_amount"] = resolution.amount
        initial[f"resolution_{n}_one_off"] = resolution.one_off
        initial[f"resolution_{n}_funded_by"] = resolution.funded_by
    for n, declaration in enumerate(decision.declarations.filter(archived_at__isnull=True), start=1):
        if n > DECLARATION_SLOTS:
            break
        initial[f"declaration_{n}_councillor"] = declaration.councillor_id
        initial[f"declaration_{n}_kind"] = declaration.kind
        initial[f"declaration_{n}_interest"] = declaration.interest
        initial[f"declaration_{n}_action"] = declaration.action
    return initial


class PublishForm(ActionErrorsMixin, forms.Form):
    """Publishing asks nothing: the form carries the decision's version so a change made meanwhile is seen."""

    record_version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, decision: Any, **kwargs: Any) -> None:
        from commissioning.core.concurrency import version_of

        super().__init__(*args, **kwargs)
        self.initial["record_version"] = version_of(decision)

    @property
    def version(self) -> str | None:
        return self.cleaned_data.get("record_version") or None


class CorrectionForm(ActionErrorsMixin, forms.Form):
    change_reason = forms.CharField(
        label="Why is this decision being corrected?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown with the new version, beside the one it replaces.",
        error_messages={"required": REASON_REQUIRED},
    )


class CallInForm(ActionErrorsMixin, forms.Form):
    grounds = forms.CharField(
        label="Grounds for the call-in",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": GROUNDS_REQUIRED},
    )
    co_signatories = forms.ModelMultipleChoiceField(
        label="Scrutiny members supporting the call-in",
        queryset=selectors.councillor_choices().none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Not needed when the scrutiny chair calls a decision in.",
    )

    def __init__(self, *args: Any, today: dt.date, exclude: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = selectors.scrutiny_councillor_choices(on=today)
        if exclude is not None:
            queryset = queryset.exclude(pk=exclude.pk)
        self.fields["co_signatories"].queryset = queryset  # type: ignore[attr-defined]


class CallInOutcomeForm(ActionErrorsMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[c for c in CallInOutcome.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": OUTCOME_REQUIRED},
    )
    meeting = forms.ModelChoiceField(
        label="Scrutiny meeting", queryset=selectors.scrutiny_meeting_choices().none(), required=False
    )
    recommendations = forms.CharField(
        label="Recommendations (when referred)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    outcome_on = GovukDateField(label="Date of the committee's decision", subject=OUTCOME_ON_SUBJECT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = selectors.scrutiny_meeting_choices()  # type: ignore[attr-defined]


class ForwardPlanForm(RecordFormMixin, forms.Form):
    """Adds an entry (a one-time token) or, with ``versioned=entry``, changes it (no lost update; publishing is its
    own step then, so the form has no "publish" box)."""

    matter = forms.CharField(label="Matter", max_length=300, error_messages={"required": MATTER_REQUIRED})
    summary = forms.CharField(label="Summary (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision_maker = forms.ModelChoiceField(
        label="Decision maker",
        queryset=selectors.executive_body_choices().none(),
        empty_label="Choose Cabinet or a cabinet member",
        error_messages={"required": MAKER_PLAN_REQUIRED},
    )
    planned_on = GovukDateField(label="Date of the decision", subject=PLANNED_ON_SUBJECT, future_only=True)
    documents = forms.CharField(
        label="Documents to be considered", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_officer = _Labelled(
        label="Contact officer",
        queryset=selectors.officer_choices().none(),
        empty_label="Choose an officer",
        error_messages={"required": CONTACT_REQUIRED},
    )
    review = forms.ModelChoiceField(
        label="Commissioning review (optional)", queryset=selectors.review_choices().none(), required=False
    )
    wards = forms.ModelMultipleChoiceField(
        label="Wards affected",
        queryset=selectors.ward_choices().none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    exempt_paragraph = forms.ChoiceField(
        label="Exempt under Schedule 12A (optional)",
        choices=[("", "Not exempt"), *Schedule12A.choices],
        required=False,
    )
    publish = forms.BooleanField(
        label="Publish it on the forward plan today", required=False, help_text="The notice runs from publication."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["decision_maker"].queryset = selectors.executive_body_choices()
        fields["contact_officer"].queryset = selectors.officer_choices()
        fields["review"].queryset = selectors.review_choices()
        fields["wards"].queryset = selectors.ward_choices()
        if kwargs.get("versioned") is not None:
            del fields["publish"]

    def details(self) -> ForwardPlanDetails:
        data = self.cleaned_data
        return ForwardPlanDetails(
            matter=data["matter"],
            summary=data.get("summary") or "",
            decision_maker=data["decision_maker"],
            planned_on=data["planned_on"],
            documents=data.get("documents") or "",
            contact_officer=data["contact_officer"],
            review=data.get("review"),
            wards=list(data.get("wards") or []),
            exempt_paragraph=data.get("exempt_paragraph") or "",
        )


def forward_plan_initial(entry: ForwardPlanEntry) -> dict[str, Any]:
    """The edit form's values: the entry as it is."""
    return {
        "matter": entry.matter,
        "summary": entry.summary,
        "decision_maker": entry.decision_maker_id,
        "planned_on": entry.planned_on,
        "documents": entry.documents,
        "contact_officer": entry.contact_officer_id,
        "review": entry.review_id,
        "wards": [ward.pk for ward in entry.wards.all()],
        "exempt_paragraph": entry.exempt_paragraph,
    }


FILTER_STATUSES = [("", "Any status"), *DecisionStatus.choices[:2]]


class DecisionFilterForm(FilterFormMixin, forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    maker = forms.ChoiceField(label="Decision maker", required=False, choices=[("", "Anyone"), *MakerKind.choices])
    body = forms.ModelChoiceField(
        label="Body", queryset=selectors.deciding_body_choices().none(), required=False, empty_label="Every body"
    )
    key = forms.ChoiceField(
        label="Key decisions",
        required=False,
        choices=[("", "Key or not"), ("yes", "Key decisions only"), ("no", "Not key decisions")],
    )
    status = forms.ChoiceField(label="Status", required=False, choices=FILTER_STATUSES)
    decided_from = GovukDateField(label="Decided from", subject="Decided from", required=False)
    decided_to = GovukDateField(label="Decided to", subject="Decided to", required=False)

    filter_fields: ClassVar = ("q", "maker", "body", "key", "status", "decided_from", "decided_to")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = selectors.deciding_body_choices()  # type: ignore[attr-defined]

    def filters(self) -> selectors.DecisionFilters:
        data = self.valid_data()
        body = data.get("body")
        return selectors.DecisionFilters(
            q=(data.get("q") or "").strip(),
            maker=data.get("maker") or "",
            body=body.pk if body else None,
            key=data.get("key") or "",
            status=data.get("status") or "",
            decided_from=data.get("decided_from"),
            decided_to=data.get("decided_to"),
        )
