"""The business case rendered: its charts and its PDF, from the appraisal document (see document.py).

A draft's PDF is printed once for what it shows and then taken from the shared cache of documents, keyed by a
fingerprint of its HTML (``commissioning.core.pdf.cached_pdf``): any change to the appraisal, the case, the council's
name or the templates prints it again. A submitted version is rendered once, when it is submitted: its charts go into
its snapshot and its PDF into ``BusinessCase.pdf``, so what the board received never changes afterwards, even if
these templates or charts change later.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from commissioning.appraisals import charts
from commissioning.core import pdf

if TYPE_CHECKING:
    from commissioning.appraisals.models import BusinessCase


def tornado_option_id(doc: Mapping[str, Any]) -> int:
    """The option whose tornado chart the business case shows: the recommended one, or else the highest NPSV."""
    return int(doc["case"]["recommended_option_id"] or doc["preferred_id"])


def case_charts(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The business case's charts: the frozen ones of a submitted version, or drawn now."""
    return charts.appraisal_charts(doc, tornado_for=[tornado_option_id(doc)])


def freeze_charts(doc: dict[str, Any]) -> None:
    """Draw the charts now and keep their SVG in the document (a submitted version's snapshot)."""
    drawn = charts.appraisal_charts(doc, tornado_for=[tornado_option_id(doc)])
    doc["charts"] = charts.frozen(drawn)


def pdf_context(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {"doc": doc, "charts": case_charts(doc), "tornado_option_id": tornado_option_id(doc)}


PDF_TEMPLATE = "appraisals/business_case_pdf.html"


def business_case_pdf(doc: Mapping[str, Any]) -> bytes:
    """The business case printed now (a version being frozen)."""
    return pdf.render_pdf(PDF_TEMPLATE, pdf_context(doc))


def draft_business_case_pdf(doc: Mapping[str, Any]) -> bytes:
    """A draft's PDF: printed once for the same document, then taken from the shared cache."""
    return pdf.render_cached_pdf(PDF_TEMPLATE, pdf_context(doc))


def freeze_submission(case: BusinessCase, snapshot: dict[str, Any]) -> None:
    """What a submitted version keeps for ever, set on ``case`` (not saved): its snapshot, with the charts drawn into
    it, and its PDF, rendered once here and served from ``BusinessCase.pdf`` from then on. Every submitted version is
    frozen through this, the demo's seeded ones included."""
    freeze_charts(snapshot)
    case.snapshot = snapshot
    case.pdf = business_case_pdf(snapshot)
