"""Forms for imports: choosing what a file holds and uploading it, and filtering the list of imports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from commissioning.core.forms import GovukMessagesMixin, OneTimeFormMixin
from commissioning.imports import ingest
from commissioning.imports.models import ImportKind, ImportStatus
from commissioning.imports.selectors import JobFilters

KIND_REQUIRED = "Choose what the file holds"
FILE_REQUIRED = "Choose the file to import"
FILE_UNREADABLE = "The file could not be uploaded: choose it again"


class ImportForm(OneTimeFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What does the file hold?",
        widget=forms.RadioSelect,
        error_messages={"required": KIND_REQUIRED, "invalid_choice": KIND_REQUIRED},
    )
    file = forms.FileField(
        label="Upload the file",
        error_messages={"required": FILE_REQUIRED, "invalid": FILE_UNREADABLE, "missing": FILE_REQUIRED},
    )

    def __init__(
        self,
        *args: Any,
        kinds: Sequence[tuple[str, str]],
        too_large: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        if len(kinds) == 1:
            self.initial.setdefault("kind", kinds[0][0])
        self.fields["file"].help_text = (
            f"An Excel workbook (.xlsx) or a CSV file (.csv), up to {ingest.max_file_size()}. "
            "Nothing is saved unless every row is right."
        )
        if too_large is not None:
            # The upload handler stopped reading the file at the limit, so the field is empty: say why.
            message = ingest.too_large(too_large)
            self.fields["file"].error_messages.update({"required": message, "missing": message})

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        problem = ingest.upload_problem(upload.name or "", upload.size or 0)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class JobFilterForm(GovukMessagesMixin, forms.Form):
    q = forms.CharField(label="File name", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="What it holds", required=False, choices=[("", "Budgets and measurements"), *ImportKind.choices]
    )
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *ImportStatus.choices])
    mine = forms.BooleanField(label="Only my imports", required=False)

    def filters(self) -> JobFilters:
        data: dict[str, Any] = (
            self.cleaned_data
            if self.is_valid()
            else {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        )
        return JobFilters(
            q=(data.get("q") or "").strip(),
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            mine=bool(data.get("mine")),
        )
