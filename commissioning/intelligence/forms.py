"""Forms for ward intelligence. They parse and check each field; the rules across fields live in actions."""

from __future__ import annotations

from typing import Any

from django import forms

from commissioning.accounts.models import Ward
from commissioning.core.forms import (
    ActionErrorsMixin,
    FilterFormMixin,
    RecordFormMixin,
    change_reason_field,
    sort_choices,
)
from commissioning.core.forms_govuk import field_params
from commissioning.intelligence import actions, selectors
from commissioning.intelligence.actions import IntelligenceDetails
from commissioning.intelligence.models import (
    RESPONSE_WORKING_DAYS,
    URGENCY_MEANINGS,
    URGENCY_ORDER,
    IntelligenceStatus,
    Urgency,
    WardIntelligence,
)
from commissioning.intelligence.selectors import (
    ALL,
    ANY,
    DEFAULT_SORT,
    MINE,
    OPEN,
    SORTS,
    STATUS_FILTERS,
    IntelligenceFilters,
)
from commissioning.services.models import Service

SERVICE_REQUIRED = "Choose the service the intelligence is about"
WARD_REQUIRED = "Choose the ward the intelligence is about"


class ServiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.reference})"


class IntelligenceForm(RecordFormMixin, forms.Form):
    """A councillor's submission. The ward list offers their own wards only; a ward id that is not theirs (from a
    stale page, or a crafted request) is looked up among all current wards and refused by the action, by name."""

    service = ServiceField(
        label="Which service is it about?",
        queryset=Service.objects.none(),
        empty_label="Choose a service",
        error_messages={"required": SERVICE_REQUIRED, "invalid_choice": SERVICE_REQUIRED},
    )
    ward = forms.ModelChoiceField(
        label="Which of your wards is it about?",
        queryset=Ward.objects.none(),
        empty_label="Choose a ward",
        error_messages={"required": WARD_REQUIRED, "invalid_choice": WARD_REQUIRED},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="A few words the service will recognise, like Bins missed on Mill Lane every other week.",
        error_messages={"required": actions.TITLE_REQUIRED},
    )
    residents_saying = forms.CharField(
        label="What are residents saying?",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you have heard, from how many people, and since when. Do not include anyone's name, "
        "address or health details.",
        error_messages={"required": actions.SAYING_REQUIRED},
    )
    urgency = forms.ChoiceField(
        label="How urgent is it?",
        choices=[(u.value, u.label) for u in URGENCY_ORDER],
        widget=forms.RadioSelect,
        error_messages={"required": actions.URGENCY_REQUIRED, "invalid_choice": actions.URGENCY_REQUIRED},
    )
    reason = change_reason_field()

    def __init__(self, *args: Any, own_wards: list[Ward], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.own_wards = own_wards  # the page lists them too
        service_field: Any = self.fields["service"]
        service_field.queryset = selectors.service_choices()
        ward_field: Any = self.fields["ward"]
        ward_field.queryset = selectors.ward_lookup()
        # Offer only their own wards (setting choices leaves the queryset, which looks up what was sent, alone).
        ward_field.choices = [("", "Choose a ward")] + [(w.pk, w.name) for w in own_wards]
        if not editing:
            self.fields.pop("reason")

    def urgency_params(self) -> dict[str, Any]:
        """The GOV.UK radios for urgency, each with its plain-English meaning and how soon a response is due."""
        params: dict[str, Any] = field_params(self["urgency"])["params"]
        for item in params["items"]:
            urgency = Urgency(item["value"])
            days = RESPONSE_WORKING_DAYS[urgency]
            item["hint"] = {"text": f"{URGENCY_MEANINGS[urgency]} Response due within {days} working days."}
        params["fieldset"]["legend"]["classes"] = "govuk-fieldset__legend--s"
        return params

    def details(self) -> IntelligenceDetails:
        data = self.cleaned_data
        return IntelligenceDetails(
            service=data["service"],
            ward=data["ward"],
            title=data["title"],
            residents_saying=data["residents_saying"],
            urgency=data["urgency"],
        )

    @classmethod
    def initial_from(cls, intelligence: WardIntelligence) -> dict[str, Any]:
        return {
            "service": intelligence.service_id,
            "ward": intelligence.ward_id,
            "title": intelligence.title,
            "residents_saying": intelligence.residents_saying,
            "urgency": intelligence.urgency,
        }


class ResponseForm(ActionErrorsMixin, forms.Form):
    response = forms.CharField(
        label="Your response to the councillor",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the service has found and what it will do. The councillor sees this as you write it.",
        error_messages={"required": actions.RESPONSE_REQUIRED},
    )


STATUS_LABELS = {
    OPEN: "Waiting for a response",
    ANY: "Any status",
    **dict(IntelligenceStatus.choices),
}


class IntelligenceFilterForm(FilterFormMixin, forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    status = forms.ChoiceField(label="Status", required=False, choices=[(v, STATUS_LABELS[v]) for v in STATUS_FILTERS])
    urgency = forms.ChoiceField(
        label="Urgency", required=False, choices=[("", "Any urgency"), *[(u.value, u.label) for u in URGENCY_ORDER]]
    )
    ward = forms.ModelChoiceField(label="Ward", queryset=Ward.objects.none(), required=False, empty_label="All wards")
    service = ServiceField(label="Service", queryset=Service.objects.none(), required=False, empty_label="All services")
    scope = forms.ChoiceField(
        label="Show", required=False, choices=[(MINE, "Services I answer for"), (ALL, "All services")]
    )
    overdue = forms.BooleanField(label="Only overdue", required=False)
    withdrawn = forms.BooleanField(label="Include withdrawn intelligence", required=False)
    sort = forms.ChoiceField(required=False, choices=sort_choices(SORTS))

    def __init__(
        self,
        *args: Any,
        wards: Any = None,
        services: Any = None,
        default_status: str = OPEN,
        default_scope: str = ALL,
        default_sort: str = DEFAULT_SORT,
        **kwargs: Any,
    ) -> None:
        if args and args[0] is not None:
            # A query without a status or scope (page 2 of the default list, say) means the defaults, shown as such.
            data = args[0].copy()
            data.setdefault("status", default_status)
            data.setdefault("scope", default_scope)
            data.setdefault("sort", default_sort)
            args = (data, *args[1:])
        super().__init__(*args, **kwargs)
        self.default_status = default_status
        self.default_scope = default_scope
        self.default_sort = default_sort
        self.fields["status"].initial = default_status
        self.fields["scope"].initial = default_scope
        ward_field: Any = self.fields["ward"]
        service_field: Any = self.fields["service"]
        ward_field.queryset = wards if wards is not None else Ward.objects.none()
        service_field.queryset = services if services is not None else Service.objects.none()

    def filters(self) -> IntelligenceFilters:
        """What was asked for. A missing status or scope means the page's default, so page 2 matches page 1."""
        if not self.is_bound:
            sort, descending = self.sort_of({}, self.default_sort)
            return IntelligenceFilters(
                status=self.default_status, scope=self.default_scope, sort=sort, descending=descending
            )
        data = self.valid_data()
        sort, descending = self.sort_of(data, self.default_sort)
        ward = data.get("ward")
        service = data.get("service")
        return IntelligenceFilters(
            q=(data.get("q") or "").strip(),
            status=data.get("status") or self.default_status,
            urgency=data.get("urgency") or "",
            ward=ward.pk if ward else None,
            service=service.pk if service else None,
            overdue=bool(data.get("overdue")),
            scope=data.get("scope") or self.default_scope,
            include_withdrawn=bool(data.get("withdrawn")),
            sort=sort,
            descending=descending,
        )
