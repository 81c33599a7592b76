"""Corpus ingestion: corpus paths -> parsed articles, with every problem reported and skipped.

The corpus is a list of paths; directories are read recursively. Files are decoded line by
line as UTF-8 (with or without BOM) or GB18030. A file or line that cannot be used is reported
by path (and line) and skipped, a directory that cannot be listed is reported by path; a value
that cannot be used (a date that is not a real day) is reported and left out of its article.
The load itself never raises on bad input.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import logging
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .chunking import cap_paragraphs
from .formats import FormatError, has_surrogate, parse_jsonl_line, parse_markdown, parse_scraped_text
from .models import Article
from .page_worker import PageWorker, ParseTimeout
from .safedir import DIRECTORY_FLAGS, READ_FLAGS, NotRegularFileError, open_beneath, open_regular, read_descriptor
from .web_article import read_page

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".jsonl": "jsonl", ".ndjson": "jsonl"}
TEXT_SUFFIXES |= {".html": "html", ".htm": "html"}  # web pages (retrieval/web_article.py)
_IGNORED_NAMES = {"readme", "license", "licence", "changelog"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
"""Control characters that do not occur in text files (tab, newlines and form feed do)."""
LINK_REFUSED = "symbolic link: not followed (corpus files must lie inside the corpus folder)"
MAX_PROBLEMS_PER_FILE = 100
"""Bad lines reported one by one per file; the rest are counted in one more report."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the corpus that was skipped (a file, a line, a directory) or left out of an
    article (a value), and why; the reason says which."""

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


def discover_files(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[tuple[Path, Path]], list[Problem]]:
    """All corpus files under ``paths`` as (file, root) pairs, sorted within each root, and the
    entries that cannot be read as files, each reported by name: directories that cannot be
    listed, symbolic links (a corpus folder is a root: nothing in it may lead outside it), and
    things that are not regular files (a FIFO would block the reader forever).

    Folders are walked through directory descriptors, never following a link. A path given
    as a file is its own root. README/LICENSE files and hidden entries inside directories are
    not articles and are passed over. A path that does not exist raises :class:`CorpusPathError`.
    """
    found: list[tuple[Path, Path]] = []
    problems: list[Problem] = []
    for raw in paths:
        root = Path(raw)
        if root.is_file():
            found.append((root, root))
            continue
        if not root.is_dir():
            raise CorpusPathError(f"corpus path not found: {root}")
        if not os.access(root, os.R_OK | os.X_OK):
            raise CorpusPathError(f"corpus path not readable: {root}")
        try:
            fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as exc:
            raise CorpusPathError(f"corpus path not readable: {root} ({exc.strerror})") from exc
        _walk_folder(fd, root, root, found, problems, 0)
    return found, problems


MAX_FOLDER_DEPTH = 64
"""Folders nested deeper than this in a corpus root are reported, not read."""


def _walk_folder(fd: int, folder: Path, root: Path, found: list[tuple[Path, Path]], problems: list[Problem], depth: int) -> None:
    """Add the files of the open folder ``fd`` (then of its subfolders, in name order) to
    ``found``; report what cannot be read. Closes ``fd``."""
    subfolders: list[str] = []
    try:
        with os.scandir(fd) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            name = entry.name
            if name.startswith(".") or Path(name).stem.lower() in _IGNORED_NAMES and not entry.is_dir(follow_symlinks=False):
                continue
            path = folder / name
            if has_surrogate(str(path)):  # its id and reports could not be written as text
                problems.append(Problem(printable_path(str(path)), "file name is not valid UTF-8; rename the file"))
            elif entry.is_symlink():
                problems.append(Problem(str(path), LINK_REFUSED))
            elif entry.is_dir(follow_symlinks=False):
                subfolders.append(name)
            elif entry.is_file(follow_symlinks=False):
                found.append((path, root))
            else:
                problems.append(Problem(str(path), "not a regular file"))
        for name in subfolders:
            path = folder / name
            if depth >= MAX_FOLDER_DEPTH:
                problems.append(Problem(str(path), f"folder nested more than {MAX_FOLDER_DEPTH} deep: not read"))
                continue
            try:
                inner = os.open(name, DIRECTORY_FLAGS, dir_fd=fd)
            except OSError as exc:
                problems.append(Problem(str(path), _unreadable_folder(exc)))
                continue
            _walk_folder(inner, path, root, found, problems, depth + 1)
    except OSError as exc:
        problems.append(Problem(printable_path(str(folder)), _unreadable_folder(exc)))
    finally:
        os.close(fd)


def _unreadable_folder(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return LINK_REFUSED
    return f"cannot read directory: {exc.strerror or exc}"


def printable_path(path: str) -> str:
    """A path as text that can be printed and sent: bytes that are not UTF-8 shown as U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def open_corpus_file(file: Path, root: Path) -> tuple[int, os.stat_result]:
    """``file`` opened for reading from below ``root`` (see safedir.open_beneath): no symbolic
    link below the root is followed, and only a regular file opens; a root given as a file is
    opened as named. Raises OSError (NotRegularFileError for a FIFO, device, socket …)."""
    if file == root:
        return open_regular(file, flags=READ_FLAGS & ~os.O_NOFOLLOW)
    try:
        relative = file.relative_to(root).parts
    except ValueError:
        root, relative = file.parent, (file.name,)
    return open_beneath(root, relative)


