"""commissioning/registry.py is the one list of our apps: INSTALLED_APPS, the demo seeders, the navigation and the
layers contract all follow from it, and every app on disk is in it (ADR 0017)."""

from __future__ import annotations

import dataclasses
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
import rules
from django.apps import apps
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from importlinter import configuration
from importlinter.adapters.user_options import TomlFileUserOptionReader

from commissioning import registry
from commissioning.core.permissions import Role
from commissioning.portal.context import site
from commissioning.portal.management.commands import seed_demo

ROOT = Path(__file__).resolve().parents[3]
ON_DISK = sorted(
    f"commissioning.{path.parent.name}" for path in (ROOT / "commissioning").glob("*/apps.py") if path.is_file()
)


def test_every_app_on_disk_is_in_the_registry_once() -> None:
    names = [app.name for app in registry.APPS]
    assert sorted(names) == ON_DISK
    assert len(set(names)) == len(names)
    assert not {name for name, _tier in registry.PLANNED} & set(names)  # once built, an app moves into APPS


def test_installed_apps_are_ours_in_tier_order() -> None:
    ours = [name for name in settings.INSTALLED_APPS if name.startswith("commissioning.")]
    assert ours == registry.installed_apps()
    tiers = [next(app.tier for app in registry.APPS if app.name == name) for name in ours]
    assert tiers == sorted(tiers)
    assert [config.name for config in apps.get_app_configs() if config.name.startswith("commissioning.")] == ours
    for app in registry.APPS:
        assert apps.get_app_config(app.label).name == app.name


def test_the_seeders_follow_the_registry_and_cover_every_demo_module() -> None:
    assert registry.seeders() == seed_demo.SEEDERS
    with_demo = {
        f"commissioning.{path.relative_to(ROOT / 'commissioning').parts[0]}.demo"
        for path in [*(ROOT / "commissioning").glob("*/demo.py"), *(ROOT / "commissioning").glob("*/demo/__init__.py")]
    }
    assert set(seed_demo.SEEDERS) == with_demo - {"commissioning.core.demo"}  # core's holds the helpers
    for module in seed_demo.SEEDERS:
        assert callable(import_module(module).seed)
    order = [name.rpartition(".")[0] for name in seed_demo.SEEDERS]
    assert order == [name for name in registry.installed_apps() if name in order]


def test_every_navigation_link_resolves_and_asks_a_permission_that_exists() -> None:
    items = registry.navigation()
    assert [item.position for item in items] == sorted({item.position for item in items})  # no two in one place
    for item in items:
        assert item.links
        for link in item.links:
            assert reverse(link.url_name)
            assert rules.perm_exists(link.perm), link.perm


def test_the_layers_contract_lists_the_registry_tiers() -> None:
    configuration.configure()
    options = TomlFileUserOptionReader().read_options(str(ROOT / "pyproject.toml"))
    assert options is not None
    (contract,) = [c for c in options.contracts_options if c.get("id") == "tiers"]
    assert contract["containers"] == ["commissioning"]
    layers = [{tail.strip() for tail in layer.split("|")} for layer in contract["layers"]]
    assert layers == [set(tier) for tier in registry.tiers()]


def test_every_navigation_item_is_in_one_group_and_the_groups_hold_them_all() -> None:
    grouped = [item for _group, items in registry.groups() for item in items]
    assert sorted(grouped, key=lambda item: item.position) == registry.navigation()
    assert [group for group, _items in registry.groups()] == list(registry.Group)
    for group in registry.Group:
        assert group.text
        assert group.description
        if group is not registry.Group.ACCOUNT:
            assert reverse("portal:group", args=[group.value]) == f"/browse/{group.value}/"


def test_the_groups_follow_what_people_do() -> None:
    by_group = {group: [item.text for item in items] for group, items in registry.groups()}
    assert by_group[registry.Group.SERVICES] == ["Services", "Find a service", "Places"]  # residents (issue 14)
    assert by_group[registry.Group.ANALYSE] == ["Outcomes", "Wards and councillors", "Ward intelligence"]
    assert by_group[registry.Group.PLAN] == [
        "Reviews",
        "Priorities",
        "Commissioning capacity",
        "Programme scenarios",
        "Programme timeline",
        "Business cases",
    ]
    assert by_group[registry.Group.DECIDE] == [
        "Decisions",
        "Forward plan",
        "Committees",
        "Meetings",
        "Member involvement protocol",
        "Scrutiny",
        "Recommendations",
        "Committee reports",
    ]
    assert by_group[registry.Group.ACCOUNT] == ["My ward intelligence", "Notifications", "My involvement"]
    # Finance's budgets, MTFS, virements and pools and the contract register deliver, the savings tracker reviews
    # (residents and risks are to come).
    assert by_group[registry.Group.DELIVER] == [
        "Procurements",
        "Budgets",
        "Medium-term financial strategy",
        "Virements",
        "Pooled budgets",
        "Contracts",
        "Contract expiry",
        "Published spend",
        "Categories",
    ]
    assert by_group[registry.Group.REVIEW] == [
        "Savings tracker",
        "Contract returns",
        "Decommissioning",
        "Complaints",
        "Quality",
        "Risks",
    ]


@pytest.mark.django_db
def test_an_app_adds_its_pages_to_a_group_by_data_alone(monkeypatch: Any, users: dict[str, Any]) -> None:
    """A new app (here a stand-in for contracts) declares items in the Deliver group: the header gains Deliver, with
    a page listing them, for the roles that may follow them, and for no one else."""
    contracts = registry.App(
        "commissioning.contracts",
        registry.Tier.DELIVER,
        nav=(
            registry.NavItem(
                "Contracts",
                100,
                (registry.Link("reviews:list", "appraisals.view_businesscase"),),
                registry.Group.DELIVER,
            ),
            registry.NavItem(
                "Grants",
                101,
                (registry.Link("services:list", "appraisals.view_businesscase"),),
                registry.Group.DELIVER,
            ),
        ),
    )
    # The stand-in takes the real contracts app's place (whose register the public and providers may read), and
    # finance's published spend (open to everyone) is left out, so Deliver holds only inside-the-council pages.
    others = tuple(
        dataclasses.replace(app, nav=tuple(item for item in app.nav if item.links[0].url_name != "finance:spend"))
        for app in registry.APPS
        if app.label != "contracts"
    )
    monkeypatch.setattr(registry, "APPS", (*others, contracts))
    officer = RequestFactory().get("/browse/deliver/")
    officer.user = users[Role.OFFICER]
    groups = site(officer)["navigation"]["groups"]
    assert [group["text"] for group in groups] == [
        "Services",
        "Analyse",
        "Plan",
        "Decide",
        "Deliver",
        "Review",
        "Imports",
    ]
    assert groups[4] == {"text": "Deliver", "href": "/browse/deliver/", "active": True}
    provider = RequestFactory().get("/")
    provider.user = users[Role.PROVIDER]
    assert "Deliver" not in [group["text"] for group in site(provider)["navigation"]["groups"]]
