"""The newsbot command as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def newsbot(*args: str, env: dict[str, str] | None = None, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [shutil.which("newsbot") or "", *args] if shutil.which("newsbot") else [sys.executable, "-m", "bot.cli", *args]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(command, capture_output=True, text=True, input=stdin, env=full_env, cwd=cwd or ROOT, timeout=300)


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return {"NEWSBOT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}


def test_ask_json_batch(tmp_path: Path, seed_dir: Path, env: dict[str, str]) -> None:
    batch = tmp_path / "questions.txt"
    batch.write_text("陈华文说了什么？\n\n谁提到了绿色转型？\n量子纠缠超导体火星殖民地\n", encoding="utf-8")
    result = newsbot("ask", "--corpus", str(seed_dir), "--index-dir", str(tmp_path / "idx"), "--json", "--batch", str(batch), env=env)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == ["陈华文说了什么？", "谁提到了绿色转型？", "量子纠缠超导体火星殖民地"]
    first = lines[0]["answers"][0]
    assert set(first) == {"speaker", "role", "quote", "paragraph", "article", "score"}
    assert set(first["article"]) == {"id", "title", "url", "date", "source"}
    assert first["speaker"] == "陈华文" and first["quote"].startswith("今天的闵行")
    assert isinstance(first["score"], float)
    assert lines[1]["answers"][0]["speaker"] == "彭文生"
    assert lines[2]["answers"] == []
    assert (tmp_path / "idx" / "manifest.json").exists()


def test_ask_text_on_shipped_corpus_by_default(tmp_path: Path, env: dict[str, str]) -> None:
    result = newsbot("ask", "陈华文说了什么？", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "陈华文（闵行区区长）" in result.stdout
    assert "“今天的闵行" in result.stdout


def test_index_reports_counts_and_skipped_files(tmp_path: Path, seed_dir: Path, env: dict[str, str]) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_dir, corpus)
    (corpus / "broken.jsonl").write_text('{"id": "ok", "paragraphs": ["张三说，可以。"]}\n{oops\n', encoding="utf-8")
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = newsbot("index", "--corpus", str(corpus), "--index-dir", str(tmp_path / "idx"), env=env)
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stderr and "%|" not in result.stderr  # no progress bar: stderr is not a terminal
    assert "articles 2, paragraphs 16" in result.stdout
    assert "speakers" in result.stdout and "quotes" in result.stdout
    assert f"{corpus / 'broken.jsonl'}:2: invalid JSON" in result.stdout
    assert f"{corpus / 'blob.txt'}: binary file" in result.stdout


def test_missing_corpus_path_exits_2(tmp_path: Path, env: dict[str, str]) -> None:
    result = newsbot("ask", "--corpus", str(tmp_path / "missing"), "谁说了什么", env=env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"newsbot: corpus path not found: {tmp_path / 'missing'}"]


def test_eval_prints_metrics(tmp_path: Path, seed_dir: Path, env: dict[str, str]) -> None:
    questions = tmp_path / "q.jsonl"
    rows = [
        {"id": "q1", "question": "陈华文说了什么？", "kind": "speaker", "speaker": "陈华文", "article_id": "seed", "accept": ["闵行区区长陈华文在致辞中表示"]},
        {"id": "q2", "question": "谁提到了绿色转型？", "kind": "who", "speaker": "彭文生", "article_id": "seed", "accept": ["彭文生则提到"]},
        {"id": "q3", "question": "谁提到了绿色转型？", "kind": "who", "speaker": "蓝钦扬", "article_id": "seed", "accept": ["彭文生则提到"]},
    ]
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = newsbot("eval", "--questions", str(questions), "--corpus", str(seed_dir), "--index-dir", str(tmp_path / "idx"), env=env)
    assert result.returncode == 0, result.stderr
    overall = next(line for line in result.stdout.splitlines() if line.startswith("all"))
    assert overall.split() == ["all", "3", "0.667", "0.667", "0.667"]
    assert any(line.startswith("kind=who") for line in result.stdout.splitlines())


def _clean_env(env: dict[str, str]) -> dict[str, str]:
    cleaned = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    return {**cleaned, **env}


def test_run_without_token_exits_2_naming_the_variable(tmp_path: Path, env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "bot.cli", "run"]
    result = subprocess.run(command, capture_output=True, text=True, env=_clean_env(env), cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "NEWSBOT_BOT_TOKEN" in lines[0]


def test_run_with_malformed_admin_ids_exits_2_naming_the_variable(tmp_path: Path, env: dict[str, str]) -> None:
    bad = {**env, "NEWSBOT_BOT_TOKEN": "123:SECRET-TOKEN-VALUE", "NEWSBOT_ADMIN_IDS": "12,alice"}
    command = [sys.executable, "-m", "bot.cli", "run"]
    result = subprocess.run(command, capture_output=True, text=True, env=_clean_env(bad), cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "NEWSBOT_ADMIN_IDS" in lines[0]
    assert "SECRET-TOKEN-VALUE" not in result.stderr + result.stdout


def test_chat_answers_on_the_shipped_corpus(tmp_path: Path, env: dict[str, str]) -> None:
    result = newsbot("chat", env=env, stdin="陈华文说了什么？\n/1\nquit\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "陈华文 · 闵行区区长" in result.stdout
    assert "│ 今天的闵行" in result.stdout


def test_empty_corpus_is_said_in_one_line(tmp_path: Path, env: dict[str, str]) -> None:
    corpus = tmp_path / "empty"
    corpus.mkdir()
    (corpus / "blank.txt").write_text("\n", encoding="utf-8")
    said = f"newsbot: the corpus holds no articles: {corpus} (1 files or lines skipped; newsbot index lists them)"
    index = newsbot("index", "--corpus", str(corpus), "--index-dir", str(tmp_path / "idx"), env=env)
    assert index.returncode == 0 and "articles 0" in index.stdout
    assert index.stderr.strip().splitlines()[-1] == said
    ask = newsbot("ask", "--corpus", str(corpus), "--index-dir", str(tmp_path / "idx"), "谁说了什么", env=env)
    assert ask.returncode == 2 and ask.stdout == ""
    assert ask.stderr.strip().splitlines() == [said]  # loaded from disk: nothing else is said


def test_run_refuses_an_empty_corpus(tmp_path: Path, env: dict[str, str]) -> None:
    corpus = tmp_path / "empty"
    corpus.mkdir()
    settings = {**env, "NEWSBOT_BOT_TOKEN": "123:SECRET-TOKEN-VALUE", "NEWSBOT_CORPUS_PATHS": str(corpus),
                "NEWSBOT_API_BASE_URL": "http://127.0.0.1:9/bot"}
    command = [sys.executable, "-m", "bot.cli", "run"]
    result = subprocess.run(command, capture_output=True, text=True, env=_clean_env(settings), cwd=tmp_path, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == f"newsbot: the corpus holds no articles: {corpus} (NEWSBOT_CORPUS_PATHS); not starting"


def test_timeline_writes_a_png_and_says_what_it_shows(tmp_path: Path, env: dict[str, str]) -> None:
    png = tmp_path / "chart.png"
    result = newsbot("timeline", "习近平", "--png", str(png), "--json", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["name"] == "习近平" and counts["total"] == sum(m["count"] for m in counts["months"]) + counts["undated"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    missing = newsbot("timeline", "钱多多", "--png", str(tmp_path / "x.png"), env=env, cwd=tmp_path)
    assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()
    usage = newsbot("timeline", "习近平", env=env, cwd=tmp_path)
    assert usage.returncode == 2 and "--png" in usage.stderr
    nowhere = newsbot("timeline", "习近平", "--png", str(tmp_path / "no" / "x.png"), env=env, cwd=tmp_path)
    assert nowhere.returncode == 2 and len(nowhere.stderr.strip().splitlines()) == 1


def test_chat_timeline_gives_the_caption_and_how_to_save_the_chart(tmp_path: Path, env: dict[str, str]) -> None:
    result = newsbot("chat", env=env, stdin="/timeline 习近平\nquit\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "段话" in result.stdout and "最早 " in result.stdout and "newsbot timeline 习近平 --png" in result.stdout
