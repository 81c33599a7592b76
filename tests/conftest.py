"""Shared fixtures: paths to the shared data and small indexes built once per session.

``../shared`` beside the checkout holds the development data and the Bot API spec (README,
"The development data"); NEWSBOT_TEST_SHARED points elsewhere (tests/shared_data.py). Tests marked ``requires_shared`` (everything
checked against the spec) are skipped, all with one reason, when it is absent.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from retrieval import NewsIndex, load_corpus

from .shared_data import ROOT, SHARED, SHARED_WHAT
from .web_server import NewsSite, news_site

SHARED_MISSING = f"needs ../shared, {SHARED_WHAT}, at {SHARED} (or NEWSBOT_TEST_SHARED)"
SEED = SHARED / "seed" / "000_fda4e5a990aaeddb.txt"
if not SEED.exists():  # the checkout ships the seed too
    SEED = ROOT / "corpus" / "000_fda4e5a990aaeddb.txt"
NEWS = SHARED / "data" / "news"

# --- Hypothesis: one bounded budget for every property test ------------------------------------
# HYPOTHESIS_PROFILE=ci (default, what .ci/run uses), dev (quick) or thorough (long local runs).
# No deadline: the machine is shared and timing is not what these tests check.
hypothesis_settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", max_examples=50, deadline=None, print_blob=True)
hypothesis_settings.register_profile("thorough", max_examples=5000, deadline=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "requires_shared: needs ../shared (data and Bot API spec); skipped without it")


def skip_without_shared() -> None:
    needed = (SHARED / "telegram" / "bot-api.json", SHARED / "data" / "news", SHARED / "data" / "attribution")
    if not all(path.exists() for path in needed):
        pytest.skip(SHARED_MISSING)


@pytest.fixture(autouse=True)
def _skip_without_shared(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("requires_shared"):
        skip_without_shared()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Every skip for want of ../shared is reported at one place, so the summary is one line."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple) and report.longrepr[2].endswith(SHARED_MISSING):
        report.longrepr = (__file__, 0, report.longrepr[2])


@pytest.fixture(scope="session", autouse=True)
def _private_state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Bots built in the test process keep their buttons in a temporary state directory, never in ~."""
    before = os.environ.get("NEWSBOT_STATE_DIR")
    os.environ["NEWSBOT_STATE_DIR"] = str(tmp_path_factory.mktemp("state"))
    yield
    if before is None:
        os.environ.pop("NEWSBOT_STATE_DIR", None)
    else:
        os.environ["NEWSBOT_STATE_DIR"] = before


@pytest.fixture(scope="session")
def seed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("seed-corpus")
    shutil.copy(SEED, directory / SEED.name)
    return directory


@pytest.fixture(scope="session")
def seed_index(seed_dir: Path) -> NewsIndex:
    return NewsIndex.build(load_corpus([seed_dir]).articles, workers=1)


@pytest.fixture(scope="session")
def shipped_index() -> NewsIndex:
    return NewsIndex.build(load_corpus([ROOT / "corpus"]).articles, workers=2)


SPECIAL_ARTICLE = """---
title: 测试 <特殊> & 字符
url: https://example.org/a?x=1&y=<2>
date: 2024-05-01
source: 测试报
---

李明说，“A<B>C & D”是新的标准，大家都要遵守。

王五表示，{long}
"""


def make_bot_corpus(directory: Path) -> Path:
    """The shipped corpus plus an article with <, >, & and a paragraph too long for one message."""
    directory.mkdir(parents=True, exist_ok=True)
    for item in (ROOT / "corpus").iterdir():
        if item.is_file() and item.name != "README.md":
            shutil.copy(item, directory / item.name)
    long_paragraph = "这项工作非常重要，需要持续投入和长期坚持，" * 300 + "最后一定会成功。"
    (directory / "special.md").write_text(SPECIAL_ARTICLE.replace("{long}", long_paragraph), encoding="utf-8")
    return directory


@pytest.fixture()
def site() -> Iterator[NewsSite]:
    """The news site of tests/web_server.py on 127.0.0.1, stopped after the test."""
    running = news_site().start()
    try:
        yield running
    finally:
        running.stop()
