"""The form that records a saving read from spend as evidence (finance-spendlinks): only the month the period runs
to; the figure is worked out by the action from the stored spend, never typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from commissioning.core.forms import OneTimeFormMixin
from commissioning.finance import selectors_spendlinks as selectors

THROUGH_REQUIRED = "Choose the month the period runs to"
THROUGH_LABEL = "Spend from April up to the end of"


class SpendEvidenceForm(OneTimeFormMixin, forms.Form):
    through = forms.ChoiceField(
        label=THROUGH_LABEL,
        help_text="The saving is worked out from the spend published for April to the end of this month.",
        error_messages={"required": THROUGH_REQUIRED, "invalid_choice": THROUGH_REQUIRED},
    )

    def __init__(self, *args: Any, line: Any, offered: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        months = selectors.spend_months_offered(line)
        field: Any = self.fields["through"]
        field.choices = [("", "Choose a month")] + [(m.isoformat(), f"{m:%B %Y}") for m in months]
        if offered is not None and not self.is_bound:
            self.initial["through"] = offered.isoformat()

    @property
    def month(self) -> dt.date:
        return dt.date.fromisoformat(self.cleaned_data["through"])
