"""Turn Django bound fields into the parameters of GOV.UK Frontend macros.

Templates call ``govuk_field(form["name"])`` (the macro in core/macros/forms.html), which picks the right GOV.UK
component for the widget. Error summaries link to ``#id_<name>``, which is the id of the input (or of the first
radio or checkbox, or the day of a date) that the component renders; a date's error links to the first of its inputs
at fault (``#id_<name>_month`` when only the month is).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from markupsafe import Markup

from commissioning.core.forms import CONFIRM_PART, DATE_PARTS, GovukDateInput, date_parts


def _label_text(bf: BoundField) -> str:
    return str(bf.label)


def _error(bf: BoundField) -> dict[str, str] | None:
    if bf.errors:
        return {"text": " ".join(str(e) for e in bf.errors)}
    return None


def _value(bf: BoundField) -> Any:
    value = bf.value()
    return "" if value is None else value


def _choice_items(bf: BoundField, *, multiple: bool) -> list[dict[str, Any]]:
    raw = bf.value()
    selected = {str(v) for v in raw or []} if multiple else {"" if raw is None else str(raw)}
    items = []
    for value, label in bf.field.choices:  # type: ignore[attr-defined]
        value = getattr(value, "value", value)
        text = str(label)
        items.append(
            {"value": str(value), "text": text, "checked": str(value) in selected, "selected": str(value) in selected}
        )
    return items


def _date_error_parts(bf: BoundField) -> tuple[tuple[str, ...], dt.date | None]:
    """The parts of a date the first error is about (all three when it does not say, as an action's do), and the
    date a warning is about."""
    for error in bf.errors.as_data():
        params = error.params or {}
        return tuple(params.get("parts") or DATE_PARTS), params.get("date")
    return (), None


def _date_input_id(name: str, part: str) -> str:
    return f"id_{name}" if part == "day" else f"id_{name}_{part}"


def error_anchor(bf: BoundField) -> str:
    """Where the error summary's link for this field goes: the field's input, or a date's first input at fault."""
    if isinstance(bf.field.widget, GovukDateInput):
        parts, _ = _date_error_parts(bf)
        first = next((part for part in DATE_PARTS if part in parts), "day")
        return f"#{_date_input_id(bf.html_name, first)}"
    return f"#id_{bf.html_name}"


def _date_params(bf: BoundField, error: dict[str, str] | None) -> dict[str, Any]:
    name = bf.html_name
    typed = date_parts(bf.value())
    parts, warned = _date_error_parts(bf)
    widths = {"day": "govuk-input--width-2", "month": "govuk-input--width-2", "year": "govuk-input--width-4"}
    items = []
    for part in DATE_PARTS:
        classes = widths[part] + (" govuk-input--error" if error and part in parts else "")
        items.append(
            {
                "id": _date_input_id(name, part),
                "name": f"{name}_{part}",
                "label": part.capitalize(),
                "value": typed[part],
                "classes": classes,
            }
        )
    params: dict[str, Any] = {
        "id": f"id_{name}_date",
        "fieldset": {"legend": {"text": _label_text(bf), "classes": "govuk-fieldset__legend--s"}},
        "items": items,
    }
    confirmed = warned.isoformat() if warned else typed[CONFIRM_PART]
    if confirmed:  # the date the user was warned about: saving it again keeps it
        hidden = Markup('<input type="hidden" name="{}" value="{}">').format(f"{name}_{CONFIRM_PART}", confirmed)
        params["formGroup"] = {"afterInputs": {"html": hidden}}
    return params


def field_params(bf: BoundField, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return {"component": name, "params": {...}} for the macro that renders this field."""
    widget = bf.field.widget
    name = bf.html_name
    field_id = f"id_{name}"
    hint = {"text": str(bf.help_text)} if bf.help_text else None
    error = _error(bf)
    params: dict[str, Any]
    # CheckboxSelectMultiple is a subclass of RadioSelect in Django, so it must be tested first.
    if isinstance(widget, GovukDateInput):
        component = "date"
        params = _date_params(bf, error)
    elif isinstance(widget, forms.CheckboxSelectMultiple):
        component = "checkboxes"
        params = {
            "name": name,
            "idPrefix": field_id,
            "fieldset": {"legend": {"text": _label_text(bf), "classes": "govuk-fieldset__legend--s"}},
            "items": _choice_items(bf, multiple=True),
        }
    elif isinstance(widget, forms.RadioSelect):
        component = "radios"
        params = {
            "name": name,
            "idPrefix": field_id,
            "fieldset": {"legend": {"text": _label_text(bf), "classes": "govuk-fieldset__legend--s"}},
            "items": [i for i in _choice_items(bf, multiple=False) if i["value"] != ""],
        }
    elif isinstance(widget, forms.CheckboxInput):
        component = "checkboxes"
        params = {
            "name": name,
            "idPrefix": field_id,
            "items": [{"value": "on", "text": _label_text(bf), "checked": bool(bf.value())}],
        }
    elif isinstance(widget, forms.Select):
        component = "select"
        params = {
            "name": name,
            "id": field_id,
            "label": {"text": _label_text(bf), "classes": "govuk-label--s"},
            "items": _choice_items(bf, multiple=False),
        }
    elif isinstance(widget, forms.Textarea):
        component = "textarea"
        params = {
            "name": name,
            "id": field_id,
            "label": {"text": _label_text(bf), "classes": "govuk-label--s"},
            "value": _value(bf),
            "rows": widget.attrs.get("rows", 4),
        }
    else:
        component = "input"
        input_type = getattr(widget, "input_type", "text")
        params = {
            "name": name,
            "id": field_id,
            "type": "text" if input_type == "number" else input_type,
            "label": {"text": _label_text(bf), "classes": "govuk-label--s"},
            "value": "" if input_type == "password" else _value(bf),
            "spellcheck": False,
        }
        if input_type == "number" or isinstance(bf.field, (forms.DecimalField, forms.IntegerField)):
            params["inputmode"] = "decimal" if isinstance(bf.field, forms.DecimalField) else "numeric"
            params["classes"] = "govuk-input--width-10"
        autocomplete = widget.attrs.get("autocomplete")
        if autocomplete:
            params["autocomplete"] = autocomplete
    if hint:
        params["hint"] = hint
    if error:
        params["errorMessage"] = error
    if extra:
        for key, value in extra.items():
            if isinstance(value, dict) and isinstance(params.get(key), dict):
                params[key] = {**params[key], **value}
            else:
                params[key] = value
    return {"component": component, "params": params}


def error_summary_params(*forms_: forms.BaseForm) -> dict[str, Any] | None:
    """Parameters for govukErrorSummary listing every error on the given forms, in field order."""
    items: list[dict[str, str]] = []
    for form in forms_:
        if not form.is_bound or not form.errors:
            continue
        conflict = getattr(form, "conflict", None)  # an edit conflict links to what the other person changed
        for error in form.non_field_errors():
            mine = conflict is not None and str(error) in conflict.messages
            items.append({"text": str(error), "href": "#edit-conflict" if mine else "#main-content"})
        for bf in form:
            for error in bf.errors:
                items.append({"text": str(error), "href": error_anchor(bf)})
    if not items:
        return None
    return {"titleText": "There is a problem", "errorList": items}
