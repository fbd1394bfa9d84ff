"""Who may do what with committee reports (ADR 0037).

Everyone inside the council reads every report, drafts and the exempt part included; providers, partners and the
public read published reports only, without the exempt part (agrees with selectors/reports.py). Officers, directors
and democratic services (with the monitoring officer, who leads them) draft and edit reports. The finance officer
clears a draft as section 151 officer and the monitoring officer clears it legally; democratic services publish a
cleared report onto a meeting's agenda.
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import (
    is_democratic,
    is_director,
    is_finance,
    is_internal,
    is_legal,
    is_officer,
)
from commissioning.governance.models import ReportStatus


@rules.predicate
def is_published_report(user: Any, report: Any) -> bool:
    return report is not None and report.status == ReportStatus.PUBLISHED and not report.is_archived


@rules.predicate
def is_draft_report(user: Any, report: Any) -> bool:
    return report is None or (report.status == ReportStatus.DRAFT and not report.is_archived)


can_draft = is_officer | is_director | is_democratic

rules.add_perm("governance.list_committeereports", rules.always_allow)
rules.add_perm("governance.view_committeereport", is_internal | is_published_report)
rules.add_perm("governance.add_committeereport", can_draft)
rules.add_perm("governance.change_committeereport", can_draft & is_draft_report)
# The section 151 officer (finance) and the monitoring officer (legal) each clear a draft.
rules.add_perm("governance.clear_committeereport", (is_finance | is_legal) & is_draft_report)
rules.add_perm("governance.publish_committeereport", is_democratic & is_draft_report)
rules.add_perm("governance.view_committeereport_history", is_internal)
