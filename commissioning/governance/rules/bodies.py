"""Who may do what with bodies, membership and political balance, meetings, agendas, attendance and minutes.

Democratic services officers keep all of it; everyone inside the council reads it; the public (and providers, who see
what the public sees) read published bodies and their meetings, and never an exempt item's papers or the exempt part
of the minutes. Administrators manage users, not these records.
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_democratic, is_internal


@rules.predicate
def body_is_published(user: Any, record: Any) -> bool:
    """The body (or the body of a meeting, membership or agenda item) is published and current."""
    body = _body_of(record)
    return body is not None and bool(body.published) and not body.is_archived


@rules.predicate
def is_current(user: Any, record: Any) -> bool:
    return record is None or not getattr(record, "is_archived", False)


@rules.predicate
def is_archived(user: Any, record: Any) -> bool:
    return record is not None and bool(getattr(record, "is_archived", False))


@rules.predicate
def body_is_current(user: Any, record: Any) -> bool:
    body = _body_of(record)
    return body is None or not body.is_archived


@rules.predicate
def meeting_is_current(user: Any, record: Any) -> bool:
    """The agenda item's meeting is not archived."""
    return record is None or not record.meeting.is_archived


def _body_of(record: Any) -> Any:
    if record is None:
        return None
    if hasattr(record, "meeting"):  # an agenda item
        record = record.meeting
    return getattr(record, "body", record)


can_keep = is_democratic

rules.add_perm("governance.list_bodies", rules.always_allow)
rules.add_perm("governance.view_body", is_internal | body_is_published)
rules.add_perm("governance.view_unpublished_bodies", is_internal)
rules.add_perm("governance.view_body_history", is_internal)
rules.add_perm("governance.add_body", can_keep)
rules.add_perm("governance.change_body", can_keep & is_current)
rules.add_perm("governance.archive_body", can_keep & is_current)
rules.add_perm("governance.restore_body", can_keep & is_archived)
# On a body: add a member; on a membership: end it.
rules.add_perm("governance.add_membership", can_keep & body_is_current)
rules.add_perm("governance.end_membership", can_keep & body_is_current)

rules.add_perm("governance.list_meetings", rules.always_allow)
rules.add_perm("governance.view_meeting", is_internal | body_is_published)
rules.add_perm("governance.view_meeting_history", is_internal)
rules.add_perm("governance.add_meeting", can_keep & body_is_current)
rules.add_perm("governance.change_meeting", can_keep & is_current)
rules.add_perm("governance.archive_meeting", can_keep & is_current)
rules.add_perm("governance.restore_meeting", can_keep & is_archived)
rules.add_perm("governance.publish_agenda", can_keep & is_current)
rules.add_perm("governance.record_attendance", can_keep & is_current)
rules.add_perm("governance.record_minutes", can_keep & is_current)
rules.add_perm("governance.add_agendaitem", can_keep & is_current)
rules.add_perm("governance.change_agendaitem", can_keep & is_current)
# On an agenda item: take it off the agenda, or put it back (its meeting current).
rules.add_perm("governance.archive_agendaitem", can_keep & is_current & meeting_is_current)
rules.add_perm("governance.restore_agendaitem", can_keep & is_archived & meeting_is_current)
# An exempt item's title, summary and papers, and the exempt part of a meeting's minutes (Schedule 12A): inside the
# council only. The one rule for everything exempt in this area (selectors.bodies.sees_exempt asks it).
rules.add_perm("governance.view_exempt_item", is_internal)
