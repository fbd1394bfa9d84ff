"""Load benchmark: the app served as production serves it, 50 signed-in users browsing, on SQLite and PostgreSQL.

For each database (a fresh SQLite file in a temporary directory, then a PostgreSQL database of its own,
``commissioning_bench_load``, created and dropped here), the benchmark:

1. migrates it and seeds the demo council (``seed_demo``, district scale unless ``--scale``), collects the static
   files into the temporary directory, and starts ``scripts/serve-demo`` on a free loopback port: gunicorn
   (gthread, ``--preload``, the workers and threads serve-demo sets) plus the task workers (``manage.py
   run_worker``), each in the process group this benchmark ends whatever happens;
2. signs in ``USERS`` (50) simulated users spread over the eight demo logins (every role), eight at a time
   (``--sign-in-at-once``), each with its own session cookie, through the sign-in form (its CSRF token included) over plain HTTP (http.client, a new connection per
   request as a browser's would be after its keep-alive lapsed);
3. finds, as each role, the pages it may open: lists, searches (``?q=``), detail pages linked from the lists, CSV and
   Excel exports, and business case PDFs (a page that refuses the role is not in its mix);
4. lets every user browse for ``--seconds`` (60), each request followed by a think time (``--think``, 2 s on average),
   once alone and once while an officer's upload of a 100,000-row indicator measurements file (``--import-rows``)
   is imported by the task worker, as a council's upload through the imports app would be.

Errors are any status other than 2xx and 3xx, a redirect to the sign-in page, a timeout (``--timeout``, 30 s) or a
connection reset; the server's log is searched for tracebacks too. Printed for each case: p50, p95 and the slowest
request for each kind of page, and the list pages' p95 while no business case PDF was being produced against their
p95 while at least one was (in the same run, so the ratio does not depend on the machine's other work).

Target: no errors in any case. The ratio of the list pages' p95 is reported beside it (the issue asks for it to be
unchanged); on a machine shared with other work both figures move together, which is why they are measured in the
same run.

    .venv/bin/python bench/bench_load.py                 # or: .venv/bin/python bench/run.py load
    .venv/bin/python bench/bench_load.py --quick         # a smoke run: 10 s per case, 16 users, 10,000 rows
    .venv/bin/python bench/bench_load.py --databases sqlite --seconds 30

PostgreSQL is started with ``scripts/start-postgres`` when nothing answers on 127.0.0.1:5432 (and left running);
``--databases sqlite`` skips it.
"""

from __future__ import annotations

import argparse
import atexit
import bisect
import contextlib
import csv
import datetime as dt
import http.client
import io
import json
import math
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "load.json"

# The demo logins (commissioning/accounts/demo.py, scripts/print-demo-logins): one for each role.
ROLES = (
    "officer",
    "director",
    "finance",
    "cabinet",
    "scrutiny",
    "councillor",
    "provider",
    "admin",
    "democratic",
    "partner",
    "legal",
)
USERS = 50
SECONDS = 60.0
THINK_SECONDS = 2.0
TIMEOUT_SECONDS = 30.0
IMPORT_ROWS = 100_000
QUICK = {"seconds": 10.0, "users": 16, "import_rows": 10_000}
PG_URL = "postgres://commissioning:commissioning@127.0.0.1:5432/{name}"
PG_DATABASE = "commissioning_bench_load"
SEED = 2026

# What users do, and how often (weights): a role without pages of a kind does the others more.
KINDS = ("home", "list", "search", "detail", "export", "pdf")
WEIGHTS = {"home": 5, "list": 30, "search": 15, "detail": 35, "export": 10, "pdf": 3}
LISTS = (
    "/services/",
    "/reviews/",
    "/outcomes/",
    "/outcomes/indicators/",
    "/outcomes/evidence/",
    "/outcomes/consultations/",
    "/intelligence/",
    "/appraisals/business-cases/",
    "/imports/",
    "/wards/",
    "/notifications/",
)
SEARCHABLE = LISTS[:9]  # the lists with a search box (?q=)
SEARCH_TERMS = ("care", "support", "community", "youth", "waste", "housing", "advice", "Ysgol's", "centre")
EXPORTABLE = (*LISTS[:7], "/imports/", "/wards/")
DETAIL_LINK = re.compile(r'href="(/[a-z][a-z/-]*?/\d+/)"')
BUSINESS_CASE = re.compile(r"^/appraisals/business-cases/\d+/$")
DETAILS_PER_KIND = 5  # detail pages of each kind (services, reviews, ...) each role visits
MIN_SAMPLES_FOR_RATIO = 10


