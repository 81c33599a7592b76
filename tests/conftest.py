"""Shared fixtures: paths to the shared data and small indexes built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from retrieval import NewsIndex, load_corpus

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_fda4e5a990aaeddb.txt"
if not SEED.exists():  # the checkout ships the seed too
    SEED = ROOT / "corpus" / "000_fda4e5a990aaeddb.txt"
NEWS = SHARED / "data" / "news"


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
