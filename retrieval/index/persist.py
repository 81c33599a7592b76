"""Saving a built index to a directory and loading it back when the corpus has not changed.

Layout of an index directory (nothing in it can run code when loaded):

* ``manifest.json`` — format version, corpus fingerprint, BM25 parameters, counts, and the
  SHA-256 of every other file;
* ``postings.<array>.npy`` — BM25 arrays (term pointers, doc ids, term frequencies, lengths,
  idf) and the chunk table, one raw ``.npy`` file each; memory-mapped read-only when loaded, so
  start-up does not read them and every process serving the index shares one copy of them in
  the page cache (a header naming an object dtype, i.e. pickle, is refused);
* ``forward.<array>.npy`` — the forward index, mapped only by an incremental rebuild;
* ``corpus.json`` — articles, quotes (columns per dataclass field, see records.py), the
  vocabulary, the learned names and what each corpus file held.

The directory is written next to the old one and swapped with it in one atomic step
(renameat2's RENAME_EXCHANGE; two renames where the system lacks it), so a crash while saving
leaves the old index or the new one, never a half-written one or none (and a process still serving the old arrays
keeps its mapping of the replaced files). Loading refuses a directory (or file) that
is not owned by the user newsbot runs as or that group or others can write
(UnsafeDirectoryError), and treats any file that fails its checksum or its consistency checks
as unusable: the index is then rebuilt, with a warning that says why.

Checksums are verified the first time a file is opened after it was written; the process that
verified it records that in ``verified.json`` (the file's inode, size, mtime and ctime with the
checksum it matched), so later processes (bot replicas, ``newsbot ask``) map gigabytes without
reading them. A file changed or replaced since has another ctime or inode (ctime cannot be set
back by a user), so it is hashed again; the directory's owner and mode checks keep other users
from writing either the files or the record.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import itertools
import json
import logging
import mmap
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from ..ingest import Problem, SourceFile, load_corpus, stamp_files
from ..models import Article, Quote
from ..records import decode_records, encode_records
from ..safedir import (
    DIRECTORY_FLAGS,
    NotRegularFileError,
    UnsafeDirectoryError,
    check_private,
    make_private_dirs,
    open_regular,
    read_descriptor,
)
from ..tokenize import NewsTokenizer
from .bm25 import BM25Params, ForwardIndex, ParagraphIndex
from .news_index import IndexStats, NewsIndex, Progress, collection_paused, quote_raw_key
from .speaker_index import SpeakerIndex

log = logging.getLogger(__name__)

FORMAT_VERSION = 12
"""Bump when the index contents or the way they are computed change."""


@dataclass(slots=True)
class BuildReport:
    """How an index came to be: loaded from disk or built, and what was skipped."""

    loaded: bool
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)
    reused: dict[str, int] | None = None
    """For an incremental rebuild: articles reused and redone, chunks tokenized again."""
    save: Callable[[], None] | None = field(default=None, repr=False)
    """With open_index(defer_save=True): writes the new index to disk."""


class IndexLoadError(Exception):
    """The index directory holds an index that cannot be used: unreadable, failing a checksum,
    or inconsistent (arrays that do not fit each other or the manifest's counts)."""


_INDEX_MODULES = (
    "formats", "frontmatter", "ingest", "normalize", "chunking", "tokenize", "speakers", "attribution", "coreference",
    "index/bm25", "index/news_index", "index/update", "models", "inventories", "web_article", "index/speaker_index",
    "index/speaker_delta", "tagger", "subject_classes",
)
"""Modules whose code decides what goes into an index (question answering is not among them), as
paths under retrieval/."""
_LIBRARY = Path(__file__).parent.parent
"""retrieval/"""


@functools.cache
def code_version() -> str:
    """A hash of the source that builds indexes: an index built by other code is rebuilt."""
    digest = hashlib.sha256()
    for name in _INDEX_MODULES:
        digest.update((_LIBRARY / f"{name}.py").read_bytes())
    for inventory in sorted((_LIBRARY / "data").glob("*.txt")):  # the name inventories
        digest.update(inventory.read_bytes())
    return digest.hexdigest()[:16]


def corpus_fingerprint(files: Sequence[SourceFile], params: BM25Params) -> str:
    """A hash of every corpus file's path, size and mtime, the parameters and the code."""
    digest = hashlib.sha256()
    digest.update(f"v{FORMAT_VERSION}|{code_version()}|{params.k1}|{params.b}|{params.epsilon}".encode())
    for f in sorted(files, key=lambda f: f.path):
        digest.update(f"\n{os.path.abspath(f.path)}|{f.size}|{f.mtime_ns}".encode())
    return digest.hexdigest()


def default_index_dir(base: Path, corpus_paths: Sequence[str | os.PathLike[str]]) -> Path:
    """One subdirectory of ``base`` per set of corpus paths, so corpora do not evict each other."""
    key = "\n".join(sorted(os.path.abspath(p) for p in corpus_paths))
    return base / hashlib.sha256(key.encode()).hexdigest()[:16]


_CHUNK = 1 << 20
VERIFIED_RECORD = "verified.json"
"""Not listed in the manifest: which files a reader already hashed (IndexDirectory._check_sum)."""
POSTINGS_ARRAYS = ("indptr", "doc_ids", "term_freqs", "doc_len", "idf", "chunks", "chunk_converted")
FORWARD_ARRAYS = ("indptr", "terms", "tfs")


def _json_bytes(value: object, indent: int | None = None) -> bytes:
    """UTF-8 JSON; lone surrogates (from an undecodable file name or a \\ud800 escape in a
    corpus line) are kept as they are, so they round-trip instead of failing the save."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":"))
    return text.encode("utf-8", "surrogatepass")


def _from_json_bytes(data: bytes) -> Any:
    return json.loads(data.decode("utf-8", "surrogatepass"))


def _sha256(fh: BinaryIO) -> str:
    digest = hashlib.sha256()
    while block := fh.read(_CHUNK):
        digest.update(block)
    return digest.hexdigest()


class IndexDirectory:
    """An existing index directory, opened once; its files are read through that handle.

    Opening checks ownership and mode (UnsafeDirectoryError); every file read is checked the
    same way and against the manifest's checksum (IndexLoadError), so what was checked is
    what is loaded.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.fd = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            check_private(os.fstat(self.fd), f"index directory {self.path}")
        except BaseException:
            os.close(self.fd)
            raise
        self._manifest: dict[str, Any] | None = None
        self._verified: dict[str, Any] | None = None
        self._newly_verified: dict[str, list[Any]] = {}
        self.recorded: set[str] = set()
        """Files read through this handle that verified.json vouched for (not hashed again)."""

    def __enter__(self) -> IndexDirectory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        os.close(self.fd)

    def has(self, name: str) -> bool:
        try:
            os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return False
        return True

    def open(self, name: str) -> BinaryIO:
        """One file of the directory (no symbolic links), after the ownership checks."""
        fd, _ = self._open_checked(name)
        return os.fdopen(fd, "rb")

    def manifest(self) -> dict[str, Any]:
        """manifest.json as a JSON object (its entries are checked where they are used)."""
        if self._manifest is None:
            with self.open("manifest.json") as fh:
                try:
                    manifest = _from_json_bytes(fh.read())
                except (OSError, ValueError) as exc:
                    raise IndexLoadError(f"index in {self.path}: manifest.json is unreadable ({exc})") from exc
            if not isinstance(manifest, dict):
                raise IndexLoadError(f"index in {self.path}: manifest.json is not a JSON object")
            self._manifest = manifest
        return self._manifest

    def _open_checked(self, name: str) -> tuple[int, os.stat_result]:
        """(descriptor, stat) of one file of the directory, no symbolic link, after the ownership checks."""
        try:
            fd, st = open_regular(name, dir_fd=self.fd)
        except NotRegularFileError as exc:
            raise IndexLoadError(f"index in {self.path}: {name} is not a regular file") from exc
        except OSError as exc:
            raise IndexLoadError(f"index in {self.path}: cannot open {name}: {exc.strerror}") from exc
        try:
            check_private(st, f"index file {self.path / name}")
        except BaseException:
            os.close(fd)
            raise
        return fd, st

    def _expected_checksum(self, name: str) -> str:
        expected = self.manifest().get("checksums", {})
        if not isinstance(expected, dict) or not isinstance(expected.get(name), str):
            raise IndexLoadError(f"index in {self.path}: the manifest has no checksum for {name}")
        return expected[name]

    def _check_sum(self, name: str, st: os.stat_result, content: bytes | mmap.mmap) -> None:
        """Raise IndexLoadError unless ``content`` (what the open file holds) has the manifest's
        checksum; skipped when verified.json records this very file (same inode, size, mtime and
        ctime) as having matched that checksum and the checks of its contents before. A match
        is kept for record_verified."""
        expected = self._expected_checksum(name)
        stamp = [expected, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
        if self._verified_record().get(name) == stamp:
            self.recorded.add(name)
            return
        if hashlib.sha256(content).hexdigest() != expected:
            raise IndexLoadError(f"index in {self.path}: {name} does not match its checksum in the manifest")
        self._newly_verified[name] = stamp

    def _verified_record(self) -> dict[str, Any]:
        """verified.json: the files some process already hashed, by name (empty if none or unusable)."""
        if self._verified is None:
            self._verified = {}
            if self.has(VERIFIED_RECORD):
                try:
                    fd, _ = self._open_checked(VERIFIED_RECORD)
                    record = _from_json_bytes(read_descriptor(fd))
                    self._verified = record if isinstance(record, dict) else {}
                except (IndexLoadError, OSError, ValueError):
                    pass  # hashed again, and recorded anew
        return self._verified

    def record_verified(self) -> None:
        """Add the files hashed through this handle to verified.json, once what was read from
        them passed the consistency checks too (atomically; best effort: on a read-only
        directory every process hashes)."""
        if not self._newly_verified:
            return
        record = {**self._verified_record(), **self._newly_verified}
        temporary = f".{VERIFIED_RECORD}.{os.getpid()}"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600, dir_fd=self.fd)
            with os.fdopen(fd, "wb") as fh:
                fh.write(_json_bytes(record))
            os.rename(temporary, VERIFIED_RECORD, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except OSError as exc:
            log.debug("could not record verified checksums in %s: %s", self.path, exc)
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=self.fd)
            return
        self._verified, self._newly_verified = record, {}

    def read_verified(self, name: str) -> bytes:
        """Everything ``name`` holds, once it matches its checksum in the manifest."""
        fd, st = self._open_checked(name)
        try:
            content = read_descriptor(fd)
        except OSError as exc:
            raise IndexLoadError(f"index in {self.path}: {name} is unreadable ({exc})") from exc
        self._check_sum(name, st, content)
        return content

    def mapped(self, name: str) -> np.ndarray:
        """The array in the .npy file ``name``, memory-mapped read-only once the file matches its
        checksum; the header is parsed as a literal and an object dtype (pickle) is refused."""
        fd, st = self._open_checked(name)
        try:
            buffer = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:  # ValueError: an empty file
            raise IndexLoadError(f"index in {self.path}: {name} cannot be mapped ({exc})") from exc
        finally:
            os.close(fd)
        self._check_sum(name, st, buffer)
        try:
            major, _ = np.lib.format.read_magic(buffer)
            reader = {1: np.lib.format.read_array_header_1_0, 2: np.lib.format.read_array_header_2_0}.get(major)
            if reader is None:
                raise ValueError(f"unsupported .npy version {major}")
            shape, fortran_order, dtype = reader(buffer)
            if dtype.hasobject:
                raise ValueError("an object array (pickle) is refused")
            count = int(np.prod(shape, dtype=np.int64))
            if buffer.tell() + count * dtype.itemsize != len(buffer):
                raise ValueError(f"{len(buffer) - buffer.tell()} bytes of data for {count} {dtype} values")
            array = np.frombuffer(buffer, dtype=dtype, count=count, offset=buffer.tell())
            return array.reshape(shape, order="F" if fortran_order else "C")
        except (ValueError, TypeError, OSError) as exc:
            raise IndexLoadError(f"index in {self.path}: {name} is unreadable ({exc.__class__.__name__}: {exc})") from exc

    def arrays(self, prefix: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The arrays ``prefix.<key>.npy`` that exist, mapped by key (the caller checks that all are there)."""
        return {key: self.mapped(f"{prefix}.{key}.npy") for key in keys if self.has(f"{prefix}.{key}.npy")}

    def json(self, name: str) -> Any:
        """``name`` decoded as JSON once its checksum matches. The file's bytes are dropped
        before parsing (only the text and the objects made from it are held together: for
        corpus.json that keeps the bytes, a third of the peak, out of it)."""
        try:
            text = self.read_verified(name).decode("utf-8", "surrogatepass")
            return json.loads(text)
        except ValueError as exc:
            raise IndexLoadError(f"index in {self.path}: {name} is not valid JSON ({exc})") from exc


def open_index_directory(directory: Path) -> IndexDirectory | None:
    """The index directory opened for reading; None if there is none (nothing to load)."""
    try:
        return IndexDirectory(directory)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise UnsafeDirectoryError(f"index directory {directory} cannot be opened ({exc.strerror})") from exc


def _create(path: Path) -> BinaryIO:
    """A new file only its owner can read and write, whatever the umask."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


_STAGING_SUFFIX = re.compile(r"[a-z0-9_]{8}|old")
"""What follows ``.<index name>.`` in a save's staging folder (tempfile.mkdtemp's eight characters)
or in the old index a save without an atomic exchange moves aside."""


def _locked_directory(path: Path, wait: bool) -> int | None:
    """A descriptor of the directory ``path`` holding its exclusive lock; None when another
    process holds it (``wait=False``). A save holds its staging folder's lock until it is done;
    the kernel releases it when the process dies, however it dies."""
    fd = os.open(path, DIRECTORY_FLAGS)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    return fd


def remove_stale_staging(directory: Path) -> list[str]:
    """Remove the staging folders that killed saves left beside ``directory`` (``.<name>.xxxxxxxx``,
    ``.<name>.old``): those owned by this user that no running save holds locked. Returns their names."""
    directory = Path(directory)
    prefix = f".{directory.name}."
    try:
        names = [n for n in os.listdir(directory.parent) if n.startswith(prefix) and _STAGING_SUFFIX.fullmatch(n[len(prefix):])]
    except OSError:
        return []
    removed = []
    for name in names:
        path = directory.parent / name
        try:
            fd = _locked_directory(path, wait=False)
        except OSError:
            continue  # gone meanwhile, or not a directory
        if fd is None:
            continue  # a save is writing it
        try:
            if os.fstat(fd).st_uid == os.geteuid():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(name)
        finally:
            os.close(fd)
    if removed:
        log.info("removed %d staging folder(s) a killed save left beside %s: %s", len(removed), directory, ", ".join(removed))
    return removed


def _article_table(index: NewsIndex) -> tuple[list[Article], dict[str, list[int]]]:
    """The index's articles, then any other article a corpus file held (a replaced duplicate),
    and each file's articles as positions in that list (the same objects come back on load)."""
    table = list(index.articles)
    position = {id(a): i for i, a in enumerate(table)}
    by_file: dict[str, list[int]] = {}
    for path, articles in index.by_file.items():
        refs = []
        for article in articles:
            if id(article) not in position:
                position[id(article)] = len(table)
                table.append(article)
            refs.append(position[id(article)])
        by_file[path] = refs
    return table, by_file


_RENAME_EXCHANGE = 2
"""renameat2's flag (linux/fs.h): swap two paths atomically."""


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """libc's renameat2 (Linux 3.15, glibc 2.28), or None where there is none."""
    import ctypes
    import ctypes.util

    try:
        function = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one atomic step, so that ``second`` always holds a whole index,
    the old or the new, whenever the process stops. False where the system cannot (the caller
    then renames twice); OSError for a real failure."""
    import ctypes

    function = _renameat2()
    if function is None:
        return False
    at_cwd = -100  # AT_FDCWD
    if function(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # an old kernel or a file system without it
        return False
    raise OSError(error, os.strerror(error), os.fspath(second))


def _write_arrays(directory: Path, prefix: str, arrays: dict[str, np.ndarray]) -> None:
    """Each array as the raw .npy file ``prefix.<key>.npy`` (C order, never pickled), for mapping."""
    for key, array in arrays.items():
        with _create(directory / f"{prefix}.{key}.npy") as fh:
            np.lib.format.write_array(fh, np.ascontiguousarray(array), allow_pickle=False)


def save_index(index: NewsIndex, directory: Path, fingerprint: str, report: BuildReport | None = None) -> None:
    """Write ``index`` to ``directory`` atomically (replacing what was there).

    The forward index of a fresh build goes to disk too (for incremental reloads) and is then
    released from memory: serving does not need it. A reload's segments (segments.SegmentedIndex)
    are folded into one block first, the block a full build gives, and once saved it replaces them
    in ``index`` too (the same scores; the next reload starts from what is on disk).
    """
    from ..segments import SegmentedIndex
    from .update import fold

    bm25, forward = index.bm25, index.forward
    if isinstance(bm25, SegmentedIndex):
        bm25, forward = fold(bm25)
    directory = Path(directory)
    make_private_dirs(directory.parent)
    remove_stale_staging(directory)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    lock = _locked_directory(staging, wait=True)  # held until the save is done (or its process dies)
    try:
        postings = {
            "indptr": bm25.indptr, "doc_ids": bm25.doc_ids, "term_freqs": bm25.term_freqs, "doc_len": bm25.doc_len,
            "idf": bm25.idf, "chunks": index.chunks, "chunk_converted": index.chunk_converted,
        }
        _write_arrays(staging, "postings", postings)
        if forward is not None:
            _write_arrays(staging, "forward", {"indptr": forward.indptr, "terms": forward.terms, "tfs": forward.tfs})
        articles, by_file = _article_table(index)
        payload = {
            "articles": encode_records(Article, articles),
            "by_file": by_file,
            "quotes": encode_records(Quote, index.quotes),
            "vocabulary": list(bm25.vocabulary),
            "names": [[word, freq, index.tokenizer.plain_freqs[word]] for word, freq in index.tokenizer.names.items()],
            "speakers": index.speakers.to_json(),
            "quote_text_keys": [None if key == quote_raw_key(q) else key for q, key in zip(index.quotes, index.quote_text_keys)],
        }
        with _create(staging / "corpus.json") as fh:
            fh.write(_json_bytes(payload))
        checksums = {}
        for path in sorted(staging.iterdir()):
            with open(path, "rb") as fh:
                checksums[path.name] = _sha256(fh)
        manifest = {
            "format": FORMAT_VERSION,
            "code": code_version(),
            "fingerprint": fingerprint,
            "params": asdict(bm25.params),
            "stats": asdict(index.stats),
            "counts": {"article_table": len(articles), "terms": len(bm25.vocabulary), "postings": int(len(bm25.doc_ids))},
            "checksums": checksums,
            "files": [[f.path, f.size, f.mtime_ns] for f in (report.files if report else [])],
            "problems": [asdict(p) for p in report.problems] if report else [],
            "duplicates": report.duplicates if report else [],
        }
        with _create(staging / "manifest.json") as fh:
            fh.write(_json_bytes(manifest, indent=1))
        if not directory.exists():
            staging.rename(directory)
        elif _exchange(staging, directory):
            shutil.rmtree(staging, ignore_errors=True)  # now the old index
        else:  # no atomic exchange here: a crash between the two renames leaves no index (rebuilt)
            old = directory.with_name(f".{directory.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            directory.rename(old)
            staging.rename(directory)
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        os.close(lock)
    index.bm25, index.forward = bm25, None


def load_index(directory: Path, fingerprint: str | None = None) -> NewsIndex | None:
    """The index saved in ``directory``; None if absent, of another format or built from
    another corpus state.

    Raises IndexLoadError if the files are there but unusable (unreadable, failing a checksum
    or inconsistent), UnsafeDirectoryError if another user could have written them.
    """
    store = open_index_directory(Path(directory))
    if store is None:
        return None
    with store:
        if not store.has("manifest.json"):
            return None
        manifest = store.manifest()
        if manifest.get("format") != FORMAT_VERSION:
            log.info("index in %s has format %s, expected %s: rebuilding", directory, manifest.get("format"), FORMAT_VERSION)
            return None
        if fingerprint is not None and manifest.get("fingerprint") != fingerprint:
            log.info("corpus changed since the index in %s was built", directory)
            return None
        return _load(store, manifest)


@collection_paused()
def _load(store: IndexDirectory, manifest: dict[str, Any]) -> NewsIndex:
    """The index in ``store`` (whose manifest has this format), checked for consistency."""
    try:
        params = BM25Params(**manifest["params"])
        stats = IndexStats(**manifest["stats"])
        counts = manifest["counts"]
        n_table, n_terms = int(counts["article_table"]), int(counts["terms"])
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexLoadError(f"index in {store.path}: manifest.json lacks or garbles {exc}") from exc
    data = store.arrays("postings", POSTINGS_ARRAYS)
    payload = store.json("corpus.json")
    try:
        scan = not all(f"postings.{key}.npy" in store.recorded for key in ("indptr", "doc_ids"))
        _check_postings(data, stats, n_terms, int(counts["postings"]), scan)
        if not isinstance(payload, dict):
            raise ValueError("corpus.json is not a JSON object")
        table = decode_records(Article, payload["articles"], n_table)
        articles = table[: stats.articles]
        vocabulary_list = payload["vocabulary"]
        vocabulary = {token: i for i, token in enumerate(vocabulary_list)}
        if len(vocabulary_list) != n_terms or len(vocabulary) != n_terms:
            raise ValueError(f"the vocabulary has {len(vocabulary_list)} terms ({len(vocabulary)} distinct), expected {n_terms}")
        paragraph_lengths = _check_chunks(data["chunks"], table, stats)
        quote_columns = payload["quotes"]
        _check_spans("quote", *(_integers(quote_columns[k], k) for k in ("article", "paragraph", "start", "end")), paragraph_lengths, stats.articles)
        quotes = decode_records(Quote, quote_columns, stats.quotes)
        if not all(isinstance(s.name, str) and isinstance(s.role, str | None) for s in {id(q.speaker): q.speaker for q in quotes}.values()):
            raise ValueError("a quote's speaker name or role is not a string")
        by_file = {path: [table[i] for i in _positions(refs, n_table)] for path, refs in payload["by_file"].items()}
        names = [(str(word), int(freq), int(plain)) for word, freq, plain in payload["names"]]
        speakers = SpeakerIndex.from_json(payload["speakers"], stats.quotes)
        text_keys = payload["quote_text_keys"]  # null where prepare() leaves the quote's key as it is
        if not isinstance(text_keys, list) or len(text_keys) != len(quotes) or not all(k is None or isinstance(k, str) for k in text_keys):
            raise ValueError("quote_text_keys is not one string or null per quote")
        text_keys = [quote_raw_key(q) if k is None else k for q, k in zip(quotes, text_keys)]
        bm25 = ParagraphIndex(vocabulary, data["indptr"], data["doc_ids"], data["term_freqs"], data["doc_len"], data["idf"], params)
        index = NewsIndex(articles, data["chunks"], quotes, bm25, NewsTokenizer([(w, f) for w, f, _ in names], {w: p for w, _, p in names}), stats, None, data["chunk_converted"], speakers, text_keys)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise IndexLoadError(f"index in {store.path} is inconsistent: {exc.__class__.__name__}: {exc}") from exc
    index.by_file = by_file
    store.record_verified()
    return index


def _integers(column: object, what: str) -> np.ndarray:
    """A JSON list of integers as an array (ValueError for anything else)."""
    array = np.asarray(column) if isinstance(column, list) and column else np.zeros(0, dtype=np.int64)
    if array.dtype.kind != "i" or array.ndim != 1:
        raise ValueError(f"quote {what} values are not all integers")
    return array.astype(np.int64)


def _positions(refs: object, size: int) -> list[int]:
    if not isinstance(refs, list) or not all(type(r) is int and 0 <= r < size for r in refs):
        raise ValueError("a corpus file lists an article that is not in the index")
    return refs


def _check_pointers(indptr: np.ndarray, rows: int, entries: int, what: str, scan: bool = True) -> None:
    """``indptr`` splits ``entries`` entries into ``rows`` rows: starts at 0, never decreases
    (that last part read only with ``scan``)."""
    if indptr.dtype.kind not in "iu" or indptr.shape != (rows + 1,):
        raise ValueError(f"{what} pointers have shape {indptr.shape} ({indptr.dtype}), expected ({rows + 1},) integers")
    if indptr[0] != 0 or indptr[-1] != entries or (scan and rows and np.any(np.diff(indptr) < 0)):
        raise ValueError(f"{what} pointers do not run from 0 to {entries} in order")


def _check_array(array: np.ndarray, shape: tuple[int, ...], kinds: str, what: str) -> None:
    if array.shape != shape or array.dtype.kind not in kinds:
        raise ValueError(f"{what} has shape {array.shape} ({array.dtype}), expected {shape}")


def _check_postings(data: dict[str, np.ndarray], stats: IndexStats, n_terms: int, n_postings: int, scan: bool = True) -> None:
    """Every array has the shape the manifest's counts imply, and every id is in range.

    Without ``scan`` the checks that read every posting (ids in range, pointers in order) are
    skipped: they passed when these very files were first verified (IndexDirectory.recorded),
    and skipping them keeps the mapped postings unread at start-up."""
    n_chunks = stats.chunks
    for key in POSTINGS_ARRAYS:
        if key not in data:
            raise ValueError(f"the index lacks postings.{key}.npy")
    _check_pointers(data["indptr"], n_terms, n_postings, "posting", scan)
    _check_array(data["doc_ids"], (n_postings,), "iu", "doc_ids")
    _check_array(data["term_freqs"], (n_postings,), "iu", "term_freqs")
    _check_array(data["doc_len"], (n_chunks,), "iu", "doc_len")
    _check_array(data["idf"], (n_terms,), "f", "idf")
    _check_array(data["chunks"], (n_chunks, 4), "iu", "the chunk table")
    _check_array(data["chunk_converted"], (n_chunks,), "b", "chunk_converted")
    doc_ids = data["doc_ids"]
    if scan and n_postings and (doc_ids.min() < 0 or doc_ids.max() >= n_chunks):
        raise ValueError(f"a posting names a chunk outside 0..{n_chunks - 1}")


def _check_chunks(chunks: np.ndarray, table: list[Article], stats: IndexStats) -> tuple[np.ndarray, np.ndarray]:
    """Chunk rows point into existing paragraphs, in article order; returns each article's
    first paragraph number and every paragraph's length, for checking quotes."""
    if stats.articles > len(table):
        raise ValueError(f"the manifest counts {stats.articles} articles, the file holds {len(table)}")
    counts = np.fromiter((len(a.paragraphs) for a in table[: stats.articles]), dtype=np.int64, count=stats.articles)
    if int(counts.sum()) != stats.paragraphs:
        raise ValueError(f"the articles hold {int(counts.sum())} paragraphs, the manifest counts {stats.paragraphs}")
    first = np.zeros(stats.articles + 1, dtype=np.int64)
    np.cumsum(counts, out=first[1:])
    lengths = np.fromiter(map(len, itertools.chain.from_iterable(a.paragraphs for a in table[: stats.articles])), dtype=np.int64, count=stats.paragraphs)
    rows = chunks.astype(np.int64)
    _check_spans("chunk", rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3], (first, lengths), stats.articles)
    if len(rows) > 1 and np.any(np.diff(rows[:, 0]) < 0):
        raise ValueError("the chunk table is not in article order")
    return first, lengths


def _check_spans(what: str, article: np.ndarray, paragraph: np.ndarray, start: np.ndarray, end: np.ndarray, paragraphs: tuple[np.ndarray, np.ndarray], n_articles: int) -> None:
    """Each (article, paragraph, start, end) names an existing paragraph and a span inside it."""
    first, lengths = paragraphs
    if not len(article):
        return
    if article.min() < 0 or article.max() >= n_articles:
        raise ValueError(f"a {what} names an article outside 0..{n_articles - 1}")
    count = first[article + 1] - first[article]
    if paragraph.min() < 0 or np.any(paragraph >= count):
        raise ValueError(f"a {what} names a paragraph its article does not have")
    length = lengths[first[article] + paragraph]
    if np.any(start < 0) or np.any(end < start) or np.any(end > length):
        raise ValueError(f"a {what} span falls outside its paragraph")


def load_forward(store: IndexDirectory, n_docs: int, n_terms: int, vocabulary: list[str]) -> ForwardIndex:
    """The forward index saved with an index, checked against the index it belongs to.

    Raises IndexLoadError if it is missing, fails its checksum or does not fit.
    """
    arrays = store.arrays("forward", FORWARD_ARRAYS)
    try:
        for key in FORWARD_ARRAYS:
            if key not in arrays:
                raise ValueError(f"the forward index lacks forward.{key}.npy")
        entries = len(arrays["terms"])
        _check_pointers(arrays["indptr"], n_docs, entries, "forward")
        _check_array(arrays["terms"], (entries,), "iu", "forward terms")
        _check_array(arrays["tfs"], (entries,), "iu", "forward term frequencies")
        if entries and (arrays["terms"].min() < 0 or arrays["terms"].max() >= n_terms):
            raise ValueError(f"a forward entry names a term outside 0..{n_terms - 1}")
    except ValueError as exc:
        raise IndexLoadError(f"index in {store.path} is inconsistent: {exc}") from exc
    store.record_verified()
    return ForwardIndex(arrays["indptr"], arrays["terms"], arrays["tfs"], vocabulary)


def verify_forward(directory: Path) -> None:
    """Check the forward index saved in ``directory`` against its checksums now and record that
    (verified.json), so that the first reload of a serving process maps it unread (hashing it
    there cost that reload 0.04 s on the shared corpus). A server calls this in the background;
    a missing or unusable index is left for the reload to report."""
    try:
        store = open_index_directory(Path(directory))
        if store is None:
            return
        with store:
            if store.has("manifest.json"):
                manifest = store.manifest()
                load_forward(store, int(manifest["stats"]["chunks"]), int(manifest["counts"]["terms"]), [])
    except (IndexLoadError, UnsafeDirectoryError, OSError, KeyError, TypeError, ValueError) as exc:
        log.debug("forward index in %s not verified ahead: %s", directory, exc)


def _reusable(manifest: dict[str, object], params: BM25Params) -> bool:
    """Was this index built by the same code with the same parameters (so its work can be reused)?"""
    return (
        manifest.get("format") == FORMAT_VERSION
        and manifest.get("code") == code_version()
        and manifest.get("params") == asdict(params)
    )


@dataclass(slots=True)
class _Previous:
    """What a persisted index offers: itself (corpus unchanged) or its work (with its forward index)."""

    index: NewsIndex
    forward: ForwardIndex | None
    problems: list[Problem]
    duplicates: list[str]
    unchanged: dict[str, tuple[SourceFile, list, list[Problem]]]


def _manifest_record(manifest: dict[str, Any]) -> tuple[list[Problem], list[str], list[tuple[str, int, int]]]:
    """The skipped files, repeated ids and corpus file stamps the manifest recorded."""
    try:
        problems = [Problem(**p) for p in manifest.get("problems", [])]
        duplicates = [str(d) for d in manifest.get("duplicates", [])]
        files = [(str(path), int(size), int(mtime_ns)) for path, size, mtime_ns in manifest.get("files", [])]
    except (TypeError, ValueError) as exc:
        raise IndexLoadError(f"manifest.json garbles its file list ({exc})") from exc
    return problems, duplicates, files


def _unchanged_files(old: NewsIndex, problems: list[Problem], files: list[tuple[str, int, int]]) -> dict[str, tuple[SourceFile, list, list[Problem]]]:
    """What each corpus file held when the index was built, by path, with the stamp it had."""
    by_path: dict[str, list[Problem]] = {}
    for p in problems:
        by_path.setdefault(p.path, []).append(p)
    return {
        path: (SourceFile(path, size, mtime_ns), old.by_file[path], by_path.get(path, []))
        for path, size, mtime_ns in files
        if path in old.by_file
    }


def _previous(store: IndexDirectory, fingerprint: str, params: BM25Params, current: NewsIndex | None) -> _Previous | None:
    """The persisted index, if it is usable for this corpus; None (logged) if not.

    A missing or outdated index is a normal rebuild (INFO); an unusable one is a WARNING.
    """
    if not store.has("manifest.json"):
        return None  # an empty directory: nothing was saved there yet
    try:
        manifest = store.manifest()
        if manifest.get("format") != FORMAT_VERSION:
            log.info("index in %s has format %s, expected %s: rebuilding", store.path, manifest.get("format"), FORMAT_VERSION)
            return None
        same_corpus = manifest.get("fingerprint") == fingerprint
        if not same_corpus and not _reusable(manifest, params):
            log.info("index in %s was built by other code or parameters: rebuilding", store.path)
            return None
        problems, duplicates, files = _manifest_record(manifest)
        if current is not None and isinstance(current.bm25, ParagraphIndex) and asdict(current.stats) == manifest.get("stats"):
            old = current  # the index in memory is the one on disk (saved, hence folded): no need to read it again
        else:
            old = _load(store, manifest)
        if same_corpus:
            return _Previous(old, None, problems, duplicates, {})
        vocabulary = list(old.bm25.vocabulary)
        forward = load_forward(store, len(old.chunks), len(vocabulary), vocabulary)
        return _Previous(old, forward, problems, duplicates, _unchanged_files(old, problems, files))
    except IndexLoadError as exc:
        log.warning("%s; rebuilding", exc)
        return None


def check_index_directory(directory: Path) -> None:
    """Raise UnsafeDirectoryError if ``directory`` exists and another user could write to it."""
    store = open_index_directory(Path(directory))
    if store is not None:
        store.close()


@collection_paused()
def open_index(
    corpus_paths: Sequence[str | os.PathLike[str]],
    directory: Path | None,
    params: BM25Params = BM25Params(),
    progress: Progress | None = None,
    workers: int | None = None,
    current: NewsIndex | None = None,
    defer_save: bool = False,
) -> tuple[NewsIndex, BuildReport]:
    """Load the persisted index for ``corpus_paths``, update it, or build (and persist) it.

    Unchanged corpus: load. Changed corpus, index by the same code: re-read only the changed
    files and redo only the changed articles (update_index). Otherwise, or when the index on
    disk is unusable (logged as a warning with the reason): full build.
    ``current``, the index now serving, saves reading the old index from disk when it is the
    one saved there. With ``defer_save`` the new index is returned before it is written:
    ``report.save()`` writes it (a server swaps the index in first, then saves).
    Raises CorpusPathError when a corpus path is missing, UnsafeDirectoryError when the index
    directory could have been written by another user. ``directory=None`` never persists.
    """
    from .update import update_index

    started = time.perf_counter()
    stamps = stamp_files(corpus_paths)
    fingerprint = corpus_fingerprint(stamps, params)
    previous = None
    if directory is not None:
        remove_stale_staging(Path(directory))
    store = open_index_directory(directory) if directory is not None else None
    if store is not None:
        with store:
            previous = _previous(store, fingerprint, params, current)
    if previous is not None and previous.forward is None:
        return previous.index, BuildReport(
            loaded=True,
            seconds=time.perf_counter() - started,
            problems=previous.problems,
            duplicates=previous.duplicates,
            files=stamps,  # the fingerprint matched: these are the stamps the index was built from
        )
    if previous is not None and previous.forward is not None:
        corpus = load_corpus(corpus_paths, unchanged=previous.unchanged)
        index, counts = update_index(previous.index, previous.forward, corpus.articles, params, workers=workers, progress=progress)
        log.info("incremental rebuild: %s", counts)
    else:
        corpus = load_corpus(corpus_paths)
        index, counts = NewsIndex.build(corpus.articles, params, workers=workers, progress=progress), None
    index.by_file = corpus.by_file
    report = BuildReport(
        loaded=False,
        seconds=time.perf_counter() - started,
        problems=corpus.problems,
        duplicates=corpus.duplicates,
        files=corpus.files,
        reused=counts,
    )
    if directory is not None:
        target = directory

        def save() -> None:
            try:
                save_index(index, target, corpus_fingerprint(corpus.files, params), report)
            except OSError as exc:
                log.warning("could not save the index to %s: %s", target, exc)

        if defer_save:
            report.save = save
        else:
            save()
    return index, report
