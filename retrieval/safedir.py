"""Directories newsbot reads its own data back from: created private, refused when others can write.

Whoever can write into the index directory or jieba's cache decides what newsbot loads, so
such a directory must be owned by the user newsbot runs as (its effective uid) and must not be
writable by group or others. Checks work on open file descriptors, so what was checked is
what is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnsafeDirectoryError(Exception):
    """A directory (or a file in it) newsbot refuses to read: another user could have written
    it, or it cannot be opened. The message is one line naming the path."""


def default_cache_dir() -> Path:
    """newsbot's cache directory: $XDG_CACHE_HOME/newsbot, else ~/.cache/newsbot."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "newsbot"


def default_state_dir() -> Path:
    """newsbot's state directory (what the bot keeps across restarts, e.g. its buttons):
    $XDG_STATE_HOME/newsbot, else ~/.local/state/newsbot."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(Path.home(), ".local", "state")
    return Path(base) / "newsbot"


def make_private_dirs(path: Path) -> None:
    """Create ``path`` and any missing parents with mode 0700 (existing ones are left alone)."""
    path = Path(path)
    missing = []
    while not path.exists():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=0o700)
        except FileExistsError:
            pass


def check_private(st: os.stat_result, what: str) -> None:
    """Raise UnsafeDirectoryError unless ``st`` is owned by this process's euid and not
    writable by group or others."""
    if st.st_uid != os.geteuid():
        raise UnsafeDirectoryError(f"{what} is owned by uid {st.st_uid}, not by uid {os.geteuid()} that newsbot runs as; refusing to load it (remove it or fix its owner)")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeDirectoryError(f"{what} is writable by other users (mode {stat.S_IMODE(st.st_mode):04o}); refusing to load it (chmod go-w it or remove it)")


def private_cache_dir(path: Path) -> Path:
    """``path``, created private if missing; raises UnsafeDirectoryError if others can write it."""
    make_private_dirs(path)
    check_private(os.stat(path), f"cache directory {path}")
    return Path(path)
