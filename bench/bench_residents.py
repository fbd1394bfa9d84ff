"""Residents benchmarks: the public service finder, a "Who runs this service" page and a ward's place page, at
district against metropolitan scale, side by side.

Target (issue 14): each page's median server time at metropolitan scale within 1.5x of the same page at district
scale, with the same number of queries (tests/commissioning/residents/test_query_counts_public.py checks the counts
in the test suite). The pages are asked for by an anonymous resident, as the public sees them.

How: as bench/bench_analyse.py (bench_foundation's seeding, workers and summary helpers): each scale is seeded into a
fresh SQLite file, one worker process per scale times ``django.test.Client.get`` in-process, and this process
alternates between the scales one request at a time. The pages: the finder's topics, a search by words, a ward's
services, the "Who runs this" pages of five published services spread through the catalogue, and the place pages of
five wards. Results go to ``bench/results/residents.json``. Run with ``.venv/bin/python bench/run.py residents``.
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
RESULTS = ROOT / "bench" / "results" / "residents.json"
SCALES = ("district", "metropolitan")
PAGE_RATIO_TARGET = 1.5
WARM_UP = 5
ROUNDS = 30
PROBES = 3
SAMPLES = 5


def worker() -> int:
    """Serve timing commands against the database in DATABASE_URL until stdin closes."""
    return serve(_commands)


def _spread(pks: list[int]) -> list[int]:
    return [pks[i * len(pks) // SAMPLES] for i in range(min(SAMPLES, len(pks)))]


def _commands() -> Callable[[dict[str, Any]], dict[str, Any]]:
    from django.test import Client
    from django.urls import reverse

    from commissioning.accounts.models import Ward
    from commissioning.services.models import Service

    client = Client(raise_request_exception=False)  # an anonymous resident

    def get(_command: dict[str, Any], path: str) -> Any:
        response = client.get(path)
        if response.status_code != 200:
            raise PageError(f"GET {path} answered {response.status_code}")
        return response

    def info() -> dict[str, Any]:
        published = Service.objects.filter(published=True, archived_at__isnull=True).order_by("reference")
        services = _spread(list(published.values_list("pk", flat=True)))
        wards = _spread(list(Ward.objects.active().order_by("name").values_list("pk", flat=True)))
        finder = reverse("residents:finder")
        return {
            "services": published.count(),
            "wards": Ward.objects.active().count(),
            "pages": {
                "finder (topics)": [finder],
                "finder (search by a word)": [
                    f"{finder}?q={Service.objects.get(pk=services[0]).name.split()[0].lower()}"
                ],
                f"finder (a ward's services, {len(wards)} wards)": [f"{finder}?ward={pk}" for pk in wards],
                f"who runs this ({len(services)} services)": [
                    reverse("residents:who-runs", args=[pk]) for pk in services
                ],
                f"ward place page ({len(wards)} wards)": [reverse("residents:ward", args=[pk]) for pk in wards],
            },
        }

    return page_commands(get, info)


def timing(_label: str) -> Timing:
    return Timing(warm_up=WARM_UP, rounds=ROUNDS, target=PAGE_RATIO_TARGET)


def measure(workers: dict[str, Worker], pages: dict[str, dict[str, list[str]]]) -> list[dict[str, Any]]:
    return compare_pages(workers, pages, timing=timing, probes=PROBES)


def print_report(
    env: dict[str, Any], seeds: dict[str, Seeded], info: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    print_header("Residents", env)
    print()
    print("1. The demo councils (seed_demo into a fresh SQLite file; every app's seeder)")
    for scale in SCALES:
        s = seeds[scale]
        print(
            f"   {scale:<14}{s.seed_wall_s:>8.2f} s seed wall, {s.records or '?'} records, "
            f"{info[scale]['services']} published services, {info[scale]['wards']} wards"
        )
    print()
    print_page_table(f"2. Page server time (anonymous resident), median of {ROUNDS} requests", rows, env, width=44)


def main() -> int:
    return run_compare(
        benchmark="residents",
        title="Residents",
        script=__file__,
        results=RESULTS,
        measure=measure,
        report=print_report,
    )


if __name__ == "__main__":
    sys.exit(worker() if sys.argv[1:] == ["--worker"] else main())