# ----------------------------------------------------------------------------------------------------------------
# The pure parts (tests/bench/test_bench_load.py)


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0 to 100) by linear interpolation between closest ranks (numpy's default); NaN if empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def user_mix(users: int) -> list[str]:
    """The demo login of each simulated user: the roles in turn, so every role is there once there are 8 users."""
    return [ROLES[i % len(ROLES)] for i in range(users)]


def choose_kind(rng: random.Random, kinds: Iterable[str]) -> str:
    """A kind of page, weighted by WEIGHTS, among those the role has."""
    available = [kind for kind in KINDS if kind in set(kinds)]
    return rng.choices(available, weights=[WEIGHTS[kind] for kind in available])[0]


@dataclass(frozen=True)
class Sample:
    kind: str
    url: str
    start: float
    end: float
    status: int  # 0 when no response came
    error: str = ""  # why this request counts as an error; "" when it does not

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Summary:
    count: int
    errors: int
    p50: float
    p95: float
    slowest: float


def summarise(samples: Sequence[Sample]) -> Summary:
    times = [sample.seconds for sample in samples]
    return Summary(
        count=len(samples),
        errors=sum(1 for sample in samples if sample.error),
        p50=percentile(times, 50),
        p95=percentile(times, 95),
        slowest=max(times, default=math.nan),
    )


def split_by_overlap(samples: Sequence[Sample], busy: Sequence[Sample]) -> tuple[list[Sample], list[Sample]]:
    """``samples`` in two: those during which none of ``busy`` was in flight, and those during which one was."""
    intervals = sorted((b.start, b.end) for b in busy)
    starts = [start for start, _end in intervals]
    clear: list[Sample] = []
    overlapped: list[Sample] = []
    for sample in samples:
        # Only intervals that began before the sample ended can overlap it.
        before = bisect.bisect_left(starts, sample.end)
        hit = any(end > sample.start for _start, end in intervals[:before])
        (overlapped if hit else clear).append(sample)
    return clear, overlapped


def error_of(status: int, location: str) -> str:
    """Why a response counts as an error ("" when it does not): any status but 2xx and 3xx, or being signed out."""
    if not 200 <= status < 400:
        return f"HTTP {status}"
    if 300 <= status < 400 and urlsplit(location).path.startswith("/sign-in"):
        return "signed out (redirected to sign-in)"
    return ""


def period_labels(frequency: str, count: int, today: dt.date) -> list[str]:
    """``count`` period labels of this frequency, latest first, all of them ended well before ``today``."""
    labels: list[str] = []
    if frequency == "monthly":
        months = (today.year - 1) * 12 + 11  # December of last year, as a month count from year 0
        for step in range(count):
            year, month = divmod(months - step, 12)
            labels.append(f"{year:04d}-{month + 1:02d}")
    elif frequency == "quarterly":
        quarters = (today.year - 2) * 4 + 3  # Q4 of the financial year that began two calendar years ago
        for step in range(count):
            year, quarter = divmod(quarters - step, 4)
            labels.append(f"{year:04d}/{(year + 1) % 100:02d} Q{quarter + 1}")
    else:
        for step in range(count):
            year = today.year - 2 - step
            labels.append(f"{year:04d}/{(year + 1) % 100:02d}")
    return labels


def measurements_csv(indicators: Sequence[tuple[str, str]], rows: int, today: dt.date) -> bytes:
    """A valid measurements file of ``rows`` rows over these (code, frequency) indicators: annual ones at most 300
    years back, the rest shared evenly, every period ended, one value per indicator and period."""
    rng = random.Random(SEED)
    annual = [code for code, frequency in indicators if frequency == "annual"]
    other = [(code, frequency) for code, frequency in indicators if frequency != "annual"]
    per_annual = min(300, rows // max(len(indicators), 1)) if other else rows // max(len(annual), 1) + 1
    counts: dict[str, int] = dict.fromkeys(annual, per_annual)
    left = rows - per_annual * len(annual)
    for i, (code, _frequency) in enumerate(other):
        counts[code] = left // len(other) + (1 if i < left % len(other) else 0)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Indicator code", "Period", "Value", "Note"])
    written = 0
    for code, frequency in indicators:
        for label in period_labels(frequency, counts.get(code, 0), today):
            if written == rows:
                break
            writer.writerow([code, label, f"{rng.uniform(0, 100):.1f}", "Benchmark" if rng.random() < 0.25 else ""])
            written += 1
    return out.getvalue().encode("utf-8")


# ----------------------------------------------------------------------------------------------------------------
# HTTP


class FormFields(HTMLParser):
    """The hidden inputs of a page's forms (the CSRF token, the one-time form token)."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("type") == "hidden" and values.get("name"):
            self.hidden[values["name"] or ""] = values.get("value") or ""


def hidden_fields(html: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(html)
    return parser.hidden


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = f"----bench-load-{uuid.uuid4().hex}"
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.extend([head.encode(), data, b"\r\n"])
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """One user's browser: its cookies, and a new connection for each request."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {"User-Agent": "bench-load", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value or morsel.value == '""':
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(response.status, response.msg, data)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes, str]] | None = None):
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request("POST", path, body, content_type)

    def sign_in(self, username: str, password: str) -> None:
        page = self.get("/sign-in")
        fields = hidden_fields(page.text)
        answer = self.post_form("/sign-in", {**fields, "username": username, "password": password})
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} could not sign in: HTTP {answer.status}")

    def timed(self, kind: str, url: str) -> Sample:
        start = time.perf_counter()
        try:
            response = self.get(url)
        except TimeoutError:
            return Sample(kind, url, start, time.perf_counter(), 0, "timeout")
        except ConnectionResetError:
            return Sample(kind, url, start, time.perf_counter(), 0, "connection reset")
        except (OSError, http.client.HTTPException) as exc:
            return Sample(kind, url, start, time.perf_counter(), 0, f"{type(exc).__name__}: {exc}")
        return Sample(
            kind, url, start, time.perf_counter(), response.status, error_of(response.status, response.location)
        )


