"""The golden thread across apps: sections that a higher app adds to a lower app's record pages.

Every record page shows its neighbours in the chain need -> priority -> review -> options -> decision -> contract
-> outcomes -> savings, in both directions. The forward link is easy: the app that owns the link (reviews owns
"review covers service") shows it on its own pages. The link back is not: the service page cannot ask the reviews
app, because the layers let reviews import services and never the reverse.

So the higher app registers a *section provider* for the lower app's model here, from its ``AppConfig.ready()``::

    thread.register("services.Service", reviews_of_service)

and the lower app's page asks for whatever sections exist, without knowing who provides them::

    {% for section in golden_thread(user, service) %}{% include section.template %}{% endfor %}

A provider is called with the user and the record, reads through its own app's selectors (so visibility is that
app's rules), and returns a ``ThreadSection``, or None to add nothing. Each provider should cost a fixed number of
queries, so the page's count stays the same whatever the size of the council.

A page can also offer a *place* of its own, keyed "<place>:<app_label>.<Model>". The evidence pack of a service
(commissioning.outcomes) is one: other apps add sections to it with ``thread.register(EVIDENCE_PACK_KEY, provider)``
(the key is defined here, in core, so that an app adding to the pack need not import the outcomes app), and the
pack's page and its PDF include them with ``golden_thread(user, service, place="evidence_pack")``. Such a section's template is printed into the pack's PDF
as well as shown on its page, so it should use only GOV.UK headings, body text, tables and summary lists (which the
PDF styles), and no forms or scripts; its context gets nothing from the page but what the provider returns.

The registry holds code, not data: every process fills it the same way at start-up, in the order of
INSTALLED_APPS (commissioning/registry.py: lowest tier first, which follows the chain), so nothing here can go
stale or differ between processes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass(frozen=True)
class ThreadSection:
    """One section of a record's page that another app provides: a template and what it needs to render."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


EVIDENCE_PACK = "evidence_pack"
# The place on a service's evidence pack (offered by commissioning.outcomes) where other apps add sections.
EVIDENCE_PACK_KEY = f"{EVIDENCE_PACK}:services.Service"

# The signed-in home page (commissioning.portal) is a place too, on the user: an app the portal may not import (a
# sibling in its tier, such as imports) adds what awaits the user there; the record is the user.
HOME = "home"
HOME_KEY = f"{HOME}:accounts.User"

# A procurement category's page (commissioning.contracts, /contracts/categories/<pk>/) offers two places for the
# finance app, its sibling in the DELIVER tier, to fill without either importing the other: the category's spend
# (from SpendTransaction) and its savings (from SavingsLine). The record is the category; its ``scope`` is a
# CategoryScope naming the suppliers, services and contracts in it, so a provider needs no more of contracts than
# those ids. The page shows the sections when a provider is registered, and says where they will come from when not.
CATEGORY_SPEND = "category_spend"
CATEGORY_SPEND_KEY = f"{CATEGORY_SPEND}:contracts.Category"
CATEGORY_SAVINGS = "category_savings"
CATEGORY_SAVINGS_KEY = f"{CATEGORY_SAVINGS}:contracts.Category"

# A published service's public "Who runs this service" page (commissioning.residents, /find-a-service/<pk>/) offers a
# place for its DELIVER-tier siblings, which residents may not import: contracts says who delivers the service under
# which contract, since when and to when (and its latest performance summary when contracts records one); governance
# can add the portfolio holder. Sections here are read by the public: plain English, published records only.
WHO_RUNS = "who_runs"
WHO_RUNS_KEY = f"{WHO_RUNS}:services.Service"

# A ward's place page (commissioning.residents, /places/wards/<pk>/) offers one place, keyed on the ward, for its
# siblings to fill: decisions that affect the ward (governance), complaints about services in it (residents'
# complaints), and spend in it (finance). The page shows each section registered, and says which are not there yet.
PLACE = "place"
PLACE_KEY = f"{PLACE}:accounts.Ward"

# A scrutiny committee's dashboard (commissioning.governance, scrutiny) offers a place, keyed on the committee, for its
# DELIVER-tier siblings to add what scrutiny may want to look at: contracts rated below "Good" (contracts) and
# complaint hot spots (residents). Each section is a list the committee can add an item to its work programme from.
SCRUTINY_DASHBOARD = "scrutiny_dashboard"
SCRUTINY_DASHBOARD_KEY = f"{SCRUTINY_DASHBOARD}:governance.Body"

