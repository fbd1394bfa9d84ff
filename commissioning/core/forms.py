"""Form pieces every app uses: a reason for archiving or restoring, and an amount of money in pounds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

REASON_REQUIRED = "Enter a reason"
MONEY_TOO_BIG = "Enter an amount less than £1 trillion"


class ReasonForm(forms.Form):
    """One required reason, with a label and message that say what the reason is for."""

    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": REASON_REQUIRED}
    )

    def __init__(
        self, *args: Any, label: str = "Reason", required_message: str = REASON_REQUIRED, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message


class MoneyField(forms.DecimalField):
    """Pounds and pence. Accepts "£125,000.50" as well as "125000.5"."""

    def __init__(self, *, invalid_message: str, negative_message: str | None = None, **kwargs: Any) -> None:
        self.negative_message = negative_message
        super().__init__(max_digits=14, decimal_places=2, **kwargs)
        self.error_messages.update(
            {
                "invalid": invalid_message,
                "max_digits": MONEY_TOO_BIG,
                "max_whole_digits": MONEY_TOO_BIG,
                "max_decimal_places": invalid_message,
            }
        )

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "").replace(" ", "")
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if self.negative_message and value is not None and value < 0:
            raise forms.ValidationError(self.negative_message, code="min_value")
