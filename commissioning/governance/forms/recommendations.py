"""Forms for scrutiny's recommendations: making one, the executive's response with its action plan, and the
committee's follow-up (issue 10). Rules across fields are the actions'; the forms only read what was typed."""

from __future__ import annotations

from typing import Any

from django import forms

from commissioning.core.forms import FilterFormMixin, GovukDateField, OneTimeFormMixin, VersionedFormMixin
from commissioning.governance.actions import recommendations as actions
from commissioning.governance.models import ActionStatus, Recommendation, RecommendationTo, ResponseKind
from commissioning.governance.selectors import decisions as decision_selectors
from commissioning.governance.selectors import protocol as protocol_selectors
from commissioning.governance.selectors import recommendations as selectors

ACTION_SLOTS = 3  # the action plan's rows on the response form


class RecommendationFilterForm(FilterFormMixin, forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200, help_text="Number or words of it")
    body = forms.ModelChoiceField(
        label="Committee", queryset=selectors.scrutiny_committees().none(), required=False, empty_label="Any"
    )
    status = forms.ChoiceField(label="Status", choices=[("", "Any"), *selectors.Status.CHOICES], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = selectors.scrutiny_committees().order_by("name")  # type: ignore[attr-defined]

    def filters(self) -> selectors.RecommendationFilters:
        data = self.valid_data()
        body = data.get("body")
        return selectors.RecommendationFilters(
            q=data.get("q") or "", body=body.pk if body is not None else None, status=data.get("status") or ""
        )


class RecommendationForm(OneTimeFormMixin, forms.Form):
    body = forms.ModelChoiceField(
        label="Scrutiny committee",
        queryset=selectors.scrutiny_committees().none(),
        error_messages={"required": actions.COMMITTEE_REQUIRED, "invalid_choice": actions.COMMITTEE_REQUIRED},
    )
    number = forms.CharField(
        label="Number",
        max_length=20,
        help_text="The committee's number for it, like SR-2026-03.",
        error_messages={"required": actions.NUMBER_REQUIRED},
    )
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": actions.TEXT_REQUIRED},
    )
    made_on = GovukDateField(label="Date made", subject="Date made", what="the date the recommendation was made")
    to = forms.ChoiceField(
        label="Made to",
        choices=RecommendationTo.choices,
        widget=forms.RadioSelect,
        initial=RecommendationTo.EXECUTIVE,
        error_messages={"required": actions.TO_REQUIRED, "invalid_choice": actions.TO_REQUIRED},
    )
    executive = forms.ModelChoiceField(
        label="Executive (for a recommendation to the executive)",
        queryset=decision_selectors.executive_body_choices().none(),
        required=False,
        error_messages={"invalid_choice": actions.EXECUTIVE_REQUIRED},
    )
    partner = forms.CharField(
        label="Partner organisation (for a recommendation to a partner)", max_length=200, required=False
    )
    contract = forms.ModelChoiceField(
        label="Contract (optional)",
        queryset=protocol_selectors.contract_choices().none(),
        required=False,
        help_text="The contract the recommendation is about, if any.",
    )
    meeting = forms.ModelChoiceField(
        label="Meeting (optional)",
        queryset=selectors.meetings_of_scrutiny().none(),
        required=False,
        help_text="The committee meeting that made it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        committees = selectors.scrutiny_committees().order_by("name")
        self.fields["body"].queryset = committees  # type: ignore[attr-defined]
        executives = decision_selectors.executive_body_choices()
        self.fields["executive"].queryset = executives  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = selectors.meetings_of_scrutiny()[:200]  # type: ignore[attr-defined]
        self.fields["contract"].queryset = protocol_selectors.contract_choices()  # type: ignore[attr-defined]
        cabinet = next((body for body in executives if body.kind == "cabinet"), None)
        if cabinet is not None:
            self.initial.setdefault("executive", cabinet.pk)
        self.initial.setdefault("made_on", selectors.today())

    def details(self) -> actions.RecommendationDetails:
        data = self.cleaned_data
        return actions.RecommendationDetails(
            body=data["body"],
            number=data["number"],
            text=data["text"],
            made_on=data["made_on"],
            to=data["to"],
            executive=data.get("executive"),
            partner=data.get("partner") or "",
            meeting=data.get("meeting"),
            contract_id=data["contract"].pk if data.get("contract") is not None else None,
        )


class ResponseForm(VersionedFormMixin, forms.Form):
    response = forms.ChoiceField(
        label="Response",
        choices=ResponseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": actions.RESPONSE_NOT_ALLOWED, "invalid_choice": actions.RESPONSE_NOT_ALLOWED},
    )
    reasons = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": actions.RESPONSE_REASONS_REQUIRED},
    )
    responded_on = GovukDateField(label="Date of the response", subject="Date of the response")

    def __init__(self, *args: Any, recommendation: Recommendation, **kwargs: Any) -> None:
        super().__init__(*args, versioned=recommendation, **kwargs)
        owners = decision_selectors.officer_choices()
        for n in range(1, ACTION_SLOTS + 1):
            self.fields[f"action_{n}_text"] = forms.CharField(
                label="What will be done", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"action_{n}_owner"] = forms.ModelChoiceField(
                label="Owner", queryset=owners, required=False, empty_label="A partner's contact (name below)"
            )
            self.fields[f"action_{n}_owner_name"] = forms.CharField(
                label="Or the name of a partner's contact", required=False, max_length=200
            )
            self.fields[f"action_{n}_due_on"] = GovukDateField(
                label="Due", subject=f"Action {n}'s due date", required=False
            )
        self.initial.setdefault("responded_on", selectors.today())

    def action_rows(self) -> list[list[Any]]:
        return [
            [self[f"action_{n}_{part}"] for part in ("text", "owner", "owner_name", "due_on")]
            for n in range(1, ACTION_SLOTS + 1)
        ]

    def details(self) -> actions.ResponseDetails:
        data = self.cleaned_data
        plan = []
        for n in range(1, ACTION_SLOTS + 1):
            text = data.get(f"action_{n}_text") or ""
            owner = data.get(f"action_{n}_owner")
            owner_name = data.get(f"action_{n}_owner_name") or ""
            due_on = data.get(f"action_{n}_due_on")
            if text.strip() or owner is not None or owner_name.strip() or due_on is not None:
                plan.append(actions.ActionDetails(text=text, owner=owner, owner_name=owner_name, due_on=due_on))
        return actions.ResponseDetails(
            response=data["response"], reasons=data["reasons"], responded_on=data["responded_on"], actions=plan
        )


