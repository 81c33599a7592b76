"""deploy/newsbot.service is a unit systemd accepts, hardened, with settings newsbot knows.

`systemd-analyze verify` needs ExecStart's program to exist, so the unit is checked as a copy
whose ExecStart is this environment's `newsbot`; the test is skipped only where systemd-analyze
is not installed (.ci/run installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "deploy" / "newsbot.service"
INSTALLED = "/opt/newsbot/.venv/bin/newsbot"


def directives(text: str) -> list[tuple[str, str]]:
    """(key, value) of every setting line, in order."""
    split = (line.partition("=") for line in text.splitlines())
    return [(key.strip(), value.strip()) for key, sign, value in split if sign and not key.startswith("#")]


def environment(text: str) -> dict[str, str]:
    return dict(v.split("=", 1) for k, v in directives(text) if k == "Environment")


def local_unit(tmp_path: Path) -> Path:
    """The unit with ExecStart pointing at this environment's newsbot (which must exist)."""
    newsbot = Path(sys.executable).parent / "newsbot"
    if not newsbot.exists():
        newsbot = Path(shutil.which("newsbot") or "")
    assert newsbot.is_file(), "newsbot is not installed in this environment (pip install -e .)"
    text = UNIT.read_text(encoding="utf-8")
    assert f"ExecStart={INSTALLED} run" in text.splitlines()
    copy = tmp_path / "newsbot.service"
    copy.write_text(text.replace(f"ExecStart={INSTALLED}", f"ExecStart={newsbot}"), encoding="utf-8")
    return copy


def analyze(*args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("systemd-analyze") is None:
        if os.environ.get("CI_REQUIRE_SYSTEMD_ANALYZE"):
            pytest.fail("systemd-analyze is missing although .ci/run installs it")
        pytest.skip("systemd-analyze is not installed (apt-get install systemd); .ci/run installs it")
    return subprocess.run(["systemd-analyze", *args], capture_output=True, text=True, timeout=120)


def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    """verify exits 0 even for directives it ignores, so any complaint about the unit fails too."""
    unit = local_unit(tmp_path)
    result = analyze("verify", str(unit))
    complaints = [line for line in (result.stdout + result.stderr).splitlines() if unit.name in line]
    assert result.returncode == 0 and not complaints, result.stdout + result.stderr


def test_the_unit_is_hardened(tmp_path: Path) -> None:
    """systemd's own exposure score stays at 2.0 ("OK") or below."""
    unit = local_unit(tmp_path)
    result = analyze("security", "--offline=true", "--threshold=20", str(unit))
    if "--offline" in result.stderr and "unrecognized" in result.stderr:
        pytest.skip("this systemd-analyze cannot score a unit offline (systemd < 252)")
    score = re.search(r"Overall exposure level for newsbot\.service: ([0-9.]+)", result.stdout)
    assert result.returncode == 0 and score and float(score[1]) <= 2.0, result.stdout[-1500:] + result.stderr


def test_the_units_settings_are_newsbots_and_live_in_its_own_folders() -> None:
    """systemd does not know newsbot's variables: a misspelt one would be silently ignored."""
    text = UNIT.read_text(encoding="utf-8")
    pairs = directives(text)
    env = environment(text)
    known = {f"NEWSBOT_{name.upper()}" for name in Settings.model_fields}
    assert {k for k in env if k.startswith("NEWSBOT_")} <= known, set(env) - known
    state = [v for k, v in pairs if k == "StateDirectory"][0].split()[0]
    cache = [v for k, v in pairs if k == "CacheDirectory"][0]
    for name in ("NEWSBOT_CORPUS_PATHS", "NEWSBOT_INBOX_DIR", "NEWSBOT_INDEX_DIR"):
        assert env[name].startswith(f"/var/lib/{state}/"), name
    assert env["NEWSBOT_CACHE_DIR"] == f"/var/cache/{cache}"
    assert env["NEWSBOT_INBOX_DIR"].startswith(env["NEWSBOT_CORPUS_PATHS"] + "/")  # newsbot's rule for the inbox
    assert ("DynamicUser", "yes") in pairs and ("EnvironmentFile", "/etc/newsbot/newsbot.env") in pairs
    assert ("Restart", "on-failure") in pairs
