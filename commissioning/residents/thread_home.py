"""What residents adds to the signed-in home page (the place core.thread.HOME_KEY): the open complaints a ward
councillor raised for residents, to follow them (two queries, a councillor only)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from commissioning.core import formatting, thread
from commissioning.core.permissions import Role
from commissioning.core.thread import ThreadSection, work_list
from commissioning.residents import selectors_complaints as selectors


def _entry(complaint: Any) -> tuple[str, str, str]:
    due = complaint.stage2_answer_by if complaint.stage == 2 else complaint.stage1_answer_by
    return (
        f"{complaint.reference}: {complaint.service.name}",
        reverse("residents:complaint-detail", args=[complaint.pk]),
        f"{complaint.get_status_display()}; answer due {formatting.date(due)}",
    )


def complaints_raised_on_home(user: Any, record: Any) -> ThreadSection | None:
    if getattr(user, "role", None) != Role.COUNCILLOR:
        return None
    raised = selectors.complaints_raised(user=user)
    if not raised.total:
        return None
    return work_list(
        key="complaints-raised",
        heading="Complaints you raised for residents",
        sample=raised,
        entry=_entry,
        more_href=reverse("residents:complaint-queue"),
        more_text="See the complaints you raised",
    )


def register() -> None:
    thread.register(thread.HOME_KEY, complaints_raised_on_home)
