"""Directories newsbot reads its own data back from: created private, refused when others can write.

Whoever can write into the index directory or jieba's cache decides what newsbot loads, so
such a directory must be owned by the user newsbot runs as (its effective uid) and must not be
writable by group or others. Checks work on open file descriptors, so what was checked is
what is read. The same descriptor-based opening serves the corpus folders: nothing below a
root is reached through a symbolic link, and only regular files are read (a FIFO or device
would block the reader or never end).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path


class UnsafeDirectoryError(Exception):
    """A directory (or a file in it) newsbot refuses to read: another user could have written
    it, or it cannot be opened. The message is one line naming the path."""


class NotRegularFileError(OSError):
    """What was opened is a FIFO, socket, device or directory, not a regular file."""


READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
"""How a file newsbot reads is opened: never through a symbolic link, never blocking (a FIFO
opens at once and is then refused by open_regular's fstat check)."""
DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def open_regular(name: str | os.PathLike[str], dir_fd: int | None = None, flags: int = READ_FLAGS) -> tuple[int, os.stat_result]:
    """``name`` (in ``dir_fd``) opened with ``flags`` and checked with fstat to be a regular
    file: (fd, its stat). A symbolic link fails with ELOOP (OSError); anything that is not a
    regular file raises NotRegularFileError (the descriptor is closed)."""
    fd = os.open(name, flags, dir_fd=dir_fd)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFileError(f"{os.fspath(name)} is not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def open_beneath(root: str | os.PathLike[str], relative: Sequence[str]) -> tuple[int, os.stat_result]:
    """The regular file ``root/relative[0]/…/relative[-1]``, opened (see open_regular) without
    following a symbolic link anywhere below ``root`` (``root`` itself is the configured path
    and may be one): what is read is inside the root whatever is swapped in meanwhile.
    OSError (ELOOP for a link, NotRegularFileError) when that cannot be done."""
    if not relative or any(part in ("", ".", "..") or "/" in part for part in relative):
        raise OSError(errno.EINVAL, "not a path below the root", os.fspath(root))
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in relative[:-1]:
            inner = os.open(part, DIRECTORY_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = inner
        return open_regular(relative[-1], dir_fd=fd)
    finally:
        os.close(fd)


def read_descriptor(fd: int) -> bytes:
    """Everything an open file holds, read from its descriptor (which is closed)."""
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


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
