"""Pages for bodies, membership, meetings, agendas, attendance and minutes. Thin: permission, form, one action or
selector, render or redirect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from commissioning.accounts.selectors import acting_user
from commissioning.core import generic
from commissioning.core.access import require
from commissioning.core.concurrency import EditConflict
from commissioning.governance.actions import bodies as actions
from commissioning.governance.forms.bodies import (
    AgendaItemForm,
    AttendanceForm,
    BodyFilterForm,
    BodyForm,
    MeetingFilterForm,
    MeetingForm,
    MembershipEndForm,
    MembershipForm,
    MinutesForm,
)
from commissioning.governance.models import AgendaItem, Body, BodyKind, Meeting, Membership
from commissioning.governance.selectors import bodies as selectors

LATE_AGENDA = (
    "The agenda was published {days} clear working {unit} before the meeting: the council's rule is at least "
    "{required}. Record why the item could not wait (the chair's reason for urgency) in the minutes."
)


def late_agenda_warning(notice: selectors.AgendaNotice) -> str:
    unit = "day" if notice.clear_working_days == 1 else "days"
    return LATE_AGENDA.format(days=notice.clear_working_days, unit=unit, required=notice.required)


# Bodies -------------------------------------------------------------------------------------------------------------


def _get_body(request: HttpRequest, pk: int) -> Body:
    return generic.get_visible_or_404(request, selectors.body_detail, "governance.view_body", pk=pk)


def _body_url(body: Body) -> str:
    return reverse("governance:body-detail", args=[body.pk])


def _body_filters(request: HttpRequest) -> tuple[BodyFilterForm, selectors.BodyFilters]:
    form = BodyFilterForm(request.GET or None)
    return form, form.filters() if request.GET else selectors.BodyFilters()


def body_list(request: HttpRequest) -> HttpResponse:
    filter_form, filters = _body_filters(request)
    page = Paginator(selectors.body_list(user=request.user, filters=filters), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "governance/bodies/list.html",
        {"filter_form": filter_form, "filters": filters, "page": page, "bodies": page.object_list},
    )


def _body_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _body_filters(request)
    return selectors.body_export_rows(selectors.body_list(user=request.user, filters=filters))


body_export = generic.export_view(name="bodies", sheet="Bodies", headers=selectors.EXPORT_HEADERS, rows=_body_rows)


def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = _get_body(request, pk)
    members = selectors.body_members(body=body)
    upcoming, past = selectors.body_meetings(user=request.user, body=body)
    return render(
        request,
        "governance/bodies/detail.html",
        {
            "body": body,
            "object": body,
            "tab": "summary",
            "members": members,
            "balance": selectors.body_balance(body=body, members=members),
            "upcoming": upcoming,
            "past": past,
            "kind_label": selectors.kind_label,
        },
    )


def _board_from_query(request: HttpRequest) -> dict[str, Any]:
    """``?review=<pk>`` (the gate page's "Set up its Programme Board") starts a Programme Board for that review."""
    pk = request.GET.get("review", "")
    return {"kind": BodyKind.PROGRAMME_BOARD, "review": int(pk)} if pk.isdigit() else {}


body_create = generic.create_view(
    perm="governance.add_body",
    form=BodyForm,
    form_kwargs=lambda request: {"initial": _board_from_query(request)},
    act=lambda form, **kw: actions.body_create(details=form.details(), **kw),
    done=lambda body, **_: f"{body.name} has been set up.",
    to=_body_url,
    template="governance/bodies/form.html",
    context=lambda form: {"body": None},
)

body_edit = generic.edit_view(
    _get_body,
    perm="governance.change_body",
    form=BodyForm,
    act=lambda form, body, **kw: actions.body_update(
        body=body, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda body, _saved, **_: f"Your changes to {body.name} have been saved.",
    to=_body_url,
    template="governance/bodies/form.html",
    context=lambda form, body: {"body": body},
)

body_archive = generic.reason_view(
    _get_body,
    perm="governance.archive_body",
    label="Why is this body being archived?",
    required_message=actions.BODY_ARCHIVE_REASON_REQUIRED,
    act=lambda body, **kw: actions.body_archive(body=body, **kw),
    done=lambda body: f"{body.name} has been archived.",
    back=_body_url,
    template="governance/bodies/reason.html",
    context=lambda body: {"body": body, "action": "archive"},
)

body_restore = generic.reason_view(
    _get_body,
    perm="governance.restore_body",
    label="Why is this body being restored?",
    required_message=actions.BODY_RESTORE_REASON_REQUIRED,
    act=lambda body, **kw: actions.body_restore(body=body, **kw),
    done=lambda body: f"{body.name} has been restored.",
    back=_body_url,
    template="governance/bodies/reason.html",
    context=lambda body: {"body": body, "action": "restore"},
)

body_history = generic.history_view(
    _get_body,
    perm="governance.view_body_history",
    tabs="governance/bodies/_header.html",
    context=lambda body: {"body": body},
)

membership_add = generic.create_view(
    get=_get_body,
    perm="governance.add_membership",
    form=MembershipForm,
    form_kwargs=lambda request, body: {"initial": {"starts_on": timezone.localdate()}},
    act=lambda form, body, **kw: actions.membership_add(body=body, details=form.details(), **kw),
    done=lambda membership, **_: f"{membership.councillor or membership.officer} has been added to {membership.body}.",
    to=lambda membership: _body_url(membership.body),
    template="governance/bodies/membership_form.html",
    context=lambda form, body: {"body": body},
)


def _get_membership(request: HttpRequest, pk: int) -> Membership:
    return generic.get_visible_or_404(request, selectors.membership_detail, "governance.view_body", pk=pk)


@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _get_membership(request, pk)
    require(request, "governance.end_membership", membership)
    form = MembershipEndForm(request.POST or None, versioned=membership, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.membership_end(
                membership=membership,
                ends_on=form.cleaned_data["ends_on"],
                reason=form.cleaned_data.get("reason") or "",
                by=acting_user(request),
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"The membership of {membership.councillor or membership.officer} has ended.")
            return redirect(_body_url(membership.body))
    return render(request, "governance/bodies/membership_end.html", {"form": form, "membership": membership})


# Meetings -----------------------------------------------------------------------------------------------------------


def _get_meeting(request: HttpRequest, pk: int) -> Meeting:
    return generic.get_visible_or_404(request, selectors.meeting_detail, "governance.view_meeting", pk=pk)


def _meeting_url(meeting: Meeting) -> str:
    return reverse("governance:meeting-detail", args=[meeting.pk])


def _meeting_filters(request: HttpRequest) -> tuple[MeetingFilterForm, selectors.MeetingFilters]:
    form = MeetingFilterForm(request.GET or None, bodies=selectors.visible_bodies(user=request.user).order_by("name"))
    return form, form.filters() if request.GET else selectors.MeetingFilters()


def meeting_list(request: HttpRequest) -> HttpResponse:
    filter_form, filters = _meeting_filters(request)
    page = Paginator(selectors.meeting_list(user=request.user, filters=filters), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "governance/meetings/list.html",
        {"filter_form": filter_form, "filters": filters, "page": page, "meetings": page.object_list},
    )


def _meeting_rows(request: HttpRequest) -> Iterable[Sequence[Any]]:
    _form, filters = _meeting_filters(request)
    return selectors.meeting_export_rows(selectors.meeting_list(user=request.user, filters=filters))


meeting_export = generic.export_view(
    name="meetings", sheet="Meetings", headers=selectors.MEETING_EXPORT_HEADERS, rows=_meeting_rows
)


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    notice = selectors.agenda_notice(meeting=meeting)
    agenda = selectors.meeting_agenda(user=request.user, meeting=meeting)
    return render(
        request,
        "governance/meetings/detail.html",
        {
            "meeting": meeting,
            "object": meeting,
            "tab": "summary",
            "agenda": agenda,
            "minutes": selectors.meeting_minutes(user=request.user, meeting=meeting, agenda=agenda),
            "attendance": selectors.meeting_attendance(meeting=meeting),
            "removed": (
                selectors.removed_agenda_items(meeting=meeting)
                if request.user.has_perm("governance.add_agendaitem", meeting)
                else []
            ),
            "notice": notice,
            "late_warning": late_agenda_warning(notice) if notice is not None and notice.late else "",
            "in_past": meeting.starts_at <= timezone.now(),
        },
    )


meeting_create = generic.create_view(
    get=_get_body,
    perm="governance.add_meeting",
    form=MeetingForm,
    act=lambda form, body, **kw: actions.meeting_create(body=body, details=form.details(), **kw),
    done=lambda meeting, **_: (
        f"The meeting of {meeting.body} on {timezone.localtime(meeting.starts_at):%-d %B %Y} has been arranged."
    ),
    to=_meeting_url,
    template="governance/meetings/form.html",
    context=lambda form, body: {"body": body, "meeting": None},
)

meeting_edit = generic.edit_view(
    _get_meeting,
    perm="governance.change_meeting",
    form=MeetingForm,
    form_kwargs=lambda request, meeting: {"meeting": meeting},
    act=lambda form, meeting, **kw: actions.meeting_update(
        meeting=meeting, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda meeting, _saved, **_: "Your changes to the meeting have been saved.",
    to=_meeting_url,
    template="governance/meetings/form.html",
    context=lambda form, meeting: {"body": meeting.body, "meeting": meeting},
)

meeting_archive = generic.reason_view(
    _get_meeting,
    perm="governance.archive_meeting",
    label="Why is this meeting being archived?",
    required_message=actions.MEETING_ARCHIVE_REASON_REQUIRED,
    act=lambda meeting, **kw: actions.meeting_archive(meeting=meeting, **kw),
    done=lambda meeting: "The meeting has been archived.",
    back=_meeting_url,
    template="governance/meetings/reason.html",
    context=lambda meeting: {"meeting": meeting, "item": None, "action": "archive"},
)

meeting_restore = generic.reason_view(
    _get_meeting,
    perm="governance.restore_meeting",
    label="Why is this meeting being restored?",
    required_message=actions.MEETING_RESTORE_REASON_REQUIRED,
    act=lambda meeting, **kw: actions.meeting_restore(meeting=meeting, **kw),
    done=lambda meeting: "The meeting has been restored.",
    back=_meeting_url,
    template="governance/meetings/reason.html",
    context=lambda meeting: {"meeting": meeting, "item": None, "action": "restore"},
)

meeting_history = generic.history_view(
    _get_meeting,
    perm="governance.view_meeting_history",
    tabs="governance/meetings/_header.html",
    context=lambda meeting: {"meeting": meeting},
)


@require_http_methods(["GET", "POST"])
def meeting_publish_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    require(request, "governance.publish_agenda", meeting)
    problem = ""
    if request.method == "POST":
        try:
            notice = actions.meeting_publish_agenda(meeting=meeting, by=acting_user(request))
        except ValidationError as error:
            problem = error.messages[0]
        else:
            # A late agenda is still published; the meeting page then says how late, in a warning.
            late = " It gave less notice than the council's rule: see the warning below." if notice.late else ""
            messages.success(request, "The agenda has been published." + late)
            return redirect(_meeting_url(meeting))
    today = timezone.localdate()
    preview = selectors.AgendaNotice(
        clear_working_days=selectors.calculations.agenda_clear_working_days(
            published_on=today, meeting_on=timezone.localtime(meeting.starts_at).date()
        ),
        required=selectors.governance_settings().agenda_clear_working_days,
    )
    return render(
        request,
        "governance/meetings/publish.html",
        {
            "meeting": meeting,
            "problem": problem,
            "preview": preview,
            "late_warning": late_agenda_warning(preview) if preview.late else "",
        },
    )


def _next_number(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    return {"initial": {"number": selectors.next_item_number(meeting=meeting)}}


agenda_item_add = generic.create_view(
    get=_get_meeting,
    perm="governance.add_agendaitem",
    form=AgendaItemForm,
    form_kwargs=_next_number,
    act=lambda form, meeting, **kw: actions.agenda_item_add(meeting=meeting, details=form.details(), **kw),
    done=lambda item, **_: f"Item {item.number} has been added to the agenda.",
    to=lambda item: _meeting_url(item.meeting),
    template="governance/meetings/item_form.html",
    context=lambda form, meeting: {"meeting": meeting, "item": None},
)


def _get_item(request: HttpRequest, pk: int) -> AgendaItem:
    return generic.get_visible_or_404(request, selectors.agenda_item_detail, "governance.view_meeting", pk=pk)


agenda_item_edit = generic.edit_view(
    _get_item,
    perm="governance.change_agendaitem",
    form=AgendaItemForm,
    act=lambda form, item, **kw: actions.agenda_item_update(
        item=item, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda item, _saved, **_: f"Item {item.number} has been saved.",
    to=lambda item: _meeting_url(item.meeting),
    template="governance/meetings/item_form.html",
    context=lambda form, item: {"meeting": item.meeting, "item": item},
)


agenda_item_archive = generic.reason_view(
    _get_item,
    perm="governance.archive_agendaitem",
    label="Why is this item being taken off the agenda?",
    required_message=actions.ITEM_ARCHIVE_REASON_REQUIRED,
    act=lambda item, **kw: actions.agenda_item_archive(item=item, **kw),
    done=lambda item: f"Item {item.number} has been taken off the agenda.",
    back=lambda item: _meeting_url(item.meeting),
    template="governance/meetings/reason.html",
    context=lambda item: {"meeting": item.meeting, "item": item, "action": "archive"},
)

agenda_item_restore = generic.reason_view(
    _get_item,
    perm="governance.restore_agendaitem",
    label="Why is this item being put back on the agenda?",
    required_message=actions.ITEM_RESTORE_REASON_REQUIRED,
    act=lambda item, **kw: actions.agenda_item_restore(item=item, **kw),
    done=lambda item: f"Item {item.number} has been put back on the agenda.",
    back=lambda item: _meeting_url(item.meeting),
    template="governance/meetings/reason.html",
    context=lambda item: {"meeting": item.meeting, "item": item, "action": "restore"},
)


@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    require(request, "governance.record_attendance", meeting)
    recorded = {a.councillor_id: a.status for a in selectors.meeting_attendance(meeting=meeting)}
    form = AttendanceForm(request.POST or None, members=selectors.meeting_members(meeting=meeting), recorded=recorded)
    if request.method == "POST" and form.is_valid():
        try:
            actions.attendance_record(meeting=meeting, statuses=form.statuses(), by=acting_user(request))
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Attendance has been recorded.")
            return redirect(_meeting_url(meeting))
    return render(request, "governance/meetings/attendance.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    require(request, "governance.record_minutes", meeting)
    form = MinutesForm(
        request.POST or None,
        versioned=meeting,
        initial={
            "minutes": meeting.minutes,
            "exempt_minutes": meeting.exempt_minutes,
            "approved_on": meeting.minutes_approved_on,
        },
        exempt_items=selectors.exempt_agenda_items(meeting=meeting),
        has_exempt_part=bool(meeting.exempt_minutes),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.meeting_record_minutes(
                meeting=meeting,
                minutes=form.cleaned_data.get("minutes") or "",
                exempt_minutes=form.exempt_part(),
                approved_on=form.cleaned_data.get("approved_on"),
                by=acting_user(request),
                version=form.version,
            )
        except (ValidationError, EditConflict) as error:
            form.apply_errors(error)
        else:
            messages.success(request, "The minutes have been recorded.")
            return redirect(_meeting_url(meeting))
    return render(request, "governance/meetings/minutes.html", {"form": form, "meeting": meeting})
