"""Forms for complaints: the resident's (public, with a honeypot), the councillor's, and the handler's."""

from __future__ import annotations

from typing import Any

from django import forms

from commissioning.accounts.models import Ward
from commissioning.core.forms import ActionErrorsMixin, GovukDateField, OneTimeFormMixin
from commissioning.residents import actions_complaints as actions
from commissioning.residents.actions_complaints import ComplaintDetails
from commissioning.residents.models import ComplaintKind, Outcome, ReplyBy
from commissioning.residents.selectors_complaints import complaint_service_choices
from commissioning.services.models import Service

SERVICE_REQUIRED = "Choose the service the complaint is about"
KIND_REQUIRED = "Choose whether it is a complaint or a problem to report"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
PHONE_INVALID = "Enter a phone number, like 01632 960 001 or 07700 900 982"
DAYS_INVALID = "Enter the number of working days, from 1 to 10"
# The honeypot: a field people never see (hidden by the stylesheet and from assistive technology) that robots fill.
HONEYPOT = "website"


class ComplaintForm(ActionErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What would you like to do?",
        choices=ComplaintKind.choices,
        widget=forms.RadioSelect,
        initial=ComplaintKind.COMPLAINT,
        error_messages={"required": KIND_REQUIRED, "invalid_choice": KIND_REQUIRED},
    )
    what_happened = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="Tell us what went wrong and what you would like to happen.",
        error_messages={"required": actions.WHAT_REQUIRED},
    )
    happened_on = GovukDateField(subject="When it happened", what="when it happened", past_only=True)
    ward = forms.ModelChoiceField(
        label="Where did it happen? (optional)",
        queryset=Ward.objects.none(),
        required=False,
        empty_label="Choose a ward",
        help_text="The ward it happened in, if it happened in one place.",
    )
    name = forms.CharField(label="Your name (optional)", max_length=200, required=False)
    reply_by = forms.ChoiceField(
        label="How would you like us to reply?",
        choices=ReplyBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": actions.REPLY_BY_REQUIRED, "invalid_choice": actions.REPLY_BY_REQUIRED},
    )
    email = forms.EmailField(
        label="Email address", required=False, max_length=254, error_messages={"invalid": EMAIL_INVALID}
    )
    phone = forms.RegexField(
        label="Phone number",
        regex=r"^\+?[0-9 ()-]{10,20}$",
        required=False,
        error_messages={"invalid": PHONE_INVALID},
    )
    share_contact = forms.BooleanField(
        label="The provider that runs the service may see my name and contact details to reply to me",
        required=False,
    )
    website = forms.CharField(label="Leave this blank", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Ward.objects.active().order_by("name")  # type: ignore[attr-defined]

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def details(self, service: Service) -> ComplaintDetails:
        data = self.cleaned_data
        return ComplaintDetails(
            service=service,
            kind=data["kind"],
            what_happened=data["what_happened"],
            happened_on=data["happened_on"],
            ward=data["ward"],
            reply_by=data["reply_by"],
            name=data["name"],
            email=data["email"] or "",
            phone=data["phone"] or "",
            share_contact=bool(data["share_contact"]),
        )


class ServiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.reference})"


class RaiseComplaintForm(OneTimeFormMixin, ComplaintForm):
    """A ward councillor raises a complaint for a resident (the resident's contact details, to reply to them)."""

    service = ServiceField(
        label="Which service is it about?",
        queryset=Service.objects.none(),
        empty_label="Choose a service",
        error_messages={"required": SERVICE_REQUIRED, "invalid_choice": SERVICE_REQUIRED},
    )
    field_order = ["service"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = complaint_service_choices()  # type: ignore[attr-defined]
        self.fields["name"].label = "The resident's name (optional)"
        self.fields["reply_by"].label = "How would the resident like to be replied to?"
        del self.fields[HONEYPOT]

    def complaint_details(self) -> ComplaintDetails:
        return self.details(self.cleaned_data["service"])


class InformationForm(ActionErrorsMixin, forms.Form):
    text = forms.CharField(
        label="Add information",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": actions.INFORMATION_REQUIRED},
    )


class Stage2Form(ActionErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you not satisfied with the answer?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": actions.STAGE2_REASON_REQUIRED},
    )


class ExtendForm(ActionErrorsMixin, forms.Form):
    days = forms.IntegerField(
        label="How many more working days?",
        min_value=1,
        max_value=10,
        error_messages={
            "required": DAYS_INVALID,
            "invalid": DAYS_INVALID,
            "min_value": DAYS_INVALID,
            "max_value": DAYS_INVALID,
        },
    )
    reason = forms.CharField(
        label="Why is more time needed?",
        help_text="The resident is told this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the extension: the resident is told it"},
    )


class AnswerForm(ActionErrorsMixin, forms.Form):
    answer = forms.CharField(
        label="Answer to the resident",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": actions.ANSWER_REQUIRED},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": actions.OUTCOME_REQUIRED, "invalid_choice": actions.OUTCOME_REQUIRED},
    )
    remedy = forms.CharField(
        label="Remedy", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="What will put it right."
    )
    learning = forms.CharField(label="What was learnt", required=False, widget=forms.Textarea(attrs={"rows": 3}))