# ----------------------------------------------------------------------------------------------------------------
# Processes, files and databases, all undone whatever happens


class Cleanup:
    """Undo steps run last first, once: at the end of main, at exit, and on SIGTERM, SIGINT or SIGHUP."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, Callable[[], None]]] = []
        self.lock = threading.Lock()

    def add(self, name: str, step: Callable[[], None]) -> None:
        with self.lock:
            self.steps.append((name, step))

    def run(self) -> None:
        while True:
            with self.lock:
                if not self.steps:
                    return
                name, step = self.steps.pop()
            try:
                step()
            except Exception as exc:  # noqa: BLE001 - every step must run whatever the one before did
                print(f"  cleanup: {name} failed: {exc}", file=sys.stderr)


CLEANUP = Cleanup()


def on_signal(signum: int, _frame: object) -> None:
    print(f"Stopped by signal {signum}: ending the server and cleaning up", file=sys.stderr, flush=True)
    raise SystemExit(128 + signum)


def group_alive(pgid: int) -> bool:
    """Whether a process of the group is still running (zombies, ended but not yet reaped, do not count)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        return True
    for stat in proc.glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # pid (comm) state ppid pgrp ...: comm may hold spaces, so read after its closing parenthesis.
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                return True
    return False


def wait_group(process: subprocess.Popen[bytes], seconds: float) -> bool:
    """Whether every process of the leader's group has ended within ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        process.poll()  # reap the leader
        if not group_alive(process.pid):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)


def stop_group(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """End a process started in its own session and everything in its process group (gunicorn, its workers, the
    task workers): SIGTERM to the leader, which stops what it started (as ``kill`` of serve-demo would); then
    SIGTERM to the whole group, then SIGKILL, for whatever is left."""
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    for signum in (signal.SIGTERM, signal.SIGKILL):
        if wait_group(process, grace):
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)
    wait_group(process, grace)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def postgres_admin() -> Any:
    import psycopg

    return psycopg.connect(PG_URL.format(name="commissioning"), autocommit=True, connect_timeout=5)


def ensure_postgres() -> None:
    try:
        postgres_admin().close()
    except Exception:  # noqa: BLE001 - not answering, whatever the reason: start it as CI does
        print("  PostgreSQL is not answering on 127.0.0.1:5432: starting it (scripts/start-postgres)", flush=True)
        subprocess.run([str(ROOT / "scripts" / "start-postgres")], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def drop_postgres_database(name: str) -> None:
    with postgres_admin() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_postgres_database(name: str) -> None:
    drop_postgres_database(name)
    with postgres_admin() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    CLEANUP.add(f"drop database {name}", lambda: drop_postgres_database(name))


class Server:
    """scripts/serve-demo (gunicorn and the task workers) on a free loopback port, its output in a log file."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120.0) -> None:
        env = {**self.env, "PORT": str(self.port), "SITE_URL": f"http://127.0.0.1:{self.port}"}
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(ROOT / "scripts" / "serve-demo")],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so that stop() ends every process it starts
            )
        process = self.process
        CLEANUP.add("stop the server", lambda: stop_group(process))
        deadline = time.monotonic() + timeout
        client = Client(self.port, timeout=5)
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"serve-demo exited (status {process.returncode}); see {self.log}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if client.get("/healthz").status == 200:
                    return
            time.sleep(0.5)
        raise RuntimeError(f"the server did not answer /healthz within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process)


# ----------------------------------------------------------------------------------------------------------------
# The simulated users


@dataclass
class User:
    role: str
    client: Client
    pages: dict[str, list[str]] = field(default_factory=dict)


def discover(client: Client, rng: random.Random) -> tuple[dict[str, list[str]], list[str]]:
    """The pages of each kind this signed-in client's role may open (answering 200), and those it may not."""
    candidates: dict[str, list[str]] = {
        "home": ["/"],
        "list": list(LISTS),
        "search": [f"{path}?q={rng.choice(SEARCH_TERMS).replace(chr(39), '%27')}" for path in SEARCHABLE],
        "export": [f"{path}export.{extension}" for path in EXPORTABLE for extension in ("csv", "xlsx")],
    }
    pages: dict[str, list[str]] = {kind: [] for kind in KINDS}
    refused: list[str] = []
    links: set[str] = set()
    for kind, urls in candidates.items():
        for url in urls:
            response = client.get(url)
            if response.status == 200:
                pages[kind].append(url)
                if kind == "list":
                    links.update(DETAIL_LINK.findall(response.text))
            else:
                refused.append(f"{url} ({response.status})")
    by_prefix: dict[str, list[str]] = {}
    for link in sorted(links):
        by_prefix.setdefault(link.rstrip("/").rsplit("/", 1)[0], []).append(link)
    for prefix_links in by_prefix.values():
        for url in rng.sample(prefix_links, min(DETAILS_PER_KIND, len(prefix_links))):
            response = client.get(url)
            if response.status == 200:
                pages["detail"].append(url)
                if BUSINESS_CASE.match(url):
                    pdf = client.get(f"{url}pdf")
                    (pages["pdf"].append(f"{url}pdf") if pdf.status == 200 else refused.append(f"{url}pdf"))
            else:
                refused.append(f"{url} ({response.status})")
    return {kind: urls for kind, urls in pages.items() if urls}, refused


def browse(user: User, rng: random.Random, until: float, think: float, samples: list[Sample]) -> None:
    while time.perf_counter() < until:
        kind = choose_kind(rng, user.pages)
        samples.append(user.client.timed(kind, rng.choice(user.pages[kind])))
        pause = min(think * rng.uniform(0.5, 1.5), until - time.perf_counter())
        if pause > 0:
            time.sleep(pause)


def run_users(users: Sequence[User], seconds: float, think: float, seed: int) -> list[Sample]:
    samples: list[Sample] = []  # list.append is atomic: every thread appends to the one list
    until = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=browse, args=(user, random.Random(seed * 1000 + i), until, think, samples), daemon=True)
        for i, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
        time.sleep(min(0.02, think / max(len(users), 1)))  # not all at the same instant
    for thread in threads:
        thread.join()
    return samples


