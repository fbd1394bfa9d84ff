"""The navigation each role sees: the items they may follow, grouped by what people do (commissioning.registry.Group)
in the header, at no database cost (commissioning.portal.context builds it from commissioning.registry)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from commissioning.accounts.models import User
from commissioning.core.permissions import Role
from commissioning.portal.context import entries, site

DECIDE_ITEMS = [
    ("Decisions", "/governance/decisions/"),
    ("Forward plan", "/governance/forward-plan/"),
    ("Committees", "/governance/bodies/"),
    ("Meetings", "/governance/meetings/"),
]
PROTOCOL = ("Member involvement protocol", "/governance/involvement/protocol/")
SCRUTINY = ("Scrutiny", "/governance/scrutiny/")  # work programmes and the scrutiny dashboard: inside the council
MY_INVOLVEMENT = ("My involvement", "/governance/involvement/mine/")
REPORTS = ("Committee reports", "/governance/reports/")  # published ones for everyone; drafts inside the council
# Scrutiny's recommendations and the responses (issue 10): everyone (the public sees the published ones).
RECOMMENDATIONS = ("Recommendations", "/governance/recommendations/")
FINDER = ("Find a service", "/find-a-service/")  # the residents app (issue 14): everyone
PLACES = ("Places", "/places/")
PUBLIC = [
    ("Services", "/services/"),
    ("Outcomes", "/outcomes/"),
    FINDER,
    ("Reviews", "/reviews/"),
    *DECIDE_ITEMS,
    RECOMMENDATIONS,
    REPORTS,
    ("Wards and councillors", "/wards/"),
]
CASES = ("Business cases", "/appraisals/business-cases/")
PRIORITIES = ("Priorities", "/plan/")
CAPACITY = ("Commissioning capacity", "/plan/officers/")
SCENARIOS = ("Programme scenarios", "/plan/scenarios/")
TIMELINE = ("Programme timeline", "/plan/timeline")
INBOX = ("Ward intelligence", "/intelligence/")
MINE = ("My ward intelligence", "/intelligence/mine")
IMPORTS = ("Imports", "/imports/")
NOTIFICATIONS = ("Notifications", "/notifications/")
ADMINISTRATION = ("Administration", "/admin/")
# Budgets, the MTFS and virements (Deliver) and the savings tracker (Review): everyone inside the council.
FINANCE_ITEMS = [
    ("Budgets", "/finance/budgets/"),
    ("Medium-term financial strategy", "/finance/mtfs/"),
    ("Savings tracker", "/finance/savings/"),
    ("Virements", "/finance/virements/"),
    ("Pooled budgets", "/finance/pools/"),
]
POOLS = ("Pooled budgets", "/finance/pools/")  # a partner organisation's users see their own pools
# The contract register is open to everyone (the published register); its expiry pipeline is inside the council.
CONTRACTS = ("Contracts", "/contracts/")
EXPIRY = ("Contract expiry", "/contracts/expiry/")
PROCUREMENTS = ("Procurements", "/contracts/procurements/")
SPEND = ("Published spend", "/finance/spend/")  # the Transparency Code data: everyone
# Categories are inside the council; the register of decommissioned services is open to everyone (issue 13).
CATEGORIES = ("Categories", "/contracts/categories/")
DECOMMISSIONING = ("Decommissioning", "/contracts/decommissioning/")
# Contract returns (Review): everyone inside the council, and provider contacts (their own organisation's).
RETURNS = ("Contract returns", "/contracts/returns/")
# Quality triangulation (Review): inside the council (a provider reaches its own page from its contracts).
QUALITY = ("Quality", "/contracts/quality/compare")
# Residents' complaints (issue 14): the council's queue, a councillor's own, a provider's routed to them (Review).
COMPLAINTS = ("Complaints", "/complaints/")
# The risk register (issue 10, Review): the council's staff, scrutiny and councillors.
RISKS = ("Risks", "/risks/")


def _with_cases(*more: tuple[str, str]) -> list[tuple[str, str]]:
    """What everyone inside the council sees: the public items, the priorities, commissioning capacity, the programme
    scenarios and timeline, business cases, the involvement protocol, scrutiny, and the budgets, MTFS, savings
    tracker and virements, procurements and contracts."""
    return [
        *PUBLIC[:4],
        PRIORITIES,
        CAPACITY,
        SCENARIOS,
        TIMELINE,
        CASES,
        *DECIDE_ITEMS,
        PROTOCOL,
        SCRUTINY,
        RECOMMENDATIONS,
        REPORTS,
        PUBLIC[-1],
        PROCUREMENTS,
        *FINANCE_ITEMS,
        CONTRACTS,
        EXPIRY,
        SPEND,
        *[item for item in more if item in (INBOX, MINE)],
        RETURNS,
        *[item for item in more if item not in (INBOX, MINE)],
    ]


# The items each role may follow, in position order: what each role saw before the navigation was grouped, with the
# councillor's own ward intelligence renamed "My ward intelligence" (it is under their name now) and Notifications,
# which the header showed apart, now an item of their own pages.
EXPECTED: dict[str | None, list[tuple[str, str]]] = {
    None: [*PUBLIC, CONTRACTS, SPEND, DECOMMISSIONING, PLACES],
    Role.OFFICER: _with_cases(
        INBOX, CATEGORIES, DECOMMISSIONING, PLACES, COMPLAINTS, QUALITY, RISKS, IMPORTS, NOTIFICATIONS
    ),
    Role.DIRECTOR: _with_cases(
        INBOX, CATEGORIES, DECOMMISSIONING, PLACES, COMPLAINTS, QUALITY, RISKS, IMPORTS, NOTIFICATIONS
    ),
    Role.FINANCE: _with_cases(
        INBOX, CATEGORIES, DECOMMISSIONING, PLACES, COMPLAINTS, QUALITY, RISKS, IMPORTS, NOTIFICATIONS
    ),
    Role.CABINET: _with_cases(
        INBOX, CATEGORIES, DECOMMISSIONING, PLACES, COMPLAINTS, QUALITY, RISKS, NOTIFICATIONS, MY_INVOLVEMENT
    ),
    Role.SCRUTINY: _with_cases(
        INBOX, CATEGORIES, DECOMMISSIONING, PLACES, COMPLAINTS, QUALITY, RISKS, NOTIFICATIONS, MY_INVOLVEMENT
    ),
    Role.COUNCILLOR: _with_cases(
        MINE, CATEGORIES, DECOMMISSIONING, PLACES, COMPLAINTS, QUALITY, RISKS, NOTIFICATIONS, MY_INVOLVEMENT
    ),
    Role.PROVIDER: [*PUBLIC, CONTRACTS, SPEND, RETURNS, DECOMMISSIONING, PLACES, COMPLAINTS, NOTIFICATIONS],
    Role.ADMIN: _with_cases(
        CATEGORIES, DECOMMISSIONING, PLACES, COMPLAINTS, QUALITY, RISKS, IMPORTS, NOTIFICATIONS, ADMINISTRATION
    ),
    Role.DEMOCRATIC: _with_cases(CATEGORIES, DECOMMISSIONING, PLACES, COMPLAINTS, QUALITY, RISKS, NOTIFICATIONS),
    Role.PARTNER: [*PUBLIC, POOLS, CONTRACTS, SPEND, DECOMMISSIONING, PLACES, NOTIFICATIONS],
}
EXPECTED[Role.LEGAL] = EXPECTED[Role.DEMOCRATIC]  # the monitoring officer leads democratic services

SERVICES = ("Services", "/browse/services/")  # the catalogue, Find a service and Places
ANALYSE = ("Analyse", "/browse/analyse/")
PLAN = ("Plan", "/browse/plan/")
DECIDE = ("Decide", "/browse/decide/")
REVIEWS_ONLY = ("Plan", "/reviews/")  # a group with one item for the user leads straight to it
DELIVER = ("Deliver", "/browse/deliver/")
# Outside the council Deliver holds the public contract register and published spend: it leads to its group page.
REVIEW = ("Review", "/browse/review/")  # the savings tracker, contract returns and decommissioning
DECOMMISSIONING_ONLY = ("Review", "/contracts/decommissioning/")  # the register is Review's one item outside it
IMPORTS_GROUP = ("Imports", "/imports/")
ADMINISTRATION_GROUP = ("Administration", "/admin/")
# The header's groups for each role (the user's own pages apart, under their name).
HEADER: dict[str | None, list[tuple[str, str]]] = {
    None: [SERVICES, ANALYSE, REVIEWS_ONLY, DECIDE, DELIVER, DECOMMISSIONING_ONLY],
    Role.OFFICER: [SERVICES, ANALYSE, PLAN, DECIDE, DELIVER, REVIEW, IMPORTS_GROUP],
    Role.DIRECTOR: [SERVICES, ANALYSE, PLAN, DECIDE, DELIVER, REVIEW, IMPORTS_GROUP],
    Role.FINANCE: [SERVICES, ANALYSE, PLAN, DECIDE, DELIVER, REVIEW, IMPORTS_GROUP],
    Role.CABINET: [SERVICES, ANALYSE, PLAN, DECIDE, DELIVER, REVIEW],
    Role.SCRUTINY: [SERVICES, ANALYSE, PLAN, DECIDE, DELIVER, REVIEW],
    Role.COUNCILLOR: [SERVICES, ANALYSE, PLAN, DECIDE, DELIVER, REVIEW],
    Role.PROVIDER: [SERVICES, ANALYSE, REVIEWS_ONLY, DECIDE, DELIVER, REVIEW],
    Role.ADMIN: [SERVICES, ANALYSE, PLAN, DECIDE, DELIVER, REVIEW, IMPORTS_GROUP, ADMINISTRATION_GROUP],
    Role.DEMOCRATIC: [SERVICES, ANALYSE, PLAN, DECIDE, DELIVER, REVIEW],
    Role.PARTNER: [SERVICES, ANALYSE, REVIEWS_ONLY, DECIDE, DELIVER, DECOMMISSIONING_ONLY],
}
HEADER[Role.LEGAL] = HEADER[Role.DEMOCRATIC]


def header(user: Any, path: str = "/") -> dict[str, Any]:
    request = RequestFactory().get(path)
    request.user = user
    navigation = site(request)["navigation"]
    return {"groups": list(navigation["groups"]), "account": navigation["account"]}


def _user(role: str | None, users: dict[str, User]) -> Any:
    return AnonymousUser() if role is None else User.objects.get(pk=users[role].pk)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EXPECTED), ids=lambda role: role or "anonymous")
def test_each_role_sees_the_same_items_as_before(
    role: str | None, users: dict[str, User], django_assert_num_queries: Any
) -> None:
    user = _user(role, users)
    with django_assert_num_queries(0):  # permissions asked of the rules, never of the database
        items = entries(user)
    assert [(item.text, item.href) for item in items] == EXPECTED[role]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(HEADER), ids=lambda role: role or "anonymous")
def test_the_header_shows_each_role_its_groups_and_its_own_pages_under_its_name(
    role: str | None, users: dict[str, User], django_assert_num_queries: Any
) -> None:
    user = _user(role, users)
    with django_assert_num_queries(0):
        shown = header(user)
    assert [(group["text"], group["href"]) for group in shown["groups"]] == HEADER[role]
    if role is None:
        assert shown["account"] is None
    else:
        assert shown["account"] == {"text": user.get_full_name(), "href": "/account/", "active": False}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "path", "active"),
    [
        (Role.OFFICER, "/reviews/12/", "Plan"),
        (Role.OFFICER, "/appraisals/3/", "Plan"),  # an appraisal is under Plan with the business cases
        (Role.OFFICER, "/appraisals/business-cases/4/", "Plan"),
        (Role.OFFICER, "/intelligence/7/", "Analyse"),
        (Role.OFFICER, "/outcomes/indicators/2/", "Analyse"),
        (Role.OFFICER, "/councillors/5/", None),
        (Role.OFFICER, "/browse/analyse/", "Analyse"),
        (Role.OFFICER, "/services/1/", "Services"),
        (Role.OFFICER, "/imports/9/", "Imports"),
        (Role.OFFICER, "/", None),
        (Role.OFFICER, "/notifications/", "account"),
        (Role.OFFICER, "/account/", "account"),
        (Role.COUNCILLOR, "/intelligence/mine", "account"),
        (Role.COUNCILLOR, "/intelligence/7/", "account"),  # their own submission, under their name
        (Role.ADMIN, "/admin/accounts/user/", "Administration"),
        (None, "/reviews/12/", "Plan"),
    ],
)
def test_the_group_of_the_page_is_marked_active_and_only_it(
    role: str | None, path: str, active: str | None, users: dict[str, User]
) -> None:
    shown = header(_user(role, users), path)
    marked = [group["text"] for group in shown["groups"] if group["active"]]
    if shown["account"] is not None and shown["account"]["active"]:
        marked.append("account")
    assert marked == ([active] if active else [])


@pytest.mark.django_db
def test_a_superuser_sees_the_navigation_of_their_role_as_before(make_user: Any) -> None:
    user = make_user(Role.SCRUTINY, is_superuser=True)
    assert [(item.text, item.href) for item in entries(user)] == EXPECTED[Role.SCRUTINY]
    assert [(group["text"], group["href"]) for group in header(user)["groups"]] == HEADER[Role.SCRUTINY]


def _links(content: str, testid: str = "group-items") -> list[str]:
    import re

    block = content.split(f'data-testid="{testid}"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a class="govuk-link" href="([^"]+)">', block)


@pytest.mark.django_db
def test_a_group_page_lists_the_items_the_user_may_see(users: dict[str, User]) -> None:
    officer, councillor = Client(), Client()
    officer.force_login(users[Role.OFFICER])
    councillor.force_login(users[Role.COUNCILLOR])
    assert _links(officer.get("/browse/analyse/").content.decode()) == ["/outcomes/", "/wards/", "/intelligence/"]
    assert _links(officer.get("/browse/plan/").content.decode()) == [
        "/reviews/",
        "/plan/",
        "/plan/officers/",
        "/plan/scenarios/",
        "/plan/timeline",
        "/appraisals/business-cases/",
    ]
    assert _links(councillor.get("/browse/analyse/").content.decode()) == ["/outcomes/", "/wards/"]
    page = councillor.get("/account/").content.decode()
    assert _links(page) == ["/intelligence/mine", "/notifications/", "/governance/involvement/mine/"]
    assert 'action="/sign-out"' in page
    assert _links(Client().get("/browse/plan/").content.decode()) == ["/reviews/"]
    assert _links(Client().get("/browse/decide/").content.decode()) == [
        *[href for _text, href in DECIDE_ITEMS],
        RECOMMENDATIONS[1],
        REPORTS[1],
    ]


@pytest.mark.django_db
def test_a_group_with_nothing_for_the_user_is_not_found(users: dict[str, User]) -> None:
    officer = Client()
    officer.force_login(users[Role.OFFICER])
    for group in ("administration", "account", "nonsense"):
        assert officer.get(f"/browse/{group}/").status_code == 404, group
    provider = Client()
    provider.force_login(users[Role.PROVIDER])
    # Review holds a provider's contract returns and the public register of decommissioned services (finance's savings
    # tracker is inside the council only); imports and administration hold nothing for them.
    assert provider.get("/browse/review/").status_code == 200
    for group in ("imports", "administration"):
        assert provider.get(f"/browse/{group}/").status_code == 404, group
    assert _links(provider.get("/browse/review/").content.decode()) == [
        "/contracts/returns/",
        "/contracts/decommissioning/",
        "/complaints/",
    ]
    assert Client().get("/browse/imports/").status_code == 404
    provider = Client()  # Deliver has the virements for the officer; for a provider the register and published spend
    provider.force_login(users[Role.PROVIDER])
    assert _links(provider.get("/browse/deliver/").content.decode()) == ["/contracts/", "/finance/spend/"]
