"""Long-history benchmark: an indicator with 100,000 values costs its pages no more than one with 60.

The issue ("One anonymous request can take the site down"): after a legitimate import of 100,000 measurements for
one indicator, its outcome's page took 65 seconds and its service's page 11.6 seconds for an anonymous visitor,
because direction of travel was worked out period by period, each time re-reading every period label.

What is built (one SQLite file in a temporary directory, migrated here): two worlds that differ only in the length
of one indicator's history. Each world has a published service, a published outcome that the service contributes
to, and three published monthly indicators of that outcome and service, with targets for their last 24 months. In
the "short" world every indicator has 60 values; in the "long" world the first indicator has ``LONG_VALUES``
(100,000, bulk-inserted straight into the table: the import itself is bench_import's business) and the other two
have 60. Both worlds' histories end in the same month.

Timed: the indicator, outcome and service pages of each world, as an anonymous visitor (the issue's case), with
Django's test client in this process (middleware, view, charts, template), ``ROUNDS`` requests per page and world
after ``WARM_UP``, alternating between the worlds (and which goes first) so that noise on a shared machine falls on
both alike. Target: each page's median with the long history within ``RATIO_TARGET`` (1.5x) of the same page with
the short one, with the same number of queries.

    .venv/bin/python bench/bench_long_history.py     # or: .venv/bin/python bench/run.py long_history
    .venv/bin/python bench/bench_long_history.py --values 5000 --rounds 3   # a quick look
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "long_history.json"
SHORT_VALUES = 60
LONG_VALUES = 100_000
TARGET_MONTHS = 24
COMPANIONS = 2  # the other indicators of each outcome and service, 60 values each
WARM_UP = 2
ROUNDS = 15
RATIO_TARGET = 1.5
BATCH = 5_000
PAGES = ("indicator", "outcome", "service")


def setup_django(directory: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def month_label(index: int) -> str:
    """Months counted from January of year 0 (as engine.scoring.periods.Month.index), as a period label."""
    year, month = divmod(index, 12)
    return f"{year:04d}-{month + 1:02d}"


def build(long_values: int) -> dict[str, dict[str, str]]:
    """Both worlds; returns the pages of each, by world and page."""
    from django.urls import reverse

    from commissioning.accounts.models import User
    from commissioning.core.permissions import Role
    from commissioning.outcomes.models import Indicator, Measurement, Outcome, Priority, Target
    from commissioning.services.models import Directorate, Service

    officer = User.objects.create_user(username="officer", role=Role.OFFICER, first_name="Olive", last_name="Okafor")
    directorate = Directorate.objects.create(name="Housing", code="HOU")
    priority = Priority.objects.create(code="P1", name="Homes for everyone", position=1, published=True)
    last = 2 * 12 + long_values - 1  # the long history runs from January of year 2; both end in this month
    pages: dict[str, dict[str, str]] = {}
    for number, (world, history) in enumerate((("short", SHORT_VALUES), ("long", long_values)), start=1):
        service = Service.objects.create(
            reference=f"HOU-00{number}",
            name=f"Housing advice ({world} history)",
            directorate=directorate,
            accountable_officer=officer,
            budget_year="2026/27",
            gross_budget=Decimal("250000.00"),
            net_budget=Decimal("200000.00"),
            staff_fte=Decimal("6.50"),
            annual_demand=1000,
            demand_unit="households",
            published=True,
        )
        outcome = Outcome.objects.create(
            reference=f"OC-0{number}",
            priority=priority,
            name=f"Fewer households homeless ({world})",
            lead=officer,
            published=True,
        )
        outcome.services.set([service])
        first_indicator = None
        for position in range(1 + COMPANIONS):
            indicator = Indicator.objects.create(
                code=f"HOU-{number}{position}",
                name=f"Households helped ({world}, {position})",
                definition="Invented for the benchmark.",
                unit="count",
                polarity="higher",
                frequency="monthly",
                outcome=outcome,
                owner=officer,
                data_source="Benchmark",
                published=True,
            )
            indicator.services.set([service])
            first_indicator = first_indicator or indicator
            values = history if position == 0 else SHORT_VALUES
            for start in range(last - values + 1, last + 1, BATCH):
                Measurement.objects.bulk_create(
                    Measurement(
                        indicator=indicator,
                        period=month_label(index),
                        value=Decimal(100 + (index * 7919) % 997) / 10,
                        entered_by=officer,
                    )
                    for index in range(start, min(start + BATCH, last + 1))
                )
            Target.objects.bulk_create(
                Target(
                    indicator=indicator,
                    period=month_label(index),
                    target=Decimal(90),
                    tolerance_basis="absolute",
                    tolerance=Decimal(5),
                )
                for index in range(last - TARGET_MONTHS + 1, last + 1)
            )
        assert first_indicator is not None
        pages[world] = {
            "indicator": reverse("outcomes:indicator-detail", args=[first_indicator.pk]),
            "outcome": reverse("outcomes:detail", args=[outcome.pk]),
            "service": reverse("services:detail", args=[service.pk]),
        }
    return pages


def measure(pages: dict[str, dict[str, str]], rounds: int) -> list[dict[str, Any]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def get(path: str) -> float:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        return elapsed

    rows = []
    worlds = ("short", "long")
    for page in PAGES:
        for world in worlds:
            for _ in range(WARM_UP):
                get(pages[world][page])
        times: dict[str, list[float]] = {world: [] for world in worlds}
        for round_ in range(rounds):
            for world in worlds if round_ % 2 == 0 else worlds[::-1]:
                times[world].append(get(pages[world][page]))
        queries = {}
        for world in worlds:
            with CaptureQueriesContext(connection) as captured:
                get(pages[world][page])
            queries[world] = len(captured.captured_queries)
        short, long = (statistics.median(times[world]) for world in worlds)
        ratio = long / short
        rows.append(
            {
                "page": page,
                "short_median_ms": round(short, 2),
                "long_median_ms": round(long, 2),
                "short_runs_ms": [round(t, 2) for t in times["short"]],
                "long_runs_ms": [round(t, 2) for t in times["long"]],
                "ratio": round(ratio, 3),
                "queries": queries,
                "passed": ratio <= RATIO_TARGET and queries["short"] == queries["long"],
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=LONG_VALUES, help="values in the long history")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="timed requests per page and world")
    args = parser.parse_args(argv if argv is not None else [])
    started = time.perf_counter()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-long-history-") as directory:
        setup_django(directory)
        began = time.perf_counter()
        pages = build(args.values)
        built = time.perf_counter() - began
        rows = measure(pages, args.rounds)
    print(
        f"Long history: one indicator with {args.values:,} monthly values against one with {SHORT_VALUES} "
        f"(built in {built:.1f} s), as an anonymous visitor"
    )
    print(f"  load average at the start: {load[0]:.1f} on {os.cpu_count()} CPUs; median of {args.rounds} requests")
    print(
        f"  {'page':<12}{f'{SHORT_VALUES} values ms':>16}{f'{args.values:,} values ms':>20}{'ratio':>8}  "
        f"{'target':<14}{'queries':>9}"
    )
    for row in rows:
        verdict = f"{'PASS' if row['passed'] else 'FAIL'} <={RATIO_TARGET}x"
        print(
            f"  {row['page']:<12}{row['short_median_ms']:>16.1f}{row['long_median_ms']:>20.1f}{row['ratio']:>8.2f}  "
            f"{verdict:<14}{row['queries']['short']:>4}/{row['queries']['long']:<4}"
        )
    failed = [row["page"] for row in rows if not row["passed"]]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "long_history",
                "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "environment": {
                    "python": platform.python_version(),
                    "database": "sqlite",
                    "cpus": os.cpu_count(),
                    "load_average_at_start": [round(value, 2) for value in load],
                },
                "short_values": SHORT_VALUES,
                "long_values": args.values,
                "rounds": args.rounds,
                "target_ratio": RATIO_TARGET,
                "pages": rows,
                "passed": not failed,
                "run_seconds": round(time.perf_counter() - started, 1),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"Long-history targets: {'ALL MET' if not failed else 'MISSED: ' + ', '.join(failed)}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