def sign_in_all(
    port: int, roles: Sequence[str], password: str, timeout: float, at_once: int
) -> tuple[list[User], list[float]]:
    """Sign every user in, ``at_once`` at a time (people arrive over a few seconds, not in the same millisecond):
    the users, and how long each sign-in took (the form's page and its POST)."""
    users = [User(role, Client(port, timeout)) for role in roles]
    errors: list[str] = []
    durations: list[float] = []
    waiting = list(reversed(users))
    lock = threading.Lock()

    def sign_in() -> None:
        while True:
            with lock:
                if not waiting:
                    return
                user = waiting.pop()
            started = time.perf_counter()
            try:
                user.client.sign_in(user.role, password)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(f"{user.role}: {type(exc).__name__}: {exc} after {time.perf_counter() - started:.1f} s")
            durations.append(time.perf_counter() - started)

    threads = [threading.Thread(target=sign_in, daemon=True) for _ in range(max(1, at_once))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} of {len(users)} sign-ins failed, the first: {errors[0]}")
    return users, durations


# ----------------------------------------------------------------------------------------------------------------
# The import that runs beside the users in the second case


@dataclass
class ImportRun:
    rows: int
    status: str = "not started"
    job: str = ""
    upload_seconds: float = math.nan
    seconds: float = math.nan  # from the upload to the job's end
    counts: dict[str, str] = field(default_factory=dict)
    error: str = ""


