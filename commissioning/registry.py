"""The one list of our apps: each app's tier, its demo seeder and its entries in the navigation (ADR 0017).

Everything that depends on which apps exist follows from ``APPS``:

- ``INSTALLED_APPS`` (config/settings/base.py) takes our apps from ``installed_apps()``, lowest tier first. Within a
  tier the order is the order below, which is also the order in which apps register their golden-thread sections,
  so it is the order of those sections on a page.
- ``SEEDERS`` (portal's ``seed_demo`` command) is ``seeders()``: the same order, so an app's seeder runs after the
  seeders of every app it can link to.
- The navigation (commissioning.portal.context) is ``navigation()``: every item, in ``position`` order; each item
  shows its first link whose permission the user has, and is left out if there is none. Each item belongs to a
  ``Group`` (what people do: Analyse, Plan, Decide...): the header shows the groups that hold an item the user may
  see, and each group's page lists its items (``groups()``), so a new app adds its pages to the header by data alone.
- The import-linter ``layers`` contract in pyproject.toml lists the same tiers, planned apps included as optional
  layers; tests/commissioning/portal/test_registry.py checks that the two agree.

An app in a tier may import the apps in the tiers below it (their models, selectors and actions only: the second
contract), never an app in its own tier or above. This module is pure data: it imports neither Django nor any app,
so settings can read it before Django is set up.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Tier(IntEnum):
    """The tiers, lowest first. Apps in one tier are independent siblings."""

    CORE = 0  # the shared base: anything may import it
    PEOPLE = 1  # accounts: users and roles, organisations, wards and councillors
    CATALOGUE = 2  # services: directorates and the services the council commissions
    ANALYSE = 3  # outcomes | intelligence | reviews: each links services and people, none needs another
    PLAN = 4  # appraisals: options and business cases for a review
    # governance | contracts | finance | residents | risks: decide, do and review. They link each other both ways
    # (a contract carries out a decision, a scrutiny recommendation is about a contract, a savings line is delivered
    # by a contract), so they are siblings: string foreign keys, the golden thread and core.hooks, never imports.
    DELIVER = 5
    EDGE = 6  # portal | imports | publishing | api: the shell, loaders and publishers; nothing imports them


class Group(StrEnum):
    """The header's groups, by what people do, in the header's order (the value is the group page's slug).

    A group shows in the header only when the user may see one of its items; a group no app has put an item in yet
    (Decide, Deliver, Review: governance, contracts, finance, residents and risks are still to come) never shows.
    ACCOUNT is the user's own pages, shown under their name at the end of the header."""

    SERVICES = "services"
    ANALYSE = "analyse"
    PLAN = "plan"
    DECIDE = "decide"
    DELIVER = "deliver"
    REVIEW = "review"
    IMPORTS = "imports"
    ADMINISTRATION = "administration"
    ACCOUNT = "account"

    @property
    def text(self) -> str:
        return GROUP_TEXT[self]

    @property
    def description(self) -> str:
        return GROUP_DESCRIPTION[self]


GROUP_TEXT: dict[Group, str] = {
    Group.SERVICES: "Services",
    Group.ANALYSE: "Analyse",
    Group.PLAN: "Plan",
    Group.DECIDE: "Decide",
    Group.DELIVER: "Deliver",
    Group.REVIEW: "Review",
    Group.IMPORTS: "Imports",
    Group.ADMINISTRATION: "Administration",
    Group.ACCOUNT: "Your account",  # the header shows the user's name instead
}
GROUP_DESCRIPTION: dict[Group, str] = {
    Group.SERVICES: "The services the council commissions.",
    Group.ANALYSE: "What residents need, and how services perform and cost against comparators.",
    Group.PLAN: "Commissioning reviews, the options for each service and the business cases that recommend one.",
    Group.DECIDE: "Decisions, the bodies that take them, call-ins and scrutiny.",
    Group.DELIVER: "Contracts, grants and in-house plans, and the money that pays for them.",
    Group.REVIEW: "Whether services deliver the outcomes, quality and savings expected of them.",
    Group.IMPORTS: "Spreadsheets loaded into the platform.",
    Group.ADMINISTRATION: "Users, roles and reference data.",
    Group.ACCOUNT: "Your own pages.",
}


@dataclass(frozen=True)
class Link:
    """Where a navigation item leads (a URL name) and the permission that shows it (asked with has_perm)."""

    url_name: str
    perm: str


@dataclass(frozen=True)
class NavItem:
    """One item of the navigation, in its group. ``links`` are alternatives: the user gets the first one whose
    permission they have. ``description`` is shown under the item on its group's page."""

    text: str
    position: int
    links: tuple[Link, ...]
    group: Group
    description: str = ""


@dataclass(frozen=True)
class App:
    name: str  # the dotted name in INSTALLED_APPS
    tier: Tier
    seeder: str | None = None  # the module whose seed(ctx) adds the app's demo records
    nav: tuple[NavItem, ...] = ()

    @property
    def label(self) -> str:
        return self.name.rpartition(".")[2]


def _item(text: str, position: int, url_name: str, perm: str, group: Group, description: str = "") -> NavItem:
    return NavItem(text, position, (Link(url_name, perm),), group, description)


APPS: tuple[App, ...] = (
    App(
        "commissioning.core",
        Tier.CORE,
        nav=(
            _item(
                "Notifications",
                80,
                "core:notifications",
                "core.view_own_notifications",
                Group.ACCOUNT,
                "The emails the platform has sent you.",
            ),
        ),
    ),
    App(
        "commissioning.accounts",
        Tier.PEOPLE,
        seeder="commissioning.accounts.demo",
        nav=(
            _item(
                "Wards and councillors",
                50,
                "accounts:ward-list",
                "accounts.view_ward",
                Group.ANALYSE,
                "Each ward and the councillors who represent it.",
            ),
        ),
    ),
    App(
        "commissioning.services",
        Tier.CATALOGUE,
        seeder="commissioning.services.demo",
        nav=(
            _item(
                "Services",
                10,
                "services:list",
                "services.list_services",
                Group.SERVICES,
                "The catalogue of services: who runs them, what they cost and when each is next reviewed.",
            ),
        ),
    ),
    App(
        "commissioning.outcomes",
        Tier.ANALYSE,
        seeder="commissioning.outcomes.demo",
        nav=(
            _item(
                "Outcomes",
                20,
                "outcomes:list",
                "outcomes.list_outcomes",
                Group.ANALYSE,
                "The outcomes the council works towards, their indicators and how they are measured.",
            ),
        ),
    ),
    App(
        "commissioning.intelligence",
        Tier.ANALYSE,
        seeder="commissioning.intelligence.demo",
        nav=(
            _item(
                "Ward intelligence",
                60,
                "intelligence:list",
                "intelligence.view_inbox",
                Group.ANALYSE,
                "What councillors hear from residents about services, and the services' answers.",
            ),
            _item(
                "My ward intelligence",
                61,
                "intelligence:mine",
                "intelligence.view_own_wardintelligence",
                Group.ACCOUNT,
                "What you have told services about your wards, and their answers.",
            ),
        ),
    ),
    App(
        "commissioning.reviews",
        Tier.ANALYSE,
        seeder="commissioning.reviews.demo",
        nav=(
            _item(
                "Reviews",
                30,
                "reviews:list",
                "reviews.list_commissioningreviews",
                Group.PLAN,
                "The programme of commissioning reviews: which services, who leads them and when.",
            ),
            _item(
                "Priorities",
                31,
                "plan:ranking",
                # Inside the council; the public reach the ranking from the list of reviews (one Plan item for them).
                "reviews.view_earlier_prioritymodels",
                Group.PLAN,
                "Every service ranked for review by the prioritisation model, and the reasons for its place.",
            ),
            _item(
                "Commissioning capacity",
                32,
                "plan:officers",
                "reviews.view_commissioningofficer",
                Group.PLAN,
                "The officers who run reviews: their skills, days and cost.",
            ),
            _item(
                "Programme scenarios",
                33,
                "plan:scenarios",
                "reviews.view_programmescenario",
                Group.PLAN,
                "Programmes of reviews for different capacity and targets, compared side by side; one is adopted.",
            ),
            _item(
                "Programme timeline",
                34,
                "plan:timeline",
                # Inside the council, like Priorities; the public reach it from the list of reviews.
                "reviews.view_earlier_prioritymodels",
                Group.PLAN,
                "The programme of reviews quarter by quarter, by directorate or skill, and the capacity it uses.",
            ),
        ),
    ),
    App(
        "commissioning.appraisals",
        Tier.PLAN,
        seeder="commissioning.appraisals.demo",
        nav=(
            _item(
                "Business cases",
                40,
                "appraisals:business-case-list",
                "appraisals.view_businesscase",
                Group.PLAN,
                "The options appraised for each review and the business case that recommends one.",
            ),
        ),
    ),
    App(
        "commissioning.governance",
        Tier.DELIVER,
        seeder="commissioning.governance.demo",
        nav=(
            _item(
                "Decisions",
                41,
                "governance:decisions",
                "governance.list_decisions",
                Group.DECIDE,
                "Decisions of the Council, Cabinet, cabinet members and officers, with their votes and call-ins.",
            ),
            _item(
                "Forward plan",
                42,
                "governance:forward-plan",
                "governance.view_forward_plan",
                Group.DECIDE,
                "Key decisions to be taken, published at least 28 clear days before.",
            ),
            _item(
                "Recommendations",
                48,
                "governance:recommendations",
                "governance.list_recommendations",
                Group.DECIDE,
                "Scrutiny's recommendations to the executive and partners, the responses and their implementation.",
            ),
            _item(
                "Committees",
                43,
                "governance:body-list",
                "governance.list_bodies",
                Group.DECIDE,
                "Council, Cabinet, committees, Programme Boards and member groups, with their members.",
            ),
            _item(
                "Meetings",
                44,
                "governance:meeting-list",
                "governance.list_meetings",
                Group.DECIDE,
                "Meetings with their agendas, attendance and minutes.",
            ),
            _item(
                "Member involvement protocol",
                46,
                "governance:protocol",
                "governance.view_protocolstep",
                Group.DECIDE,
                "Who decides, is consulted, is informed and acts as critical friend at each stage of a review.",
            ),
            _item(
                "Scrutiny",
                47,
                "governance:scrutiny",
                "governance.view_scrutiny_list",
                Group.DECIDE,
                "Each scrutiny committee's work programme, its inquiries, and the dashboard it chooses items from.",
            ),
            _item(
                "Committee reports",
                49,
                "governance:report-list",
                "governance.list_committeereports",
                Group.DECIDE,
                "Reports to committees in the council's format, cleared by the section 151 and monitoring officers.",
            ),
            _item(
                "My involvement",
                81,
                "governance:my-involvement",
                "governance.view_my_involvement",
                Group.ACCOUNT,
                "The reviews you are involved in, your part now and what is asked of you next.",
            ),
        ),
    ),
    App(
        "commissioning.finance",
        Tier.DELIVER,
        seeder="commissioning.finance.demo",
        nav=(
            # Budgets, the MTFS and savings (finance-savings)
            _item(
                "Budgets",
                52,
                "finance:budgets",
                "finance.view_budgets",
                Group.DELIVER,
                "Each service's budget by year, and the monthly monitoring of it.",
            ),
            _item(
                "Medium-term financial strategy",
                53,
                "finance:mtfs",
                "finance.view_mtfs",
                Group.DELIVER,
                "Funding and spending for the next four years, the gap, and the savings that close it.",
            ),
            _item(
                "Savings tracker",
                54,
                "finance:savings",
                "finance.view_savings",
                Group.REVIEW,
                "Every saving promised, its accountable owner, and what has been realised.",
            ),
            # Virements (finance-virements)
            _item(
                "Virements",
                55,
                "finance:virements",
                "finance.view_virement",
                Group.DELIVER,
                "Transfers between budget lines and who approved them.",
            ),
            # Pooled budgets (finance-pools)
            _item(
                "Pooled budgets",
                56,
                "finance:pools",
                "finance.view_pools",
                Group.DELIVER,
                "Section 75 pooled funds with partners, and each partner's statement.",
            ),
            # Published spend (finance-spendlinks): the Transparency Code data, open to everyone
            _item(
                "Published spend",
                59,
                "finance:spend",
                "finance.view_spend",
                Group.DELIVER,
                "The council's payments over £500, as it publishes them, by month, supplier and service.",
            ),
        ),
    ),
    App(
        "commissioning.contracts",
        Tier.DELIVER,
        seeder="commissioning.contracts.demo",
        nav=(
            _item(
                "Contracts",
                57,
                "contracts:list",
                "contracts.list_contracts",
                Group.DELIVER,
                "The contract register: contracts, grants and in-house plans, with their suppliers, values and dates.",
            ),
            _item(
                "Contract expiry",
                58,
                "contracts:pipeline",
                "contracts.view_pipeline",
                Group.DELIVER,
                "Contracts ending soon, and when each review or re-procurement must start.",
            ),
            _item(
                "Procurements",
                51,
                "contracts:procurements",
                "contracts.list_procurements",
                Group.DELIVER,
                "Procurements from adopted options to contracts: stages, evaluation and award; and grant awards.",
            ),
            _item(
                "Categories",
                63,
                "contracts:category-list",
                "contracts.list_categories",
                Group.DELIVER,
                "Procurement categories and their managers: spend, contracts, expiries, suppliers and savings in each.",
            ),
            _item(
                "Decommissioning",
                64,
                "contracts:decommissioning-list",
                "contracts.list_decommissionings",
                Group.REVIEW,
                "Services and contracts being decommissioned: evidence, consultation, decision, notice and exit plan.",
            ),
            # KPIs, provider returns and assessments (returns)
            _item(
                "Contract returns",
                62,
                "contracts:returns",
                "contracts.list_returns",
                Group.REVIEW,
                "Quarterly returns on each contract's and in-house plan's KPIs: due, overdue, queried and accepted.",
            ),
            # Quality triangulation (triangulation)
            _item(
                "Quality",
                67,
                "contracts:quality-compare",
                "contracts.compare_quality",
                Group.REVIEW,
                "Quality triangulated from KPIs, inspections, complaints, safeguarding, workforce and finances.",
            ),
        ),
    ),
    App(
        "commissioning.residents",
        Tier.DELIVER,
        seeder="commissioning.residents.demo",
        nav=(
            _item(
                "Find a service",
                21,  # the task asked for 20, which Outcomes holds (no two items in one place)
                "residents:finder",
                "residents.find_service",
                Group.SERVICES,
                "Who runs each service, who answers for it, how it is doing and how to complain.",
            ),
            _item(
                "Places",
                65,
                "residents:places",
                "residents.view_place",
                Group.SERVICES,
                "Each ward: its services, who runs them, how they are doing and its councillors.",
            ),
            # Complaints (residents-complaints): the queue of those a user answers or follows
            _item(
                "Complaints",
                66,
                "residents:complaint-queue",
                "residents.view_complaint_queue",
                Group.REVIEW,
                "Residents' complaints about services: who answers each, its deadlines, answers and outcomes.",
            ),
        ),
    ),
    App(
        "commissioning.risks",
        Tier.DELIVER,
        seeder="commissioning.risks.demo",
        nav=(
            _item(
                "Risks",
                68,
                "risks:list",
                "risks.list_risks",
                Group.REVIEW,
                "The risk register: corporate, directorate and review risks, their scores, controls and actions.",
            ),
        ),
    ),
    App(
        "commissioning.imports",
        Tier.EDGE,
        nav=(
            _item(
                "Imports",
                70,
                "imports:list",
                "imports.list_importjobs",
                Group.IMPORTS,
                "Budgets and measurements loaded from spreadsheets.",
            ),
        ),
    ),
    App(
        "commissioning.portal",
        Tier.EDGE,
        nav=(
            _item(
                "Administration",
                90,
                "admin:index",
                "portal.view_admin_site",
                Group.ADMINISTRATION,
                "Users, roles and reference data.",
            ),
        ),
    ),
)

# The apps still to come, placed in their tiers (ADR 0017). The layers contract lists them as optional layers.
PLANNED: tuple[tuple[str, Tier], ...] = (
    ("commissioning.publishing", Tier.EDGE),
    ("commissioning.api", Tier.EDGE),
)


def in_tier_order() -> list[App]:
    """Our apps, lowest tier first; within a tier, in the order of APPS."""
    return sorted(APPS, key=lambda app: app.tier)


def installed_apps() -> list[str]:
    return [app.name for app in in_tier_order()]


def seeders() -> list[str]:
    return [app.seeder for app in in_tier_order() if app.seeder is not None]


def navigation() -> list[NavItem]:
    return sorted((item for app in APPS for item in app.nav), key=lambda item: item.position)


def groups() -> list[tuple[Group, list[NavItem]]]:
    """Every group, in the header's order, with its items in ``position`` order (empty for a group no app fills)."""
    items = navigation()
    return [(group, [item for item in items if item.group is group]) for group in Group]


def tiers() -> list[list[str]]:
    """Every tier, highest first, as the labels of its apps (planned ones in brackets): the layers contract."""
    by_tier: dict[Tier, list[str]] = {tier: [] for tier in Tier}
    for app in in_tier_order():
        by_tier[app.tier].append(app.label)
    for name, tier in PLANNED:
        by_tier[tier].append(f"({name.rpartition('.')[2]})")
    return [by_tier[tier] for tier in sorted(Tier, reverse=True)]
