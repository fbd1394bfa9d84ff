"""Foundation benchmarks: demo seeding time, and service pages at district against metropolitan scale.

Targets (from the foundation issue):

1. ``manage.py seed_demo --scale metropolitan`` finishes in under 60 seconds.
2. The service list and detail pages: median server time at metropolitan scale within 1.5x of the same page at
   district scale, measured in one run.

Also reported, without a target: migrate and district seed times, queries and SQL time per page, and the CSV
export rate.

How: each scale is seeded into a fresh SQLite file in a temporary directory (``migrate``, then a timed
``seed_demo``, each a ``manage.py`` subprocess with demo settings). Then one worker process per scale opens its
database (test settings, ``DATABASE_URL`` pointing at the seeded file), signs in the demo ``officer`` with
``django.test.Client.force_login`` and times ``client.get`` in-process, which runs the whole middleware stack,
view and template. This process asks the workers for one request at a time, alternating between the scales (and
which goes first), and only one worker runs at once, so noise from elsewhere on the machine falls on both alike.
Results go to ``bench/results/foundation.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "foundation.json"
SCALES = ("district", "metropolitan")

SEED_TARGET_SECONDS = 60.0
MANAGE_TIMEOUT_SECONDS = 600  # a hung migrate or seed stops the benchmark rather than the whole run
PAGE_RATIO_TARGET = 1.5
WARM_UP = 10  # untimed requests per page and scale before measuring
ROUNDS = 50  # timed requests per page and scale, one per round, the two scales taking turns to go first
PROBES = 5  # extra requests per page and scale with the queries captured (not timed)
EXPORT_RUNS = 5
DETAIL_SAMPLES = 5  # services spread through the catalogue, visited in turn for the detail page

# (label, path); the detail path is filled in per scale from the seeded services.
PAGES: list[tuple[str, str | None]] = [
    ("list", "/services/"),
    # Page 2 is full (25 rows) at both scales, so the pages compare like with like.
    ("list ?page=2", "/services/?page=2"),
    # Every demo description says "for residents of the ...", so this search fills a page at both scales.
    ("list ?q=residents&sort=-gross_budget", "/services/?q=residents&sort=-gross_budget"),
    ("detail (5 services)", None),
]
EXPORT_PATH = "/services/export.csv"
SEED_OUTPUT = re.compile(r"(\d+) records created in ([\d.]+)s")
RESULT_COUNT = re.compile(r'id="result-count"[^>]*>\s*([\d,]+)')


# --- The worker: one per scale, driven over stdin/stdout with one JSON object per line --------------------------


class PageError(Exception):
    """A page answered something other than 200 (the worker reports it instead of stopping)."""


def worker() -> int:
    """Serve timing commands against the database in DATABASE_URL until stdin closes."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    replies: TextIO = sys.stdout
    sys.stdout = sys.stderr  # anything the app prints must not corrupt the replies

    import traceback

    import django

    django.setup()
    from django.core.signals import got_request_exception
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from commissioning.accounts.models import User
    from commissioning.services.models import Service

    # A view that raises answers 500 (as in production) and the error is reported, rather than stopping the worker.
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="officer"))
    last_error: list[str] = []

    def remember_error(**_kwargs: Any) -> None:
        last_error[:] = traceback.format_exc().strip().splitlines()[-1:]

    got_request_exception.connect(remember_error, weak=False)

    def get(path: str) -> Any:
        last_error.clear()
        response = client.get(path)
        if response.status_code != 200:
            raise PageError(f"GET {path} answered {response.status_code}" + "".join(f": {e}" for e in last_error))
        return response

    def timed(paths: list[str], n: int) -> list[float]:
        times = []
        for i in range(n):
            started = time.perf_counter()
            response = get(paths[i % len(paths)])
            if response.streaming:
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - started) * 1000)
        return times

    def timing(into: list[float]) -> Any:
        def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                into.append(time.perf_counter() - started)

        return wrapper

    def run(command: dict[str, Any]) -> dict[str, Any]:
        if command["cmd"] == "info":
            pks = list(Service.objects.order_by("reference").values_list("pk", flat=True))
            picks = [pks[i * len(pks) // DETAIL_SAMPLES] for i in range(DETAIL_SAMPLES)]
            return {"services": len(pks), "detail_paths": [f"/services/{pk}/" for pk in picks]}
        if command["cmd"] == "time":
            return {"ms": timed(command["paths"], command["n"])}
        if command["cmd"] == "probe":
            # Requests with the queries captured and timed (a debug cursor and a wrapper: so not in the timings).
            counts, sql_ms, rows, matches = [], [], [], []
            for i in range(command["n"]):
                path = command["paths"][i % len(command["paths"])]
                sql: list[float] = []
                with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timing(sql)):
                    html = get(path).content.decode()
                counts.append(len(queries.captured_queries))
                sql_ms.append(sum(sql) * 1000)
                rows.append(max(0, html.count('<tr class="govuk-table__row">') - 1))
                found = RESULT_COUNT.search(html)
                matches.append(int(found.group(1).replace(",", "")) if found else None)
            return {"queries": counts, "sql_ms": sql_ms, "rows": rows, "matches": matches}
        if command["cmd"] == "export":
            times = timed([command["path"]], command["n"])
            body = b"".join(get(command["path"]).streaming_content).decode("utf-8-sig")
            return {"ms": times, "rows": len(body.splitlines()) - 1, "bytes": len(body.encode())}
        raise ValueError(f"unknown command {command!r}")

    for line in sys.stdin:
        try:
            reply = run(json.loads(line))
        except PageError as error:
            reply = {"error": str(error)}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()
    return 0


class Worker:
    """This process's handle on one worker subprocess: ``script --worker`` (this module's, or another benchmark's that
    answers the same line protocol). With ``raise_errors`` a reply carrying "error" raises instead of being returned."""

    def __init__(self, scale: str, database: Path, *, script: str = __file__, raise_errors: bool = False) -> None:
        self.scale = scale
        self.raise_errors = raise_errors
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
        }
        self.process = subprocess.Popen(
            [sys.executable, str(Path(script).resolve()), "--worker"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.process.stdin is None or self.process.stdout is None:
            raise RuntimeError("no pipes to the worker")
        self.commands: IO[str] = self.process.stdin
        self.replies: IO[str] = self.process.stdout

    def ask(self, **command: Any) -> dict[str, Any]:
        self.commands.write(json.dumps(command) + "\n")
        self.commands.flush()
        line = self.replies.readline()
        if not line:
            raise RuntimeError(f"the {self.scale} worker stopped (exit {self.process.wait()}); see its output above")
        reply: dict[str, Any] = json.loads(line)
        if self.raise_errors and "error" in reply:
            raise RuntimeError(f"{self.scale}: {reply['error']}")
        return reply

    def close(self) -> None:
        self.commands.close()
        self.process.wait(timeout=30)


# --- Step 1: seeding -------------------------------------------------------------------------------------------


@dataclass
class Seeded:
    scale: str
    database: Path
    migrate_s: float
    seed_wall_s: float
    seed_reported_s: float | None
    records: int | None


def manage(database: Path, *args: str) -> tuple[float, str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "config.settings.demo"}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=MANAGE_TIMEOUT_SECONDS,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    return elapsed, done.stdout


def seed(scale: str, directory: Path) -> Seeded:
    database = directory / f"{scale}.sqlite3"
    migrate_s, _ = manage(database, "migrate", "--noinput", "-v0")
    seed_s, output = manage(database, "seed_demo", "--scale", scale)
    found = SEED_OUTPUT.search(output)
    return Seeded(
        scale=scale,
        database=database,
        migrate_s=migrate_s,
        seed_wall_s=seed_s,
        seed_reported_s=float(found.group(2)) if found else None,
        records=int(found.group(1)) if found else None,
    )


# --- Steps 2 and 3: pages and export ---------------------------------------------------------------------------


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": statistics.median(ordered),
        "min_ms": ordered[0],
        "p90_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))],
        "max_ms": ordered[-1],
        "n": len(ordered),
    }


def measure_pages(workers: dict[str, Worker], detail_paths: dict[str, list[str]]) -> list[dict[str, Any]]:
    def paths(scale: str, path: str | None) -> list[str]:
        return [path] if path is not None else detail_paths[scale]

    # Warm up (templates compiled, caches filled); a page that fails here is reported and not timed.
    errors: dict[str, str] = {}
    for label, path in PAGES:
        for scale in SCALES:
            reply = workers[scale].ask(cmd="time", paths=paths(scale, path), n=WARM_UP)
            if "error" in reply:
                errors.setdefault(label, f"{scale}: {reply['error']}")
    working = [(label, path) for label, path in PAGES if label not in errors]

    # One request at a time, alternating scales, so a burst of noise from elsewhere on the machine hits both alike.
    # Detail pages rotate through their services (round n asks for the n-th, wrapping round).
    times: dict[tuple[str, str], list[float]] = {(label, scale): [] for label, _p in working for scale in SCALES}
    for round_ in range(ROUNDS):
        order = SCALES if round_ % 2 == 0 else SCALES[::-1]
        for label, path in working:
            for scale in order:
                all_paths = paths(scale, path)
                reply = workers[scale].ask(cmd="time", paths=[all_paths[round_ % len(all_paths)]], n=1)
                if "error" in reply:  # answered during warm-up but not now: the page is unreliable
                    raise RuntimeError(f"{label} at {scale} scale: {reply['error']}")
                times[label, scale] += reply["ms"]

    pages = []
    for label, path in PAGES:
        row: dict[str, Any] = {
            "page": label,
            "paths": {scale: paths(scale, path) for scale in SCALES},
            "target": PAGE_RATIO_TARGET,
        }
        if label in errors:
            pages.append({**row, "error": errors[label], "ratio": None, "passed": False})
            continue
        for scale in SCALES:
            probe = workers[scale].ask(cmd="probe", paths=paths(scale, path), n=PROBES)
            row[scale] = {
                **summary(times[label, scale]),
                "queries": max(probe["queries"]),
                "sql_ms": statistics.median(probe["sql_ms"]),
                "rows_shown": probe["rows"][0] if path is not None else None,
                "matches": probe["matches"][0] if path is not None else None,
            }
        row["ratio"] = row["metropolitan"]["median_ms"] / row["district"]["median_ms"]
        row["passed"] = row["ratio"] <= PAGE_RATIO_TARGET
        pages.append(row)
    return pages


def measure_export(workers: dict[str, Worker]) -> dict[str, Any]:
    export: dict[str, Any] = {"path": EXPORT_PATH}
    for scale in SCALES:  # warm up
        reply = workers[scale].ask(cmd="export", path=EXPORT_PATH, n=1)
        if "error" in reply:
            return {**export, "error": f"{scale}: {reply['error']}"}
    times: dict[str, list[float]] = {scale: [] for scale in SCALES}
    found: dict[str, dict[str, Any]] = {}
    for round_ in range(EXPORT_RUNS):
        for scale in SCALES if round_ % 2 == 0 else SCALES[::-1]:
            found[scale] = workers[scale].ask(cmd="export", path=EXPORT_PATH, n=1)
            if "error" in found[scale]:
                return {**export, "error": f"{scale}: {found[scale]['error']}"}
            times[scale] += found[scale]["ms"]
    for scale in SCALES:
        median_ms = statistics.median(times[scale])
        export[scale] = {
            **summary(times[scale]),
            "rows": found[scale]["rows"],
            "bytes": found[scale]["bytes"],
            "rows_per_second": found[scale]["rows"] / (median_ms / 1000),
        }
    return export


# --- Report ----------------------------------------------------------------------------------------------------


def environment() -> dict[str, Any]:
    import django

    return {
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def print_report(
    env: dict[str, Any], seeds: dict[str, Seeded], seed_passed: bool, pages: list[dict[str, Any]], export: Any
) -> None:
    print(
        f"Foundation benchmarks: {env['cpus']} CPUs, Python {env['python']}, Django {env['django']}, "
        f"SQLite {env['sqlite']}; load average at start {' '.join(map(str, env['load_average_at_start']))}"
    )
    print()
    print("1. seed_demo into a fresh SQLite file (wall = whole manage.py process; in-command = the time it prints)")
    print(f"   {'scale':<14}{'migrate s':>10}{'seed wall s':>13}{'in-command s':>14}{'records':>9}")
    for scale in SCALES:
        s = seeds[scale]
        reported = f"{s.seed_reported_s:.1f}" if s.seed_reported_s is not None else "?"
        print(f"   {scale:<14}{s.migrate_s:>10.2f}{s.seed_wall_s:>13.2f}{reported:>14}{s.records or '?':>9}")
    d, m = seeds["district"], seeds["metropolitan"]
    ratio = m.seed_wall_s / d.seed_wall_s
    reported_ratio = (
        f", in-command {m.seed_reported_s / d.seed_reported_s:.1f}x" if d.seed_reported_s and m.seed_reported_s else ""
    )
    print(f"   metropolitan / district: wall {ratio:.2f}x{reported_ratio}")
    print(
        f"   target: metropolitan seed under {SEED_TARGET_SECONDS:.0f} s: {m.seed_wall_s:.2f} s "
        f"{'PASS' if seed_passed else 'FAIL'}"
    )
    print()
    print(
        f"2. Page server time, median of {ROUNDS} requests per page and scale "
        f"(django.test.Client as officer, scales interleaved)"
    )
    print(
        f"   {'page':<40}{'district ms':>12}{'metro ms':>10}{'ratio':>7}  {'target':<13}"
        f"{'queries d/m':>12}{'SQL ms d/m':>13}{'rows d/m':>10}{'matches d/m':>13}"
    )
    for row in pages:
        if "error" in row:
            print(f"   {row['page']:<40}{'ERROR':>12}{'':>10}{'':>7}  {'FAIL':<13}{row['error']}")
            continue
        dr, mr = row["district"], row["metropolitan"]
        verdict = f"{'PASS' if row['passed'] else 'FAIL'} <={row['target']}x"
        rows = f"{dr['rows_shown']}/{mr['rows_shown']}" if dr["rows_shown"] is not None else "-"
        matches = f"{dr['matches']}/{mr['matches']}" if dr["matches"] is not None else "-"
        print(
            f"   {row['page']:<40}{dr['median_ms']:>12.2f}{mr['median_ms']:>10.2f}{row['ratio']:>7.2f}  {verdict:<13}"
            f"{dr['queries']:>5}/{mr['queries']:<6}{dr['sql_ms']:>6.2f}/{mr['sql_ms']:<6.2f}{rows:>10}{matches:>13}"
        )
    print(
        f"   (queries: CaptureQueriesContext; SQL ms: time inside the database calls, median of {PROBES} more requests)"
    )
    for row in pages:
        if "error" not in row and row["district"]["rows_shown"] != row["metropolitan"]["rows_shown"]:
            print(
                f"   note: {row['page']} shows {row['district']['rows_shown']} rows at district scale and "
                f"{row['metropolitan']['rows_shown']} at metropolitan, so its ratio includes drawing the extra rows"
            )
    load = env["load_average_at_start"][0]
    if load > (env["cpus"] or 1):
        print(
            f"   warning: the machine was busy (load average {load} on {env['cpus']} CPUs); other work stretches "
            "longer requests more, so ratios read high: run again on a quiet machine before trusting a FAIL"
        )
    print()
    print(f"3. CSV export of the whole list ({export['path']}), median of {EXPORT_RUNS} downloads")
    if "error" in export:
        print(f"   ERROR {export['error']}")
        return
    for scale in SCALES:
        e = export[scale]
        print(
            f"   {scale:<14}{e['rows']:>5} rows {e['bytes'] / 1024:>7.1f} KiB {e['median_ms']:>9.2f} ms "
            f"{e['rows_per_second']:>10,.0f} rows/s"
        )


def main() -> int:
    started = time.perf_counter()
    env = environment()
    with tempfile.TemporaryDirectory(prefix="bench-foundation-") as tmp:
        seeds = {scale: seed(scale, Path(tmp)) for scale in SCALES}
        seed_passed = seeds["metropolitan"].seed_wall_s < SEED_TARGET_SECONDS
        workers = {scale: Worker(scale, seeds[scale].database) for scale in SCALES}
        try:
            info = {scale: workers[scale].ask(cmd="info") for scale in SCALES}
            pages = measure_pages(workers, {scale: info[scale]["detail_paths"] for scale in SCALES})
            export = measure_export(workers)
        finally:
            for w in workers.values():
                w.close()
    elapsed = time.perf_counter() - started

    print_report(env, seeds, seed_passed, pages, export)
    failed = [] if seed_passed else ["seed_demo --scale metropolitan"]
    failed += [
        f"{row['page']}: " + (row["error"] if "error" in row else f"ratio {row['ratio']:.2f}x")
        for row in pages
        if not row["passed"]
    ]
    if "error" in export:
        failed.append(f"CSV export: {export['error']}")
    results = {
        "benchmark": "foundation",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "environment": env,
        "seed": {
            "target_seconds": SEED_TARGET_SECONDS,
            "passed": seed_passed,
            "ratio_wall": seeds["metropolitan"].seed_wall_s / seeds["district"].seed_wall_s,
            **{
                scale: {
                    "migrate_s": s.migrate_s,
                    "seed_wall_s": s.seed_wall_s,
                    "seed_reported_s": s.seed_reported_s,
                    "records": s.records,
                    "services": info[scale]["services"],
                }
                for scale, s in seeds.items()
            },
        },
        "pages": pages,
        "export": export,
        "passed": not failed,
        "failed": failed,
        "run_seconds": elapsed,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(f"Results written to {RESULTS.relative_to(ROOT)} ({elapsed:.1f} s)")
    print("Foundation targets: " + ("ALL MET" if not failed else "MISSED: " + "; ".join(failed)))
    return 0 if not failed else 1


# --- Shared by the benchmarks that compare pages at the two scales (bench_analyse, bench_governance) -------------
#
# Each such benchmark seeds both scales, starts one worker per scale (its own module run with --worker), asks each
# worker for its pages ("info"), then times the pages with compare_pages and reports with print_page_table.


@dataclass(frozen=True)
class Timing:
    """How one page is measured: untimed requests per path first, timed rounds, and its ratio target (None: reported
    without a target, always passes)."""

    warm_up: int = 5
    rounds: int = 30
    target: float | None = 1.5


def serve(commands: Callable[[], Callable[[dict[str, Any]], dict[str, Any]]]) -> int:
    """A worker's side of the line protocol: set Django up against DATABASE_URL, build the command handler with
    ``commands()`` (which may import models now), then answer one JSON line per JSON line until stdin closes. A
    PageError is replied as {"error": ...} rather than stopping the worker."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    replies: TextIO = sys.stdout
    sys.stdout = sys.stderr  # anything the app prints must not corrupt the replies

    import django

    django.setup()
    run = commands()
    for line in sys.stdin:
        try:
            reply = run(json.loads(line))
        except PageError as error:
            reply = {"error": str(error)}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()
    return 0


def page_commands(
    get: Callable[[dict[str, Any], str], Any], info: Callable[[], dict[str, Any]]
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The commands compare_pages sends: "info" (``info()``, with the pages under "pages"), "time" (ms per path) and
    "probe" (queries per path). ``get(command, path)`` requests one path and raises PageError unless it answers 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(command: dict[str, Any]) -> dict[str, Any]:
        if command["cmd"] == "info":
            return info()
        if command["cmd"] == "time":
            times = []
            for path in command["paths"]:
                started = time.perf_counter()
                get(command, path)
                times.append((time.perf_counter() - started) * 1000)
            return {"ms": times}
        if command["cmd"] == "probe":
            counts = []
            for path in command["paths"]:
                with CaptureQueriesContext(connection) as queries:
                    get(command, path)
                counts.append(len(queries.captured_queries))
            return {"queries": counts}
        raise ValueError(f"unknown command {command!r}")

    return run


def login_pages_get(pages: dict[str, tuple[str, list[str]]]) -> Callable[[dict[str, Any], str], Any]:
    """``get`` for page_commands when each page is asked for as a demo login: ``pages`` maps a page's label to (the
    login, its paths), the command's "label" names the page, and "" is nobody signed in. One Client a login, kept for
    the run; an answer other than 200 raises PageError."""
    from django.test import Client

    from commissioning.accounts.models import User

    clients: dict[str, Client] = {}

    def get(command: dict[str, Any], path: str) -> Any:
        login = pages[command["label"]][0]
        if login not in clients:
            clients[login] = Client(raise_request_exception=False)
            if login:
                clients[login].force_login(User.objects.get(username=login))
        response = clients[login].get(path)
        if response.status_code != 200:
            raise PageError(f"GET {path} answered {response.status_code}")
        return response

    return get


def compare_pages(
    workers: dict[str, Worker],
    pages: dict[str, dict[str, list[str]]],
    *,
    timing: Callable[[str], Timing] = lambda _label: Timing(),
    probes: int = 3,
    extra: Callable[[str], dict[str, Any]] = lambda _label: {},
) -> list[dict[str, Any]]:
    """Each page (label: paths per scale) timed one request at a time, the scales alternating (and which goes first),
    then probed for its query count; one row a page with both scales' summaries, the ratio and whether it passed.
    ``extra(label)`` is sent with every command for that page."""
    rows = []
    for label in pages["district"]:
        plan, more = timing(label), extra(label)
        for scale in SCALES:
            workers[scale].ask(cmd="time", **more, paths=pages[scale][label] * plan.warm_up)
        times: dict[str, list[float]] = {scale: [] for scale in SCALES}
        for round_ in range(plan.rounds):
            for scale in SCALES if round_ % 2 == 0 else SCALES[::-1]:
                paths = pages[scale][label]
                times[scale] += workers[scale].ask(cmd="time", **more, paths=[paths[round_ % len(paths)]])["ms"]
        row: dict[str, Any] = {"page": label, "target": plan.target}
        for scale in SCALES:
            queries = workers[scale].ask(cmd="probe", **more, paths=pages[scale][label][:probes])["queries"]
            row[scale] = {**summary(times[scale]), "queries": max(queries), "queries_min": min(queries)}
        row["ratio"] = row["metropolitan"]["median_ms"] / row["district"]["median_ms"]
        row["same_queries"] = row["district"]["queries"] == row["metropolitan"]["queries"]
        row["passed"] = plan.target is None or (row["ratio"] <= plan.target and row["same_queries"])
        rows.append(row)
    return rows


def print_header(title: str, env: dict[str, Any]) -> None:
    print(
        f"{title} benchmarks: {env['cpus']} CPUs, Python {env['python']}, Django {env['django']}, "
        f"SQLite {env['sqlite']}; load average at start {' '.join(map(str, env['load_average_at_start']))}"
    )


def print_page_table(heading: str, rows: list[dict[str, Any]], env: dict[str, Any], *, width: int) -> None:
    """compare_pages' rows as a table under ``heading`` (the page column ``width`` wide), and a warning when the
    machine was busy at the start."""
    print(heading)
    print(f"   {'page':<{width}}{'district ms':>12}{'metro ms':>10}{'ratio':>7}  {'target':<14}{'queries d/m':>12}")
    for row in rows:
        d, m = row["district"], row["metropolitan"]
        if row["target"] is None:
            verdict = "(no target)"
        else:
            verdict = f"{'PASS' if row['passed'] else 'FAIL'} <={row['target']}x"
        print(
            f"   {row['page']:<{width}}{d['median_ms']:>12.1f}{m['median_ms']:>10.1f}{row['ratio']:>7.2f}  "
            f"{verdict:<14}{d['queries']:>6}/{m['queries']:<5}"
        )
    load = env["load_average_at_start"][0]
    if load > (env["cpus"] or 1):
        print(f"   warning: the machine was busy (load average {load} on {env['cpus']} CPUs): ratios may read high")


def run_compare(
    *,
    benchmark: str,
    title: str,
    script: str,
    results: Path,
    measure: Callable[[dict[str, Worker], dict[str, dict[str, list[str]]]], list[dict[str, Any]]],
    report: Callable[[dict[str, Any], dict[str, Seeded], dict[str, Any], list[dict[str, Any]]], None],
) -> int:
    """A scale-comparison benchmark's main(): seed both scales into a temporary directory, start a worker per scale
    (``script --worker``), ask each for its pages, ``measure`` them, ``report`` (env, seeds, info, rows), write the
    results to ``results`` and say which targets were missed. Returns 0 when every target is met."""
    started = time.perf_counter()
    env = environment()
    with tempfile.TemporaryDirectory(prefix=f"bench-{benchmark}-") as tmp:
        seeds = {scale: seed(scale, Path(tmp)) for scale in SCALES}
        workers = {scale: Worker(scale, seeds[scale].database, script=script, raise_errors=True) for scale in SCALES}
        try:
            info = {scale: workers[scale].ask(cmd="info") for scale in SCALES}
            rows = measure(workers, {scale: info[scale]["pages"] for scale in SCALES})
        finally:
            for w in workers.values():
                w.close()
    elapsed = time.perf_counter() - started
    report(env, seeds, info, rows)
    failed = [
        f"{row['page']}: ratio {row['ratio']:.2f}x"
        + ("" if row["same_queries"] else f", queries {row['district']['queries']}/{row['metropolitan']['queries']}")
        for row in rows
        if not row["passed"]
    ]
    output = {
        "benchmark": benchmark,
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "environment": env,
        "seed": {scale: {"seed_wall_s": s.seed_wall_s, "records": s.records} for scale, s in seeds.items()},
        "pages": rows,
        "passed": not failed,
        "failed": failed,
        "run_seconds": elapsed,
    }
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(output, indent=2) + "\n")
    print()
    print(f"Results written to {results.relative_to(ROOT)} ({elapsed:.1f} s)")
    print(f"{title} targets: " + ("ALL MET" if not failed else "MISSED: " + "; ".join(failed)))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(worker() if sys.argv[1:] == ["--worker"] else main())
