"""Form pieces every app uses: an action's errors shown on the form, the edit and create guards, a reason for
archiving or restoring, a list's filters, and an amount of money in pounds."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import lazy

from commissioning.core.concurrency import TOKEN_FIELD, VERSION_FIELD, EditConflict, version_of

REASON_REQUIRED = "Enter a reason"
MONEY_TOO_BIG = "Enter an amount less than £1 trillion"


def apply_action_errors(form: forms.BaseForm, error: ValidationError, renamed: Mapping[str, str] | None = None) -> None:
    """Show an action's ValidationError against the fields it names (``renamed`` maps the action's names to the
    form's); the rest go to the top of the form."""
    renamed = renamed or {}
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            field = renamed.get(name, name)
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


MAX_LENGTH = "{label} must be {limit} characters or fewer"


def govuk_max_length_messages(form: forms.BaseForm) -> None:
    """Word every text field's length limit the GOV.UK way ("Name must be 200 characters or fewer"), unless the
    field already says it its own way."""
    for name, field in form.fields.items():
        limit = getattr(field, "max_length", None)
        if limit and "max_length" not in field.error_messages:
            label = str(field.label or name.replace("_", " ").capitalize())
            field.error_messages["max_length"] = MAX_LENGTH.format(label=label, limit=f"{limit:,}")


class GovukMessagesMixin:
    """Every form of the product: words its length limits the GOV.UK way (``govuk_max_length_messages``). The
    mixins below include it (FilterFormMixin too); any other plain form lists it first among its bases."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_max_length_messages(self)  # type: ignore[arg-type]
        govuk_date_fields(self)  # type: ignore[arg-type]


class ActionErrorsMixin(GovukMessagesMixin):
    """``form.apply_errors(error)`` shows a ValidationError raised by an action against the fields it names.

    Rules across fields belong to the actions; this is how they are reported back through the form. Set
    ``action_field_names`` when the action names a field differently from the form.
    """

    action_field_names: ClassVar[Mapping[str, str]] = {}

    def apply_errors(self, error: ValidationError) -> None:
        apply_action_errors(self, error, self.action_field_names)  # type: ignore[arg-type]


class VersionedFormMixin(ActionErrorsMixin):
    """Every edit form: carries the version of the record it was loaded from, so no one's save is lost.

    The version is the record's ``updated_at`` as an exact ISO 8601 string (``concurrency.version_of``), in a hidden
    ``record_version`` field that ``form_guard(form)`` renders inside the ``<form>``. The record is the ModelForm's
    instance, or ``versioned=record`` for a plain form. The view passes ``form.version`` to the update action, which
    checks it with ``concurrency.lock_for_update`` under the row lock. When someone else saved in between, the action
    raises ``EditConflict``; ``apply_errors`` then shows its message (who changed it and when), keeps everything
    typed, keeps ``form.conflict`` for the list of their changes shown under the error summary, and puts the new
    version in the form so that saving again goes through. A POST without a version is not checked.
    """

    conflict: EditConflict | None = None

    def __init__(self, *args: Any, versioned: models.Model | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form: Any = self
        record = versioned if versioned is not None else getattr(form, "instance", None)
        if record is not None and record.pk is not None:  # a ModelForm that also adds records carries no version then
            form.fields[VERSION_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
            form.initial[VERSION_FIELD] = version_of(record)
            form.fields.pop(TOKEN_FIELD, None)  # an edit adds no record, so it needs no one-time token

    @property
    def version(self) -> str | None:
        form: Any = self
        value = form.cleaned_data.get(VERSION_FIELD) if hasattr(form, "cleaned_data") else None
        return value or None

    def apply_errors(self, error: ValidationError) -> None:
        form: Any = self
        if isinstance(error, EditConflict):
            self.conflict = error
            data = form.data.copy()
            data[form.add_prefix(VERSION_FIELD)] = error.version
            form.data = data
        super().apply_errors(error)


class OneTimeFormMixin(ActionErrorsMixin):
    """Every create form: carries a one-time token, so sending it again cannot make a second record.

    A fresh uuid4 in a hidden ``form_token`` field on each GET (rendered by ``form_guard(form)``). The view passes
    ``form.token`` to the create action, which claims it with ``concurrency.claim_form_token``; a repeat raises
    ``AlreadySubmitted`` and the view redirects to the record already made. A POST without a token is not checked.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form: Any = self
        if getattr(getattr(form, "instance", None), "pk", None) is not None:
            return  # a ModelForm that also edits records carries no token then
        form.fields[TOKEN_FIELD] = forms.UUIDField(required=False, widget=forms.HiddenInput)
        if not form.is_bound:
            form.initial[TOKEN_FIELD] = uuid.uuid4()

    @property
    def token(self) -> uuid.UUID | None:
        form: Any = self
        return form.cleaned_data.get(TOKEN_FIELD) if hasattr(form, "cleaned_data") else None


