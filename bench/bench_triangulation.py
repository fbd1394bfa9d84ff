"""Quality triangulation benchmark: a provider's triangulation page (and a contract's, and the council's own for its
in-house plans) at district against metropolitan scale.

Target (issue 13): "a provider's triangulation page at metropolitan scale: query count equal to district scale,
median within 1.5x". Each page is one line of ``page_paths``; the table printed gives both scales' medians side by
side and their ratio, and both query counts.

How (as bench/bench_governance.py): each scale is seeded into a fresh SQLite file (``migrate`` and ``seed_demo`` as
``manage.py`` subprocesses), then one worker process per scale times ``django.test.Client.get`` in-process, asked
for one request at a time, alternating between the scales (and which goes first). Results go to
``bench/results/triangulation.json``.

    .venv/bin/python bench/bench_triangulation.py     # or: .venv/bin/python bench/run.py triangulation
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
RESULTS = ROOT / "bench" / "results" / "triangulation.json"
SCALES = ("district", "metropolitan")
PAGE_RATIO_TARGET = 1.5
WARM_UP = 5
ROUNDS = 30
PROBES = 3


def page_paths() -> dict[str, tuple[str, list[str]]]:
    """Each page measured: its label, the demo login that asks for it, and its paths (one line a page)."""
    from django.db.models import Count
    from django.urls import reverse

    from commissioning.accounts.models import Organisation, User
    from commissioning.contracts.models import Contract, ContractKind

    # The external provider with the most current contracts: the heaviest triangulation page.
    busiest = (
        Organisation.objects.filter(is_home=False, contracts__archived_at__isnull=True)
        .annotate(n=Count("contracts"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    home = Organisation.objects.filter(is_home=True).values_list("pk", flat=True).first()
    contract, reference = Contract.objects.filter(provider_id=busiest).order_by("pk").values_list("pk", "reference")[0]
    plan = Contract.objects.filter(kind=ContractKind.IN_HOUSE).order_by("pk").values_list("pk", flat=True).first()
    own = User.objects.get(username="provider").organisation_id
    compare = reverse("contracts:quality-compare") + f"?plan={plan}&contract={reference}"
    return {
        "provider's triangulation (busiest)": ("officer", [reverse("contracts:provider-quality", args=[busiest])]),
        "provider's own page (provider)": ("provider", [reverse("contracts:provider-quality", args=[own])]),
        "the council's in-house services": ("officer", [reverse("contracts:provider-quality", args=[home])]),
        "contract's triangulation": ("officer", [reverse("contracts:quality", args=[contract])]),
        "comparison": ("officer", [compare]),
    }


def worker() -> int:
    """Serve timing commands against the database in DATABASE_URL until stdin closes."""
    return serve(_commands)


def _commands() -> Callable[[dict[str, Any]], dict[str, Any]]:

    from commissioning.contracts.models import Contract, InspectionRating

    pages = page_paths()
    get = login_pages_get(pages)

    def info() -> dict[str, Any]:
        return {
            "contracts": Contract.objects.count(),
            "inspection ratings": InspectionRating.objects.count(),
            "pages": {label: paths for label, (_login, paths) in pages.items()},
        }

    return page_commands(get, info)


def measure(workers: dict[str, Worker], pages: dict[str, dict[str, list[str]]]) -> list[dict[str, Any]]:
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
    print_header("Quality triangulation", env)
    print()
    print("1. The demo councils (seed_demo into a fresh SQLite file; every app's seeder)")
    for scale in SCALES:
        s = seeds[scale]
        print(
            f"   {scale:<14}{s.seed_wall_s:>8.2f} s seed wall, {s.records or '?'} records, "
            f"{info[scale]['contracts']} contracts, {info[scale]['inspection ratings']} inspection ratings"
        )
    print()
    print_page_table(
        f"2. Page server time, median of {ROUNDS} requests per page and scale (district and metropolitan side by side, "
        "with the ratio)",
        rows,
        env,
        width=36,
    )


def main() -> int:
    return run_compare(
        benchmark="triangulation",
        title="Quality triangulation",
        script=__file__,
        results=RESULTS,
        measure=measure,
        report=print_report,
    )


if __name__ == "__main__":
    sys.exit(worker() if sys.argv[1:] == ["--worker"] else main())
