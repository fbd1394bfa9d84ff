"""Forms for the risk register. They parse and check each field; the rules across fields (the scores) live in the
actions, which the engine's rules back."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from commissioning.core.forms import (
    ActionErrorsMixin,
    FilterFormMixin,
    GovukDateField,
    OneTimeFormMixin,
    RecordFormMixin,
    change_reason_field,
    sort_choices,
)
from commissioning.risks import calculations, selectors
from commissioning.risks.actions import RiskDetails, Scores
from commissioning.risks.models import Category, Level, Proximity, Response, Risk
from commissioning.risks.models.register import SCORE_FIELDS
from commissioning.risks.selectors import SORTS, RiskFilters

TITLE_REQUIRED = "Enter the risk's title"
OWNER_REQUIRED = "Choose the risk's owner"
LEVEL_REQUIRED = "Choose the register the risk is on"
CATEGORY_REQUIRED = "Choose the risk's category"
CAUSE_REQUIRED = "Enter the cause of the risk"
EVENT_REQUIRED = "Enter what may happen"
EFFECT_REQUIRED = "Enter the effect it would have"
RESPONSE_REQUIRED = "Choose the response: tolerate, treat, transfer or terminate"
PROXIMITY_REQUIRED = "Choose how soon the risk could happen"
DESCRIPTION_REQUIRED = "Enter a description"
ACTION_OWNER_REQUIRED = "Choose who does the action"
NEXT_REVIEW = "Next review date"
CONTRACT_UNKNOWN = "No current contract has the reference {reference}: check it on the contract register"


def _words(name: str) -> str:
    place, part = name.split("_")
    return f"The {place} {part}"


def score_field(name: str) -> forms.IntegerField:
    place, part = name.split("_")
    words = calculations.LIKELIHOOD_WORDS if part == "likelihood" else calculations.IMPACT_WORDS
    message = calculations.SCORE_OUT_OF_RANGE.format(what=_words(name))
    return forms.IntegerField(
        label=f"{place.capitalize()} {part}",
        help_text=", ".join(f"{n} {w.lower()}" for n, w in words.items()),
        error_messages={"required": message, "invalid": message},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
    )


class ScoresMixin:
    """The six score fields, and the Scores they make."""

    def scores(self) -> Scores:
        data = self.cleaned_data  # type: ignore[attr-defined]
        return Scores(**{name: data[name] for name in SCORE_FIELDS})


class RiskForm(ScoresMixin, RecordFormMixin, forms.ModelForm):
    inherent_likelihood = score_field("inherent_likelihood")
    inherent_impact = score_field("inherent_impact")
    residual_likelihood = score_field("residual_likelihood")
    residual_impact = score_field("residual_impact")
    target_likelihood = score_field("target_likelihood")
    target_impact = score_field("target_impact")
    next_review_on = GovukDateField(label="Next review date", subject=NEXT_REVIEW, future_only=True)
    # The contract by its reference, looked up through the selector (risks imports nothing of contracts, and a
    # metropolitan council has thousands: too many for a list). Checked against the level in the action.
    contract = forms.CharField(
        label="Contract reference (for a contract risk)",
        help_text="As on the contract register, for example CON-2026-0001",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    reason = change_reason_field()

    class Meta:
        model = Risk
        fields: ClassVar = [
            "level",
            "directorate",
            "review",
            "title",
            "owner",
            "category",
            "cause",
            "event",
            "effect",
            *SCORE_FIELDS,
            "response",
            "proximity",
            "next_review_on",
            "published",
        ]
        labels: ClassVar = {
            "level": "Which register is the risk on?",
            "directorate": "Directorate (for a directorate risk)",
            "review": "Review (for a review risk)",
            "title": "Risk",
            "cause": "Cause",
            "event": "Event",
            "effect": "Effect",
            "response": "Response",
            "proximity": "Proximity",
            "published": "Publish the risk to scrutiny and councillors",
        }
        help_texts: ClassVar = {
            "cause": "Because of ...",
            "event": "... this may happen ...",
            "effect": "... which would lead to ...",
        }
        widgets: ClassVar = {
            "level": forms.RadioSelect,
            "cause": forms.Textarea(attrs={"rows": 2}),
            "event": forms.Textarea(attrs={"rows": 2}),
            "effect": forms.Textarea(attrs={"rows": 2}),
            "response": forms.RadioSelect,
            "proximity": forms.RadioSelect,
        }
        error_messages: ClassVar = {
            "title": {"required": TITLE_REQUIRED},
            "owner": {"required": OWNER_REQUIRED, "invalid_choice": OWNER_REQUIRED},
            "level": {"required": LEVEL_REQUIRED, "invalid_choice": LEVEL_REQUIRED},
            "category": {"required": CATEGORY_REQUIRED, "invalid_choice": CATEGORY_REQUIRED},
            "cause": {"required": CAUSE_REQUIRED},
            "event": {"required": EVENT_REQUIRED},
            "effect": {"required": EFFECT_REQUIRED},
            "response": {"required": RESPONSE_REQUIRED, "invalid_choice": RESPONSE_REQUIRED},
            "proximity": {"required": PROXIMITY_REQUIRED, "invalid_choice": PROXIMITY_REQUIRED},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields
        f["level"].choices = Level.choices
        if self.instance.pk and self.instance.contract_id and not self.is_bound:
            self.initial["contract"] = self.instance.contract.reference
        f["directorate"].queryset = selectors.directorate_choices()
        f["directorate"].empty_label = "None"
        f["review"].queryset = selectors.review_choices()
        f["review"].empty_label = "None"
        f["owner"].queryset = selectors.owner_choices()
        f["owner"].empty_label = "Choose an owner"
        f["category"].choices = [("", "Choose a category"), *Category.choices]
        f["response"].choices = Response.choices
        f["proximity"].choices = Proximity.choices
        if not self.instance.pk:
            self.fields.pop("reason")

    def _post_clean(self) -> None:
        pass

    def clean_contract(self) -> Any:
        reference = self.cleaned_data["contract"].strip().upper()
        if not reference:
            return None
        found = selectors.contract_by_reference(reference)
        if found is None:
            raise forms.ValidationError(CONTRACT_UNKNOWN.format(reference=reference))
        return found

    def details(self) -> RiskDetails:
        data = self.cleaned_data
        return RiskDetails(
            level=data["level"],
            title=data["title"],
            owner=data["owner"],
            category=data["category"],
            cause=data["cause"],
            event=data["event"],
            effect=data["effect"],
            scores=self.scores(),
            response=data["response"],
            proximity=data["proximity"],
            next_review_on=data["next_review_on"],
            directorate=data.get("directorate"),
            review=data.get("review"),
            contract=data.get("contract"),
            published=bool(data.get("published")),
        )


class ControlForm(OneTimeFormMixin, forms.Form):
    description = forms.CharField(
        label="What is the control?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": DESCRIPTION_REQUIRED},
    )
    positive_effect = forms.BooleanField(
        label="The control is in place and reduces the risk", required=False, initial=True
    )


class RiskActionForm(OneTimeFormMixin, forms.Form):
    description = forms.CharField(
        label="What is to be done?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": DESCRIPTION_REQUIRED},
    )
    owner = forms.ModelChoiceField(
        label="Who does it?",
        queryset=selectors.owner_choices().none(),
        empty_label="Choose an owner",
        error_messages={"required": ACTION_OWNER_REQUIRED, "invalid_choice": ACTION_OWNER_REQUIRED},
    )
    due_on = GovukDateField(label="Due date", subject="Due date", future_only=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.owner_choices()  # type: ignore[attr-defined]


class RiskReviewForm(ScoresMixin, OneTimeFormMixin, forms.Form):
    reviewed_on = GovukDateField(label="Date of the review", subject="Date of the review", past_only=True)
    inherent_likelihood = score_field("inherent_likelihood")
    inherent_impact = score_field("inherent_impact")
    residual_likelihood = score_field("residual_likelihood")
    residual_impact = score_field("residual_impact")
    target_likelihood = score_field("target_likelihood")
    target_impact = score_field("target_impact")
    note = forms.CharField(label="What did the review find?", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    next_review_on = GovukDateField(label="Next review date", subject=NEXT_REVIEW, future_only=True)


class EscalateForm(ActionErrorsMixin, forms.Form):
    level = forms.ChoiceField(
        label="Which register should the risk go on?",
        choices=[(Level.DIRECTORATE, "The directorate's register"), (Level.CORPORATE, "The corporate register")],
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.CharField(
        label="Why is the risk being escalated?", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RiskFilterForm(FilterFormMixin, forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    level = forms.ChoiceField(label="Register", required=False, choices=[("", "All registers"), *Level.choices])
    directorate = forms.TypedChoiceField(label="Directorate", required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(label="Category", required=False, choices=[("", "All categories"), *Category.choices])
    owner = forms.TypedChoiceField(label="Owner", required=False, coerce=int, empty_value=None)
    band = forms.ChoiceField(label="Residual band", required=False, choices=[("", "All bands"), *calculations.BANDS])
    overdue = forms.BooleanField(label="Only risks with an overdue review or action", required=False)
    sort = forms.ChoiceField(required=False, choices=sort_choices(SORTS))

    def __init__(self, *args: Any, directorates: list[tuple[int, str]], owners: list[tuple[int, str]], **kw: Any):
        super().__init__(*args, **kw)
        f: Any = self.fields
        f["directorate"].choices = [("", "All directorates"), *directorates]
        f["owner"].choices = [("", "All owners"), *owners]

    def filters(self) -> RiskFilters:
        data = self.valid_data()
        sort, descending = self.sort_of(data, selectors.DEFAULT_SORT)
        return RiskFilters(
            q=data.get("q") or "",
            level=data.get("level") or "",
            directorate=data.get("directorate"),
            category=data.get("category") or "",
            owner=data.get("owner"),
            band=data.get("band") or "",
            overdue=bool(data.get("overdue")),
            sort=sort,
            descending=descending,
        )