def import_indicators(client: Client) -> list[tuple[str, str]]:
    """(code, frequency) of every current indicator, from the indicators' CSV export as the officer downloads it."""
    response = client.get("/outcomes/indicators/export.csv")
    reader = csv.DictReader(io.StringIO(response.body.decode("utf-8-sig")))
    return [
        (row["Code"], row["Frequency"].split()[0].lower())
        for row in reader
        if row.get("Status", "Current") != "Archived" and row.get("Code")
    ]


def upload_and_wait(client: Client, data: bytes, run: ImportRun, limit: float) -> None:
    """Upload the file as the officer would, then read the imports' CSV export until the job has ended."""
    try:
        form = client.get("/imports/new?kind=measurements")
        fields = {**hidden_fields(form.text), "kind": "measurements"}
        started = time.perf_counter()
        answer = client.post_form("/imports/new", fields, {"file": ("bench-measurements.csv", data, "text/csv")})
        run.upload_seconds = time.perf_counter() - started
        match = re.search(r"/imports/(\d+)/", answer.location)
        if answer.status != 302 or not match:
            run.status, run.error = "refused", f"upload answered HTTP {answer.status} {answer.location}"
            return
        run.job = match.group(1)
        while time.perf_counter() - started < limit:
            time.sleep(1.0)
            rows = csv.DictReader(io.StringIO(client.get("/imports/export.csv").body.decode("utf-8-sig")))
            row = next((row for row in rows if row.get("Import") == run.job), None)
            if row is None:
                continue
            run.status = row["Status"]
            if row["Status"] in ("Imported", "Not imported"):
                run.seconds = time.perf_counter() - started
                run.counts = {key: row.get(key, "") for key in ("Rows", "Added", "Changed", "Unchanged", "Problems")}
                if row["Status"] != "Imported":
                    run.error = f"the import failed: {row}"
                return
        run.error = f"the import had not ended {limit:.0f} s after the upload (status {run.status})"
    except Exception as exc:  # noqa: BLE001 - reported as the case's error
        run.error = f"{type(exc).__name__}: {exc}"


# ----------------------------------------------------------------------------------------------------------------
# One database: set up, serve, browse alone and during the import, tear down


@dataclass
class Case:
    name: str
    samples: list[Sample]
    seconds: float
    import_run: ImportRun | None = None
    load_average: float = field(default_factory=lambda: os.getloadavg()[0])  # at the end of the case


def log_problems(log: Path, start: int = 0, end: int | None = None) -> list[str]:
    """Tracebacks and 5xx responses in the server's log (from byte ``start`` to ``end``), and the task workers that
    exited."""
    text = ""
    with contextlib.suppress(FileNotFoundError), log.open("rb") as handle:
        handle.seek(start)
        text = handle.read(-1 if end is None else max(end - start, 0)).decode("utf-8", "replace")
    problems: list[str] = []
    for match in re.finditer(r"Traceback \(most recent call last\):\n(?:[ \t].*\n)+.*", text):
        problems.append(match.group(0))
    problems.extend(line for line in text.splitlines() if re.search(r'" 5\d\d ', line))
    problems.extend(line for line in text.splitlines() if "exited (status" in line)
    return problems


