"""What every reply is made of: a Reply (HTML and buttons) and the buttons' callback data.

Callback data stays within Telegram's 64 bytes as ``kind:token:page``: the query behind the
token is kept server-side in a ButtonStore (bot/button_store.py). The button kinds:
``a`` answers, ``p`` 你指的是哪一位, ``w`` /who, ``s`` /search, ``c`` a compared topic,
``r`` ask again after the corpus changed, ``ex`` an example question (``ex:N:0``, no token).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..button_store import ButtonStore

PagedQueries = ButtonStore
"""The name the handlers and tests know the button store by."""

ANSWERS, PERSON, WHO, SEARCH, COMPARE, ASK_AGAIN, EXAMPLE = "a", "p", "w", "s", "c", "r", "ex"
BUTTON_KINDS = (ANSWERS, PERSON, WHO, SEARCH, COMPARE, ASK_AGAIN, EXAMPLE)


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    callback: str | None = None
    url: str | None = None
    switch_inline: str | None = None


@dataclass(slots=True)
class Reply:
    html: str
    buttons: list[list[Button]] = field(default_factory=list)
    photo: bytes | None = None
    """A PNG sent with sendPhoto, ``html`` then being its caption (/timeline)."""


@dataclass(frozen=True, slots=True)
class InlineResult:
    id: str
    title: str
    description: str
    html: str


_MAX_NUMBER_DIGITS = 6


def small_number(text: str) -> int | None:
    """``text`` as a non-negative int if it is 1-6 ASCII digits, else None.

    ``str.isdigit`` also accepts superscripts and other scripts' digits that ``int`` refuses
    (``'²'``), and ``int`` refuses more than 4,300 digits: data from a button or an inline
    offset can be forged, so only plain short numbers count.
    """
    if 0 < len(text) <= _MAX_NUMBER_DIGITS and text.isascii() and text.isdigit():
        return int(text)
    return None


def callback_data(kind: str, token: str, page: int) -> str:
    data = f"{kind}:{token}:{page}"
    assert len(data.encode()) <= 64
    return data


def parse_callback(data: str | None) -> tuple[str, str, int] | None:
    """'a:token:2' -> ('a', 'token', 2); None for anything else."""
    if not data:
        return None
    parts = data.split(":")
    page = small_number(parts[2]) if len(parts) == 3 else None
    if page is None:
        return None
    return parts[0], parts[1], page


def pager(kind: str, token: str, page: int, pages: int) -> list[list[Button]]:
    """◀ 上一页 / 更多回答 ▶ (下一页 ▶) for page ``page`` of ``pages``."""
    row = []
    if page > 0:
        row.append(Button("◀ 上一页", callback_data(kind, token, page - 1)))
    if page + 1 < pages:
        row.append(Button("更多回答 ▶" if kind == ANSWERS else "下一页 ▶", callback_data(kind, token, page + 1)))
    return [row] if row else []


def render_buttons(buttons: list[list[Button]]) -> str:
    """Buttons as terminal text, numbered."""
    labels = [b.text for row in buttons for b in row]
    return "  ".join(f"[{i}] {label}" for i, label in enumerate(labels, 1))
