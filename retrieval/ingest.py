"""Corpus ingestion: corpus paths -> parsed articles, with every problem reported and skipped.

The corpus is a list of paths; directories are read recursively. Files are decoded as
UTF-8 (with or without BOM) or GB18030. A file or line that cannot be used is reported by
path (and line) and skipped; the load itself never raises on bad input.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .formats import FormatError, parse_jsonl, parse_markdown, parse_scraped_text
from .models import Article
from .web_article import read_page

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".jsonl": "jsonl", ".ndjson": "jsonl"}
TEXT_SUFFIXES |= {".html": "html", ".htm": "html"}  # web pages (retrieval/web_article.py)
_IGNORED_NAMES = {"readme", "license", "licence", "changelog"}


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the corpus that was skipped, and why."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A corpus file as seen on disk; its stamp tells whether it changed since the last build."""

    path: str
    size: int
    mtime_ns: int


@dataclass(slots=True)
class CorpusLoad:
    """The result of reading the corpus paths."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    """Ids seen more than once; the later article replaced the earlier."""
    files: list[SourceFile] = field(default_factory=list)
    by_file: dict[str, list[Article]] = field(default_factory=dict)
    """Every article each file holds, in file order (replaced duplicates included)."""


class CorpusPathError(OSError):
    """A corpus path given by the user does not exist or cannot be read."""


def discover_files(paths: Sequence[str | os.PathLike[str]]) -> list[tuple[Path, Path]]:
    """All corpus files under ``paths`` as (file, root) pairs, sorted within each root.

    README/LICENSE files and hidden entries inside directories are not articles and are passed
    over. A path that does not exist raises :class:`CorpusPathError`.
    """
    found: list[tuple[Path, Path]] = []
    for raw in paths:
        root = Path(raw)
        if root.is_file():
            found.append((root, root.parent))
            continue
        if not root.is_dir():
            raise CorpusPathError(f"corpus path not found: {root}")
        if not os.access(root, os.R_OK | os.X_OK):
            raise CorpusPathError(f"corpus path not readable: {root}")
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or Path(name).stem.lower() in _IGNORED_NAMES:
                    continue
                found.append((Path(dirpath) / name, root))
    return found


def stamp_files(paths: Sequence[str | os.PathLike[str]]) -> list[SourceFile]:
    """Size and modification time of every corpus file, without reading them."""
    stamps = []
    for file, _root in discover_files(paths):
        try:
            stat = file.stat()
        except OSError:
            continue
        stamps.append(SourceFile(str(file), stat.st_size, stat.st_mtime_ns))
    return stamps


def decode_bytes(data: bytes) -> str:
    """Decode corpus bytes as UTF-8 or GB18030; raise ValueError for binary or unknown data."""
    if b"\x00" in data[:65536]:
        raise ValueError("binary file (contains NUL bytes)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\r\n\t\f")
        if controls > max(8, len(text[:65536]) // 100):
            raise ValueError("binary file (control characters)")
        return text
    raise ValueError("not text: neither UTF-8 nor GB18030")


def _article_id(file: Path, root: Path) -> str:
    """A stable id from the path relative to its corpus root, without the suffix."""
    try:
        relative = file.relative_to(root)
    except ValueError:
        relative = Path(file.name)
    return relative.with_suffix("").as_posix()


def read_file(file: Path, root: Path) -> tuple[list[Article], list[Problem]]:
    """Parse one corpus file; every failure comes back as a Problem, never an exception."""
    kind = TEXT_SUFFIXES.get(file.suffix.lower())
    if kind is None:
        return [], [Problem(str(file), f"unsupported file type {file.suffix or '(none)'!r}; expected .txt, .md, .jsonl or .html")]
    try:
        data = file.read_bytes()
    except OSError as exc:
        return [], [Problem(str(file), f"cannot read: {exc.strerror or exc}")]
    if not data.strip():
        return [], [Problem(str(file), "empty file")]
    if kind == "html":  # a page declares its own charset: the page reader decodes it
        pages, errors = read_page(data, _article_id(file, root), str(file))
        return pages, [Problem(str(file), error.reason, error.line) for error in errors]
    try:
        text = decode_bytes(data)
    except ValueError as exc:
        return [], [Problem(str(file), str(exc))]
    article_id = _article_id(file, root)
    if kind == "jsonl":
        articles: list[Article] = []
        problems: list[Problem] = []
        for item in parse_jsonl(text, article_id, str(file)):
            if isinstance(item, FormatError):
                problems.append(Problem(str(file), item.reason, item.line))
            else:
                item.file = str(file)
                articles.append(item)
        return articles, problems
    parse = parse_markdown if kind == "markdown" else parse_scraped_text
    try:
        article = parse(text, article_id, str(file))
        article.file = str(file)
        return [article], []
    except FormatError as exc:
        return [], [Problem(str(file), exc.reason, exc.line)]


def merge_articles(batches: Iterable[list[Article]]) -> tuple[list[Article], list[str]]:
    """Keep one article per id (the later one wins, in its first position); list the repeated ids."""
    by_id: dict[str, Article] = {}
    duplicates: list[str] = []
    for batch in batches:
        for article in batch:
            if article.id in by_id:
                duplicates.append(article.id)
            by_id[article.id] = article
    return list(by_id.values()), duplicates


def load_corpus(
    paths: Sequence[str | os.PathLike[str]],
    unchanged: Mapping[str, tuple[SourceFile, list[Article], list[Problem]]] | None = None,
) -> CorpusLoad:
    """Read every corpus path. Raises CorpusPathError only for a path that is missing.

    ``unchanged`` maps a file path to what an earlier load read from it (with its stamp then):
    a file whose size and modification time still match is not read again.
    """
    load = CorpusLoad()
    batches = []
    for file, root in discover_files(paths):
        try:
            stat = file.stat()
            stamp = SourceFile(str(file), stat.st_size, stat.st_mtime_ns)
        except OSError:
            stamp = None
        earlier = (unchanged or {}).get(str(file))
        if stamp is not None and earlier is not None and earlier[0] == stamp:
            articles, problems = earlier[1], earlier[2]
        else:
            articles, problems = read_file(file, root)
            for problem in problems:
                log.warning("skipped %s", problem)
        load.problems.extend(problems)
        batches.append(articles)
        load.by_file[str(file)] = articles
        if stamp is not None:
            load.files.append(stamp)
    load.articles, load.duplicates = merge_articles(batches)
    if load.duplicates:
        shown = ", ".join(load.duplicates[:5]) + (" …" if len(load.duplicates) > 5 else "")
        log.warning("%d article ids seen more than once, the later one kept: %s", len(load.duplicates), shown)
    return load