class RecordFormMixin(VersionedFormMixin, OneTimeFormMixin):
    """A form that both adds records (a one-time token) and edits them (the record's version: the ModelForm's
    instance, or ``versioned=record``)."""


class ReasonForm(ActionErrorsMixin, forms.Form):
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


def change_reason_field() -> forms.CharField:
    """The optional "Reason for the change" an edit form offers; the action records it with the change's history
    entry, which the History tab shows."""
    return forms.CharField(
        label="Reason for the change (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown on the History tab.",
    )


def sort_choices(sorts: Iterable[str]) -> list[tuple[str, str]]:
    """A list's sort field: each key of ``sorts``, ascending, or descending with a leading "-"."""
    keys = list(sorts)
    return [(key, key) for key in keys] + [(f"-{key}", key) for key in keys]


class FilterFormMixin(GovukMessagesMixin):
    """A list's filter form (with GOV.UK length messages): ``filters()`` reads what was asked for even when part
    of it is not valid."""

    def valid_data(self) -> dict[str, Any]:
        """The cleaned values, leaving out the fields that have errors (a bad quarter does not empty the list)."""
        form: Any = self
        if not form.is_valid():
            return {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
        data: dict[str, Any] = form.cleaned_data
        return data

    @staticmethod
    def sort_of(data: Mapping[str, Any], default: str) -> tuple[str, bool]:
        """The sort key asked for (``default`` when none) and whether it is descending ("-key")."""
        sort: str = data.get("sort") or default
        return sort.lstrip("-"), sort.startswith("-")


class CountField(forms.IntegerField):
    """A whole number of things. Accepts "4,200" (and "4 200") as well as "4200", as MoneyField does for pounds."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = value.strip().replace(",", "").replace(" ", "").replace("\u00a0", "").replace("\u2212", "-")
        return super().to_python(value)


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
            value = value.strip().replace("£", "").replace(",", "").replace(" ", "").replace("\u2212", "-")
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if self.negative_message and value is not None and value < 0:
            raise forms.ValidationError(self.negative_message, code="min_value")


# Dates: the GOV.UK date input -------------------------------------------------------------------------------------

# The Design System's messages for a date (design-system.service.gov.uk/components/date-input). ``what`` reads after
# "Enter" ("the date the evidence was collected"); ``subject`` starts a sentence ("Date of the evidence").
DATE_ENTER = "Enter {what}"
DATE_MUST_INCLUDE = "{subject} must include a {missing}"
DATE_YEAR_DIGITS = "{subject} must include a year with 4 numbers"
DATE_REAL = "{subject} must be a real date"
DATE_TODAY_OR_FUTURE = "{subject} must be today or in the future"
DATE_FUTURE = "{subject} must be in the future"
DATE_TODAY_OR_PAST = "{subject} must be today or in the past"
DATE_PAST = "{subject} must be in the past"
DATE_CHECK = "{subject} is {when}: check it, or save again to keep it"
DATE_HINT = "For example, {example}"

DATE_PARTS = ("day", "month", "year")
CONFIRM_PART = "confirmed"  # the hidden input that keeps a date the user was warned about and saved again

MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_DAY = re.compile(r"^0*([0-9]{1,2})(st|nd|rd|th)?$")
_NUMBER = re.compile(r"^0*([0-9]{1,2})$")
_YEAR = re.compile(r"^[0-9]{1,8}$")


class GovukDateInput(forms.MultiWidget):
    """Day, month and year as three text inputs, ``<name>_day``, ``<name>_month`` and ``<name>_year``, and the
    hidden ``<name>_confirmed`` that keeps a date its field warned about. ``forms_govuk.field_params`` renders it
    with govukDateInput; the value is the list of what was typed, so a form shown again keeps it as typed."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in DATE_PARTS}
        super().__init__({**widgets, CONFIRM_PART: forms.HiddenInput}, attrs)

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year), ""]
        return ["", "", "", ""]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return [str(v or "") for v in super().value_from_datadict(data, files, name)]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return all(f"{name}_{part}" not in data for part in DATE_PARTS)


def date_parts(value: Any) -> dict[str, str]:
    """What the inputs of a date field show: its value as typed (a bound form) or as stored (an unbound one)."""
    if isinstance(value, dt.date):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year), CONFIRM_PART: ""}
    if isinstance(value, (list, tuple)):
        padded = [*value, "", "", "", ""]
        return dict(zip((*DATE_PARTS, CONFIRM_PART), (str(v or "") for v in padded[:4]), strict=True))
    if isinstance(value, str) and value:  # an ISO date, as a test or an old link may give
        try:
            return date_parts(dt.date.fromisoformat(value))
        except ValueError:
            pass
    return {"day": "", "month": "", "year": "", CONFIRM_PART: ""}


def _hint(before: str | None, example: str | None, future_only: bool) -> str:
    if example is None:  # an example the field accepts without a query, as of the day the page is drawn
        year = timezone.localdate().year
        example = f"27 3 {year + 1 if future_only else year - 1}"
    return " ".join(filter(None, [before, DATE_HINT.format(example=example)]))


