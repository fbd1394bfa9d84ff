"""Forms for scrutiny (ADR 0034): a work programme item (added from the scrutiny dashboard with its subject filled, or
by hand), an inquiry or task and finish group, and an evidence session."""

from __future__ import annotations

from typing import Any

from django import forms

from commissioning.core.forms import GovukDateField, OneTimeFormMixin, RecordFormMixin
from commissioning.governance.actions.scrutiny import (
    INQUIRY_TITLE_REQUIRED,
    REASON_REQUIRED,
    SCOPE_REQUIRED,
    SUBJECT_KIND_REQUIRED,
    TITLE_REQUIRED,
    WITNESSES_REQUIRED,
    InquiryDetails,
    ItemDetails,
    SessionDetails,
)
from commissioning.governance.models import (
    Body,
    Inquiry,
    InquiryKind,
    InquiryReportStatus,
    SubjectKind,
    WorkItemStatus,
    WorkProgrammeItem,
)
from commissioning.governance.selectors import scrutiny as selectors

# The subjects chosen from a list on the add page (a contract comes from the dashboard, by its id).
CHOSEN = (SubjectKind.SERVICE, SubjectKind.REVIEW, SubjectKind.DECISION, SubjectKind.INDICATOR)


class ItemForm(RecordFormMixin, forms.Form):
    subject_kind = forms.ChoiceField(
        label="What is it about?",
        choices=SubjectKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": SUBJECT_KIND_REQUIRED, "invalid_choice": SUBJECT_KIND_REQUIRED},
    )
    service: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Service", queryset=None, required=False, empty_label="Choose a service"
    )
    review: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Commissioning review", queryset=None, required=False, empty_label="Choose a review"
    )
    decision: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Decision", queryset=None, required=False, empty_label="Choose a decision"
    )
    indicator: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Indicator", queryset=None, required=False, empty_label="Choose an indicator"
    )
    contract = forms.IntegerField(required=False, widget=forms.HiddenInput)
    theme = forms.CharField(label="Theme", required=False, max_length=300)
    title = forms.CharField(
        label="Title on the work programme", max_length=300, error_messages={"required": TITLE_REQUIRED}
    )
    reason = forms.CharField(
        label="Why should the committee look at this?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the committee wants to find out, and why now: it is shown on the work programme.",
        error_messages={"required": REASON_REQUIRED},
    )
    source = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    meeting: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Meeting it comes to", queryset=None, required=False, empty_label="No meeting yet"
    )
    planned_month = forms.ChoiceField(label="Or the month it is planned for", required=False)
    status = forms.ChoiceField(label="Status", choices=WorkItemStatus.choices, required=False)

    def __init__(self, *args: Any, body: Body, user: Any, item: WorkProgrammeItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, versioned=item, **kwargs)
        self.item = item
        for kind in CHOSEN:
            self.fields[kind].queryset = selectors.subject_choices(kind, user=user)  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = selectors.meeting_choices(body=body)  # type: ignore[attr-defined]
        months = selectors.planned_month_choices()
        if item is not None and item.planned_month and item.planned_month not in dict(months):
            months.insert(0, (item.planned_month, selectors.month_label(item.planned_month)))
        self.fields["planned_month"].choices = [("", "Not planned yet"), *months]  # type: ignore[attr-defined]
        if item is None:
            del self.fields["status"]
            if not self.fixed_subject:  # a contract is chosen on the dashboard (governance may not list contracts)
                kinds = [choice for choice in SubjectKind.choices if choice[0] != SubjectKind.CONTRACT]
                self.fields["subject_kind"].choices = kinds  # type: ignore[attr-defined]
                self.fields["subject_kind"].help_text = "A contract is added from the scrutiny dashboard."
        else:  # the subject of an item stays what it was: remove the item and add another to change it
            for name in ("subject_kind", *CHOSEN, "contract", "theme", "source"):
                del self.fields[name]
            self.initial.update(
                {
                    "title": item.title,
                    "reason": item.reason,
                    "meeting": item.meeting_id,
                    "planned_month": item.planned_month,
                    "status": item.status,
                }
            )

    @property
    def fixed_subject(self) -> bool:
        """The subject came filled from the dashboard: the page shows it rather than asking for it."""
        return bool(self["source"].value()) if "source" in self.fields else False

    def details(self) -> ItemDetails:
        data = self.cleaned_data
        item = self.item
        kind = data.get("subject_kind") or (item.subject_kind if item else "")
        if item is not None:
            return ItemDetails(
                subject_kind=kind,
                subject=item.service or item.review or item.decision or item.indicator,
                contract_id=item.contract_id,
                theme=item.theme,
                title=data["title"],
                reason=data["reason"],
                meeting=data.get("meeting"),
                planned_month=data.get("planned_month", ""),
                status=data.get("status", ""),
            )
        return ItemDetails(
            subject_kind=kind,
            subject=data.get(kind) if kind in CHOSEN else None,
            contract_id=data.get("contract"),
            theme=data.get("theme", ""),
            title=data["title"],
            reason=data["reason"],
            source=data.get("source", ""),
            meeting=data.get("meeting"),
            planned_month=data.get("planned_month", ""),
        )


class InquiryForm(RecordFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=InquiryKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label="Name", max_length=300, error_messages={"required": INQUIRY_TITLE_REQUIRED})
    scope = forms.CharField(
        label="Scope",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What it will look at, what it will not, and the questions it will answer.",
        error_messages={"required": SCOPE_REQUIRED},
    )
    members: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label="Members (councillors)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    report = forms.CharField(label="Final report", widget=forms.Textarea(attrs={"rows": 8}), required=False)
    report_on = GovukDateField(label="Date of the report", subject="Date of the report", required=False)
    report_status = forms.ChoiceField(label="Report status", choices=InquiryReportStatus.choices, required=False)

    def __init__(self, *args: Any, item: WorkProgrammeItem, inquiry: Inquiry | None = None, **kwargs: Any) -> None:
        super().__init__(*args, versioned=inquiry, **kwargs)
        self.fields["members"].queryset = selectors.councillor_choices()  # type: ignore[attr-defined]
        if inquiry is None:
            self.initial.setdefault("title", item.title)
            self.initial.setdefault("kind", InquiryKind.TASK_AND_FINISH)
            for name in ("report", "report_on", "report_status"):
                del self.fields[name]
        else:
            self.initial.update(
                {
                    "kind": inquiry.kind,
                    "title": inquiry.title,
                    "scope": inquiry.scope,
                    "members": [member.pk for member in inquiry.members.all()],
                    "report": inquiry.report,
                    "report_on": inquiry.report_on,
                    "report_status": inquiry.report_status,
                }
            )

    def details(self) -> InquiryDetails:
        data = self.cleaned_data
        return InquiryDetails(
            title=data["title"],
            scope=data["scope"],
            kind=data["kind"],
            members=list(data.get("members") or []),
            report=data.get("report", ""),
            report_on=data.get("report_on"),
            report_status=data.get("report_status", ""),
        )


class SessionForm(OneTimeFormMixin, forms.Form):
    held_on = GovukDateField(label="Date of the session", subject="Date of the session")
    witnesses = forms.CharField(
        label="Who gave evidence",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Their names and roles, one per line.",
        error_messages={"required": WITNESSES_REQUIRED},
    )
    papers = forms.CharField(
        label="Papers",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Each paper's title or link, one per line.",
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def details(self) -> SessionDetails:
        data = self.cleaned_data
        return SessionDetails(
            held_on=data.get("held_on"), witnesses=data["witnesses"], papers=data["papers"], notes=data["notes"]
        )
