"""Spend ingest benchmark: 1,000,000 rows of a published "spend over £500" file into the database (issue 12).

The file is generated in a temporary directory by ``engine.ingest.spend_sample`` with the quirks real files have:
title lines above the header, dates in six forms, amounts with "£", thousands separators and brackets, stray spaces,
redacted suppliers, a blank row and a total row (about 97 MB, UTF-8 with a byte-order mark).

Measured, in the same run:

- the floor: ``polars.read_csv`` of the same file (every column as text, the title lines skipped), the best of
  ``FLOOR_RUNS``;
- ours, once per database, each in a fresh process of its own (so that its peak memory is its own): Django set up
  against a new, migrated database, then ``finance.actions.spend_import_file`` on the file's bytes, timed from the
  bytes to the committed rows: reading and normalising every cell, the duplicate keys, matching suppliers and
  expense areas, and writing the rows (SQLite: ``executemany`` into a temporary table, then ``INSERT ... SELECT``;
  PostgreSQL: ``COPY`` straight into the table). Peak memory is the process's maximum resident set size
  (``resource.getrusage``), Django and its migrations included.

PostgreSQL is started with ``scripts/start-postgres`` when nothing answers on 127.0.0.1:5432; if it cannot start,
its half is skipped with a message.

Targets: ours within ``RATIO_TARGET`` (10) times the floor, and under ``MEMORY_TARGET_MB`` (1 GiB) peak, on each
database.

    .venv/bin/python bench/bench_spend.py       # or: .venv/bin/python bench/run.py spend
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ROWS = 1_000_000
FLOOR_RUNS = 3
RATIO_TARGET = 10.0
MEMORY_TARGET_MB = 1024.0
SUPPLIERS = 3_000
AREAS = 60
PG_ADMIN = "postgres://commissioning:commissioning@127.0.0.1:5432/commissioning"
PG_URL = "postgres://commissioning:commissioning@127.0.0.1:5432/{name}"
PG_DATABASE = "bench_spend"


def make_file(folder: Path) -> Path:
    from engine.ingest.spend_sample import spend_csv

    suppliers = [f"Supplier {number} Ltd" for number in range(SUPPLIERS)]
    areas = [f"Service area {number}" for number in range(AREAS)]
    path = folder / "spend-2026-27.csv"
    path.write_bytes(spend_csv(rows=ROWS, suppliers=suppliers, areas=areas))
    return path


def polars_floor(path: Path) -> float:
    import polars as pl

    times = []
    for _ in range(FLOOR_RUNS):
        started = time.perf_counter()
        frame = pl.read_csv(path, infer_schema=False, skip_rows=3)
        times.append(time.perf_counter() - started)
        assert frame.height >= ROWS
        del frame
    return min(times)


def ingest_in_this_process(path: Path) -> dict[str, Any]:
    """The child's side: set Django up against DATABASE_URL, migrate, import the file once, report as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from commissioning.finance.actions import spend_import_file

    started = time.perf_counter()
    outcome = spend_import_file(data=path.read_bytes(), filename=path.name, by=None)
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": elapsed,
        "rows_read": outcome.rows_read,
        "rows_imported": outcome.rows_imported,
        "status": outcome.status,
        "error": outcome.error,
        "peak_mb": peak_kb / 1024,
    }


def ingest(path: Path, database_url: str) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(path)], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def postgres_ready() -> str | None:
    """None when PostgreSQL answers (starting it if needed), else why not."""
    import psycopg

    def connect() -> Any:
        return psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)

    try:
        connect().close()
    except Exception:  # noqa: BLE001 - not answering, whatever the reason: start it as CI does
        print("  PostgreSQL is not answering on 127.0.0.1:5432: starting it (scripts/start-postgres)", flush=True)
        started = subprocess.run(
            [str(ROOT / "scripts" / "start-postgres")], cwd=ROOT, capture_output=True, text=True, check=False
        )
        if started.returncode != 0:
            return f"scripts/start-postgres failed: {started.stderr.strip()[-300:]}"
        try:
            connect().close()
        except Exception as error:  # noqa: BLE001
            return f"PostgreSQL still does not answer: {error}"
    with connect() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    return None


def drop_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')


def report(name: str, result: dict[str, Any], floor: float) -> bool:
    ratio = result["seconds"] / floor
    ok = result["status"] == "imported" and ratio <= RATIO_TARGET and result["peak_mb"] < MEMORY_TARGET_MB
    print(
        f"  {name:<11} {result['rows_imported']:>9,} rows in {result['seconds']:6.2f} s"
        f"  {result['rows_imported'] / result['seconds']:>9,.0f} rows/s"
        f"  peak {result['peak_mb']:6.0f} MB  {ratio:5.1f}x polars"
        f"  {'PASS' if ok else 'FAIL'}",
        flush=True,
    )
    if result["status"] != "imported":
        print(f"    rejected: {result['error']}")
    return ok


def main() -> int:
    print(f"Spend ingest: {ROWS:,} rows, targets {RATIO_TARGET:g}x polars.read_csv and {MEMORY_TARGET_MB:,.0f} MB peak")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-spend-") as directory:
        folder = Path(directory)
        started = time.perf_counter()
        path = make_file(folder)
        print(f"  file: {path.stat().st_size / 1e6:,.0f} MB, made in {time.perf_counter() - started:.1f} s", flush=True)
        floor = polars_floor(path)
        print(f"  polars.read_csv (best of {FLOOR_RUNS}): {floor:.2f} s", flush=True)
        passed = report("SQLite", ingest(path, f"sqlite:///{folder / 'bench.sqlite3'}"), floor)
        why_not = postgres_ready()
        if why_not is not None:
            print(f"  PostgreSQL  skipped: {why_not}")
        else:
            try:
                passed = report("PostgreSQL", ingest(path, PG_URL.format(name=PG_DATABASE)), floor) and passed
            finally:
                drop_postgres()
        floor_again = polars_floor(path)
        print(f"  polars.read_csv again, after the imports: {floor_again:.2f} s (the machine's noise)")
    return 0 if passed else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(ingest_in_this_process(Path(sys.argv[2]))))
        sys.exit(0)
    sys.exit(main())