_date_hint = lazy(lambda before, example, *, future_only: _hint(before, example, future_only), str)


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


class GovukDateField(forms.Field):
    """A date entered with the GOV.UK date input, checked and worded as the Design System says.

    Accepts " 7 " and "07", "7th", and month names ("Mar", "march"). Each message names the field: ``subject`` starts
    a sentence ("Next review date must be a real date"), ``what`` follows "Enter" when a required date is left
    blank. Each error carries the parts at fault (``params["parts"]``), so only those inputs are marked.

    ``future_only`` refuses a date before today, ``past_only`` one after today (and today too with
    ``today_allowed=False``); a date left as it was saved is not refused (an overdue review date can stay while the rest of the record is edited). ``warn_future`` and
    ``warn_past`` name a date that is plausible but odd ("in the future"): the form asks the user to check it, and
    saving the same date again keeps it.
    """

    widget = GovukDateInput
    default_error_messages: ClassVar = {"required": DATE_ENTER}

    def __init__(
        self,
        *,
        subject: str,
        what: str | None = None,
        future_only: bool = False,
        past_only: bool = False,
        today_allowed: bool = True,
        warn_future: bool = False,
        warn_past_before: dt.timedelta | None = None,
        example: str | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs["help_text"] = _date_hint(kwargs.get("help_text"), example, future_only=future_only)
        super().__init__(**kwargs)
        self.subject = subject
        self.what = what or f"the {subject[:1].lower()}{subject[1:]}"
        self.future_only = future_only
        self.past_only = past_only
        self.today_allowed = today_allowed
        self.warn_future = warn_future
        self.warn_past_before = warn_past_before
        self.saved: dt.date | None = None  # the stored value, set by the form (GovukMessagesMixin)

    def _error(
        self, message: str, code: str, parts: tuple[str, ...] = DATE_PARTS, date: dt.date | None = None
    ) -> ValidationError:
        text = message.format(subject=self.subject, what=self.what)
        return ValidationError(text, code=code, params={"parts": parts, "date": date})

    def to_python(self, value: Any) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value
        typed = date_parts(value)
        raw = {part: typed[part].strip() for part in DATE_PARTS}
        if not any(raw.values()):
            return None
        missing = [part for part in DATE_PARTS if not raw[part]]
        if missing:
            parts = tuple(missing) if len(missing) == 1 else DATE_PARTS
            raise self._error(DATE_MUST_INCLUDE.replace("{missing}", _and(missing)), "incomplete", parts)
        day_match = _DAY.match(raw["day"])
        day = int(day_match.group(1)) if day_match else 0
        month_match = _NUMBER.match(raw["month"])
        month = int(month_match.group(1)) if month_match else MONTH_NAMES.get(raw["month"].lower().rstrip("."), 0)
        year = int(raw["year"]) if _YEAR.match(raw["year"]) else 0
        wrong = [part for part, number, top in (("day", day, 31), ("month", month, 12)) if not 1 <= number <= top]
        if not year:
            wrong.append("year")
        elif len(raw["year"].lstrip("0")) != 4:
            if not wrong:
                raise self._error(DATE_YEAR_DIGITS, "year_digits", ("year",))
            wrong.append("year")
        if wrong:
            raise self._error(DATE_REAL, "invalid", tuple(wrong) if len(wrong) == 1 else DATE_PARTS)
        try:
            return dt.date(year, month, day)
        except ValueError:  # 31 2 2027: the day is not in that month
            raise self._error(DATE_REAL, "invalid", ("day",)) from None

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise self._error(DATE_ENTER, "required")

    def clean(self, value: Any) -> dt.date | None:
        date: dt.date | None = super().clean(value)
        if date is None or date == self.saved:
            return date
        today = timezone.localdate()
        if self.future_only and (date < today or (date == today and not self.today_allowed)):
            raise self._error(DATE_TODAY_OR_FUTURE if self.today_allowed else DATE_FUTURE, "past")
        if self.past_only and (date > today or (date == today and not self.today_allowed)):
            raise self._error(DATE_TODAY_OR_PAST if self.today_allowed else DATE_PAST, "future")
        confirmed = date_parts(value)[CONFIRM_PART] == date.isoformat()
        if not confirmed and self.warn_future and date > today:
            raise self._error(DATE_CHECK.replace("{when}", "in the future"), "check", date=date)
        if not confirmed and self.warn_past_before is not None and date < today - self.warn_past_before:
            raise self._error(DATE_CHECK.replace("{when}", "a long time ago"), "check", date=date)
        return date

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != (initial or None)
        except ValidationError:
            return True


def govuk_date_fields(form: forms.BaseForm) -> None:
    """Tell each date field the value the record has now, so that keeping it is never refused."""
    for name, field in form.fields.items():
        if isinstance(field, GovukDateField):
            saved = form.initial.get(name, field.initial)
            field.saved = saved if isinstance(saved, dt.date) else None
