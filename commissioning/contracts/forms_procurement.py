"""Forms for procurement and grant awards. They parse and check each field; the rules across fields live in
actions_procurement."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms

from commissioning.contracts import calculations_procurement as calc
from commissioning.contracts import selectors
from commissioning.contracts import selectors_procurement as sel
from commissioning.contracts.actions_procurement import (
    AwardDetails,
    CriterionDetails,
    GrantDetails,
    ProcurementDetails,
)
from commissioning.contracts.forms import _money
from commissioning.contracts.models import Bid, CriterionKind, EvaluationCriterion, Procedure, Procurement
from commissioning.core.forms import (
    ActionErrorsMixin,
    CountField,
    GovukDateField,
    OneTimeFormMixin,
    RecordFormMixin,
    VersionedFormMixin,
)

DECISION_REQUIRED = "Choose the decision that adopted the option this procurement carries out"
TITLE_REQUIRED = "Enter the title of the procurement"
DIRECTORATE_REQUIRED = "Choose the department running it"
LEAD_REQUIRED = "Choose the lead officer"
PROCEDURE_REQUIRED = "Choose how it will be let"
ESTIMATE_REQUIRED = "Enter the estimated value in pounds, like 1250000"
WEIGHT_INVALID = "Enter the weight as a whole number from 0 to 100, like 40"
CRITERION_INCOMPLETE = "Enter the criterion's name, kind and weight, or leave all three blank"
SCORE_INVALID = "Enter a whole-number score from 0 to {max}"
BID_REQUIRED = "Choose the bid that wins"
GRANT_TITLE_REQUIRED = "Enter the title of the grant"
PURPOSE_REQUIRED = "Enter what the grant is for"
AMOUNT_REQUIRED = "Enter the amount in pounds, like 25000"
RECIPIENT_REQUIRED = "Choose the organisation receiving the grant"
MANAGER_REQUIRED = "Choose the grant manager"
CRITERIA_ROWS = 6

TENDER_START = "Tender opening date"
TENDER_END = "Tender closing date"
AWARD_DATE = "Planned award date"
CONTRACT_START = "Contract start date"
CONTRACT_END = "Contract end date"
GRANT_START = "Grant start date"
GRANT_END = "Grant end date"


def _optional_date(label: str, subject: str) -> GovukDateField:
    return GovukDateField(label=f"{label} (optional)", subject=subject, required=False)


class ProcurementForm(RecordFormMixin, forms.ModelForm):
    decision = forms.ModelChoiceField(
        label="Decision that adopted the option",
        queryset=sel.adopting_decision_choices(),
        empty_label="Choose a decision",
        help_text="A published decision adopting a business case's option: the procurement carries that option out.",
        error_messages={"required": DECISION_REQUIRED, "invalid_choice": DECISION_REQUIRED},
    )
    estimated_value = _money("Estimated value (£)", ESTIMATE_REQUIRED)
    tender_start = _optional_date("Tender opens", TENDER_START)
    tender_end = _optional_date("Tender closes", TENDER_END)
    award_date = _optional_date("Planned award", AWARD_DATE)
    contract_start = _optional_date("Contract starts", CONTRACT_START)
    contract_end = _optional_date("Contract ends", CONTRACT_END)
    reason = forms.CharField(
        label="Reason for the change (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown on the History tab.",
    )

    class Meta:
        model = Procurement
        fields: ClassVar = [
            "title",
            "description",
            "directorate",
            "lead",
            "procedure",
            "estimated_value",
            "in_house_bid_allowed",
            "tender_start",
            "tender_end",
            "award_date",
            "contract_start",
            "contract_end",
            "published",
        ]
        labels: ClassVar = {
            "title": "Title",
            "description": "Description (optional)",
            "directorate": "Department",
            "lead": "Lead officer",
            "procedure": "How will it be let?",
            "in_house_bid_allowed": "The council's own service may bid, scored on the same criteria",
            "published": "Publish it, with its OCDS data",
        }
        widgets: ClassVar = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages: ClassVar = {
            "title": {"required": TITLE_REQUIRED},
            "directorate": {"required": DIRECTORATE_REQUIRED, "invalid_choice": DIRECTORATE_REQUIRED},
            "lead": {"required": LEAD_REQUIRED, "invalid_choice": LEAD_REQUIRED},
            "procedure": {"required": PROCEDURE_REQUIRED},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields
        tendered = [(value, label) for value, label in Procedure.choices if value not in {"in_house", "grant"}]
        f["procedure"].choices = [("", "Choose a procedure"), *tendered]
        f["directorate"].queryset = selectors.directorate_choices()
        f["directorate"].empty_label = "Choose a department"
        f["lead"].queryset = selectors.manager_choices()
        f["lead"].empty_label = "Choose an officer"
        if self.instance.pk:
            self.fields.pop("decision")
        else:
            self.fields.pop("reason")

    def _post_clean(self) -> None:
        pass

    def details(self) -> ProcurementDetails:
        data = self.cleaned_data
        return ProcurementDetails(
            title=data["title"],
            description=data.get("description") or "",
            directorate=data["directorate"],
            lead=data["lead"],
            procedure=data["procedure"],
            estimated_value=data["estimated_value"],
            in_house_bid_allowed=bool(data.get("in_house_bid_allowed")),
            tender_start=data.get("tender_start"),
            tender_end=data.get("tender_end"),
            award_date=data.get("award_date"),
            contract_start=data.get("contract_start"),
            contract_end=data.get("contract_end"),
            published=bool(data.get("published")),
        )


class LotForm(OneTimeFormMixin, forms.Form):
    title = forms.CharField(label="Lot title", max_length=300, error_messages={"required": "Enter the lot's title"})
    estimated_value = _money("Estimated value of the lot (£, optional)")


class CriteriaForm(VersionedFormMixin, forms.Form):
    """Up to six criteria, each a name, a kind and a weight; the weights add up to 100 (the action says so)."""

    action_field_names: ClassVar = {"weights": "weight_1"}

    def __init__(self, *args: Any, criteria: list[EvaluationCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, CRITERIA_ROWS + 1):
            self.fields[f"name_{i}"] = forms.CharField(label="Criterion", required=False, max_length=200)
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label="Kind", required=False, choices=[("", "Choose a kind"), *CriterionKind.choices]
            )
            self.fields[f"weight_{i}"] = CountField(
                label="Weight (%)",
                required=False,
                min_value=0,
                max_value=100,
                error_messages={"invalid": WEIGHT_INVALID, "min_value": WEIGHT_INVALID, "max_value": WEIGHT_INVALID},
            )
        for i, criterion in enumerate(criteria, start=1):
            self.initial.update(
                {f"name_{i}": criterion.name, f"kind_{i}": criterion.kind, f"weight_{i}": criterion.weight}
            )

    @property
    def rows(self) -> list[tuple[int, Any, Any, Any]]:
        return [(i, self[f"name_{i}"], self[f"kind_{i}"], self[f"weight_{i}"]) for i in range(1, CRITERIA_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(1, CRITERIA_ROWS + 1):
            parts = [data.get(f"name_{i}"), data.get(f"kind_{i}"), data.get(f"weight_{i}")]
            filled = [p not in (None, "") for p in parts]
            if any(filled) and not all(filled) and f"weight_{i}" not in self.errors:
                missing = ("name", "kind", "weight")[filled.index(False)]
                self.add_error(f"{missing}_{i}", CRITERION_INCOMPLETE)
        return data

    def criteria(self) -> list[CriterionDetails]:
        data = self.cleaned_data
        return [
            CriterionDetails(name=data[f"name_{i}"], kind=data[f"kind_{i}"], weight=data[f"weight_{i}"])
            for i in range(1, CRITERIA_ROWS + 1)
            if data.get(f"name_{i}")
        ]


class BidForm(OneTimeFormMixin, forms.Form):
    bidder = forms.ModelChoiceField(
        label="Organisation bidding",
        queryset=sel.bidder_choices(),
        required=False,
        empty_label="Choose an organisation",
    )
    in_house = forms.BooleanField(
        label="This is the in-house bid: the council's own service, scored on the same criteria", required=False
    )

    def __init__(self, *args: Any, procurement: Procurement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not procurement.in_house_bid_allowed:
            self.fields.pop("in_house")


class ScoresForm(ActionErrorsMixin, forms.Form):
    def __init__(self, *args: Any, scored: list[tuple[EvaluationCriterion, int | None]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        message = SCORE_INVALID.format(max=calc.MAX_SCORE)
        for criterion, score in scored:
            name = f"score_{criterion.pk}"
            self.fields[name] = CountField(
                label=f"{criterion.name} ({criterion.get_kind_display()}, weight {criterion.weight}%)",
                required=False,
                min_value=0,
                max_value=calc.MAX_SCORE,
                help_text=f"From 0 to {calc.MAX_SCORE}.",
                error_messages={"invalid": message, "min_value": message, "max_value": message},
            )
            self.initial[name] = score
        self.criteria = [c for c, _ in scored]

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}


class AwardForm(VersionedFormMixin, forms.Form):
    bid = forms.ModelChoiceField(
        label="Which bid wins?",
        queryset=Bid.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": BID_REQUIRED, "invalid_choice": BID_REQUIRED},
    )
    decision = forms.ModelChoiceField(
        label="Decision that awards the contract",
        queryset=sel.decision_choices(),
        required=False,
        empty_label="Choose a published decision",
        help_text="The award needs a published decision.",
    )
    total_value = _money("Total value of the contract (£)", "Enter the total value in pounds, like 1250000")
    annual_value = _money("Estimated annual value (£)", "Enter the estimated annual value in pounds, like 250000")
    start_date = GovukDateField(label="Contract start date", subject=CONTRACT_START)
    end_date = GovukDateField(label="Contract end date", subject=CONTRACT_END)
    reason = forms.CharField(
        label="Reason for awarding to a bid not ranked first (only then)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A council may award to a bid other than the one ranked first only with a recorded reason.",
    )
    action_field_names: ClassVar = {"provider": "bid", "procedure": "bid"}

    def __init__(self, *args: Any, procurement: Procurement, bids: list[Bid], **kwargs: Any) -> None:
        super().__init__(*args, versioned=procurement, **kwargs)
        f: Any = self.fields
        f["bid"].queryset = Bid.objects.filter(pk__in=[b.pk for b in bids]).select_related("bidder")
        f["bid"].label_from_instance = lambda bid: bid.name
        self.initial.setdefault("total_value", procurement.estimated_value)
        self.initial.setdefault("start_date", procurement.contract_start)
        self.initial.setdefault("end_date", procurement.contract_end)

    def details(self) -> AwardDetails:
        data = self.cleaned_data
        return AwardDetails(
            bid=data["bid"],
            decision=data.get("decision"),
            total_value=data["total_value"],
            annual_value=data["annual_value"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            reason=data.get("reason") or "",
        )


class GrantForm(OneTimeFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": GRANT_TITLE_REQUIRED})
    purpose = forms.CharField(
        label="Purpose", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": PURPOSE_REQUIRED}
    )
    amount = _money("Amount (£)", AMOUNT_REQUIRED)
    start_date = GovukDateField(label="Grant period starts", subject=GRANT_START)
    end_date = GovukDateField(label="Grant period ends", subject=GRANT_END)
    recipient = forms.ModelChoiceField(
        label="Recipient",
        queryset=sel.recipient_choices(),
        empty_label="Choose an organisation",
        help_text="A voluntary or community organisation, with its charity or company number.",
        error_messages={"required": RECIPIENT_REQUIRED, "invalid_choice": RECIPIENT_REQUIRED},
    )
    directorate = forms.ModelChoiceField(
        label="Department",
        queryset=selectors.directorate_choices(),
        empty_label="Choose a department",
        error_messages={"required": DIRECTORATE_REQUIRED, "invalid_choice": DIRECTORATE_REQUIRED},
    )
    manager = forms.ModelChoiceField(
        label="Grant manager",
        queryset=selectors.manager_choices(),
        empty_label="Choose an officer",
        error_messages={"required": MANAGER_REQUIRED, "invalid_choice": MANAGER_REQUIRED},
    )
    decision = forms.ModelChoiceField(
        label="Decision that awards the grant",
        queryset=sel.decision_choices(),
        required=False,
        empty_label="Choose a published decision",
    )
    published = forms.BooleanField(label="Publish it on the public register", required=False, initial=True)

    def details(self) -> GrantDetails:
        data = self.cleaned_data
        return GrantDetails(
            title=data["title"],
            purpose=data["purpose"],
            amount=data["amount"] if data["amount"] is not None else Decimal(0),
            start_date=data["start_date"],
            end_date=data["end_date"],
            recipient=data["recipient"],
            directorate=data["directorate"],
            manager=data["manager"],
            decision=data.get("decision"),
            published=bool(data.get("published")),
        )