def _unreadable_file(exc: OSError) -> str:
    """Why a corpus file could not be read, in one line."""
    if isinstance(exc, NotRegularFileError):
        return "not a regular file"
    if exc.errno in (errno.ELOOP, errno.ENOTDIR):
        return LINK_REFUSED
    return f"cannot read: {exc.strerror or exc}"


def file_stamp(file: Path, root: Path) -> SourceFile | None:
    """The file's size and modification time (of the entry itself: a link is not followed
    below a root), or None when it cannot be looked at (it is gone)."""
    try:
        stat_result = file.stat() if file == root else file.lstat()
    except OSError:
        return None
    return SourceFile(str(file), stat_result.st_size, stat_result.st_mtime_ns)


def skipped_stamp(path: str) -> SourceFile:
    """The stamp of an entry that is listed but not read (a link, a FIFO, a file gone since it
    was listed): no file has it, so the corpus with the entry and the one without it differ,
    and adding or removing such an entry makes the next load read the corpus (and report it)."""
    return SourceFile(path, -1, -1)


def stamp_files(paths: Sequence[str | os.PathLike[str]]) -> list[SourceFile]:
    """Size and modification time of every corpus file, without reading them, after the
    skipped entries' stamps (in the order load_corpus lists them)."""
    files, problems = discover_files(paths)
    stamps = [skipped_stamp(problem.path) for problem in problems]
    return stamps + [stamp for file, root in files if (stamp := file_stamp(file, root)) is not None]


def _line_encoding(lines: Sequence[bytes]) -> str:
    """The encoding of a file's lines: UTF-8, unless more of its non-ASCII lines are valid
    GB18030 only than are valid UTF-8 (so one bad byte never turns a UTF-8 file into GB18030)."""
    utf8 = gb18030 = 0
    for raw in lines:
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            try:
                raw.decode("gb18030")
                gb18030 += 1
            except UnicodeDecodeError:
                pass
    return "gb18030" if gb18030 > utf8 else "utf-8"


def decode_lines(data: bytes) -> list[tuple[int, str | FormatError]]:
    """The file's lines (split at ``\n``), each decoded or a FormatError naming the bad byte.

    A line that is valid UTF-8 is UTF-8. A line that is not is decoded as GB18030 when the
    file is a GB18030 file (see _line_encoding), else it is reported as invalid UTF-8.
    A final empty piece after the last newline is not a line.
    """
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8):], "utf-8"
    else:
        encoding = ""
    try:  # the common case, in one step: the whole file is UTF-8
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        pieces = text.split("\n")
        if pieces and not pieces[-1]:
            pieces.pop()
        return list(enumerate(pieces, start=1))
    lines = _split_lines(data)
    unterminated = len(lines) if not data.endswith(b"\n") else 0
    encoding = encoding or _line_encoding(lines)
    decoded: list[tuple[int, str | FormatError]] = []
    for number, raw in enumerate(lines, start=1):
        try:
            decoded.append((number, raw.decode("utf-8")))
            continue
        except UnicodeDecodeError as exc:
            error = exc
        if encoding == "gb18030":
            try:
                decoded.append((number, raw.decode("gb18030")))
                continue
            except UnicodeDecodeError as exc:
                error = exc
        if number == unterminated and error.reason == "unexpected end of data":
            decoded.append((number, FormatError("truncated: the last line has no newline and ends inside a character", number)))
            continue
        what = "UTF-8" if encoding == "utf-8" else "UTF-8 or GB18030"
        bad = raw[error.start:error.start + 1].hex()
        decoded.append((number, FormatError(f"not valid {what} (byte 0x{bad} at byte {error.start + 1} of the line)", number)))
    return decoded


def _line_of(data: bytes | str, offset: int) -> int:
    return data.count(b"\n" if isinstance(data, bytes) else "\n", 0, offset) + 1