def run_database(database: str, options: argparse.Namespace, workdir: Path, static_root: Path) -> list[Case]:
    media = workdir / f"media-{database}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.demo",
        "DEMO_PASSWORD": options.password,
        "MEDIA_ROOT": str(media),
        "STATIC_ROOT": str(static_root),
        "EMAIL_FILE_PATH": str(workdir / f"mail-{database}"),
        "WEB_WORKERS": str(options.web_workers) if options.web_workers else os.environ.get("WEB_WORKERS", "2"),
        "WEB_THREADS": str(options.web_threads) if options.web_threads else os.environ.get("WEB_THREADS", "4"),
        "PYTHONUNBUFFERED": "1",
    }
    if database == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'load.sqlite3'}"
    else:
        ensure_postgres()
        create_postgres_database(PG_DATABASE)
        env["DATABASE_URL"] = PG_URL.format(name=PG_DATABASE)
    began = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--scale", options.scale)
    print(f"  {database}: migrated and seeded ({options.scale}) in {time.perf_counter() - began:.1f} s", flush=True)

    log = workdir / f"server-{database}.log"
    server = Server(env, log)
    began = time.perf_counter()
    server.start()
    print(
        f"  {database}: serve-demo answering on 127.0.0.1:{server.port} after {time.perf_counter() - began:.1f} s "
        f"(gunicorn gthread {env['WEB_WORKERS']} workers x {env['WEB_THREADS']} threads, --preload; task workers)",
        flush=True,
    )
    cases: list[Case] = []
    try:
        began = time.perf_counter()
        users, signing = sign_in_all(
            server.port, user_mix(options.users), options.password, options.timeout, options.sign_in_at_once
        )
        print(
            f"  {database}: {len(users)} users signed in ({options.sign_in_at_once} at a time) in "
            f"{time.perf_counter() - began:.1f} s; each sign-in p50 {ms(percentile(signing, 50))} ms, "
            f"p95 {ms(percentile(signing, 95))} ms, max {ms(max(signing))} ms",
            flush=True,
        )
        found: dict[str, tuple[dict[str, list[str]], list[str]]] = {}
        first = {user.role: user for user in reversed(users)}
        finders = [
            threading.Thread(
                target=lambda user: found.__setitem__(user.role, discover(user.client, random.Random(SEED))),
                args=(user,),
                daemon=True,
            )
            for user in first.values()
        ]
        began = time.perf_counter()
        for thread in finders:
            thread.start()
        for thread in finders:
            thread.join()
        missing = set(first) - set(found)
        if missing:
            raise RuntimeError(f"finding the pages of {', '.join(sorted(missing))} failed")
        for user in users:
            user.pages = found[user.role][0]
        print(f"  {database}: each role's pages found in {time.perf_counter() - began:.1f} s", flush=True)
        for role in sorted(found, key=ROLES.index):
            pages, refused = found[role]
            sizes = ", ".join(f"{len(pages.get(kind, []))} {kind}" for kind in KINDS)
            print(f"    {role:<11} {sizes}; refused {len(refused)}", flush=True)

        print(f"  {database}: {len(users)} users browse for {options.seconds:.0f} s, alone", flush=True)
        began = time.perf_counter()
        samples = run_users(users, options.seconds, options.think, seed=1)
        cases.append(Case(f"{database} alone", samples, time.perf_counter() - began))

        officer = Client(server.port, options.timeout)
        officer.sign_in("officer", options.password)
        data = measurements_csv(import_indicators(officer), options.import_rows, dt.date.today())  # noqa: DTZ011
        run = ImportRun(rows=options.import_rows)
        importer = threading.Thread(
            target=upload_and_wait, args=(officer, data, run, options.import_limit), daemon=True
        )
        print(
            f"  {database}: {len(users)} users browse for {options.seconds:.0f} s while {options.import_rows:,} "
            f"measurements ({len(data) / 1e6:.1f} MB of CSV) are uploaded and imported",
            flush=True,
        )
        began = time.perf_counter()
        importer.start()
        samples = run_users(users, options.seconds, options.think, seed=2)
        cases.append(Case(f"{database} during import", samples, time.perf_counter() - began, run))
        importer.join()
    finally:
        served = log.stat().st_size if log.exists() else 0
        server.stop()
    # What the server logged while serving counts; what it logged while being stopped is only shown.
    problems = log_problems(log, end=served)
    if problems:
        print(f"  {database}: the server's log ({log}) has {len(problems)} problems; the first ones:")
        for problem in problems[:3]:
            print("    " + problem[-3000:].replace("\n", "\n    "))
    stopping = log_problems(log, start=served)
    if stopping:
        print(f"  {database}: logged while stopping (not counted): " + stopping[0][-600:].replace("\n", "\n    "))
    if problems and cases:
        cases[-1].samples.append(Sample("server log", str(log), 0.0, 0.0, 0, f"{len(problems)} problems in the log"))
    if database == "sqlite":
        shutil.rmtree(media, ignore_errors=True)
    return cases


