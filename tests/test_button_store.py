"""The button store: bounded, expiring, saved as JSON atomically into a private directory, and a
bad file reported and ignored (bot/button_store.py)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from bot.button_store import FILE_NAME, ButtonStore
from retrieval.safedir import UnsafeDirectoryError


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_saved_buttons_come_back_in_a_new_store(tmp_path: Path) -> None:
    store = ButtonStore(tmp_path / "state")
    token = store.put("a", "李明说了什么？", "gen1")
    other = store.put("p", "ref\t问题")
    store.save()
    path = tmp_path / "state" / FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "state").stat().st_mode) == 0o700
    json.loads(path.read_text(encoding="utf-8"))  # plain JSON, nothing executable
    assert not [p for p in path.parent.iterdir() if p.name != FILE_NAME]  # no temporary file left behind

    again = ButtonStore(tmp_path / "state")
    assert again.load() is None
    state = again.get(token)
    assert state is not None and (state.kind, state.query, state.generation) == ("a", "李明说了什么？", "gen1")
    assert again.get(other) is not None and again.get("nope") is None


def test_bounded_by_entries_and_bytes_oldest_out_first(tmp_path: Path) -> None:
    store = ButtonStore(capacity=3)
    tokens = [store.put("a", f"问题{i}") for i in range(5)]
    assert len(store) == 3 and store.get(tokens[0]) is None and store.get(tokens[4]) is not None

    store = ButtonStore(tmp_path, max_bytes=2000)
    tokens = [store.put("a", "很长的问题" * 40) for _ in range(20)]  # about 600 bytes each
    assert 1 <= len(store) <= 3 and store.get(tokens[-1]) is not None
    store.save()
    assert (tmp_path / FILE_NAME).stat().st_size <= 2000


def test_expired_by_age_in_memory_and_on_load(tmp_path: Path) -> None:
    clock = Clock()
    store = ButtonStore(tmp_path, ttl=100, clock=clock)
    old = store.put("a", "旧的")
    clock.now += 60
    new = store.put("a", "新的")
    store.save()
    clock.now += 50  # old is 110 s old, new 50 s
    assert store.get(old) is None and store.get(new) is not None
    again = ButtonStore(tmp_path, ttl=100, clock=clock)
    again.load()
    assert len(again) == 1 and again.get(new) is not None


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "ignored"),
        (b'{"version": 99, "buttons": {}}', "not a version 1 button file"),
        (b"[1, 2]", "not a version 1 button file"),
        (b"\x80\x04\x95pickle", "ignored"),
    ],
)
def test_corrupt_file_is_reported_and_ignored(tmp_path: Path, content: bytes, reason: str) -> None:
    tmp_path.chmod(0o700)
    (tmp_path / FILE_NAME).write_bytes(content)
    store = ButtonStore(tmp_path)
    problem = store.load()
    assert problem is not None and reason in problem and "\n" not in problem
    assert len(store) == 0
    store.put("a", "问题")
    store.save()  # the bad file is replaced by a good one
    assert ButtonStore(tmp_path).load() is None


def test_malformed_entries_are_skipped_and_counted(tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    good = ["a", "问题", "g", 1_000_000.0]
    buttons = {
        "good": good,
        "bad/token": good,
        "short": ["a", "q"],
        "kind": ["<script>", "q", "", 1.0],
        "num": ["a", 1, "", 1.0],
    }
    (tmp_path / FILE_NAME).write_text(json.dumps({"version": 1, "buttons": buttons}), encoding="utf-8")
    store = ButtonStore(tmp_path, clock=Clock())
    assert store.load() == f"button state {tmp_path / FILE_NAME}: 4 malformed entries skipped"
    assert len(store) == 1 and store.get("good") is not None


def test_oversized_file_is_not_read(tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    (tmp_path / FILE_NAME).write_bytes(b" " * 5000)
    problem = ButtonStore(tmp_path, max_bytes=1000).load()
    assert problem is not None and "5,000 bytes" in problem


def test_symlinked_or_foreign_writable_state_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    target = tmp_path / "elsewhere.json"
    target.write_text(json.dumps({"version": 1, "buttons": {"tok": ["a", "秘密", "", 1.0]}}), encoding="utf-8")
    (state / FILE_NAME).symlink_to(target)
    store = ButtonStore(state, clock=Clock())
    assert store.load() is not None and len(store) == 0  # a link is not followed

    open_dir = tmp_path / "open"
    open_dir.mkdir()
    open_dir.chmod(0o777)
    with pytest.raises(UnsafeDirectoryError):
        ButtonStore(open_dir).save()
    assert not (open_dir / FILE_NAME).exists()


def test_a_failed_write_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ButtonStore(tmp_path / "s")
    token = store.put("a", "问题")
    store.save()

    def broken_replace(*args: object) -> None:
        raise OSError("disk full")

    store.put("a", "另一个")
    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        store.save()
    monkeypatch.undo()
    assert [p.name for p in (tmp_path / "s").iterdir()] == [FILE_NAME]
    again = ButtonStore(tmp_path / "s")
    again.load()
    assert len(again) == 1 and again.get(token) is not None
