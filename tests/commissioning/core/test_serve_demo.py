"""scripts/serve-demo runs the task workers at a lower CPU priority than the web server, so that an import in the
background gives way to the pages people are waiting for (bench/bench_load.py: the median page 3 to 9 times slower
during a 100,000-row import without it, 1.0 to 1.2 times with it)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
STUB = """#!/bin/sh
nice > "{out}/$(basename "$0").nice"
exec sleep 30
"""


def serve_with_stubs(tmp_path: Path, env: dict[str, str]) -> dict[str, int]:
    """Run a copy of serve-demo whose python and gunicorn only write down their niceness, and read it."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "serve-demo", tmp_path / "scripts" / "serve-demo")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("python", "gunicorn"):
        (bin_dir / name).write_text(STUB.format(out=tmp_path))
        (bin_dir / name).chmod(0o755)
    process = subprocess.Popen(  # noqa: S603 - a copy of our own script
        [str(tmp_path / "scripts" / "serve-demo")],
        env={**os.environ, "TASK_WORKERS": "1", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20
        files = [tmp_path / "python.nice", tmp_path / "gunicorn.nice"]
        while not all(f.exists() and f.read_text().strip() for f in files) and time.monotonic() < deadline:
            time.sleep(0.05)
        return {f.stem: int(f.read_text()) for f in files}
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.mark.skipif(shutil.which("nice") is None, reason="needs nice(1)")
def test_task_workers_run_at_a_lower_priority_than_the_web_server(tmp_path):
    base = os.nice(0)
    niceness = serve_with_stubs(tmp_path, {})
    assert niceness["gunicorn"] == base
    assert niceness["python"] == min(base + 10, 19)


@pytest.mark.skipif(shutil.which("nice") is None, reason="needs nice(1)")
def test_the_task_workers_priority_can_be_set(tmp_path):
    base = os.nice(0)
    niceness = serve_with_stubs(tmp_path, {"TASK_WORKER_NICE": "0"})
    assert niceness["python"] == niceness["gunicorn"] == base