# ----------------------------------------------------------------------------------------------------------------
# Reporting


def ms(seconds: float) -> str:
    return "-" if math.isnan(seconds) else f"{seconds * 1000:,.0f}"


def report(case: Case) -> dict[str, Any]:
    measured = [sample for sample in case.samples if sample.kind in KINDS]
    whole = summarise(measured)
    print(
        f"\n  {case.name}: {whole.count:,} requests in {case.seconds:.0f} s ({whole.count / case.seconds:.1f}/s); "
        f"load average {case.load_average:.1f} at its end"
    )
    print(f"    {'page kind':<10} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    kinds: dict[str, Any] = {}
    for kind in (*KINDS, "all"):
        chosen = measured if kind == "all" else [sample for sample in measured if sample.kind == kind]
        if not chosen:
            continue
        summary = summarise(chosen)
        kinds[kind] = summary.__dict__
        print(
            f"    {kind:<10} {summary.count:>8,} {summary.errors:>6} {ms(summary.p50):>8} {ms(summary.p95):>8} "
            f"{ms(summary.slowest):>8}"
        )
    lists = [sample for sample in measured if sample.kind == "list"]
    clear, during_pdf = split_by_overlap(lists, [sample for sample in measured if sample.kind == "pdf"])
    alone_p95, pdf_p95 = percentile([s.seconds for s in clear], 95), percentile([s.seconds for s in during_pdf], 95)
    ratio = pdf_p95 / alone_p95 if clear and during_pdf else math.nan
    enough = len(clear) >= MIN_SAMPLES_FOR_RATIO and len(during_pdf) >= MIN_SAMPLES_FOR_RATIO
    print(
        f"    list pages' p95: {ms(alone_p95)} ms with no PDF in flight ({len(clear)}), {ms(pdf_p95)} ms while a "
        f"business case PDF was being produced ({len(during_pdf)}): ratio {ratio:.2f}"
        + ("" if enough else " (too few requests to compare)")
    )
    errors = [sample for sample in case.samples if sample.error]
    for sample in errors[:5]:
        print(f"    error: {sample.kind} {sample.url}: {sample.error} after {sample.seconds:.1f} s")
    if len(errors) > 5:
        print(f"    ... and {len(errors) - 5} more errors")
    extra: dict[str, Any] = {}
    if case.import_run is not None:
        run = case.import_run
        print(
            f"    import of {run.rows:,} rows: {run.status}; upload {run.upload_seconds:.1f} s, upload to end "
            f"{run.seconds:.1f} s; {run.counts}" + (f"; ERROR {run.error}" if run.error else "")
        )
        overlap = case.seconds if math.isnan(run.seconds) else min(run.seconds, case.seconds)
        print(f"    the import ran through {overlap:.0f} s of the case's {case.seconds:.0f} s")
        extra = {"import": {**run.__dict__}}
    return {
        "case": case.name,
        "seconds": round(case.seconds, 1),
        "load_average_at_end": round(case.load_average, 2),
        "kinds": kinds,
        "errors": len(errors) + (1 if case.import_run and case.import_run.error else 0),
        "error_samples": [f"{s.kind} {s.url}: {s.error}" for s in errors[:20]],
        "list_p95_no_pdf_seconds": alone_p95,
        "list_p95_during_pdf_seconds": pdf_p95,
        "list_p95_ratio": ratio,
        "list_samples": [len(clear), len(during_pdf)],
        **extra,
    }


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench_load.py", description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--seconds", type=float, default=None, help=f"browsing time per case (default {SECONDS:.0f})")
    parser.add_argument("--users", type=int, default=None, help=f"simulated users (default {USERS})")
    parser.add_argument("--think", type=float, default=THINK_SECONDS, help="mean pause between a user's requests")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS, help="a request slower than this fails")
    parser.add_argument("--sign-in-at-once", type=int, default=8, help="users signing in at the same time")
    parser.add_argument("--import-rows", type=int, default=None, help=f"rows imported (default {IMPORT_ROWS:,})")
    parser.add_argument("--import-limit", type=float, default=600.0, help="longest wait for the import to end")
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--scale", default="district", choices=("district", "metropolitan"))
    parser.add_argument("--web-workers", type=int, default=0, help="gunicorn workers (default serve-demo's)")
    parser.add_argument("--web-threads", type=int, default=0, help="threads per worker (default serve-demo's)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 10 s per case, 16 users, 10,000 rows")
    options = parser.parse_args(list(argv))
    defaults = QUICK if options.quick else {"seconds": SECONDS, "users": USERS, "import_rows": IMPORT_ROWS}
    for name, value in defaults.items():
        if getattr(options, name) is None:
            setattr(options, name, value)
    options.password = os.environ.get("DEMO_PASSWORD", "commissioning-demo")
    options.databases = [name.strip() for name in options.databases.split(",") if name.strip()]
    unknown = set(options.databases) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown databases: {', '.join(sorted(unknown))}")
    return options


