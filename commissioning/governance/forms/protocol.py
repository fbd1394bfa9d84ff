"""Forms for the contract monitoring protocol and its amendments (issue 10)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from commissioning.core.forms import CountField, OneTimeFormMixin, VersionedFormMixin, change_reason_field
from commissioning.governance.actions import protocol as actions
from commissioning.governance.models import Frequency, MonitoringProtocol, RatingThreshold, SignalKind
from commissioning.governance.models.protocol import THRESHOLD_FIELDS
from commissioning.governance.selectors import protocol as selectors
from commissioning.services.models import Service


def _threshold_fields(form: forms.Form, *, inherit: bool) -> None:
    empty = [("", "As the protocol")] if inherit else [("", "None")]
    for name, label in (
        ("kpi_rating_threshold", "KPI rating that comes to committee"),
        ("assessment_rating_threshold", "Assessment rating that comes to committee"),
    ):
        form.fields[name] = forms.ChoiceField(label=label, choices=[*empty, *RatingThreshold.choices], required=False)
    for name, label in (
        ("complaints_threshold", "Complaints in a quarter above"),
        ("upheld_complaints_threshold", "Upheld complaints in a quarter above"),
    ):
        form.fields[name] = CountField(label=label, required=False, min_value=0)
    for name, label in (
        ("staff_turnover_threshold", "Staff turnover above (%)"),
        ("agency_use_threshold", "Agency use above (%)"),
    ):
        form.fields[name] = forms.DecimalField(
            label=label, required=False, min_value=Decimal(0), max_value=Decimal(100), decimal_places=1
        )


def _thresholds(data: dict[str, Any]) -> dict[str, Any]:
    return {str(kind): data.get(name) for kind, name in THRESHOLD_FIELDS.items()}


THRESHOLD_NAMES = list(THRESHOLD_FIELDS.values())


class ProtocolForm(VersionedFormMixin, forms.Form):
    signals = forms.MultipleChoiceField(
        label="Signals scrutiny monitors",
        choices=SignalKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": actions.SIGNALS_REQUIRED, "invalid_choice": actions.SIGNAL_NOT_ALLOWED},
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": actions.FREQUENCY_REQUIRED, "invalid_choice": actions.FREQUENCY_REQUIRED},
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, protocol: MonitoringProtocol, **kwargs: Any) -> None:
        initial = {
            "signals": protocol.signal_list,
            "frequency": protocol.frequency,
            "notes": protocol.notes,
            **{name: getattr(protocol, name) for name in THRESHOLD_NAMES},
        }
        super().__init__(*args, versioned=protocol, initial=initial, **kwargs)
        _threshold_fields(self, inherit=False)
        self.fields["reason"] = change_reason_field()

    def threshold_fields(self) -> list[Any]:
        return [self[name] for name in THRESHOLD_NAMES]

    def details(self) -> actions.ProtocolDetails:
        data = self.cleaned_data
        return actions.ProtocolDetails(
            signals=list(data["signals"]),
            frequency=data["frequency"],
            thresholds=_thresholds(data),
            notes=data.get("notes") or "",
        )


class AmendmentForm(OneTimeFormMixin, forms.Form):
    service = forms.ModelChoiceField(label="Service", queryset=Service.objects.none(), required=False)
    contract = forms.ModelChoiceField(
        label="Or a contract",
        queryset=Service.objects.none(),
        required=False,
        help_text="Select a service or a contract.",
    )
    signals = forms.MultipleChoiceField(
        label="Signals monitored (leave all unticked to keep the protocol's)",
        choices=SignalKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": actions.SIGNAL_NOT_ALLOWED},
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=[("", "As the protocol"), *Frequency.choices],
        required=False,
        error_messages={"invalid_choice": actions.FREQUENCY_REQUIRED},
    )
    reason = forms.CharField(
        label="Why this service or contract is monitored differently",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": actions.AMENDMENT_REASON_REQUIRED},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(archived_at__isnull=True).order_by("name")  # type: ignore[attr-defined]
        self.fields["contract"].queryset = selectors.contract_choices()  # type: ignore[attr-defined]
        _threshold_fields(self, inherit=True)

    def threshold_fields(self) -> list[Any]:
        return [self[name] for name in THRESHOLD_NAMES]

    def details(self) -> actions.AmendmentDetails:
        data = self.cleaned_data
        return actions.AmendmentDetails(
            service=data.get("service"),
            contract=data.get("contract"),
            reason=data.get("reason") or "",
            signals=list(data.get("signals") or []),
            frequency=data.get("frequency") or "",
            thresholds=_thresholds(data),
        )
