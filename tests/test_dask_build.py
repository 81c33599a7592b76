"""`newsbot index --dask` on a real Dask cluster (a scheduler and two workers started here on
loopback) builds the very index a local build makes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client

from bench.run import write_generated_corpus
from retrieval import answering
from retrieval.index.persist import load_index

from .test_cli import ROOT, newsbot

DASK = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
WORKER = [sys.executable, "-m", "distributed.cli.dask_worker"]


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, set[str]]]:
    """(scheduler address, worker addresses) of a loopback cluster with two one-thread workers."""
    directory = tmp_path_factory.mktemp("dask")
    scheduler_file = directory / "scheduler.json"
    common = ["--no-dashboard", "--host", "127.0.0.1"]
    processes = [subprocess.Popen([*DASK, *common, "--port", "0", "--scheduler-file", str(scheduler_file)], cwd=directory,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert scheduler_file.exists(), "the Dask scheduler did not start within 60 s"
        for _ in range(2):
            processes.append(subprocess.Popen(
                [*WORKER, *common, "--scheduler-file", str(scheduler_file), "--nworkers", "1", "--nthreads", "1"],
                cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ))
        address = json.loads(scheduler_file.read_text())["address"]
        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
            workers = set(client.scheduler_info()["workers"])
        yield address, workers
    finally:
        for process in reversed(processes):
            _stop(process)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped corpus plus generated articles: several attribution and tokenization batches."""
    directory = tmp_path_factory.mktemp("dask-corpus")
    shutil.copytree(ROOT / "corpus", directory / "shipped")
    write_generated_corpus(directory / "generated", 400)
    return directory


def _index_files(directory: Path) -> dict[str, str]:
    return json.loads((directory / "manifest.json").read_text(encoding="utf-8"))["checksums"]


def test_dask_build_equals_a_local_build(cluster: tuple[str, set[str]], corpus: Path, tmp_path: Path) -> None:
    address, workers = cluster
    env = {"NEWSBOT_CACHE_DIR": str(tmp_path / "cache")}
    local = newsbot("index", "--corpus", str(corpus), "--index-dir", str(tmp_path / "local"), "--workers", "1", env=env)
    assert local.returncode == 0, local.stderr
    remote = newsbot("index", "--corpus", str(corpus), "--index-dir", str(tmp_path / "dask"), "--dask", address, env=env)
    assert remote.returncode == 0, remote.stderr
    line = next(line for line in remote.stdout.splitlines() if line.startswith("on the Dask cluster"))
    assert "5 tasks" in line  # 601 articles: 3 attribution batches; 3,445 chunks: 2 tokenization batches
    ran_on = set(line.split("(")[1].rstrip(")").split(", "))
    assert ran_on and ran_on <= workers
    assert _index_files(tmp_path / "dask") == _index_files(tmp_path / "local")  # every array and record, byte for byte
    built, distributed = load_index(tmp_path / "local"), load_index(tmp_path / "dask")
    for question in ["陈华文说了什么？", "谁提到了绿色转型？", "蓝钦扬强调了什么？", "谁谈到了上海？"]:
        assert answering.ask(distributed, question, 5) == answering.ask(built, question, 5)
        tokens = built.tokenizer.tokenize(question)
        assert distributed.bm25.top(tokens, 10) == built.bm25.top(tokens, 10)


def test_an_unreachable_scheduler_is_one_line_and_nothing_is_written(corpus: Path, tmp_path: Path) -> None:
    result = newsbot("index", "--corpus", str(corpus), "--index-dir", str(tmp_path / "idx"), "--dask", "tcp://127.0.0.1:9",
                     env={"NEWSBOT_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert not (tmp_path / "idx").exists()
