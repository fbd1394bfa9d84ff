"""Forms for bodies, membership, meetings, agendas, attendance and minutes. They parse and check each field; the
rules across fields live in the actions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings

from commissioning.core.forms import (
    FilterFormMixin,
    GovukDateField,
    GovukMessagesMixin,
    OneTimeFormMixin,
    RecordFormMixin,
    VersionedFormMixin,
    change_reason_field,
)
from commissioning.governance.actions.bodies import AgendaItemDetails, BodyDetails, MeetingDetails, MembershipDetails
from commissioning.governance.models import (
    AgendaItem,
    AttendanceStatus,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
    MemberRole,
    Membership,
    Schedule12A,
)
from commissioning.governance.selectors import bodies as selectors

NAME_REQUIRED = "Enter the name of the body"
KIND_REQUIRED = "Choose what kind of body it is"
SEATS_INVALID = "Enter the number of seats as a whole number, like 9"
ROLE_REQUIRED = "Choose the member's role"
PLACE_REQUIRED = "Enter where the meeting is held, like Council Chamber, Town Hall"
TIME_REQUIRED = "Enter the time the meeting starts, like 10:00 or 18:30"
TIME_INVALID = "Enter the time as hours and minutes on the 24-hour clock, like 10:00 or 18:30"
STATUS_REQUIRED = "Choose the meeting's status"
NUMBER_REQUIRED = "Enter the item's number on the agenda, like 4"
NUMBER_INVALID = "Enter the item's number as a whole number, like 4"
TITLE_REQUIRED = "Enter the title of the agenda item"
ATTENDANCE_REQUIRED = "Say whether {name} was present, sent apologies or was absent"

MEETING_DATE = "Date of the meeting"
STARTS_ON = "Start date"
ENDS_ON = "End date"
APPROVED_ON = "Date the minutes were approved"

TIME_FORMAT = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


class BodyForm(RecordFormMixin, forms.ModelForm):
    seats = forms.IntegerField(
        label="Seats (optional)",
        required=False,
        min_value=1,
        max_value=200,
        help_text="How many councillors sit on it. A committee's seats are shared among the political groups.",
        error_messages={"invalid": SEATS_INVALID, "min_value": SEATS_INVALID, "max_value": SEATS_INVALID},
    )
    reason = change_reason_field()

    class Meta:
        model = Body
        fields: ClassVar = ["name", "kind", "purpose", "portfolio", "parent", "review", "wards", "seats", "published"]
        labels: ClassVar = {
            "name": "Name",
            "kind": "Kind of body",
            "purpose": "Purpose (optional)",
            "portfolio": "Portfolio (for a cabinet member)",
            "parent": "Part of (optional)",
            "review": "Commissioning review (for a Programme Board)",
            "wards": "Wards (for a community committee)",
            "published": "Publish this body so the public can see it",
        }
        widgets: ClassVar = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
            "wards": forms.CheckboxSelectMultiple,
        }
        error_messages: ClassVar = {
            "name": {"required": NAME_REQUIRED},
            "kind": {"required": KIND_REQUIRED, "invalid_choice": KIND_REQUIRED},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields
        f["kind"].choices = BodyKind.choices
        f["parent"].queryset = selectors.body_choices(excluding=self.instance if self.instance.pk else None)
        f["parent"].empty_label = "None"
        f["review"].queryset = selectors.review_choices()
        f["review"].empty_label = "None"
        f["wards"].queryset = selectors.ward_choices()
        f["wards"].required = False
        if not self.instance.pk:
            self.fields.pop("reason")

    def _post_clean(self) -> None:
        pass  # rules across fields belong to the action

    def validate_unique(self) -> None:
        pass  # the action names a name already taken

    def details(self) -> BodyDetails:
        d = self.cleaned_data
        return BodyDetails(
            name=d["name"],
            kind=d["kind"],
            purpose=d.get("purpose") or "",
            portfolio=d.get("portfolio") or "",
            parent=d.get("parent"),
            review=d.get("review"),
            wards=list(d.get("wards") or []),
            seats=d.get("seats"),
            published=bool(d.get("published")),
        )


class BodyFilterForm(FilterFormMixin, forms.Form):
    q = forms.CharField(label="Search by name, portfolio or purpose", required=False, max_length=200)
    kind = forms.ChoiceField(label="Kind of body", required=False, choices=[("", "All kinds"), *BodyKind.choices])
    archived = forms.BooleanField(label="Include archived bodies", required=False)

    def filters(self) -> selectors.BodyFilters:
        data = self.valid_data()
        return selectors.BodyFilters(
            q=(data.get("q") or "").strip(), kind=data.get("kind") or "", include_archived=bool(data.get("archived"))
        )


class MembershipForm(OneTimeFormMixin, forms.Form):
    councillor = forms.ModelChoiceField(
        label="Councillor", queryset=Membership.objects.none(), required=False, empty_label="Choose a councillor"
    )
    officer = forms.ModelChoiceField(
        label="Or an officer, as adviser",
        queryset=Membership.objects.none(),
        required=False,
        empty_label="None",
        help_text="A lead commissioner on a Programme Board, for example.",
    )
    role = forms.ChoiceField(
        label="Role", choices=MemberRole.choices, widget=forms.RadioSelect, error_messages={"required": ROLE_REQUIRED}
    )
    party = forms.CharField(
        label="Political group (optional)",
        required=False,
        max_length=100,
        help_text="Leave blank to use the councillor's own party.",
    )
    starts_on = GovukDateField(label="Start date", subject=STARTS_ON)
    ends_on = GovukDateField(label="End date (optional)", subject=ENDS_ON, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields
        f["councillor"].queryset = selectors.councillor_choices()
        f["officer"].queryset = selectors.officer_choices()

    def details(self) -> MembershipDetails:
        d = self.cleaned_data
        return MembershipDetails(
            councillor=d.get("councillor"),
            officer=d.get("officer"),
            role=d["role"],
            party=d.get("party") or "",
            starts_on=d["starts_on"],
            ends_on=d.get("ends_on"),
        )


class MembershipEndForm(VersionedFormMixin, forms.Form):
    ends_on = GovukDateField(label="End date", subject=ENDS_ON)
    reason = forms.CharField(
        label="Reason (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )


def _time_of(value: str) -> dt.time:
    match = TIME_FORMAT.match(value or "")
    if not match:
        raise forms.ValidationError(TIME_INVALID)
    return dt.time(int(match.group(1)), int(match.group(2)))


class MeetingForm(RecordFormMixin, forms.Form):
    date = GovukDateField(label="Date of the meeting", subject=MEETING_DATE)
    time = forms.CharField(
        label="Start time",
        help_text="On the 24-hour clock, like 10:00 or 18:30.",
        error_messages={"required": TIME_REQUIRED},
    )
    place = forms.CharField(label="Place", max_length=200, error_messages={"required": PLACE_REQUIRED})
    status = forms.ChoiceField(
        label="Status",
        choices=MeetingStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": STATUS_REQUIRED},
    )
    reason = change_reason_field()

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        if meeting is not None:
            local = meeting.starts_at.astimezone(ZoneInfo(settings.TIME_ZONE))
            kwargs.setdefault(
                "initial",
                {
                    "date": local.date(),
                    "time": local.strftime("%H:%M"),
                    "place": meeting.place,
                    "status": meeting.status,
                },
            )
            kwargs["versioned"] = meeting
        super().__init__(*args, **kwargs)
        if meeting is None:
            self.fields.pop("status")
            self.fields.pop("reason")

    def clean_time(self) -> dt.time:
        return _time_of(self.cleaned_data.get("time", ""))

    def details(self) -> MeetingDetails:
        d = self.cleaned_data
        starts_at = dt.datetime.combine(d["date"], d["time"], tzinfo=ZoneInfo(settings.TIME_ZONE))
        return MeetingDetails(starts_at=starts_at, place=d["place"], status=d.get("status") or MeetingStatus.SCHEDULED)


class MeetingFilterForm(FilterFormMixin, forms.Form):
    when = forms.ChoiceField(
        label="When",
        required=False,
        choices=[(selectors.UPCOMING, "Upcoming"), (selectors.PAST, "Past"), (selectors.ALL, "All")],
    )
    body = forms.ModelChoiceField(label="Body", queryset=Body.objects.none(), required=False, empty_label="All bodies")
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *MeetingStatus.choices])

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]

    def filters(self) -> selectors.MeetingFilters:
        data = self.valid_data()
        body = data.get("body")
        return selectors.MeetingFilters(
            when=data.get("when") or selectors.UPCOMING, body=body.pk if body else None, status=data.get("status") or ""
        )


class AgendaItemForm(RecordFormMixin, forms.ModelForm):
    number = forms.IntegerField(
        label="Item number",
        min_value=1,
        max_value=999,
        error_messages={
            "required": NUMBER_REQUIRED,
            "invalid": NUMBER_INVALID,
            "min_value": NUMBER_INVALID,
            "max_value": NUMBER_INVALID,
        },
    )
    exempt_paragraph = forms.ChoiceField(
        label="Is the item exempt?",
        required=False,
        choices=[
            ("", "No: an open item"),
            *[(v, f"Exempt under paragraph {label}") for v, label in Schedule12A.choices],
        ],
        widget=forms.RadioSelect,
        help_text="Local Government Act 1972, Schedule 12A. An exempt item's title and papers are never public.",
    )
    reason = change_reason_field()

    class Meta:
        model = AgendaItem
        fields: ClassVar = ["number", "title", "summary", "exempt_paragraph", "papers", "review"]
        labels: ClassVar = {
            "title": "Title",
            "summary": "Summary (optional)",
            "papers": "Papers (optional)",
            "review": "Commissioning review (optional)",
        }
        widgets: ClassVar = {"summary": forms.Textarea(attrs={"rows": 3}), "papers": forms.Textarea(attrs={"rows": 3})}
        error_messages: ClassVar = {"title": {"required": TITLE_REQUIRED}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields
        f["review"].queryset = selectors.review_choices()
        f["review"].empty_label = "None"
        if not self.instance.pk:
            self.fields.pop("reason")

    def _post_clean(self) -> None:
        pass

    def validate_unique(self) -> None:
        pass

    def details(self) -> AgendaItemDetails:
        d = self.cleaned_data
        return AgendaItemDetails(
            number=d["number"],
            title=d["title"],
            summary=d.get("summary") or "",
            exempt_paragraph=d.get("exempt_paragraph") or "",
            papers=d.get("papers") or "",
            review=d.get("review"),
        )


class AttendanceForm(GovukMessagesMixin, forms.Form):
    """One question for each member on the day: present, apologies or absent."""

    def __init__(self, *args: Any, members: list[Membership], recorded: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for membership in members:
            councillor = membership.councillor
            assert councillor is not None
            self.fields[f"c{councillor.pk}"] = forms.ChoiceField(
                label=councillor.name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                initial=recorded.get(councillor.pk),
                error_messages={"required": ATTENDANCE_REQUIRED.format(name=councillor.name)},
            )

    def statuses(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if name.startswith("c")}

    def apply_errors(self, error: Any) -> None:
        for message in error.messages:
            self.add_error(None, message)


class MinutesForm(VersionedFormMixin, forms.Form):
    """The open minutes and, for a meeting with exempt items (or an exempt part already saved), the exempt part."""

    minutes = forms.CharField(
        label="Minutes",
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text="Published to everyone. For an exempt item say only that it was taken in private.",
    )
    exempt_minutes = forms.CharField(
        label="Exempt minutes (not for publication)",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    approved_on = GovukDateField(
        label="Date the minutes were approved (optional)",
        subject=APPROVED_ON,
        required=False,
        help_text="The date the next meeting approved them as a correct record.",
    )

    def __init__(self, *args: Any, exempt_items: Sequence[AgendaItem], has_exempt_part: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not exempt_items and not has_exempt_part:
            del self.fields["exempt_minutes"]
            return
        items = "; ".join(
            f"item {item.number}, {item.title} (paragraph {item.exempt_paragraph})" for item in exempt_items
        )
        self.fields["exempt_minutes"].help_text = (
            f"The minutes of the items taken in private under Schedule 12A: {items}. Only people inside the council "
            "see them; the public and providers never do."
            if items
            else "No item on the agenda is exempt now: remove the exempt minutes."
        )

    def exempt_part(self) -> str | None:
        """The exempt part typed, or None when the form does not offer it (the saved part is kept)."""
        if "exempt_minutes" not in self.fields:
            return None
        return self.cleaned_data.get("exempt_minutes") or ""
