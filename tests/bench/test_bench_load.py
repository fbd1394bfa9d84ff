"""The load benchmark's pure parts (bench/bench_load.py), so that it cannot rot unnoticed between runs of `make bench`.
Nothing here starts a server."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import math
import os
import random
import statistics
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from commissioning.accounts.demo import DEMO_LOGINS
from commissioning.core.permissions import Role
from engine.scoring.periods import Frequency, parse_period

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_load.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_load", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_load", module)
    spec.loader.exec_module(module)
    return module


bench = load_bench()


def sample(kind: str, start: float, end: float, status: int = 200, error: str = "") -> object:
    return bench.Sample(kind, "/", start, end, status, error)


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        ([5.0], 95, 5.0),
        ([1.0, 2.0], 50, 1.5),
        ([3.0, 1.0, 2.0], 50, 2.0),
        ([float(i) for i in range(1, 101)], 95, 95.05),
        ([float(i) for i in range(1, 101)], 50, 50.5),
        ([float(i) for i in range(1, 101)], 100, 100.0),
        ([float(i) for i in range(1, 101)], 0, 1.0),
    ],
)
def test_percentile_interpolates_between_closest_ranks(values: list[float], p: float, expected: float) -> None:
    assert bench.percentile(values, p) == pytest.approx(expected)


def test_percentile_agrees_with_the_standard_library() -> None:
    rng = random.Random(7)
    values = [rng.expovariate(1 / 50) for _ in range(997)]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    for p in (50, 90, 95, 99):
        assert bench.percentile(values, p) == pytest.approx(cuts[p - 1])


def test_percentile_of_nothing_is_not_a_number() -> None:
    assert math.isnan(bench.percentile([], 95))


def test_the_users_are_the_demo_logins_and_cover_every_role() -> None:
    assert set(bench.ROLES) == {username for username, _role, _title in DEMO_LOGINS}
    assert {role for role, _label in Role.CHOICES} == {role for _username, role, _title in DEMO_LOGINS}
    mix = bench.user_mix(bench.USERS)
    assert len(mix) == 50
    assert set(mix) == set(bench.ROLES)
    assert max(mix.count(role) for role in bench.ROLES) - min(mix.count(role) for role in bench.ROLES) <= 1
    assert set(bench.user_mix(bench.QUICK["users"])) == set(bench.ROLES)


def test_a_kind_is_chosen_only_among_the_kinds_a_role_has() -> None:
    rng = random.Random(1)
    chosen = {bench.choose_kind(rng, ["list", "pdf"]) for _ in range(200)}
    assert chosen == {"list", "pdf"}
    assert set(bench.WEIGHTS) == set(bench.KINDS)


def test_summary_counts_errors_and_takes_percentiles_of_durations() -> None:
    samples = [sample("list", 0, i / 1000) for i in range(1, 101)] + [sample("list", 0, 0.2, 500, "HTTP 500")]
    summary = bench.summarise(samples)
    assert summary.count == 101
    assert summary.errors == 1
    assert summary.slowest == pytest.approx(0.2)
    assert summary.p50 == pytest.approx(0.051)


def test_list_requests_are_split_by_whether_a_pdf_was_in_flight() -> None:
    pdfs = [sample("pdf", 10, 11), sample("pdf", 20, 22)]
    before, inside, straddling, between, after = (
        sample("list", 9, 9.5),
        sample("list", 10.2, 10.3),
        sample("list", 21.9, 22.5),
        sample("list", 11.0, 19.9),
        sample("list", 23, 24),
    )
    clear, overlapped = bench.split_by_overlap([before, inside, straddling, between, after], pdfs)
    assert clear == [before, between, after]
    assert overlapped == [inside, straddling]


@pytest.mark.parametrize(
    ("status", "location", "is_error"),
    [
        (200, "", False),
        (302, "/services/", False),
        (304, "", False),
        (302, "/sign-in?next=/services/", True),
        (302, "http://127.0.0.1:8000/sign-in?next=/", True),
        (403, "", True),
        (404, "", True),
        (500, "", True),
        (0, "", True),
    ],
)
def test_any_status_but_2xx_and_3xx_and_being_signed_out_are_errors(status: int, location: str, is_error: bool) -> None:
    assert bool(bench.error_of(status, location)) is is_error


def test_the_measurements_file_is_valid_for_each_indicator_and_has_exactly_the_rows_asked_for() -> None:
    today = dt.date(2026, 12, 3)
    indicators = [("M-1", "monthly"), ("Q-1", "quarterly"), ("A-1", "annual"), ("M-2", "monthly")]
    data = bench.measurements_csv(indicators, 5_001, today)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == ["Indicator code", "Period", "Value", "Note"]
    body = rows[1:]
    assert len(body) == 5_001
    assert len({(code, period) for code, period, _value, _note in body}) == 5_001
    frequencies = dict(indicators)
    for code, period, value, _note in body:
        parsed = parse_period(period, frequency=Frequency(frequencies[code]))
        assert parsed.label == period
        assert parsed.ends < today
        assert 0 <= float(value) <= 100
    assert sum(1 for row in body if row[0] == "A-1") <= 300


def test_the_hidden_inputs_of_a_form_are_read() -> None:
    html = (
        '<form><input type="hidden" name="csrfmiddlewaretoken" value="abc">'
        '<input type="hidden" name="form_token" value="123"><input type="text" name="q" value="x"></form>'
    )
    assert bench.hidden_fields(html) == {"csrfmiddlewaretoken": "abc", "form_token": "123"}


def test_quick_is_a_smaller_run_and_the_defaults_are_the_issues() -> None:
    full = bench.parse([])
    assert (full.seconds, full.users, full.import_rows) == (60, 50, 100_000)
    assert full.databases == ["sqlite", "postgresql"]
    quick = bench.parse(["--quick", "--databases", "sqlite"])
    assert (quick.seconds, quick.users, quick.import_rows) == (10, 16, 10_000)
    assert quick.databases == ["sqlite"]
    assert bench.parse(["--quick", "--seconds", "3"]).seconds == 3
    with pytest.raises(SystemExit):
        bench.parse(["--databases", "mysql"])


@pytest.mark.parametrize("static_root", ["", "/tmp/bench-load-static"])  # noqa: S108 - a path only printed
def test_the_static_files_go_where_the_environment_says_so_the_benchmark_writes_nothing_in_the_tree(
    static_root: str,
) -> None:
    root = BENCH.parents[1]
    env = {key: value for key, value in os.environ.items() if key != "STATIC_ROOT"}
    env.update(
        {"DJANGO_SETTINGS_MODULE": "config.settings.demo", **({"STATIC_ROOT": static_root} if static_root else {})}
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.STATIC_ROOT)",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == (static_root or str(root / "staticfiles"))