# A committee report (commissioning.governance, reports) offers a place for the risks app, its sibling, to append the
# risk register extract (the matrix and its table) to the report's "Statement on risk", keyed on the report's source
# record: a review, a decision or a recorded risk review (the risks app's own; that report's extract is the risk
# reviewed). Printed into the report's PDF too, so the same rules as the evidence pack apply.
COMMITTEE_REPORT_RISKS = "committee_report_risks"
COMMITTEE_REPORT_RISKS_REVIEW_KEY = f"{COMMITTEE_REPORT_RISKS}:reviews.CommissioningReview"
COMMITTEE_REPORT_RISKS_DECISION_KEY = f"{COMMITTEE_REPORT_RISKS}:governance.Decision"
COMMITTEE_REPORT_RISKS_RISKREVIEW_KEY = f"{COMMITTEE_REPORT_RISKS}:risks.RiskReview"


@dataclass(frozen=True)
class CategoryScope:
    """What a procurement category holds, as ids: the organisations supplying its contracts, the services they
    deliver and the contracts themselves (current ones, as the user may see them)."""

    organisation_ids: frozenset[int] = frozenset()
    service_ids: frozenset[int] = frozenset()
    contract_ids: frozenset[int] = frozenset()


SectionProvider = Callable[[Any, Any], ThreadSection | None]


@dataclass(frozen=True)
class WorkEntry:
    """One record in a list of work on the home page: its name, its page, and a line about it (when it is due)."""

    text: str
    href: str
    detail: str = ""


def work_list(
    *,
    key: str,
    heading: str,
    sample: Any,
    entry: Callable[[Any], tuple[str, str, str]],
    more_href: str = "",
    more_text: str = "",
) -> ThreadSection:
    """A section listing a few records (a commissioning.core.sample.Sample) and a link to the rest, drawn by
    core/_work_list.html: how the home page shows each piece of work, whichever app provides it."""
    return ThreadSection(
        template="core/_work_list.html",
        context={
            "key": key,
            "heading": heading,
            "entries": [WorkEntry(*entry(record)) for record in sample.items],
            "total": sample.total,
            "more": sample.more,
            "more_href": more_href,
            "more_text": more_text,
        },
    )


SCRUTINY_LIST_ROWS = 20  # a dashboard list shows this many, and how many there are in all


@dataclass(frozen=True)
class ScrutinyCandidate:
    """One row of a list on a scrutiny committee's dashboard (SCRUTINY_DASHBOARD_KEY): a record the committee could
    put on its work programme, its name, the figures that put it there and its page."""

    pk: int
    title: str
    detail: str = ""
    href: str = ""


def scrutiny_list(
    *,
    key: str,
    heading: str,
    kind: str,
    rows: Sequence[ScrutinyCandidate],
    description: str = "",
    empty: str = "",
    total: int | None = None,
) -> ThreadSection:
    """A section of the scrutiny dashboard: a list of candidates of one subject kind ("service", "contract",
    "indicator", "decision"...), each with an "Add to work programme" button. Drawn by the
    dashboard's own template, so every list looks and works the same whichever app provides it; it shows the first
    SCRUTINY_LIST_ROWS and says how many there are in all (``total``, when ``rows`` holds only the first)."""
    return ThreadSection(
        template="governance/scrutiny/_candidates.html",
        context={
            "key": key,
            "heading": heading,
            "kind": kind,
            "rows": list(rows[:SCRUTINY_LIST_ROWS]),
            "total": len(rows) if total is None else total,
            "description": description,
            "empty": empty,
        },
    )


_providers: dict[str, list[SectionProvider]] = {}


def register(key: str, provider: SectionProvider) -> None:
    """Add a section to the pages of the model named like "services.Service", or to a place on them named like
    "evidence_pack:services.Service" (registering twice adds it once)."""
    providers = _providers.setdefault(key.lower(), [])
    if provider not in providers:
        providers.append(provider)


def sections(user: Any, record: models.Model, place: str = "") -> list[ThreadSection]:
    """The sections other apps add to this record's page (or to the named place on it), for this user, in
    registration order."""
    key = f"{place.lower()}:{record._meta.label_lower}" if place else record._meta.label_lower
    found = []
    for provider in _providers.get(key, []):
        section = provider(user, record)
        if section is not None:
            found.append(section)
    return found
