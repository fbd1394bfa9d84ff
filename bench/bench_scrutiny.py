"""Scrutiny benchmarks (issue 10, ADR 0034): the scrutiny dashboard (and the work programme) of the demo's Overview
and Scrutiny Committee at district against metropolitan scale.

Target: the scrutiny dashboard at metropolitan scale: the same number of queries as at district scale, median server
time within 1.5x of it. The table prints both medians and their ratio. Each page is one line of ``page_paths`` (the
demo login that asks for it, and its paths).

How (as bench/bench_analyse.py): each scale is seeded into a fresh SQLite file (``migrate`` and ``seed_demo`` as
``manage.py`` subprocesses), then one worker process per scale times ``django.test.Client.get`` in-process, asked
for one request at a time, alternating between the scales (and which goes first). Results go to
``bench/results/scrutiny.json``.
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
RESULTS = ROOT / "bench" / "results" / "scrutiny.json"
SCALES = ("district", "metropolitan")
PAGE_RATIO_TARGET = 1.5
WARM_UP = 5
ROUNDS = 30
PROBES = 3


def page_paths() -> dict[str, tuple[str, list[str]]]:
    """Each page measured: its label, the demo login that asks for it, and its paths (one line a page)."""
    from django.urls import reverse

    from commissioning.governance.models import Body, BodyKind

    committee = (
        Body.objects.filter(kind=BodyKind.SCRUTINY, archived_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return {
        "scrutiny dashboard": ("scrutiny", [reverse("governance:scrutiny-dashboard", args=[committee])]),
        "work programme": ("scrutiny", [reverse("governance:scrutiny-programme", args=[committee])]),
        "work programme (public)": ("", [reverse("governance:scrutiny-programme", args=[committee])]),
    }


def worker() -> int:
    """Serve timing commands against the database in DATABASE_URL until stdin closes."""
    return serve(_commands)


def _commands() -> Callable[[dict[str, Any]], dict[str, Any]]:

    from commissioning.governance.models import CallIn, WorkProgrammeItem
    from commissioning.outcomes.models import Indicator

    pages = page_paths()
    get = login_pages_get(pages)

    def info() -> dict[str, Any]:
        return {
            "indicators": Indicator.objects.count(),
            "call-ins": CallIn.objects.count(),
            "work programme items": WorkProgrammeItem.objects.count(),
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
    print_header("Scrutiny", env)
    print()
    print("1. The demo councils (seed_demo into a fresh SQLite file; every app's seeder)")
    for scale in SCALES:
        s = seeds[scale]
        print(
            f"   {scale:<14}{s.seed_wall_s:>8.2f} s seed wall, {s.records or '?'} records, "
            f"{info[scale]['indicators']} indicators, {info[scale]['call-ins']} call-ins, "
            f"{info[scale]['work programme items']} work programme items"
        )
    print()
    print_page_table(f"2. Page server time, median of {ROUNDS} requests per page and scale", rows, env, width=32)


def main() -> int:
    return run_compare(
        benchmark="scrutiny",
        title="Scrutiny",
        script=__file__,
        results=RESULTS,
        measure=measure,
        report=print_report,
    )


if __name__ == "__main__":
    sys.exit(worker() if sys.argv[1:] == ["--worker"] else main())
