"""Governance benchmarks: the forward plan and a body's decisions list (and the decisions list) at district against
metropolitan scale.

Target (issue 9): "My involvement", the forward plan and a body's decisions list at metropolitan scale: the same
number of queries as at district scale, median server time within 1.5x of it. This file measures the decisions
area's pages; each page is one line of ``page_paths`` (the demo login that asks for it, and its paths), so another
area's page ("My involvement") is added in a line.

How (as bench/bench_analyse.py): each scale is seeded into a fresh SQLite file (``migrate`` and ``seed_demo`` as
``manage.py`` subprocesses), then one worker process per scale times ``django.test.Client.get`` in-process, asked
for one request at a time, alternating between the scales (and which goes first). Results go to
``bench/results/governance.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_foundation import Seeded, Worker, environment, seed, summary

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "governance.json"
SCALES = ("district", "metropolitan")
PAGE_RATIO_TARGET = 1.5
WARM_UP = 5
ROUNDS = 30
PROBES = 3


class PageError(Exception):
    """A page answered something other than 200."""


def page_paths() -> dict[str, tuple[str, list[str]]]:
    """Each page measured: its label, the demo login that asks for it, and its paths (one line a page)."""
    from django.urls import reverse

    from commissioning.governance.models import Body, BodyKind

    cabinet = Body.objects.filter(kind=BodyKind.CABINET).order_by("pk").values_list("pk", flat=True).first()
    return {
        "forward plan": ("democratic", [reverse("governance:forward-plan")]),
        "forward plan (public)": ("", [reverse("governance:forward-plan")]),
        "Cabinet's decisions": ("democratic", [reverse("governance:body-decisions", args=[cabinet])]),
        "decisions list": ("democratic", [reverse("governance:decisions")]),
        "My involvement (ward councillor)": ("councillor", [reverse("governance:my-involvement")]),
        "My involvement (cabinet member)": ("cabinet", [reverse("governance:my-involvement")]),
    }


def worker() -> int:
    """Serve timing commands against the database in DATABASE_URL until stdin closes."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    replies: TextIO = sys.stdout
    sys.stdout = sys.stderr

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from commissioning.accounts.models import User
    from commissioning.governance.models import Decision, ForwardPlanEntry

    clients: dict[str, Client] = {}
    pages = page_paths()

    def get(label: str, path: str) -> Any:
        login = pages[label][0]
        if login not in clients:
            clients[login] = Client(raise_request_exception=False)
            if login:
                clients[login].force_login(User.objects.get(username=login))
        response = clients[login].get(path)
        if response.status_code != 200:
            raise PageError(f"GET {path} answered {response.status_code}")
        return response

    def run(command: dict[str, Any]) -> dict[str, Any]:
        if command["cmd"] == "info":
            return {
                "decisions": Decision.objects.count(),
                "forward plan entries": ForwardPlanEntry.objects.count(),
                "pages": {label: paths for label, (_login, paths) in pages.items()},
            }
        if command["cmd"] == "time":
            times = []
            for path in command["paths"]:
                started = time.perf_counter()
                get(command["label"], path)
                times.append((time.perf_counter() - started) * 1000)
            return {"ms": times}
        if command["cmd"] == "probe":
            counts = []
            for path in command["paths"]:
                with CaptureQueriesContext(connection) as queries:
                    get(command["label"], path)
                counts.append(len(queries.captured_queries))
            return {"queries": counts}
        raise ValueError(f"unknown command {command!r}")

    for line in sys.stdin:
        try:
            reply = run(json.loads(line))
        except PageError as error:
            reply = {"error": str(error)}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()
    return 0


