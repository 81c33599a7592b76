"""One person, several speaker keys: 鲍威尔, 杰罗姆·H·鲍威尔 and 席杰罗姆·H·鲍威尔 (a role's last
character glued on by attribution).

Keys are pooled on the speaker index's own evidence, never on the written name alone:

- a key that is another key (introduced with a role, or more quoted) with one or two characters
  glued to either end and no role of its own (席杰罗姆·h·鲍威尔, 唐纳德·特朗普坚持) is that key;
- a full name that differs from another only by middle initials (唐纳德·j·特朗普) is that name;
- a full foreign name (杰罗姆·h·鲍威尔) is the surname-only key (鲍威尔) when the corpus gives it a
  role that agrees with the short key's roles (people.roles_agree); a short key the corpus never
  gives a role pools with the full name only when that is the sole, or by far the most quoted,
  bearer (马斯克 -> 埃隆·马斯克, not 金博尔·马斯克). A full name with no role (弗雷德·特朗普) is never pooled with the short one.
"""

from __future__ import annotations

import re

from ..index.speaker_index import SpeakerIndex
from ..speakers import name_parts
from .cache import query_cache
from .people import clean_role, roles_agree

GLUED = 2
"""At most this many characters glued to a name by attribution (主席豪尔赫·… -> 席豪尔赫·…)."""
MOST_QUOTED = 2
"""A role-less short name goes to a full name only with this many times the quotes of the next."""
_INITIAL = re.compile(r"^[a-z]\.?$")


def _roles(speakers: SpeakerIndex, key: str) -> set[str]:
    return {clean_role(role) for role in speakers.entries[key].roles} - {""}


def base_key(speakers: SpeakerIndex, key: str) -> str:
    """The key this one is a glued or middle-initial form of (itself when none)."""
    entry = speakers.entries.get(key)
    if entry is None:
        return key
    if not entry.introduced:
        for cut in range(1, GLUED + 1):
            for shorter in (key[cut:], key[:-cut]):
                other = speakers.entries.get(shorter)
                if (
                    other is not None
                    and not other.collective
                    and (other.introduced > 0 or len(other.quotes) >= len(entry.quotes))
                    and (len(name_parts(shorter)) > 1 or (len(shorter) >= 3 and other.introduced > 0))
                ):
                    return base_key(speakers, shorter)
    parts = name_parts(key)
    if len(parts) > 2:
        plain = "·".join(p for p in parts if not _INITIAL.match(p))
        if plain != key and plain in speakers.entries:
            return plain
    return key


def _by_last_part(speakers: SpeakerIndex) -> dict[str, list[str]]:
    """Full foreign names by their last part (库克 -> 蒂莫西·d·库克), built once per index: the
    index's part look-up skips two-character parts."""
    cached = query_cache(speakers)
    if cached.by_last_part is None:
        by_last: dict[str, list[str]] = {}
        for key, entry in speakers.entries.items():
            parts = name_parts(key)
            if len(parts) > 1 and not entry.collective:
                by_last.setdefault(parts[-1], []).append(key)
        cached.by_last_part = by_last
    return cached.by_last_part


def _full_names(speakers: SpeakerIndex, short: str) -> list[str]:
    """Full names whose last part is ``short`` (鲍威尔 -> 杰罗姆·h·鲍威尔), as their base keys."""
    found = {base_key(speakers, k) for k in _by_last_part(speakers).get(short, ()) if k != short}
    return sorted(
        (k for k in found if k != short and k in speakers.entries and name_parts(k)[-1] == short),
        key=lambda k: (-len(speakers.entries[k].quotes), k),
    )


def _pooled_full_names(speakers: SpeakerIndex, short: str) -> list[str]:
    """The full names that are the same person as the surname-only key ``short``."""
    full = _full_names(speakers, short)
    mine = _roles(speakers, short)
    if mine:
        return [k for k in full if roles_agree(mine, _roles(speakers, k))]
    if not full:
        return []
    counts = [len(speakers.entries[k].quotes) for k in full]
    if len(full) == 1 or counts[0] >= MOST_QUOTED * counts[1]:
        return full[:1]
    return []


def head_key(speakers: SpeakerIndex, key: str) -> str:
    """One key per person: the surname-only key for a full name pooled with it, else the base key
    (鲍威尔 for 杰罗姆·h·鲍威尔 and 席杰罗姆·h·鲍威尔). Kept per index: a speaker list asks for many."""
    heads = query_cache(speakers).heads
    if key not in heads:
        heads[key] = _head_key(speakers, key)
    return heads[key]


def _head_key(speakers: SpeakerIndex, key: str) -> str:
    key = base_key(speakers, key)
    parts = name_parts(key)
    short = parts[-1]
    if len(parts) > 1 and short in speakers.entries and not speakers.entries[short].collective:
        if key in _pooled_full_names(speakers, short):
            return short
    return key


def variants(speakers: SpeakerIndex, key: str) -> list[str]:
    """``key`` (as its base key) first, then the other keys that write the same person's name."""
    key = base_key(speakers, key)
    head = head_key(speakers, key)
    if head not in speakers.entries or speakers.entries[head].collective:
        return [key]
    pooled = [head, *(_pooled_full_names(speakers, head) if len(name_parts(head)) == 1 else [])]
    written = {w for k in pooled for w in (k, *name_parts(k)) if len(w) >= 3 or w == k}
    glued = sorted(
        {k for w in written for k in speakers.lookup(w) if k not in pooled and base_key(speakers, k) in pooled}
    )
    return [key, *(k for k in [*pooled, *glued] if k != key)]


def reads_as_speaker(speakers: SpeakerIndex, key: str) -> bool:
    """Is ``key`` a person's name, an organisation or an original-named speaker, by the index's own
    evidence (not 长会议, a piece of 部长会议 that attribution took for a name)?"""
    entry = speakers.entries.get(key)
    if entry is None:
        return False
    if entry.kind == "organization":
        return True
    return entry.kind == "person" and (key not in speakers.unlike_names or bool(entry.aliases))