class FollowUpForm(VersionedFormMixin, forms.Form):
    held_on = GovukDateField(label="Date of the follow-up", subject="Date of the follow-up")
    signed_off = forms.TypedChoiceField(
        label="Is the recommendation implemented, and does the committee sign it off?",
        choices=[("no", "No: follow it up again"), ("yes", "Yes: implemented and signed off")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
    )
    note = forms.CharField(
        label="Committee's note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, recommendation: Recommendation, **kwargs: Any) -> None:
        super().__init__(*args, versioned=recommendation, **kwargs)
        self.plan = list(recommendation.actions.all())
        for action in self.plan:
            self.fields[f"action_{action.pk}_status"] = forms.ChoiceField(
                label=f"Action {action.number}: progress",
                choices=ActionStatus.choices,
                widget=forms.RadioSelect,
                initial=action.status,
                error_messages={
                    "required": actions.PROGRESS_NOT_ALLOWED.format(n=action.number),
                    "invalid_choice": actions.PROGRESS_NOT_ALLOWED.format(n=action.number),
                },
            )
            self.fields[f"action_{action.pk}_note"] = forms.CharField(
                label=f"Action {action.number}: note (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.initial.setdefault("held_on", selectors.today())

    def action_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(a, self[f"action_{a.pk}_status"], self[f"action_{a.pk}_note"]) for a in self.plan]

    def details(self) -> actions.FollowUpDetails:
        data = self.cleaned_data
        return actions.FollowUpDetails(
            held_on=data["held_on"],
            progress={
                a.pk: actions.Progress(status=data[f"action_{a.pk}_status"], note=data.get(f"action_{a.pk}_note") or "")
                for a in self.plan
            },
            signed_off=bool(data.get("signed_off")),
            note=data.get("note") or "",
        )
