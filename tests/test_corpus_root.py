"""A corpus folder is a root: nothing in it leads outside, and only regular files are read.

Symbolic links (to files or folders, inside or outside the root) are reported by name and
skipped; a file swapped for a link, a FIFO or a link to a folder between the listing and the
reading is refused when it is opened, never followed and never waited on.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from retrieval import ingest
from retrieval.ingest import discover_files, load_corpus, read_file

from .test_cli import env, newsbot  # noqa: F401 - env is a fixture

SECRET = "hunter2-outside-the-corpus"
LINK_REASON = "symbolic link: not followed (corpus files must lie inside the corpus folder)"


def _md(title: str, body: str = "张三说，今天天气很好。") -> str:
    return f"---\ntitle: {title}\n---\n{body}\n"


@pytest.fixture()
def outside(tmp_path: Path) -> Path:
    """A folder outside the corpus holding a secret, as a file and in a subfolder."""
    folder = tmp_path / "outside"
    (folder / "sub").mkdir(parents=True)
    (folder / "outside.env").write_text(f"NEWSBOT_BOT_TOKEN=123:{SECRET}\nNEWSBOT_WEBHOOK_SECRET={SECRET}\n", encoding="utf-8")
    (folder / "sub" / "more.md").write_text(_md("外面", f"李四说，{SECRET}。"), encoding="utf-8")
    return folder


def _texts(load: ingest.CorpusLoad) -> str:
    return "\n".join(f"{a.title}\n" + "\n".join(a.paragraphs) for a in load.articles)


def test_links_in_a_corpus_folder_are_reported_and_never_read(tmp_path: Path, outside: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "inner").mkdir(parents=True)
    (corpus / "ok.md").write_text(_md("好"), encoding="utf-8")
    (corpus / "inner" / "deep.md").write_text(_md("深"), encoding="utf-8")
    (corpus / "leak.txt").symlink_to(outside / "outside.env")
    (corpus / "folder").symlink_to(outside / "sub")
    (corpus / "inside.md").symlink_to(corpus / "ok.md")  # a link is refused even when it stays inside
    (corpus / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    (corpus / "loop.md").symlink_to(corpus / "loop.md")
    load = load_corpus([corpus])
    assert sorted(a.id for a in load.articles) == ["inner/deep", "ok"]
    assert SECRET not in _texts(load)
    reported = sorted((Path(p.path).name, p.reason) for p in load.problems)
    assert reported == [(name, LINK_REASON) for name in ("dangling.md", "folder", "inside.md", "leak.txt", "loop.md")]


def test_a_folder_swapped_for_a_link_after_listing_is_not_followed(tmp_path: Path, outside: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "more.md").write_text(_md("里面"), encoding="utf-8")
    files, _ = discover_files([corpus])
    (corpus / "sub" / "more.md").unlink()
    (corpus / "sub").rmdir()
    (corpus / "sub").symlink_to(outside / "sub")  # the same name now leads outside the root
    articles, problems = read_file(*files[0])
    assert articles == []
    assert [(p.path, p.reason) for p in problems] == [(str(corpus / "sub" / "more.md"), LINK_REASON)]


def test_a_file_swapped_for_a_link_after_listing_is_not_followed(tmp_path: Path, outside: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("标题\n张三说，好。\n", encoding="utf-8")
    files, _ = discover_files([corpus])
    (corpus / "a.txt").unlink()
    (corpus / "a.txt").symlink_to(outside / "outside.env")
    articles, problems = read_file(*files[0])
    assert articles == [] and [p.reason for p in problems] == [LINK_REASON]


def _load_with_timeout(paths: list[Path], seconds: float = 10.0) -> ingest.CorpusLoad:
    """load_corpus in a daemon thread: a load that blocks fails the test instead of hanging it."""
    result: list[ingest.CorpusLoad] = []
    worker = threading.Thread(target=lambda: result.append(load_corpus(paths)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, f"the load blocked for more than {seconds:.0f} s"
    return result[0]


def test_a_fifo_swapped_in_after_listing_never_blocks_the_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(_md("甲"), encoding="utf-8")
    (corpus / "b.md").write_text(_md("乙"), encoding="utf-8")
    real_discover = ingest.discover_files

    def discover_then_swap(paths):  # type: ignore[no-untyped-def]
        listed = real_discover(paths)
        (corpus / "a.md").unlink()
        os.mkfifo(corpus / "a.md")  # nobody ever writes to it: a blocking open would wait forever
        return listed

    monkeypatch.setattr(ingest, "discover_files", discover_then_swap)
    try:
        load = _load_with_timeout([corpus])
    finally:
        try:  # release a reader stuck on the FIFO (before the fix), so the thread can end
            os.close(os.open(corpus / "a.md", os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
    assert [a.id for a in load.articles] == ["b"]
    assert [(Path(p.path).name, p.reason) for p in load.problems] == [("a.md", "not a regular file")]


def test_a_file_given_as_a_corpus_path_may_be_a_link(tmp_path: Path) -> None:
    """The configured path itself is the root the admin chose: it is opened as named."""
    (tmp_path / "real.md").write_text(_md("真"), encoding="utf-8")
    (tmp_path / "named.md").symlink_to(tmp_path / "real.md")
    load = load_corpus([tmp_path / "named.md"])
    assert [a.id for a in load.articles] == ["named"] and load.problems == []


def test_ask_never_prints_a_linked_file(tmp_path: Path, outside: Path, seed_dir: Path, env: dict[str, str]) -> None:  # noqa: F811
    """The issue's reproduction: ln -s /tmp/outside.env corpus/leak.txt, then ask for the secret
    (before the fix, the linked file's lines came back as an unattributed paragraph)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_dir, corpus)
    (corpus / "leak.txt").symlink_to(outside / "outside.env")
    result = newsbot("ask", "--corpus", str(corpus), "--index-dir", str(tmp_path / "idx"), "NEWSBOT_WEBHOOK_SECRET", env=env)
    assert result.returncode == 0, result.stderr
    assert SECRET not in result.stdout + result.stderr
    indexed = newsbot("index", "--corpus", str(corpus), "--index-dir", str(tmp_path / "idx"), env=env)
    assert f"{corpus / 'leak.txt'}: {LINK_REASON}" in indexed.stdout
    assert SECRET not in indexed.stdout + indexed.stderr


def test_a_file_deleted_during_a_load_is_not_reported_by_later_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its problem belongs to the load that listed it; the next reload or restart drops it."""
    from retrieval import open_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(_md("甲"), encoding="utf-8")
    (corpus / "b.md").write_text(_md("乙"), encoding="utf-8")
    real_discover = ingest.discover_files

    calls = []

    def discover_then_delete(paths):  # type: ignore[no-untyped-def]
        listed = real_discover(paths)
        calls.append(paths)
        if len(calls) == 2:  # the load's own listing (the first one stamps the corpus)
            (corpus / "b.md").unlink()
        return listed

    monkeypatch.setattr(ingest, "discover_files", discover_then_delete)
    _, during = open_index([corpus], tmp_path / "idx", workers=1)
    assert [(Path(p.path).name, p.reason) for p in during.problems] == [("b.md", "cannot read: No such file or directory")]
    monkeypatch.setattr(ingest, "discover_files", real_discover)
    index, after = open_index([corpus], tmp_path / "idx", workers=1)  # a restart (or the next reload)
    assert after.problems == [] and [a.id for a in index.articles] == ["a"]
    _, again = open_index([corpus], tmp_path / "idx", workers=1)
    assert again.loaded and again.problems == []


SWAP_HOOK = '''
"""Test hook (sitecustomize): a corpus file named NEWSBOT_TEST_SWAP_TO_FIFO becomes a FIFO
after the corpus was listed, just before it is read."""
import json
import os

_name = os.environ.get("NEWSBOT_TEST_SWAP_TO_FIFO")
if _name:
    from retrieval import ingest

    _read_file = ingest.read_file

    def _swap_then_read(file, root, earlier=()):
        if file.name == _name and file.is_file() and not file.is_symlink():
            file.unlink()
            os.mkfifo(file)
        return _read_file(file, root, earlier)

    ingest.read_file = _swap_then_read
'''


@pytest.mark.requires_shared  # the Telegram stand-in checks against the Bot API spec
def test_the_watching_bot_reads_no_link_never_blocks_on_a_fifo_and_stops_on_sigterm(tmp_path: Path, outside: Path) -> None:
    """newsbot run with NEWSBOT_WATCH: a link out of the corpus and a file that turns into a FIFO
    between listing and reading appear; the watcher's reload completes and reports both, no reply
    carries the linked file, and SIGTERM stops the process."""
    from retrieval import open_index

    from .botapi_server import BotApiServer
    from .conftest import ROOT, make_bot_corpus
    from .test_e2e import TOKEN, USER, BotProcess, bot_env

    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SWAP_HOOK, encoding="utf-8")
    corpus = make_bot_corpus(tmp_path / "corpus")
    open_index([corpus], tmp_path / "idx", workers=1)
    extra = {"NEWSBOT_WATCH": "true", "NEWSBOT_WATCH_INTERVAL": "0.3", "NEWSBOT_TEST_SWAP_TO_FIFO": "flip.md", "PYTHONPATH": f"{hooks}{os.pathsep}{ROOT}"}
    with BotApiServer(TOKEN) as server:
        bot = BotProcess(bot_env(server, corpus, tmp_path / "idx", tmp_path, **extra), tmp_path / "bot.log")
        try:
            server.wait_for(lambda: server.get_updates_calls > 0 or not bot.alive(), 90, "the bot to start polling")
            assert bot.alive(), bot.log()
            (corpus / "leak.txt").symlink_to(outside / "outside.env")
            (corpus / "flip.md").write_text(_md("翻转"), encoding="utf-8")
            server.wait_for(lambda: "corpus files changed; reload ok=True" in bot.log() or not bot.alive(), 60, "the watcher's reload")
            server.message("NEWSBOT_WEBHOOK_SECRET", USER, USER)
            server.wait_for(lambda: server.calls("sendMessage", USER), 30, "an answer")
        finally:
            code = bot.stop()
        log = bot.log()
        assert code == 0, log[-3000:]
        assert f"{corpus / 'flip.md'}: not a regular file" in log and f"{corpus / 'leak.txt'}: symbolic link" in log
        sent = json.dumps([c.params for c in server.calls() if c.method != "getUpdates"], ensure_ascii=False)
        assert SECRET not in sent and SECRET not in log
