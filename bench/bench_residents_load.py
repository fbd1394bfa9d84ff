"""Load benchmark: 50 simulated residents making and tracking complaints for 60 seconds against the demo server.

Issue 14's performance target: "50 simulated residents submitting and tracking complaints for 60 seconds on loopback
against the demo server: no errors, p95 reported". It reuses bench/bench_load.py's harness (its HTTP client with a
session per user, scripts/serve-demo on a free port in its own process group, the clean-up that ends it whatever
happens, the server log's search for tracebacks, the percentiles) and adds the residents' journey:

1. a fresh SQLite database in a temporary directory (a copy of the demo: migrated, ``seed_demo --scale district``),
   static files collected beside it, and ``scripts/serve-demo`` (gunicorn gthread ``--preload`` and the task workers,
   as ``make demo`` serves) on a free loopback port;
2. the published services found as a resident finds them: the service finder's topics, then each topic's services;
3. ``--users`` (50) residents, each with its own session (no account: the session carries the CSRF cookie), for
   ``--seconds`` (60), a think time of ``--think`` (2 s on average) after each request. A resident with no complaint
   yet (and now and then one with) reads "Who runs this service", GETs the complaint form (its CSRF token), sends a
   complaint (a new contact detail each time: the per-contact limit is a person's), follows the redirect to its
   private tracking link and reads it; otherwise they read their tracking page again, and sometimes add information
   to it (the form's CSRF token from the page they read).

Every simulated resident reaches the server from 127.0.0.1, so the server runs with the per-address complaint limit
(``COMPLAINT_LIMIT_PER_ADDRESS``, ten an hour for one person) raised for the run; everything else is the demo's.

Errors: any status other than 2xx and 3xx, a complaint or an addition that does not redirect to the tracking page
(the form refused it), a timeout (``--timeout``, 30 s) or a connection reset, and tracebacks or 5xx in the server's
log. Printed: requests, errors, p50, p95 and the slowest, for each step and in all. Target: no errors.

    .venv/bin/python bench/bench_residents_load.py            # or: .venv/bin/python bench/run.py residents_load
    .venv/bin/python bench/bench_residents_load.py --quick    # a smoke run: 10 s, 10 residents
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_load import (
    CLEANUP,
    ROOT,
    Client,
    Response,
    Sample,
    Server,
    error_of,
    hidden_fields,
    log_problems,
    manage,
    ms,
    on_signal,
    summarise,
)

RESULTS = ROOT / "bench" / "results" / "residents_load.json"
USERS = 50
SECONDS = 60.0
THINK_SECONDS = 2.0
TIMEOUT_SECONDS = 30.0
QUICK = {"seconds": 10.0, "users": 10}
NEW_COMPLAINT_CHANCE = 0.2  # a resident who already has one makes another now and then
ADD_CHANCE = 0.3  # a resident reading their tracking page adds information to it
STEPS = ("who-runs", "form", "submit", "track", "add")
TRACKING = re.compile(r"^/complaints/track/[A-Za-z0-9_-]+/")
SERVICE_LINK = re.compile(r'href="/find-a-service/(\d+)/"')
TOPIC_LINK = re.compile(r'href="/find-a-service/\?topic=(\d+)"')
WHAT = (
    "The bins on our street were missed again this week.",
    "Nobody answered the phone for two days about my mother's care visits.",
    "The library's opening hours on the website are wrong.",
    "The pothole outside number 12 has been reported three times.",
)


@dataclass
class Resident:
    number: int
    client: Client
    services: Sequence[int]
    tracking: str = ""  # the path of their latest complaint's tracking page
    made: int = 0


def timed(kind: str, url: str, call: Callable[[], Response], *, expect_tracking: bool = False) -> tuple[Sample, Any]:
    """One request, timed; an error when it fails, or when a form that should lead to a tracking page did not."""
    start = time.perf_counter()
    try:
        response = call()
    except TimeoutError:
        return Sample(kind, url, start, time.perf_counter(), 0, "timeout"), None
    except ConnectionResetError:
        return Sample(kind, url, start, time.perf_counter(), 0, "connection reset"), None
    except (OSError, http.client.HTTPException) as exc:
        return Sample(kind, url, start, time.perf_counter(), 0, f"{type(exc).__name__}: {exc}"), None
    error = error_of(response.status, response.location)
    if expect_tracking and not error and not (response.status == 302 and TRACKING.match(response.location)):
        error = f"refused: HTTP {response.status} {response.location or '(the form again)'}"
    return Sample(kind, url, start, time.perf_counter(), response.status, error), response


def find_services(port: int, timeout: float) -> list[int]:
    """The published services, as a resident finds them: the finder's topics, then each topic's first page."""
    client = Client(port, timeout)
    topics = sorted(set(TOPIC_LINK.findall(client.get("/find-a-service/").text)), key=int)
    services: set[int] = set()
    for topic in topics:
        services.update(int(pk) for pk in SERVICE_LINK.findall(client.get(f"/find-a-service/?topic={topic}").text))
    if not services:
        raise RuntimeError("the service finder lists no published service")
    # Warm each worker's templates and caches before the clock starts, as bench_load's discovery does: a few of the
    # pages a resident opens (a complaint form's GET makes nothing).
    for pk in sorted(services)[:4]:
        client.get(f"/find-a-service/{pk}/")
        client.get(f"/complain/{pk}/")
    return sorted(services)


def complain(resident: Resident, rng: random.Random, samples: list[Sample]) -> None:
    client = resident.client
    service = rng.choice(resident.services)
    who, _ = timed("who-runs", f"/find-a-service/{service}/", lambda: client.get(f"/find-a-service/{service}/"))
    samples.append(who)
    form_url = f"/complain/{service}/"
    sample, form = timed("form", form_url, lambda: client.get(form_url))
    samples.append(sample)
    if form is None or sample.error:
        return
    happened = dt.date.today() - dt.timedelta(days=rng.randint(1, 20))  # noqa: DTZ011 - the server's day is near
    resident.made += 1
    fields = {
        **hidden_fields(form.text),
        "kind": "complaint",
        "what_happened": rng.choice(WHAT),
        "happened_on_day": str(happened.day),
        "happened_on_month": str(happened.month),
        "happened_on_year": str(happened.year),
        "ward": "",
        "name": f"Resident {resident.number}",
        "reply_by": "email",
        "email": f"resident{resident.number}-{resident.made}@example.org",
        "phone": "",
        "website": "",
    }
    sample, answer = timed("submit", form_url, lambda: client.post_form(form_url, fields), expect_tracking=True)
    samples.append(sample)
    if answer is None or sample.error:
        return
    resident.tracking = answer.location
    sample, _ = timed("track", resident.tracking, lambda: client.get(resident.tracking))
    samples.append(sample)


def follow(resident: Resident, rng: random.Random, samples: list[Sample]) -> None:
    client = resident.client
    tracking = resident.tracking.split("?")[0]
    sample, page = timed("track", tracking, lambda: client.get(tracking))
    samples.append(sample)
    if page is None or sample.error or rng.random() >= ADD_CHANCE:
        return
    add_url = f"{tracking}add"
    fields = {**hidden_fields(page.text), "text": f"More from resident {resident.number} at {time.time():.0f}."}
    sample, _ = timed("add", add_url, lambda: client.post_form(add_url, fields), expect_tracking=True)
    samples.append(sample)


def act(resident: Resident, rng: random.Random, until: float, think: float, samples: list[Sample]) -> None:
    while time.perf_counter() < until:
        if not resident.tracking or rng.random() < NEW_COMPLAINT_CHANCE:
            complain(resident, rng, samples)
        else:
            follow(resident, rng, samples)
        pause = min(think * rng.uniform(0.5, 1.5), until - time.perf_counter())
        if pause > 0:
            time.sleep(pause)


def run_residents(residents: Sequence[Resident], seconds: float, think: float, seed: int) -> list[Sample]:
    samples: list[Sample] = []  # list.append is atomic: every thread appends to the one list
    until = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=act, args=(r, random.Random(seed * 1000 + i), until, think, samples), daemon=True)
        for i, r in enumerate(residents)
    ]
    for thread in threads:
        thread.start()
        time.sleep(min(0.02, think / max(len(residents), 1)))  # not all at the same instant
    for thread in threads:
        thread.join()
    return samples


def serve_and_run(options: argparse.Namespace, workdir: Path) -> tuple[list[Sample], float, list[str]]:
    static_root = workdir / "static"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.demo",
        "DATABASE_URL": f"sqlite:///{workdir / 'residents-load.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(static_root),
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "COMPLAINT_LIMIT_PER_ADDRESS": "1000000",  # every simulated resident comes from 127.0.0.1
        "PYTHONUNBUFFERED": "1",
    }
    began = time.perf_counter()
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--scale", "district")
    print(f"  a copy of the demo migrated and seeded (district) in {time.perf_counter() - began:.1f} s", flush=True)
    log = workdir / "server.log"
    server = Server(env, log)
    began = time.perf_counter()
    server.start()
    print(f"  serve-demo answering on 127.0.0.1:{server.port} after {time.perf_counter() - began:.1f} s", flush=True)
    try:
        services = find_services(server.port, options.timeout)
        print(f"  {len(services)} published services found through the service finder", flush=True)
        residents = [Resident(n + 1, Client(server.port, options.timeout), services) for n in range(options.users)]
        print(f"  {len(residents)} residents complain and track for {options.seconds:.0f} s", flush=True)
        began = time.perf_counter()
        samples = run_residents(residents, options.seconds, options.think, seed=14)
        elapsed = time.perf_counter() - began
    finally:
        served = log.stat().st_size if log.exists() else 0
        server.stop()
    problems = log_problems(log, end=served)
    for problem in problems[:3]:
        print("  server log: " + problem[-2000:].replace("\n", "\n    "))
    return samples, elapsed, problems


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench_residents_load.py", description="Residents' complaints under load.")
    parser.add_argument("--seconds", type=float, default=None, help=f"how long (default {SECONDS:.0f})")
    parser.add_argument("--users", type=int, default=None, help=f"simulated residents (default {USERS})")
    parser.add_argument("--think", type=float, default=THINK_SECONDS, help="mean pause between a resident's steps")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS, help="a request slower than this fails")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 10 s, 10 residents")
    options = parser.parse_args(list(argv))
    defaults = QUICK if options.quick else {"seconds": SECONDS, "users": USERS}
    for name, value in defaults.items():
        if getattr(options, name) is None:
            setattr(options, name, value)
    return options


def main(argv: Sequence[str] | None = None) -> int:
    """Run from bench/run.py (no arguments: BENCH_RESIDENTS_LOAD_ARGS, for example "--quick", is read) or the
    command line."""
    options = parse(os.environ.get("BENCH_RESIDENTS_LOAD_ARGS", "").split() if argv is None else argv)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, on_signal)
    atexit.register(CLEANUP.run)
    load = os.getloadavg()
    print(
        f"Residents' complaints: {options.users} residents for {options.seconds:.0f} s, think time "
        f"{options.think:.1f} s; load average {load[0]:.1f} on {os.cpu_count()} CPUs",
        flush=True,
    )
    started = time.perf_counter()
    failure = ""
    samples: list[Sample] = []
    elapsed = problems_count = 0.0
    try:
        workdir = Path(tempfile.mkdtemp(prefix="bench-residents-load-"))
        CLEANUP.add("remove the temporary directory", lambda: shutil.rmtree(workdir, ignore_errors=True))
        samples, elapsed, problems = serve_and_run(options, workdir)
        problems_count = len(problems)
    except (RuntimeError, OSError) as exc:
        failure = f"{type(exc).__name__}: {exc}"
        print(f"  could not be measured: {failure}", flush=True)
    finally:
        CLEANUP.run()
    figures: dict[str, Any] = {}
    print(f"\n    {'step':<10} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for step in (*STEPS, "all"):
        chosen = samples if step == "all" else [s for s in samples if s.kind == step]
        if not chosen:
            continue
        summary = summarise(chosen)
        figures[step] = summary.__dict__
        print(
            f"    {step:<10} {summary.count:>8,} {summary.errors:>6} {ms(summary.p50):>8} {ms(summary.p95):>8} "
            f"{ms(summary.slowest):>8}"
        )
    errors = [s for s in samples if s.error]
    for sample in errors[:5]:
        print(f"    error: {sample.kind} {sample.url}: {sample.error} after {sample.seconds:.1f} s")
    total_errors = len(errors) + int(problems_count)
    whole = figures.get("all", {})
    if elapsed:
        print(f"    {whole.get('count', 0):,} requests in {elapsed:.0f} s ({whole.get('count', 0) / elapsed:.1f}/s)")
    passed = not failure and bool(samples) and total_errors == 0
    print(
        ("PASS" if passed else "FAIL")
        + f": {whole.get('count', 0):,} requests, {total_errors} errors"
        + (f" ({int(problems_count)} in the server's log)" if problems_count else "")
        + f", p50 {ms(whole.get('p50', float('nan')))} ms, p95 {ms(whole.get('p95', float('nan')))} ms"
        + f" in {time.perf_counter() - started:.0f} s"
        + (f"; {failure}" if failure else "")
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "residents_load",
                "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "environment": {
                    "python": platform.python_version(),
                    "machine": platform.machine(),
                    "cpus": os.cpu_count(),
                    "load_average_at_start": [round(value, 2) for value in load],
                },
                "options": vars(options),
                "steps": figures,
                "errors": total_errors,
                "error_samples": [f"{s.kind} {s.url}: {s.error}" for s in errors[:20]],
                "failure": failure,
                "passed": passed,
            },
            indent=2,
            default=str,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
