"""A corpus path that repeats another's articles is said once, as expected, not as a fault.

The README's development command loads ../shared/data/news and the shipped corpus/, which repeats
articles of it: the load says so in one summary line, and `newsbot index` in one line too.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bot.cli import main
from retrieval import load_corpus


def write_articles(directory: Path, ids: range) -> Path:
    directory.mkdir()
    lines = [
        json.dumps({"id": f"a{i}", "title": f"标题{i}", "date": "2024-05-01", "paragraphs": [f"第{i}段。"]})
        for i in ids
    ]
    (directory / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


@pytest.fixture
def overlapping(tmp_path: Path) -> list[Path]:
    """A full corpus of 300 articles and a sample that repeats 200 of them."""
    return [write_articles(tmp_path / "full", range(300)), write_articles(tmp_path / "sample", range(100, 300))]


def test_overlap_is_one_line_that_says_it_is_expected(
    overlapping: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="retrieval.ingest"):
        load = load_corpus(overlapping)
    assert len(load.articles) == 300 and len(load.duplicates) == 200
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(said) == 1, said
    assert said[0].startswith("200 article ids seen more than once, the later one kept")
    assert "expected when one corpus path repeats articles of another" in said[0]


def test_newsbot_index_says_it_once(
    overlapping: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBOT_CACHE_DIR", str(tmp_path / "cache"))
    argv = ["index", "--workers", "1", "--index-dir", str(tmp_path / "index")]
    for path in overlapping:
        argv += ["--corpus", str(path)]
    assert main(argv) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "duplicate ids" in line]
    assert len(lines) == 1, lines
    assert "expected when one corpus path repeats articles of another" in lines[0] and ": 200: " in lines[0]
