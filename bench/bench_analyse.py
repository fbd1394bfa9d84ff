"""Analyse-stage benchmarks: the indicator page and the evidence pack at district against metropolitan scale.

Target (from the outcomes issue): the indicator page and the evidence-pack page, median server time at
metropolitan scale within 1.5x of the same page at district scale, measured in one run, with the same number of
queries. Also reported, without a target: the evidence pack's PDF.

How (as bench/bench_foundation.py, whose seeding and summary helpers this reuses): each scale is seeded into a fresh
SQLite file (``migrate`` and ``seed_demo`` as ``manage.py`` subprocesses), then one worker process per scale signs
in the demo ``officer`` and times ``django.test.Client.get`` in-process (middleware, view, charts, template). This
process asks the workers for one request at a time, alternating between the scales (and which goes first), so
noise from elsewhere on the machine falls on both alike. The pages are the same kinds of record at both scales:
indicators CMH-01S (quarterly, benchmarked against the comparator group) and CMH-02F (monthly, five years of values),
and the evidence packs of five services spread through the catalogue. Results go to ``bench/results/analyse.json``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_foundation import (
    PageError,
    Seeded,
    Timing,
    Worker,
    compare_pages,
    page_commands,
    print_header,
    print_page_table,
    run_compare,
    serve,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "analyse.json"
SCALES = ("district", "metropolitan")
PAGE_RATIO_TARGET = 1.5
WARM_UP = 5
ROUNDS = 30
PDF_ROUNDS = 5
PROBES = 3
PACK_SAMPLES = 5
INDICATORS = {"CMH-01S": "indicator CMH-01S (quarterly, benchmarked)", "CMH-02F": "indicator CMH-02F (monthly)"}


def worker() -> int:
    """Serve timing commands against the database in DATABASE_URL until stdin closes."""
    return serve(_commands)


def _commands() -> Callable[[dict[str, Any]], dict[str, Any]]:
    from django.test import Client
    from django.urls import reverse

    from commissioning.accounts.models import User
    from commissioning.outcomes.models import Indicator
    from commissioning.services.models import Service

    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="officer"))

    def get(_command: dict[str, Any], path: str) -> Any:
        response = client.get(path)
        if response.status_code != 200:
            raise PageError(f"GET {path} answered {response.status_code}")
        return response

    def info() -> dict[str, Any]:
        pks = list(Service.objects.filter(archived_at__isnull=True).order_by("reference").values_list("pk", flat=True))
        picks = [pks[i * len(pks) // PACK_SAMPLES] for i in range(PACK_SAMPLES)]
        return {
            "services": len(pks),
            "indicators": Indicator.objects.count(),
            "pages": {
                **{
                    label: [reverse("outcomes:indicator-detail", args=[Indicator.objects.get(code=code).pk])]
                    for code, label in INDICATORS.items()
                },
                f"evidence pack ({PACK_SAMPLES} services)": [
                    reverse("outcomes:evidence-pack", args=[pk]) for pk in picks
                ],
                "evidence pack PDF (first service)": [reverse("outcomes:evidence-pack-pdf", args=[picks[0]])],
            },
        }

    return page_commands(get, info)


def timing(label: str) -> Timing:
    """The PDF is slow: warmed up once, timed fewer rounds, and reported without a target."""
    if "PDF" in label:
        return Timing(warm_up=1, rounds=PDF_ROUNDS, target=None)
    return Timing(warm_up=WARM_UP, rounds=ROUNDS, target=PAGE_RATIO_TARGET)


def measure(workers: dict[str, Worker], pages: dict[str, dict[str, list[str]]]) -> list[dict[str, Any]]:
    return compare_pages(workers, pages, timing=timing, probes=PROBES)


def print_report(
    env: dict[str, Any], seeds: dict[str, Seeded], info: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    print_header("Analyse", env)
    print()
    print("1. The demo councils (seed_demo into a fresh SQLite file; every app's seeder)")
    for scale in SCALES:
        s = seeds[scale]
        print(
            f"   {scale:<14}{s.seed_wall_s:>8.2f} s seed wall, {s.records or '?'} records, "
            f"{info[scale]['services']} services, {info[scale]['indicators']} indicators"
        )
    print()
    heading = f"2. Page server time, median of {ROUNDS} requests per page and scale ({PDF_ROUNDS} for the PDF)"
    print_page_table(heading, rows, env, width=44)


def main() -> int:
    return run_compare(
        benchmark="analyse",
        title="Analyse",
        script=__file__,
        results=RESULTS,
        measure=measure,
        report=print_report,
    )


if __name__ == "__main__":
    sys.exit(worker() if sys.argv[1:] == ["--worker"] else main())
