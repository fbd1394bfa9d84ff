"""The sections this app adds to other apps' record pages (the golden thread back; see commissioning.core.thread),
and the place it offers to other apps on a service's evidence pack.

Extension point: another app (ward intelligence, for example) adds a section to every evidence pack with

    thread.register(EVIDENCE_PACK_KEY, provider)   # "evidence_pack:services.Service", from commissioning.core.thread

in its AppConfig.ready(). The key lives in core so that the app need not import this one (ADR 0017).
``provider(user, service)`` returns a ThreadSection (or None for nothing); the pack's page and its PDF include ``section.template`` with ``section`` in the context, after the needs evidence and before the
consultations (the order of the Analyse stage). In the PDF the context also has ``pdf`` set to True. The template
is printed, so it should use GOV.UK headings, body text, tables and summary lists only (core/pdf_base.html styles
those), with a table beside any chart, and read only what its provider returns (through its own app's selectors, so
visibility is that app's, at a fixed number of queries). ``outcomes/_pack_note.html`` is a ready-made plain section:
a heading and paragraphs, from ``context={"heading": ..., "paragraphs": [...]}``.
"""

from __future__ import annotations

from typing import Any

from commissioning.core.thread import ThreadSection
from commissioning.outcomes import selectors


def outcomes_of_service(user: Any, service: Any) -> ThreadSection:
    """ "Outcomes and indicators" on a service's page: the outcomes it contributes to, the indicators that measure it
    with their latest RAG status and direction of travel, and a link to its evidence pack (four queries)."""
    return ThreadSection(
        template="outcomes/_service_outcomes.html",
        context={
            "service": service,
            "outcomes": selectors.service_outcomes(user=user, service=service),
            "indicators": selectors.service_indicators(user=user, service=service),
        },
    )