def _refuse_utf16(data: bytes) -> None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FormatError("UTF-16 text is not read; save the file as UTF-8")


def decode_bytes(data: bytes) -> str:
    """One article file's bytes as text (UTF-8 or GB18030); FormatError for binary or bad bytes."""
    _refuse_utf16(data)
    if (nul := data.find(b"\x00", 0, 65536)) >= 0:
        raise FormatError(f"binary file (NUL byte at line {_line_of(data, nul)})")
    lines = decode_lines(data)
    for _number, line in lines:
        if isinstance(line, FormatError):
            raise line
    text = "\n".join(line for _number, line in lines)  # type: ignore[misc]
    head = text[:65536]
    controls = _CONTROL.findall(head)
    if len(controls) > max(8, len(head) // 100):
        first = _CONTROL.search(head).start()  # type: ignore[union-attr]
        raise FormatError(f"binary file ({len(controls)} control characters, the first at line {_line_of(head, first)})")
    return text


def _article_id(file: Path, root: Path) -> str:
    """A stable id from the path relative to its corpus root, without the suffix."""
    try:
        relative = file.relative_to(root) if file != root else Path(file.name)
    except ValueError:
        relative = Path(file.name)
    return relative.with_suffix("").as_posix()


PAGE_DEADLINE = 30.0
"""Seconds one corpus page (.html) may take to parse. Pages are parsed in a worker process
(page_worker.py), as fetched pages are: trafilatura and lxml are not known to be linear on hostile
markup, and a parse holding the GIL in a reload thread would slow the bot's answers with it."""
_page_worker = PageWorker()


def read_file(file: Path, root: Path, earlier: Sequence[Article] = ()) -> tuple[list[Article], list[Problem]]:
    """Parse one corpus file; every failure comes back as a Problem, never an exception.

    ``earlier``: what an earlier read of the file gave; a JSON Lines file reuses those articles
    for lines that have not changed (see read_jsonl).
    """
    kind = TEXT_SUFFIXES.get(file.suffix.lower())
    if kind is None:
        return [], [Problem(str(file), f"unsupported file type {file.suffix or '(none)'!r}; expected .txt, .md, .jsonl or .html")]
    try:
        data = read_descriptor(open_corpus_file(file, root)[0])
    except OSError as exc:
        return [], [Problem(str(file), _unreadable_file(exc))]
    if not data or data.isspace():  # not data.strip(): that copies a 34 MB file to find one character
        return [], [Problem(str(file), "empty file")]
    if kind == "html":  # a page declares its own charset: the page reader decodes it
        try:
            pages, errors = _page_worker.run_blocking(read_page, data, _article_id(file, root), str(file), deadline=PAGE_DEADLINE)
        except ParseTimeout as exc:
            return [], [Problem(str(file), f"page not read: it {exc}")]
        return pages, [Problem(str(file), error.reason, error.line) for error in errors]
    article_id = _article_id(file, root)
    if kind == "jsonl":
        return read_jsonl(data, str(file), article_id, earlier)
    notes: list[FormatError] = []
    parse = parse_markdown if kind == "markdown" else parse_scraped_text
    try:
        article = parse(decode_bytes(data), article_id, str(file), notes)
    except FormatError as exc:
        return [], [Problem(str(file), exc.reason, exc.line)]
    article.file = str(file)
    return [article], [Problem(str(file), note.reason, note.line) for note in notes]


def _split_lines(data: bytes) -> list[bytes]:
    """``data`` split at ``\n``; a final empty piece after the last newline is not a line."""
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    return lines


def _raw_lines(data: bytes) -> list[bytes]:
    """The file's lines as bytes, as decode_lines splits them (after its BOM)."""
    return _split_lines(data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data)


def _line_digest(raw: bytes) -> str:
    """A line's fingerprint, to tell whether it changed (SHA-1: the quickest here, and no adversary)."""
    return hashlib.sha1(raw, usedforsecurity=False).hexdigest()


def read_jsonl(data: bytes, path: str, path_id: str, earlier: Sequence[Article] = ()) -> tuple[list[Article], list[Problem]]:
    """The articles of a JSON Lines file, line by line: a bad line costs that line only.

    A file with no article at all that holds NUL bytes or no decodable line is reported once
    as binary (or UTF-16) rather than line by line; past MAX_PROBLEMS_PER_FILE bad lines are counted.
    ``earlier`` (the articles an earlier read of this file gave): a line with the same number
    and bytes as one that gave an article then, with nothing to report, gives that article again
    without being decoded or parsed, which is what keeps reloading a large file quick.
    """
    articles: list[Article] = []
    problems: list[Problem] = []
    known = {(a.origin, a.line_digest): a for a in earlier if a.line_digest}
    raw_lines = _raw_lines(data)
    decoded: dict[int, str | FormatError] | None = None  # decode_lines(data), made when a line needs it
    last = len(raw_lines)
    for number, raw in enumerate(raw_lines, start=1):
        if not raw or raw[:1].isspace() and not raw.strip(b" \t\r"):  # JSON's own whitespace; any other character is reported
            continue
        digest = _line_digest(raw)
        if (same := known.get((f"{path}:{number}", digest))) is not None:
            articles.append(same)
            continue
        try:  # a line that is valid UTF-8 is UTF-8 whatever the file's encoding (see decode_lines)
            line: str | FormatError = raw.decode("utf-8")
        except UnicodeDecodeError:
            if decoded is None:
                decoded = dict(decode_lines(data))
            line = decoded[number]
        if isinstance(line, FormatError):
            problems.append(Problem(path, line.reason, number))
            continue
        notes: list[FormatError] = []
        try:
            article = parse_jsonl_line(line, number, path_id, path, notes, unterminated=number == last and not data.endswith(b"\n"))
        except FormatError as exc:
            problems.append(Problem(path, exc.reason, exc.line))
            continue
        article.file = path
        if not notes:  # an article with notes is parsed again, so that they are reported again
            article.line_digest = digest
        articles.append(article)
        problems.extend(Problem(path, note.reason, note.line) for note in notes)
    if not articles and problems and (b"\x00" in data or all(isinstance(line, FormatError) for line in (decoded or dict(decode_lines(data))).values())):
        try:
            _refuse_utf16(data)
        except FormatError as exc:
            return [], [Problem(path, exc.reason)]
        return [], [Problem(path, "binary file: no line is a JSON article")]
    if len(problems) > MAX_PROBLEMS_PER_FILE:
        rest = problems[MAX_PROBLEMS_PER_FILE:]
        problems = problems[:MAX_PROBLEMS_PER_FILE] + [
            Problem(path, f"{len(rest)} more problems not listed, the first at line {rest[0].line}", rest[0].line)
        ]
    return articles, problems


DUPLICATES_EXPECTED = (
    "expected when one corpus path repeats articles of another, as the shipped corpus/ repeats articles"
    " of the development corpus (../shared/data/news)"
)
"""Said with the count of repeated ids: they are not a fault in that case, only the later copy is kept."""


def capped(articles: Sequence[Article], path: str) -> list[Problem]:
    """Cap each article's paragraphs (chunking.cap_paragraphs); a problem naming the article for
    each one that was split or cut, so that nothing is left out silently."""
    problems = []
    for article in articles:
        for reason in cap_paragraphs(article):
            line = article.origin.rpartition(":")[2] if article.origin.startswith(f"{path}:") else ""
            problems.append(Problem(path, f"article {article.id}: {reason}", int(line) if line.isdigit() else None))
    return problems


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
    files, load.problems = discover_files(paths)
    for problem in load.problems:
        log.warning("corpus: %s", problem)
    load.files = [skipped_stamp(problem.path) for problem in load.problems]
    for file, root in files:
        stamp = file_stamp(file, root)
        earlier = (unchanged or {}).get(str(file))
        if stamp is not None and earlier is not None and earlier[0] == stamp:
            articles, problems = earlier[1], earlier[2]
        else:
            articles, problems = read_file(file, root, earlier[1] if earlier is not None else ())
            reused = {id(a) for a in earlier[1]} if earlier is not None else set()  # within the caps: a capped article is parsed again
            problems = problems + capped([a for a in articles if id(a) not in reused], str(file))
            for problem in problems:
                log.warning("corpus: %s", problem)
        load.problems.extend(problems)
        batches.append(articles)
        load.by_file[str(file)] = articles
        load.files.append(stamp if stamp is not None else skipped_stamp(str(file)))  # gone: see skipped_stamp
    load.articles, load.duplicates = merge_articles(batches)
    if load.duplicates:
        shown = ", ".join(load.duplicates[:5]) + (" …" if len(load.duplicates) > 5 else "")
        log.warning(
            "%d article ids seen more than once, the later one kept (%s): %s",
            len(load.duplicates), DUPLICATES_EXPECTED, shown,
        )
    if not load.articles:
        log.warning(
            "the corpus holds no articles: %s (problems reported: %d)", ", ".join(str(p) for p in paths), len(load.problems)
        )
    return load
