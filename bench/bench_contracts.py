"""Contracts benchmarks: the contract register at district against metropolitan scale (issue 13).

Target (issue 13): "The contract register (2,000 contracts) and a provider's triangulation page at metropolitan
scale: query count equal to district scale, median within 1.5x". This file measures the register (its first page as
an officer and as the public, and a later page sorted by value); each page is one line of ``page_paths`` (the demo
login that asks for it, and its paths). The provider's triangulation page does not exist yet: its line is
``TRIANGULATION_SLOT`` below, left empty until the page is built (then it is one line there).

How (as bench/bench_governance.py): each scale is seeded into a fresh SQLite file (``migrate`` and ``seed_demo`` as
``manage.py`` subprocesses), then one worker process per scale times ``django.test.Client.get`` in-process, asked
for one request at a time, alternating between the scales (and which goes first); the table prints both medians
side by side and their ratio. Results go to ``bench/results/contracts.json``.

    .venv/bin/python bench/bench_contracts.py       # or: .venv/bin/python bench/run.py contracts
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_foundation import (
    Seeded,
    Timing,
    Worker,
    compare_pages,
    login_pages_get,
    page_commands,
    print_header,
    print_page_table,
    run_compare,
    serve,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "contracts.json"
SCALES = ("district", "metropolitan")
PAGE_RATIO_TARGET = 1.5
WARM_UP = 5
ROUNDS = 30
PROBES = 3


def triangulation_slot() -> dict[str, tuple[str, list[str]]]:
    """TRIANGULATION_SLOT: a provider's quality triangulation page (issue 13's second measured page). It does not
    exist yet; when it does, return its line here, e.g.
    ``{"provider triangulation": ("officer", [reverse("contracts:triangulation", args=[provider_pk])])}``."""
    return {}


def page_paths() -> dict[str, tuple[str, list[str]]]:
    """Each page measured: its label, the demo login that asks for it, and its paths (one line a page)."""
    from django.urls import reverse

    register = reverse("contracts:list")
    return {
        "contract register": ("officer", [register]),
        "contract register (public)": ("", [register]),
        "register, page 2 by value": ("officer", [register + "?page=2&sort=-total_value"]),
        **triangulation_slot(),
    }


def worker() -> int:
    """Serve timing commands against the database in DATABASE_URL until stdin closes."""
    return serve(_commands)


def _commands() -> Callable[[dict[str, Any]], dict[str, Any]]:

    from commissioning.contracts.models import Contract

    pages = page_paths()
    get = login_pages_get(pages)

    def info() -> dict[str, Any]:
        return {
            "contracts": Contract.objects.count(),
            "published": Contract.objects.filter(published=True).count(),
            "pages": {label: paths for label, (_login, paths) in pages.items()},
        }

    return page_commands(get, info)


def measure(workers: dict[str, Worker], pages: dict[str, dict[str, list[str]]]) -> list[dict[str, Any]]:
    """Each command names its page, so the worker asks for it as that page's demo login."""
    return compare_pages(
        workers,
        pages,
        timing=lambda _label: Timing(warm_up=WARM_UP, rounds=ROUNDS, target=PAGE_RATIO_TARGET),
        probes=PROBES,
        extra=lambda label: {"label": label},
    )


def print_report(
    env: dict[str, Any], seeds: dict[str, Seeded], info: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    print_header("Contracts", env)
    print()
    print("1. The demo councils (seed_demo into a fresh SQLite file; every app's seeder)")
    for scale in SCALES:
        s = seeds[scale]
        print(
            f"   {scale:<14}{s.seed_wall_s:>8.2f} s seed wall, {s.records or '?'} records, "
            f"{info[scale]['contracts']} contracts ({info[scale]['published']} published)"
        )
    print()
    print_page_table(f"2. Page server time, median of {ROUNDS} requests per page and scale", rows, env, width=32)
    if not triangulation_slot():
        print("   provider triangulation page: not built yet (TRIANGULATION_SLOT in bench/bench_contracts.py)")


def main() -> int:
    return run_compare(
        benchmark="contracts",
        title="Contracts",
        script=__file__,
        results=RESULTS,
        measure=measure,
        report=print_report,
    )


if __name__ == "__main__":
    sys.exit(worker() if sys.argv[1:] == ["--worker"] else main())
