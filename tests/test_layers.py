"""The app contracts in pyproject.toml bite: each is checked here against a small import graph drawn by hand, with
one import it must allow and the imports it must refuse (ADR 0017). Fast: no Django, no scan of the code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import grimp
import pytest
from importlinter import configuration
from importlinter.adapters.user_options import TomlFileUserOptionReader
from importlinter.contracts.layers import LayersContract

from commissioning import registry
from tools.import_contracts import AppInterfaceContract

# The options as lint-imports reads them from pyproject.toml.
configuration.configure()
OPTIONS = TomlFileUserOptionReader().read_options(str(Path(__file__).resolve().parent.parent / "pyproject.toml"))
assert OPTIONS is not None
SESSION = OPTIONS.session_options


def contract_options(contract_id: str) -> dict[str, Any]:
    (options,) = [c for c in OPTIONS.contracts_options if c.get("id") == contract_id]
    return {key: value for key, value in options.items() if key not in {"id", "name", "type"}}


def graph_of(*imports: tuple[str, str], planned: bool = False) -> grimp.ImportGraph:
    """Every app of the registry (and the planned ones if asked), each with a models, selectors, actions and views
    module, and the given imports between modules."""
    graph = grimp.ImportGraph()
    names = [app.name for app in registry.APPS] + ([name for name, _tier in registry.PLANNED] if planned else [])
    graph.add_module("commissioning")
    graph.add_module("commissioning.registry")
    for name in names:
        graph.add_module(name)
        for module in ("models", "selectors", "actions", "views", "thread", "demo"):
            graph.add_module(f"{name}.{module}")
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")
    return graph


def layers_kept(*imports: tuple[str, str], planned: bool = False) -> bool:
    contract = LayersContract(name="tiers", session_options=SESSION, contract_options=contract_options("tiers"))
    return contract.check(graph_of(*imports, planned=planned), verbose=False).kept


def interface_kept(*imports: tuple[str, str]) -> bool:
    contract = AppInterfaceContract(
        name="interface", session_options=SESSION, contract_options=contract_options("app-interface")
    )
    return contract.check(graph_of(*imports), verbose=False).kept


def test_an_app_may_import_the_tiers_below_it() -> None:
    assert layers_kept()
    assert layers_kept(
        ("commissioning.appraisals.models", "commissioning.reviews.models"),
        ("commissioning.reviews.selectors", "commissioning.services.selectors"),
        ("commissioning.portal.views", "commissioning.appraisals.selectors"),
        ("commissioning.services.models", "commissioning.core.models"),
    )


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("commissioning.reviews.models", "commissioning.outcomes.models"),  # siblings in the Analyse tier
        ("commissioning.intelligence.thread", "commissioning.outcomes.selectors"),
        ("commissioning.portal.views", "commissioning.imports.selectors"),  # siblings at the edge
        ("commissioning.services.models", "commissioning.reviews.models"),  # a tier above
        ("commissioning.core.models", "commissioning.accounts.models"),
    ],
)
def test_an_app_may_not_import_its_own_tier_or_above(importer: str, imported: str) -> None:
    assert not layers_kept((importer, imported))


def test_the_planned_apps_have_their_places_already() -> None:
    assert layers_kept(
        ("commissioning.governance.models", "commissioning.appraisals.models"),  # a decision on a business case
        ("commissioning.contracts.models", "commissioning.services.models"),  # a contract for a service
        ("commissioning.finance.models", "commissioning.appraisals.models"),  # a savings line from a business case
        ("commissioning.residents.models", "commissioning.services.selectors"),  # a complaint about a service
        ("commissioning.publishing.views", "commissioning.finance.selectors"),
        planned=True,
    )
    # Decide, do and review link each other both ways, so they are siblings: string foreign keys, never imports.
    for importer, imported in [
        ("commissioning.contracts.models", "commissioning.governance.models"),  # a contract on a decision
        ("commissioning.governance.models", "commissioning.contracts.models"),  # a recommendation on a contract
        ("commissioning.finance.models", "commissioning.contracts.models"),  # a savings line on a contract
        ("commissioning.residents.models", "commissioning.contracts.selectors"),  # a complaint about a contract
        ("commissioning.api.views", "commissioning.publishing.selectors"),  # siblings at the edge
        ("commissioning.appraisals.models", "commissioning.governance.models"),  # a tier above
    ]:
        assert not layers_kept((importer, imported), planned=True), (importer, imported)


def test_a_module_beside_the_apps_must_be_placed_in_a_tier() -> None:
    graph = graph_of()
    graph.add_module("commissioning.newapp")
    contract = LayersContract(name="tiers", session_options=SESSION, contract_options=contract_options("tiers"))
    assert not contract.check(graph, verbose=False).kept  # exhaustive: every child of commissioning has a tier


def test_an_app_imports_only_the_models_selectors_and_actions_of_another() -> None:
    assert interface_kept(
        ("commissioning.reviews.views", "commissioning.services.models"),
        ("commissioning.reviews.views", "commissioning.services.selectors"),
        ("commissioning.imports.actions", "commissioning.outcomes.actions"),
        ("commissioning.reviews.views", "commissioning.core.views"),  # core is shared: all of it
        ("commissioning.reviews.views", "commissioning.reviews.thread"),  # inside an app: anything
    )
    for imported in ["commissioning.services.views", "commissioning.services.demo", "commissioning.outcomes.thread"]:
        assert not interface_kept(("commissioning.reviews.views", imported)), imported
    assert not interface_kept(("commissioning.reviews.views", "commissioning.services"))  # the package itself
