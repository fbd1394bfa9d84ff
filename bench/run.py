"""Run every benchmark in bench/ and print their figures: ``make bench`` (not part of the test suite).

Each ``bench/bench_*.py`` module exposes ``main() -> int`` (0 when its targets are met). Every module runs in its
own Python process, so one benchmark's Django set-up or crash cannot affect the next.

    .venv/bin/python bench/run.py              # every benchmark
    .venv/bin/python bench/run.py foundation   # only those whose name contains "foundation"
    .venv/bin/python bench/run.py long_history # an indicator with 100,000 values against one with 60
    .venv/bin/python bench/run.py contracts    # the contract register, district against metropolitan scale
    .venv/bin/python bench/run.py load         # 50 users on gunicorn, SQLite then PostgreSQL (about 8 minutes)
    BENCH_LOAD_ARGS=--quick make bench         # the load benchmark's options (bench/bench_load.py --help)
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent


def discover(filters: list[str]) -> list[str]:
    names = sorted(path.stem for path in BENCH_DIR.glob("bench_*.py"))
    return [name for name in names if not filters or any(f in name for f in filters)]


def run_one(name: str) -> int:
    """Import one benchmark module and run its main() in this process."""
    sys.path.insert(0, str(BENCH_DIR))
    module = importlib.import_module(name)
    return int(module.main())


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--one":
        return run_one(argv[1])
    names = discover(argv)
    if not names:
        print(f"No benchmarks in {BENCH_DIR} match {argv or 'bench_*.py'}")
        return 2
    started = time.perf_counter()
    outcomes: list[tuple[str, int, float]] = []
    for name in names:
        print(f"=== {name} ===", flush=True)
        began = time.perf_counter()
        code = subprocess.call([sys.executable, str(Path(__file__).resolve()), "--one", name], cwd=ROOT)
        outcomes.append((name, code, time.perf_counter() - began))
        print(flush=True)
    print("=== Benchmarks ===")
    for name, code, elapsed in outcomes:
        print(f"{name:<32} {'PASS' if code == 0 else f'FAIL (exit {code})':<16} {elapsed:6.1f} s")
    print(f"Total run time {time.perf_counter() - started:.1f} s")
    return 0 if all(code == 0 for _name, code, _elapsed in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
