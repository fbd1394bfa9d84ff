"""Each app reaches engine/ through one bridge module (ARCHITECTURE.md, "engine/"): no other module imports it."""

import ast
from pathlib import Path

COMMISSIONING = Path(__file__).resolve().parents[2] / "commissioning"
BRIDGE = ("calculations.py",)  # the bridge of every app, except those named here
# core's calendar reads the bank holidays for every app, and its monitoring signals are the engine's observations;
# governance's bridge is a package, one module per area.
# reviews has a second, for the optimised programme (planning.py: the council's data as an instance, and the solver).
BRIDGES = {
    "imports": ("ingest.py",),
    "core": ("problems.py", "calendar.py", "monitoring_signals.py"),
    "governance": ("calculations",),
    "reviews": ("calculations.py", "planning.py"),
    "contracts": (
        "calculations.py",
        "calculations_procurement.py",
        "calculations_categories.py",
        "calculations_decommissioning.py",
        "calculations_returns.py",
        "calculations_quality.py",
    ),
    "residents": ("calculations_complaints.py",),
    "appraisals": ("calculations.py", "calculations_equality.py"),
    "risks": ("calculations.py",),
    "finance": (
        "calculations.py",
        "calculations_virements.py",
        "calculations_spend.py",
        "calculations_pools.py",
        "calculations_spendlinks.py",
    ),
}


def is_bridge(relative: Path) -> bool:
    app, rest = relative.parts[0], Path(*relative.parts[1:])
    return any(rest == Path(b) or Path(b) in rest.parents for b in BRIDGES.get(app, BRIDGE))


def engine_imports(path: Path) -> list[str]:
    """Every module of engine/ that the file imports, wherever the import is (in a function, under TYPE_CHECKING)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "engine"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [node.module] if node.module.split(".")[0] == "engine" else []
    return found


def test_only_each_apps_bridge_imports_the_engine():
    offenders = []
    for path in sorted(COMMISSIONING.rglob("*.py")):
        relative = path.relative_to(COMMISSIONING)
        if not is_bridge(relative):
            offenders += [f"commissioning/{relative}: {module}" for module in engine_imports(path)]
    assert offenders == []


def test_the_check_sees_imports_anywhere_in_a_module(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "import engine.finance.years\n"
        "if TYPE_CHECKING:\n    from engine.scoring import rag\n"
        "def f():\n    from engine import ingest\n"
        "from . import engine\n"  # a module of the app's own called engine is not the engine
    )
    assert engine_imports(module) == ["engine.finance.years", "engine.scoring", "engine"]


def test_every_bridge_named_exists():
    assert all((COMMISSIONING / app / bridge).exists() for app, bridges in BRIDGES.items() for bridge in bridges)
