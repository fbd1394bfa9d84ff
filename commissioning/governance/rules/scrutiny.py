"""Who may do what with a scrutiny committee's work programme, its inquiries and the scrutiny dashboard (ADR 0034).

Scrutiny members (and democratic services officers, who keep every body's records) keep the work programme and its
inquiries; everyone inside the council reads them; the public (and providers and partners, who see what the public
sees) read a published committee's work programme, and its inquiries, once the committee has published it. The
dashboard, which lists internal performance and cost figures, is for the council side only.

Every permission here is asked of the scrutiny committee (the Body): an item's, an inquiry's or an evidence
session's pages ask it of the committee whose work programme holds them.
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_democratic, is_internal, is_scrutiny


def _committee_of(record: Any) -> Any:
    """The committee of a body itself, a work programme item (its programme's body) or an inquiry (its item's)."""
    if record is None:
        return None
    if hasattr(record, "item_id"):  # an inquiry
        record = record.item
    if hasattr(record, "programme_id"):  # a work programme item
        record = record.programme.body
    return record


@rules.predicate
def is_scrutiny_committee(user: Any, record: Any) -> bool:
    body = _committee_of(record)
    return body is not None and body.kind == "scrutiny" and not body.is_archived


@rules.predicate
def programme_is_public(user: Any, record: Any) -> bool:
    """The committee is published and current and has published its work programme."""
    body = _committee_of(record)
    if body is None or not body.published or body.is_archived:
        return False
    programme = getattr(body, "work_programme", None)  # the reverse one-to-one: None when there is none
    return programme is not None and programme.published_on is not None


can_keep_programme = (is_scrutiny | is_democratic) & is_scrutiny_committee

rules.add_perm("governance.view_workprogramme", is_scrutiny_committee & (is_internal | programme_is_public))
rules.add_perm("governance.change_workprogramme", can_keep_programme)
rules.add_perm("governance.view_scrutiny_dashboard", is_internal & is_scrutiny_committee)
rules.add_perm("governance.view_scrutiny_list", is_internal)
