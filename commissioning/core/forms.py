"""Form pieces every app uses: an action's errors shown on the form, the edit and create guards, a reason for
archiving or restoring, a list's filters, and an amount of money in pounds."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

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
