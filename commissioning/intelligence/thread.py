"""The sections this app adds to other apps' record pages (the golden thread back; see commissioning.core.thread)."""

from __future__ import annotations

from typing import Any

from commissioning.core.thread import ThreadSection
from commissioning.intelligence import selectors

SHOWN = 10
SHOWN_IN_PACK = 25


def _may_read(user: Any) -> bool:
    return bool(user.has_perm("intelligence.view_inbox") or user.has_perm("intelligence.add_wardintelligence"))


def intelligence_of_service(user: Any, service: Any) -> ThreadSection | None:
    """ "Ward intelligence" on a service's page (and in its evidence pack): what councillors have reported about it.

    Only for those who may read ward intelligence: readers see all of it, a councillor their own submissions;
    providers, residents and the administrator get no section at all. One query.
    """
    if not _may_read(user):
        return None
    items = selectors.intelligence_for_service(user=user, service=service, limit=SHOWN)
    return ThreadSection(
        template="intelligence/_service_intelligence.html",
        context={"items": items[:SHOWN], "more": len(items) > SHOWN, "service": service},
    )


def intelligence_in_evidence_pack(user: Any, service: Any) -> ThreadSection | None:
    """ "Ward intelligence" in a service's evidence pack (page and PDF): what it adds up to, then the latest
    submissions with their answers. The same visibility as the service page's section; two queries."""
    if not _may_read(user):
        return None
    items = selectors.intelligence_for_service(user=user, service=service, limit=SHOWN_IN_PACK)
    return ThreadSection(
        template="intelligence/_evidence_pack_intelligence.html",
        context={
            "items": items[:SHOWN_IN_PACK],
            "more": len(items) > SHOWN_IN_PACK,
            "summary": selectors.service_intelligence_summary(user=user, service=service),
            "service": service,
        },
    )
