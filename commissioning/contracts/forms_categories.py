"""Forms for category management. They parse and check each field; the rules across fields live in the actions."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from commissioning.contracts import selectors_categories
from commissioning.contracts.actions_categories import CategoryDetails, split_covers
from commissioning.contracts.models import Category, CategoryKind
from commissioning.core.forms import RecordFormMixin

CODE_REQUIRED = "Enter a code for the category, like CPV-85 or SOC-01"
NAME_REQUIRED = "Enter the name of the category"
KIND_REQUIRED = "Choose whether this is a CPV division or one of the council's own categories"


class CategoryForm(RecordFormMixin, forms.ModelForm):
    covers = forms.CharField(
        label="CPV divisions or codes it covers",
        required=False,
        max_length=500,
        help_text="For a council category: CPV divisions (like 85) or codes (like 85311000-2), separated by commas.",
    )
    cpv_division = forms.ChoiceField(label="CPV division", required=False)

    class Meta:
        model = Category
        fields: ClassVar = ["kind", "code", "name", "cpv_division", "covers", "parent", "manager", "description"]
        labels: ClassVar = {
            "kind": "What kind of category is it?",
            "parent": "Parent category (optional)",
            "manager": "Category manager",
            "description": "Description (optional)",
        }
        help_texts: ClassVar = {"code": "Capital letters, digits and hyphens, like CPV-85 or SOC-01."}
        widgets: ClassVar = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}
        error_messages: ClassVar = {
            "code": {"required": CODE_REQUIRED},
            "name": {"required": NAME_REQUIRED},
            "kind": {"required": KIND_REQUIRED},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields
        f["kind"].choices = CategoryKind.choices
        f["cpv_division"].choices = [("", "Choose a division"), *selectors_categories.DIVISION_CHOICES]
        f["parent"].queryset = selectors_categories.parent_choices(
            excluding=self.instance if self.instance.pk else None
        )
        f["parent"].empty_label = "None: a top-level category"
        f["manager"].queryset = selectors_categories.manager_choices()
        f["manager"].empty_label = "None yet"
        if self.instance.pk:
            self.initial["covers"] = self.instance.covers

    def clean_code(self) -> str:
        return (self.cleaned_data.get("code") or "").strip().upper()

    def _post_clean(self) -> None:
        pass  # cross-field rules belong to the actions

    def details(self) -> CategoryDetails:
        data = self.cleaned_data
        return CategoryDetails(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            cpv_division=data.get("cpv_division") or "",
            covers=split_covers(data.get("covers") or ""),
            parent=data.get("parent"),
            description=data.get("description") or "",
            manager=data.get("manager"),
        )
