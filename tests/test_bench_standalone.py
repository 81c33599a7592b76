"""`python -m bench` runs on a fresh clone: without ../shared and without the test extras.

Run in a subprocess where importing pytest, hypothesis or aiohttp fails and NEWSBOT_TEST_SHARED
points at an empty folder: the benchmark measures the shipped corpus plus generated articles,
says so, and its bot step runs on the request-layer stand-in without the Bot API spec, saying so.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WITHOUT_TEST_EXTRAS = """
import runpy, sys
for name in ("pytest", "_pytest", "hypothesis", "aiohttp"):
    sys.modules[name] = None  # importing it raises ImportError, as when the extras are not installed
sys.argv = ["python -m bench", *sys.argv[1:]]
runpy.run_module("bench", run_name="__main__")
"""


def test_bench_without_shared_and_without_test_extras(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    env["NEWSBOT_TEST_SHARED"] = str(tmp_path / "no-shared")
    args = ["--generated", "60", "--questions", "40", "--baseline-queries", "10", "--bot-questions", "20"]
    command = [sys.executable, "-c", WITHOUT_TEST_EXTRAS, *args, "--workers", "1"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "plus 60 generated articles" in out.splitlines()[0]
    assert "no ../shared at" in out and "not the development corpus" in out
    bot = next(line for line in out.splitlines() if line.startswith("bot: process_update"))
    assert "questions/s" in bot and "requests not checked: no Bot API spec" in bot
    figures = ("full build", "load from disk", "answer latency", "rank-bm25 full scan", "reload after one")
    for figure in figures:
        assert any(line.startswith(figure) for line in out.splitlines()), figure
