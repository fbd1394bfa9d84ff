"""Forms for commissioning reviews. They parse and check each field; the rules across fields live in actions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from django import forms

from commissioning.core.forms import (
    CountField,
    FilterFormMixin,
    MoneyField,
    RecordFormMixin,
    VersionedFormMixin,
    change_reason_field,
    sort_choices,
)
from commissioning.core.priority import Criterion
from commissioning.reviews import actions, calculations, selectors
from commissioning.reviews.actions import OfficerDetails, ReviewDetails, ScenarioDetails
from commissioning.reviews.models import (
    CommissioningOfficer,
    CommissioningReview,
    ProgrammeScenario,
    ReviewStatus,
    Skill,
    Stage,
)
from commissioning.reviews.selectors import DEFAULT_SORT, SORTS, ReviewFilters
from commissioning.services.models import Directorate, Service

TITLE_REQUIRED = actions.TITLE_REQUIRED
PURPOSE_REQUIRED = actions.PURPOSE_REQUIRED
SERVICES_REQUIRED = actions.SERVICES_REQUIRED
SERVICES_INVALID = "Choose services from the list: a service you chose is not a current service"
DIRECTORATE_REQUIRED = "Choose the directorate that leads the review"
LEAD_REQUIRED = "Choose the lead commissioner"
STAGE_REQUIRED = "Choose the stage of the commissioning cycle the review is at"
START_REQUIRED = "Enter the quarter the review is planned to start, like 2026/27 Q1"
END_REQUIRED = "Enter the quarter the review is planned to end, like 2027/28 Q2"
REASON_REQUIRED = "Enter a reason"


class QuarterField(forms.CharField):
    """A financial-year quarter typed as "2026/27 Q1" (small variations accepted), cleaned to its canonical label."""

    def __init__(self, *, required_message: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if required_message:
            self.error_messages["required"] = required_message

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return ""
        try:
            return calculations.normalise_quarter(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class ServicesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        archived = ", archived" if obj.is_archived else ""
        return f"{obj.name} ({obj.reference}{archived})"


class ReviewForm(RecordFormMixin, forms.ModelForm):
    services = ServicesField(
        label="Services under review",
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick every service the review covers.",
        error_messages={
            "required": SERVICES_REQUIRED,
            "invalid_choice": SERVICES_INVALID,
            "invalid_pk_value": SERVICES_INVALID,
            "invalid_list": SERVICES_INVALID,
        },
    )
    planned_start = QuarterField(
        label="Planned start quarter",
        help_text="The financial year and quarter, like 2026/27 Q1. Q1 is April to June, Q4 January to March.",
        required_message=START_REQUIRED,
    )
    planned_end = QuarterField(
        label="Planned end quarter",
        help_text="Like 2027/28 Q2. It can be the same quarter as the start.",
        required_message=END_REQUIRED,
    )
    reason = change_reason_field()

    class Meta:
        model = CommissioningReview
        fields: ClassVar = [
            "title",
            "reference",
            "purpose",
            "services",
            "directorate",
            "lead_commissioner",
            "planned_start",
            "planned_end",
            "published",
        ]
        labels: ClassVar = {
            "title": "Title",
            "reference": "Reference (optional)",
            "purpose": "Purpose",
            "directorate": "Lead directorate",
            "lead_commissioner": "Lead commissioner",
            "published": "Publish this review so the public can see it",
        }
        help_texts: ClassVar = {
            "title": "Like Review of home care and reablement.",
            "reference": "Leave blank to give it the next reference for the year it starts, like CR-2026-004.",
            "purpose": "What the review must find out or decide.",
            "lead_commissioner": "A commissioning officer or strategic director.",
        }
        widgets: ClassVar = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages: ClassVar = {
            "title": {"required": TITLE_REQUIRED},
            "purpose": {"required": PURPOSE_REQUIRED},
            "directorate": {"required": DIRECTORATE_REQUIRED, "invalid_choice": DIRECTORATE_REQUIRED},
            "lead_commissioner": {"required": LEAD_REQUIRED, "invalid_choice": LEAD_REQUIRED},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reference"].required = False
        self.fields["services"].queryset = selectors.service_choices(review=self.instance)  # type: ignore[attr-defined]
        self.fields["directorate"].queryset = selectors.directorate_choices(  # type: ignore[attr-defined]
            including=self.instance.directorate_id if self.instance.pk else None
        )
        self.fields["directorate"].empty_label = "Choose a directorate"  # type: ignore[attr-defined]
        self.fields["lead_commissioner"].queryset = selectors.lead_commissioner_choices()  # type: ignore[attr-defined]
        self.fields["lead_commissioner"].empty_label = "Choose a lead commissioner"  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.fields.pop("reason")

    def _post_clean(self) -> None:
        # Cross-field rules belong to the actions, which report them through apply_errors.
        pass

    def details(self) -> ReviewDetails:
        data = self.cleaned_data
        return ReviewDetails(
            title=data["title"],
            reference=data.get("reference") or "",
            purpose=data["purpose"],
            services=list(data["services"]),
            directorate=data["directorate"],
            lead_commissioner=data["lead_commissioner"],
            # The stage is not typed in: a new review starts at Analyse, and a review moves on only through the
            # stage gates (governance), which call actions.review_stage_set. Nor is the status: a new review is
            # planned, and its status moves only through its recorded actions (start, hold, resume, complete,
            # cancel) and the gates (ADR 0021).
            stage=self.instance.stage if self.instance.pk else Stage.ANALYSE,
            planned_start=data["planned_start"],
            planned_end=data["planned_end"],
            published=bool(data.get("published")),
        )


class ReviewFilterForm(FilterFormMixin, forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    stage = forms.ChoiceField(label="Stage", required=False, choices=[("", "Any stage"), *Stage.choices])
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *ReviewStatus.choices])
    directorate = forms.ModelChoiceField(
        label="Directorate", queryset=Directorate.objects.none(), required=False, empty_label="All directorates"
    )
    quarter = QuarterField(label="Planned to run in quarter", required=False, help_text="Like 2026/27 Q3.")
    service = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    archived = forms.BooleanField(label="Include archived reviews", required=False)
    sort = forms.ChoiceField(required=False, choices=sort_choices(SORTS))

    def __init__(self, *args: Any, directorates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["directorate"].queryset = directorates  # type: ignore[attr-defined]

    def filters(self) -> ReviewFilters:
        data = self.valid_data()
        sort, descending = self.sort_of(data, DEFAULT_SORT)
        directorate = data.get("directorate")
        return ReviewFilters(
            q=(data.get("q") or "").strip(),
            stage=data.get("stage") or "",
            status=data.get("status") or "",
            directorate=directorate.pk if directorate else None,
            service=data.get("service") or None,
            quarter=data.get("quarter") or "",
            include_archived=bool(data.get("archived")),
            sort=sort,
            descending=descending,
        )


# The plan: weights, judgements, the skill a service needs, officers ----------------------------------------------

SCORE_CHOICES = [
    ("0", "0: none"),
    ("1", "1: very low"),
    ("2", "2: low"),
    ("3", "3: moderate"),
    ("4", "4: high"),
    ("5", "5: very high"),
]


class WeightsForm(VersionedFormMixin, forms.Form):
    """One weight (whole percent) for each criterion of the model, and why they change. The total of 100 is the
    action's rule (priority_model_revise)."""

    reason = forms.CharField(
        label="Why are the weights changing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown beside the new version of the model, and read out with the ranking.",
        error_messages={"required": actions.WEIGHTS_REASON_REQUIRED},
    )

    def __init__(self, *args: Any, criteria: Sequence[Criterion], weights: Mapping[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        reason = self.fields.pop("reason")
        for criterion in self.criteria:
            message = actions.WEIGHT_INVALID.format(name=criterion.name)
            # A criterion declared after the current version was set (another app's, such as complaints upheld) may
            # be left blank: it is then not weighted, so a form that does not know of it still saves.
            new = bool(weights) and criterion.key not in weights
            self.fields[f"weight_{criterion.key}"] = CountField(
                label=f"{criterion.name} (%)",
                help_text=criterion.question,
                required=not new,
                min_value=0,
                max_value=100,
                error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
            )
            self.initial.setdefault(f"weight_{criterion.key}", None if new else weights.get(criterion.key, 0))
        self.fields["reason"] = reason

    def weights(self) -> dict[str, int]:
        """Each criterion's weight; one left blank (not required: see __init__) is not weighted."""
        weights = {c.key: self.cleaned_data[f"weight_{c.key}"] for c in self.criteria}
        return {key: weight for key, weight in weights.items() if weight is not None}


class JudgementForm(RecordFormMixin, forms.Form):
    score = forms.TypedChoiceField(
        label="Score",
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": actions.JUDGEMENT_SCORE_INVALID, "invalid_choice": actions.JUDGEMENT_SCORE_INVALID},
    )
    reason = forms.CharField(
        label="Why this score?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you based it on. It is shown on the service's rationale, with your name.",
        error_messages={"required": actions.JUDGEMENT_REASON_REQUIRED},
    )


class ServiceSkillForm(VersionedFormMixin, forms.Form):
    skill = forms.ChoiceField(
        label="Skill a review of this service needs",
        choices=Skill.choices,
        widget=forms.RadioSelect,
        error_messages={"required": actions.SKILL_INVALID, "invalid_choice": actions.SKILL_INVALID},
    )


class OfficerForm(RecordFormMixin, forms.ModelForm):
    skills = forms.MultipleChoiceField(
        label="Skills",
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick every skill they bring to a review.",
        error_messages={"required": actions.OFFICER_SKILLS_REQUIRED, "invalid_choice": actions.OFFICER_SKILL_INVALID},
    )
    annual_cost = MoneyField(
        label="Annual cost (£)",
        help_text="Salary and on-costs a year.",
        invalid_message=actions.OFFICER_COST_INVALID,
        negative_message=actions.OFFICER_COST_INVALID,
        error_messages={"required": actions.OFFICER_COST_INVALID},
    )
    days_per_quarter = CountField(
        label="Days a quarter available for reviews",
        min_value=0,
        max_value=66,
        help_text="A full-time officer has about 60 working days a quarter.",
        error_messages={
            "required": actions.OFFICER_DAYS_INVALID,
            "invalid": actions.OFFICER_DAYS_INVALID,
            "min_value": actions.OFFICER_DAYS_INVALID,
            "max_value": actions.OFFICER_DAYS_INVALID,
        },
    )

    class Meta:
        model = CommissioningOfficer
        fields: ClassVar = ["name", "user", "skills", "grade", "annual_cost", "days_per_quarter"]
        labels: ClassVar = {"name": "Name", "user": "Their account (optional)", "grade": "Grade"}
        help_texts: ClassVar = {"grade": "Like PO3 or Senior commissioning officer."}
        error_messages: ClassVar = {
            "name": {"required": actions.OFFICER_NAME_REQUIRED},
            "grade": {"required": actions.OFFICER_GRADE_REQUIRED},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.officer_user_choices()  # type: ignore[attr-defined]
        self.fields["user"].required = False
        self.fields["user"].empty_label = "No account"  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        pass

    def details(self) -> OfficerDetails:
        data = self.cleaned_data
        return OfficerDetails(
            name=data["name"],
            user=data.get("user"),
            skills=list(data["skills"]),
            grade=data["grade"],
            annual_cost=data["annual_cost"],
            days_per_quarter=data["days_per_quarter"],
        )


class ScenarioForm(RecordFormMixin, forms.ModelForm):
    """A programme scenario's levers. The capacity fields (review days a quarter, one per skill) start from the
    council's capacity now; an existing scenario's from its own."""

    first_quarter = QuarterField(
        label="First quarter",
        help_text="The quarter the programme starts in, like 2026/27 Q3.",
        required_message="Enter the first quarter of the programme, like 2026/27 Q3",
    )
    horizon = CountField(
        label="Horizon (quarters)",
        min_value=1,
        max_value=20,
        help_text="How many quarters to plan. Most councils plan 12 (three years).",
        error_messages={
            "required": actions.SCENARIO_HORIZON_INVALID,
            "invalid": actions.SCENARIO_HORIZON_INVALID,
            "min_value": actions.SCENARIO_HORIZON_INVALID,
            "max_value": actions.SCENARIO_HORIZON_INVALID,
        },
    )
    priority_weight = MoneyField(
        label="Priority weight (£ a point)",
        help_text="What one point of priority (on a 0 to 100 scale) is worth against a pound of savings.",
        invalid_message=actions.SCENARIO_WEIGHT_INVALID,
        negative_message=actions.SCENARIO_WEIGHT_INVALID,
        error_messages={"required": actions.SCENARIO_WEIGHT_INVALID},
    )
    savings_target = MoneyField(
        label="Savings target (£ a year, optional)",
        required=False,
        help_text="The programme's reviews must together save at least this much a year.",
        invalid_message=actions.SCENARIO_TARGET_INVALID,
        negative_message=actions.SCENARIO_TARGET_INVALID,
    )

    class Meta:
        model = ProgrammeScenario
        fields: ClassVar = [
            "name",
            "description",
            "first_quarter",
            "horizon",
            "new_reviews",
            "keep_planned",
            "priority_weight",
            "savings_target",
        ]
        labels: ClassVar = {"name": "Name", "description": "Description (optional)"}
        help_texts: ClassVar = {"description": "What the scenario tries: less capacity, a savings target."}
        error_messages: ClassVar = {"name": {"required": actions.SCENARIO_NAME_REQUIRED}}
        widgets: ClassVar = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, capacity: Mapping[str, float] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        current = instance.capacity if instance.pk is not None else (capacity or {})
        if instance.pk is None:
            self.initial.setdefault("first_quarter", calculations.current_quarter())
            self.initial.setdefault("horizon", 12)
            self.initial.setdefault("priority_weight", "1000")
        for skill in Skill:
            message = actions.SCENARIO_CAPACITY_INVALID.format(skill=skill.label.lower())
            self.fields[f"capacity_{skill.value}"] = CountField(
                label=f"{skill.label} (days a quarter)",
                min_value=0,
                max_value=100000,
                error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
            )
            self.initial.setdefault(f"capacity_{skill.value}", round(float(current.get(skill.value, 0) or 0)))

    def _post_clean(self) -> None:
        pass

    @property
    def capacity_fields(self) -> list[Any]:
        return [self[f"capacity_{skill}"] for skill in Skill.values]

    def details(self) -> ScenarioDetails:
        data = self.cleaned_data
        return ScenarioDetails(
            name=data["name"],
            description=data.get("description", ""),
            first_quarter=data["first_quarter"],
            horizon=data["horizon"],
            capacity={skill: data[f"capacity_{skill}"] for skill in Skill.values},
            priority_weight=data["priority_weight"],
            savings_target=data.get("savings_target"),
            new_reviews=bool(data.get("new_reviews")),
            keep_planned=bool(data.get("keep_planned")),
        )


class CompareForm(forms.Form):
    """Which two scenarios to compare (?a=&b=)."""

    a = forms.ModelChoiceField(queryset=ProgrammeScenario.objects.none(), label="First scenario")
    b = forms.ModelChoiceField(queryset=ProgrammeScenario.objects.none(), label="Second scenario")

    def __init__(self, *args: Any, scenarios: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].queryset = scenarios  # type: ignore[attr-defined]
