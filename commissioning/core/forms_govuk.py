"""Turn Django bound fields into the parameters of GOV.UK Frontend macros.

Templates call ``govuk_field(form["name"])`` (the macro in core/macros/forms.html), which picks the right GOV.UK
component for the widget. Error summaries link to ``#id_<name>``, which is the id of the input (or of the first
radio or checkbox) that the component renders.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField


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


def field_params(bf: BoundField, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return {"component": name, "params": {...}} for the macro that renders this field."""
    widget = bf.field.widget
    name = bf.html_name
    field_id = f"id_{name}"
    hint = {"text": str(bf.help_text)} if bf.help_text else None
    error = _error(bf)
    params: dict[str, Any]
    # CheckboxSelectMultiple is a subclass of RadioSelect in Django, so it must be tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
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
                items.append({"text": str(error), "href": f"#id_{bf.html_name}"})
    if not items:
        return None
    return {"titleText": "There is a problem", "errorList": items}