def main(argv: Sequence[str] | None = None) -> int:
    """Run from bench/run.py (no arguments: BENCH_LOAD_ARGS, for example "--quick", is read) or the command line."""
    options = parse(os.environ.get("BENCH_LOAD_ARGS", "").split() if argv is None else argv)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, on_signal)
    atexit.register(CLEANUP.run)
    load = os.getloadavg()
    print(
        f"Load: {options.users} users ({', '.join(sorted(set(user_mix(options.users))))}) for "
        f"{options.seconds:.0f} s per case, think time {options.think:.1f} s; load average {load[0]:.1f} on "
        f"{os.cpu_count()} CPUs",
        flush=True,
    )
    results: list[dict[str, Any]] = []
    failures: list[str] = []
    started = time.perf_counter()
    try:
        workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
        CLEANUP.add("remove the temporary directory", lambda: shutil.rmtree(workdir, ignore_errors=True))
        static_root = workdir / "static"
        manage(
            {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.demo", "STATIC_ROOT": str(static_root)},
            "collectstatic",
            "--noinput",
            "-v0",
        )
        for database in options.databases:
            try:
                cases = run_database(database, options, workdir, static_root)
            except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
                # Reported, and the run fails, but the other database is still measured.
                print(f"  {database}: could not be measured: {type(exc).__name__}: {exc}", flush=True)
                failures.append(f"{database}: {exc}")
                continue
            results.extend(report(case) for case in cases)
    finally:
        CLEANUP.run()
    total_errors = sum(result["errors"] for result in results)
    print(
        f"\n  {'case':<26} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'list p95 ratio':>15}"
    )
    for result in results:
        whole = result["kinds"].get("all", {})
        print(
            f"  {result['case']:<26} {whole.get('count', 0):>8,} {result['errors']:>6} "
            f"{ms(whole.get('p50', math.nan)):>8} {ms(whole.get('p95', math.nan)):>8} "
            f"{ms(whole.get('slowest', math.nan)):>8} {result['list_p95_ratio']:>15.2f}"
        )
    passed = total_errors == 0 and not failures and len(results) == 2 * len(options.databases)
    print(
        ("PASS" if passed else "FAIL")
        + f": {total_errors} errors in {time.perf_counter() - started:.0f} s"
        + "".join(f"; {failure}" for failure in failures)
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "load",
                "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "environment": {
                    "python": platform.python_version(),
                    "machine": platform.machine(),
                    "cpus": os.cpu_count(),
                    "load_average_at_start": [round(value, 2) for value in load],
                },
                "options": {key: value for key, value in vars(options).items() if key != "password"},
                "cases": results,
                "failures": failures,
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