def measure(workers: dict[str, Worker], pages: dict[str, dict[str, list[str]]]) -> list[dict[str, Any]]:
    rows = []
    for label in pages["district"]:
        for scale in SCALES:
            workers[scale].ask(cmd="time", label=label, paths=pages[scale][label] * WARM_UP)
        times: dict[str, list[float]] = {scale: [] for scale in SCALES}
        for round_ in range(ROUNDS):
            for scale in SCALES if round_ % 2 == 0 else SCALES[::-1]:
                paths = pages[scale][label]
                times[scale] += workers[scale].ask(cmd="time", label=label, paths=[paths[round_ % len(paths)]])["ms"]
        row: dict[str, Any] = {"page": label, "target": PAGE_RATIO_TARGET}
        for scale in SCALES:
            queries = workers[scale].ask(cmd="probe", label=label, paths=pages[scale][label][:PROBES])["queries"]
            row[scale] = {**summary(times[scale]), "queries": max(queries), "queries_min": min(queries)}
        row["ratio"] = row["metropolitan"]["median_ms"] / row["district"]["median_ms"]
        row["same_queries"] = row["district"]["queries"] == row["metropolitan"]["queries"]
        row["passed"] = row["ratio"] <= PAGE_RATIO_TARGET and row["same_queries"]
        rows.append(row)
    return rows


def print_report(
    env: dict[str, Any], seeds: dict[str, Seeded], info: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    print(
        f"Governance benchmarks: {env['cpus']} CPUs, Python {env['python']}, Django {env['django']}, "
        f"SQLite {env['sqlite']}; load average at start {' '.join(map(str, env['load_average_at_start']))}"
    )
    print()
    print("1. The demo councils (seed_demo into a fresh SQLite file; every app's seeder)")
    for scale in SCALES:
        s = seeds[scale]
        print(
            f"   {scale:<14}{s.seed_wall_s:>8.2f} s seed wall, {s.records or '?'} records, "
            f"{info[scale]['decisions']} decisions, {info[scale]['forward plan entries']} forward plan entries"
        )
    print()
    print(f"2. Page server time, median of {ROUNDS} requests per page and scale")
    print(f"   {'page':<32}{'district ms':>12}{'metro ms':>10}{'ratio':>7}  {'target':<14}{'queries d/m':>12}")
    for row in rows:
        d, m = row["district"], row["metropolitan"]
        verdict = f"{'PASS' if row['passed'] else 'FAIL'} <={row['target']}x"
        print(
            f"   {row['page']:<32}{d['median_ms']:>12.1f}{m['median_ms']:>10.1f}{row['ratio']:>7.2f}  {verdict:<14}"
            f"{d['queries']:>6}/{m['queries']:<5}"
        )
    load = env["load_average_at_start"][0]
    if load > (env["cpus"] or 1):
        print(f"   warning: the machine was busy (load average {load} on {env['cpus']} CPUs): ratios may read high")


def main() -> int:
    started = time.perf_counter()
    env = environment()
    with tempfile.TemporaryDirectory(prefix="bench-governance-") as tmp:
        seeds = {scale: seed(scale, Path(tmp)) for scale in SCALES}
        workers = {scale: Worker(scale, seeds[scale].database, script=__file__, raise_errors=True) for scale in SCALES}
        try:
            info = {scale: workers[scale].ask(cmd="info") for scale in SCALES}
            rows = measure(workers, {scale: info[scale]["pages"] for scale in SCALES})
        finally:
            for w in workers.values():
                w.close()
    elapsed = time.perf_counter() - started
    print_report(env, seeds, info, rows)
    failed = [
        f"{row['page']}: ratio {row['ratio']:.2f}x"
        + ("" if row["same_queries"] else f", queries {row['district']['queries']}/{row['metropolitan']['queries']}")
        for row in rows
        if not row["passed"]
    ]
    results = {
        "benchmark": "governance",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "environment": env,
        "seed": {scale: {"seed_wall_s": s.seed_wall_s, "records": s.records} for scale, s in seeds.items()},
        "pages": rows,
        "passed": not failed,
        "failed": failed,
        "run_seconds": elapsed,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(f"Results written to {RESULTS.relative_to(ROOT)} ({elapsed:.1f} s)")
    print("Governance targets: " + ("ALL MET" if not failed else "MISSED: " + "; ".join(failed)))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(worker() if sys.argv[1:] == ["--worker"] else main())
