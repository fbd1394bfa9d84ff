"""A custom import-linter contract: between apps, only their models, selectors and actions (ADR 0017).

The layers contract says which app may import which; this one says what it may import from it. An app's models,
selectors and actions are its interface: another app may use its records, read them through its selectors (which
apply visibility) and change them through its actions (which check the rules and keep history). Its views, forms,
templates' helpers, demo seeder, thread sections, tasks and any other module are its own business. Shared apps
(core) are exempt: anything may import any part of them.

Registered in pyproject.toml under ``[tool.importlinter] contract_types`` as ``app_interface``::

    [[tool.importlinter.contracts]]
    type = "app_interface"
    container = "commissioning"
    public_modules = ["models", "selectors", "actions"]
    shared_apps = ["core"]

Every subpackage of the container is an app; a plain module beside them (commissioning/registry.py) is not. Only
imports made by an app's modules are checked (config may import what it needs, URLconfs included).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import grimp
from importlinter import Contract, ContractCheck, fields, output


@dataclass(frozen=True)
class Violation:
    importer: str
    imported: str
    line_numbers: tuple[int, ...]


class AppInterfaceContract(Contract):
    type_name = "app_interface"

    container = fields.StringField()
    public_modules = fields.ListField(subfield=fields.StringField())
    shared_apps = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        # import-linter sets each field to its parsed value on the instance.
        container = cast(str, self.container)
        public = set(cast(list[str], self.public_modules))
        shared = {f"{container}.{app}" for app in cast(list[str] | None, self.shared_apps) or []}
        apps = {child for child in graph.find_children(container) if graph.find_children(child)}
        violations = []
        for app in sorted(apps):
            for importer in sorted(graph.find_descendants(app) | {app}):
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    other = _app_of(imported, apps)
                    if other is None or other == app or other in shared:
                        continue
                    if imported.removeprefix(other + ".").partition(".")[0] in public and imported != other:
                        continue
                    details = graph.get_import_details(importer=importer, imported=imported)
                    lines = tuple(sorted({detail["line_number"] for detail in details}))
                    violations.append(Violation(importer, imported, lines))
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        allowed = " or ".join(cast(list[str], self.public_modules))
        output.print_error(f"An app may import only the {allowed} modules of another app:", bold=True)
        output.new_line()
        for violation in check.metadata["violations"]:
            lines = ", ".join(f"l.{number}" for number in violation.line_numbers)
            output.print_error(f"-   {violation.importer} -> {violation.imported} ({lines})", bold=False)
        output.new_line()


def _app_of(module: str, apps: set[str]) -> str | None:
    for app in apps:
        if module == app or module.startswith(app + "."):
            return app
    return None
