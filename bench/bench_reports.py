"""Committee reports benchmark: the committee report PDF of a review, at metropolitan scale.

Target (issue 10): "the committee report PDF of a review in under 3 seconds". Every run must print in under 3
seconds (the slowest counts, not only the median).

How (as bench/bench_governance.py): the metropolitan demo council is seeded into a fresh SQLite file (``migrate``
and ``seed_demo`` as ``manage.py`` subprocesses); one worker process drafts a report from the review with the fullest
record (the most involvement entries) through the action, as an officer would, then times
``django.test.Client.get`` of the report's PDF, with the shared cache of printed documents emptied before each run,
so every run renders the HTML and prints it with WeasyPrint anew (the first view of a new version). Results go to
``bench/results/reports.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_foundation import Worker, environment, print_header, seed, serve

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "reports.json"
SCALE = "metropolitan"
TARGET_SECONDS = 3.0
WARM_UP = 1  # an untimed print: WeasyPrint's fonts and the templates loaded
RUNS = 7


def worker() -> int:
    """Serve commands against the database in DATABASE_URL until stdin closes."""
    return serve(_commands)


def _commands() -> Callable[[dict[str, Any]], dict[str, Any]]:
    from django.core.cache import caches
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from commissioning.accounts.models import User
    from commissioning.core.pdf import DOCUMENT_CACHE
    from commissioning.governance.actions import reports as actions
    from commissioning.reviews.models import CommissioningReview

    officer = User.objects.get(username="officer")
    client = Client(raise_request_exception=True)
    client.force_login(officer)
    state: dict[str, Any] = {}

    def run(command: dict[str, Any]) -> dict[str, Any]:
        if command["cmd"] == "prepare":
            review = (
                CommissioningReview.objects.annotate(entries=Count("involvement_entries"))
                .order_by("-entries", "reference")
                .first()
            )
            if review is None:
                raise RuntimeError("the demo council has no review")
            report = actions.committee_report_create(
                source=review, details={"report_of": "the Chief Executive"}, by=officer
            )
            state["path"] = reverse("governance:report-pdf", args=[report.pk])
            return {"review": str(review), "involvement entries": review.entries, "path": state["path"]}
        if command["cmd"] == "time":
            caches[DOCUMENT_CACHE].clear()
            started = time.perf_counter()
            response = client.get(state["path"])
            elapsed = time.perf_counter() - started
            if response.status_code != 200 or response["Content-Type"] != "application/pdf":
                raise RuntimeError(f"GET {state['path']} answered {response.status_code}")
            return {"seconds": elapsed, "bytes": len(response.content)}
        raise ValueError(f"unknown command {command!r}")

    return run


def main() -> int:
    started = time.perf_counter()
    env = environment()
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        seeded = seed(SCALE, Path(tmp))
        work = Worker(SCALE, seeded.database, script=__file__, raise_errors=True)
        try:
            info = work.ask(cmd="prepare")
            for _ in range(WARM_UP):
                work.ask(cmd="time")
            runs = [work.ask(cmd="time") for _ in range(RUNS)]
        finally:
            work.close()
    seconds = [run["seconds"] for run in runs]
    median, slowest = statistics.median(seconds), max(seconds)
    passed = slowest < TARGET_SECONDS
    print_header("Committee reports", env)
    print()
    print(f"1. The {SCALE} demo council: {seeded.seed_wall_s:.2f} s seed wall, {seeded.records or '?'} records")
    print(f"   The review: {info['review']}, {info['involvement entries']} involvement entries")
    print()
    print(f"2. The committee report PDF of the review, printed afresh, {RUNS} runs (target under {TARGET_SECONDS} s)")
    print(f"   median {median:.2f} s, max {slowest:.2f} s, {runs[-1]['bytes']:,} bytes")
    output = {
        "benchmark": "reports",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "environment": env,
        "seed": {SCALE: {"seed_wall_s": seeded.seed_wall_s, "records": seeded.records}},
        "review": info,
        "pdf": {"runs_s": seconds, "median_s": median, "max_s": slowest, "target_s": TARGET_SECONDS},
        "passed": passed,
        "run_seconds": time.perf_counter() - started,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(output, indent=2) + "\n")
    print()
    print(f"Results written to {RESULTS.relative_to(ROOT)}")
    print("Committee reports targets: " + ("ALL MET" if passed else f"MISSED: the slowest PDF took {slowest:.2f} s"))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(worker() if sys.argv[1:] == ["--worker"] else main())
