"""What a paging or choice button refers to, kept across restarts.

Telegram gives a button 64 bytes of callback data, so the query behind it stays here under a
short token (``kind:token:page`` on the wire). The map is bounded (entries and bytes, oldest out
first), expires entries by age, and is saved as JSON (never pickle: the file is data, not code) in
the state directory: written atomically (temporary file + rename, mode 0600) into a directory
checked like the index directory (owned by newsbot's user, not writable by others), and read back
at start, a corrupt or oversized file reported in one line and ignored.

Each entry also records the corpus generation the button was made for, so a page asked for after
the corpus changed is not taken from another ranking (see bot/replies/paging.py).
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import stat
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from retrieval.safedir import UnsafeDirectoryError, check_private, make_private_dirs

log = logging.getLogger(__name__)

FILE_NAME = "buttons.json"
FORMAT_VERSION = 1
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,16}")
_KIND = re.compile(r"[a-z]{1,2}")
MAX_QUERY_CHARS = 4096
"""A longer query is not stored (a Telegram message holds at most 4096 characters)."""


@dataclass(frozen=True, slots=True)
class ButtonState:
    """What one button stands for: its kind (a, w, s, p, c …), the query, the corpus generation."""

    kind: str
    query: str
    generation: str
    created: float

    def row(self) -> list[object]:
        return [self.kind, self.query, self.generation, round(self.created, 1)]

    def size(self) -> int:
        """Bytes this entry takes in the JSON file (about: the token and separators included)."""
        return len(json.dumps(self.row(), ensure_ascii=False).encode("utf-8")) + 24


class ButtonStore:
    """token -> ButtonState, least recently used out first, saved to ``directory`` when given."""

    def __init__(
        self,
        directory: Path | None = None,
        capacity: int = 20000,
        max_bytes: int = 4 * 2**20,
        ttl: float = 7 * 24 * 3600,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = directory
        self.capacity = capacity
        self.max_bytes = max_bytes
        self.ttl = ttl
        self.clock = clock
        self.dirty = False
        self._items: OrderedDict[str, ButtonState] = OrderedDict()
        self._bytes = 0

    @property
    def path(self) -> Path | None:
        return None if self.directory is None else self.directory / FILE_NAME

    def __len__(self) -> int:
        return len(self._items)

    # --- the map ----------------------------------------------------------------------------

    def put(self, kind: str, query: str, generation: str = "") -> str:
        """Remember ``query`` for a button of ``kind``; returns the token its callback data carries."""
        token = secrets.token_urlsafe(6)
        self._add(token, ButtonState(kind, query[:MAX_QUERY_CHARS], generation, self.clock()))
        self.dirty = True
        return token

    def get(self, token: str) -> ButtonState | None:
        """The state behind ``token``; None when unknown or expired."""
        state = self._items.get(token)
        if state is None or self.clock() - state.created > self.ttl:
            return None
        self._items.move_to_end(token)
        return state

    def _add(self, token: str, state: ButtonState) -> None:
        old = self._items.pop(token, None)
        if old is not None:
            self._bytes -= old.size()
        self._items[token] = state
        self._bytes += state.size()
        while self._items and (len(self._items) > self.capacity or self._bytes > self.max_bytes):
            _, dropped = self._items.popitem(last=False)
            self._bytes -= dropped.size()

    # --- the file ---------------------------------------------------------------------------

    def load(self) -> str | None:
        """Read the saved buttons; returns a one-line problem (the file is then ignored) or None."""
        path = self.path
        if path is None:
            return None
        try:
            text = _read_private(path, self.max_bytes * 2)
        except FileNotFoundError:
            return None
        except (OSError, UnsafeDirectoryError, ValueError) as exc:
            return f"button state {path} ignored: {exc}"
        if text is None:
            return None
        try:
            data = json.loads(text)
        except ValueError as exc:
            return f"button state {path} ignored: not valid JSON ({exc})"
        if (
            not isinstance(data, dict)
            or data.get("version") != FORMAT_VERSION
            or not isinstance(data.get("buttons"), dict)
        ):
            return f"button state {path} ignored: not a version {FORMAT_VERSION} button file"
        now = self.clock()
        skipped = 0
        rows = sorted(data["buttons"].items(), key=lambda item: _created(item[1]))
        for token, row in rows:
            state = _state(token, row)
            if state is None:
                skipped += 1
            elif now - state.created <= self.ttl:
                self._add(token, state)
        return f"button state {path}: {skipped} malformed entries skipped" if skipped else None

    def snapshot(self) -> str:
        """The live buttons as the JSON text save() writes (taken on the event loop, written off it)."""
        now = self.clock()
        buttons = {token: state.row() for token, state in self._items.items() if now - state.created <= self.ttl}
        self.dirty = False
        return json.dumps({"version": FORMAT_VERSION, "buttons": buttons}, ensure_ascii=False, separators=(",", ":"))

    def save(self, payload: str | None = None) -> None:
        """Write ``payload`` (default: a snapshot now) atomically: temporary file + rename, mode 0600."""
        path = self.path
        if path is None:
            return
        payload = self.snapshot() if payload is None else payload
        state_directory(path.parent)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as fh:  # mkstemp creates it 0600
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def state_directory(path: Path) -> Path:
    """``path``, created private if missing; UnsafeDirectoryError if another user could write it."""
    make_private_dirs(path)
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        check_private(os.fstat(descriptor), f"state directory {path}")
    finally:
        os.close(descriptor)
    return path


def _read_private(path: Path, limit: int) -> str | None:
    """The file's text, read from one descriptor checked to be a regular file of ours within ``limit`` bytes."""
    state_directory(path.parent)
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise ValueError("not a regular file")
        check_private(st, f"button state {path}")
        if st.st_size > limit:
            raise ValueError(f"{st.st_size:,} bytes, more than the {limit:,} allowed")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"more than the {limit:,} bytes allowed")
    return data.decode("utf-8")


def _created(row: object) -> float:
    value = row[3] if isinstance(row, list) and len(row) == 4 else 0
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _state(token: object, row: object) -> ButtonState | None:
    """A saved entry as a ButtonState, or None when any part of it is not what save() writes."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token) or not isinstance(row, list) or len(row) != 4:
        return None
    kind, query, generation, created = row
    if not (isinstance(kind, str) and _KIND.fullmatch(kind) and isinstance(query, str) and isinstance(generation, str)):
        return None
    if (
        not isinstance(created, (int, float))
        or isinstance(created, bool)
        or len(query) > MAX_QUERY_CHARS
        or len(generation) > 64
    ):
        return None
    return ButtonState(kind, query, generation, float(created))
