"""Saving a built index to a directory and loading it back when the corpus has not changed.

Layout of an index directory:

* ``manifest.json`` — format version, corpus fingerprint, BM25 parameters, counts;
* ``postings.npz`` — BM25 arrays (term pointers, doc ids, term frequencies, lengths, idf);
* ``corpus.pickle`` — articles, chunk table, quotes, vocabulary and the learned names.

The directory is written next to the old one and swapped in with a rename, so a crash while
saving never leaves a half-written index behind. The pickle is the index's own data, read
only from the index directory the user configured.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from .bm25 import BM25Params, ForwardIndex, ParagraphIndex
from .engine import IndexStats, NewsIndex, Progress
from .ingest import Problem, SourceFile, load_corpus, stamp_files
from .tokenize import NewsTokenizer

log = logging.getLogger(__name__)

FORMAT_VERSION = 6
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
    """The index directory exists but cannot be used (corrupt, or another version)."""


_INDEX_MODULES = (
    "formats", "ingest", "normalize", "chunking", "tokenize", "speakers", "attribution", "coreference", "bm25", "engine", "update", "models",
)
"""Modules whose code decides what goes into an index (question answering is not among them)."""


@functools.cache
def code_version() -> str:
    """A hash of the source that builds indexes: an index built by other code is rebuilt."""
    digest = hashlib.sha256()
    for name in _INDEX_MODULES:
        digest.update((Path(__file__).parent / f"{name}.py").read_bytes())
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


def read_manifest(directory: Path) -> dict[str, object] | None:
    try:
        return json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save_index(index: NewsIndex, directory: Path, fingerprint: str, report: BuildReport | None = None) -> None:
    """Write ``index`` to ``directory`` atomically (replacing what was there).

    The forward index of a fresh build goes to disk too (for incremental reloads) and is then
    released from memory: serving does not need it.
    """
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        bm25 = index.bm25
        np.savez(
            staging / "postings.npz",
            indptr=bm25.indptr,
            doc_ids=bm25.doc_ids,
            term_freqs=bm25.term_freqs,
            doc_len=bm25.doc_len,
            idf=bm25.idf,
            chunks=index.chunks,
            chunk_converted=index.chunk_converted,
        )
        if index.forward is not None:
            np.savez(staging / "forward.npz", indptr=index.forward.indptr, terms=index.forward.terms, tfs=index.forward.tfs)
        payload = {
            "articles": index.articles,
            "quotes": index.quotes,
            "vocabulary": list(bm25.vocabulary),
            "names": list(index.tokenizer.names.items()),
            "common_words": sorted(index.speakers.common_words),
            "by_file": index.by_file,
        }
        with open(staging / "corpus.pickle", "wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        manifest = {
            "format": FORMAT_VERSION,
            "code": code_version(),
            "fingerprint": fingerprint,
            "params": asdict(bm25.params),
            "stats": asdict(index.stats),
            "files": [[f.path, f.size, f.mtime_ns] for f in (report.files if report else [])],
            "problems": [asdict(p) for p in report.problems] if report else [],
            "duplicates": report.duplicates if report else [],
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        old = None
        if directory.exists():
            old = directory.with_name(f".{directory.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            directory.rename(old)
        staging.rename(directory)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    index.forward = None


def load_index(directory: Path, fingerprint: str | None = None) -> NewsIndex | None:
    """The index saved in ``directory``; None if absent or built from another corpus state.

    Raises IndexLoadError if the files are there but unreadable.
    """
    directory = Path(directory)
    manifest = read_manifest(directory)
    if manifest is None:
        return None
    if manifest.get("format") != FORMAT_VERSION:
        log.info("index in %s has format %s, expected %s: rebuilding", directory, manifest.get("format"), FORMAT_VERSION)
        return None
    if fingerprint is not None and manifest.get("fingerprint") != fingerprint:
        log.info("corpus changed since the index in %s was built", directory)
        return None
    try:
        params = BM25Params(**manifest["params"])  # type: ignore[arg-type]
        stats = IndexStats(**manifest["stats"])  # type: ignore[arg-type]
        with np.load(directory / "postings.npz") as arrays:
            data = {key: arrays[key] for key in arrays.files}
        with open(directory / "corpus.pickle", "rb") as fh:
            payload = pickle.load(fh)
        vocabulary = {token: i for i, token in enumerate(payload["vocabulary"])}
        bm25 = ParagraphIndex(
            vocabulary, data["indptr"], data["doc_ids"], data["term_freqs"], data["doc_len"], data["idf"], params
        )
        tokenizer = NewsTokenizer(payload["names"])
        index = NewsIndex(
            payload["articles"],
            data["chunks"],
            payload["quotes"],
            bm25,
            tokenizer,
            stats,
            set(payload["common_words"]),
            data["chunk_converted"],
        )
        index.by_file = payload["by_file"]
        return index
    except Exception as exc:  # noqa: BLE001 - any failure here means "unusable index"
        raise IndexLoadError(f"index in {directory} is unreadable: {exc}") from exc


def load_forward(directory: Path, vocabulary: dict[str, int]) -> ForwardIndex | None:
    """The forward index saved with an index (None if there is none)."""
    try:
        with np.load(Path(directory) / "forward.npz") as arrays:
            return ForwardIndex(arrays["indptr"], arrays["terms"], arrays["tfs"], list(vocabulary))
    except (OSError, KeyError, ValueError):
        return None


def _reusable(manifest: dict[str, object], params: BM25Params) -> bool:
    """Was this index built by the same code with the same parameters (so its work can be reused)?"""
    return (
        manifest.get("format") == FORMAT_VERSION
        and manifest.get("code") == code_version()
        and manifest.get("params") == asdict(params)
    )


def _unchanged_files(old: NewsIndex, manifest: dict[str, object]) -> dict[str, tuple[SourceFile, list, list[Problem]]]:
    """What each corpus file held when the index was built, by path, with the stamp it had."""
    problems: dict[str, list[Problem]] = {}
    for p in manifest.get("problems", []):  # type: ignore[union-attr]
        problems.setdefault(p["path"], []).append(Problem(**p))
    result = {}
    for path, size, mtime_ns in manifest.get("files", []):  # type: ignore[union-attr,misc]
        if path in old.by_file:
            result[path] = (SourceFile(path, size, mtime_ns), old.by_file[path], problems.get(path, []))
    return result


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
    files and redo only the changed articles (update_index). Otherwise: full build.
    ``current``, the index now serving, saves reading the old index from disk when it is the
    one saved there. With ``defer_save`` the new index is returned before it is written:
    ``report.save()`` writes it (a server swaps the index in first, then saves).
    Raises CorpusPathError when a corpus path is missing. ``directory=None`` never persists.
    """
    from .update import update_index

    started = time.perf_counter()
    fingerprint = corpus_fingerprint(stamp_files(corpus_paths), params)
    old = None
    manifest = read_manifest(directory) if directory is not None else None
    if directory is not None and manifest is not None:
        try:
            if current is not None and asdict(current.stats) == manifest.get("stats"):
                old = current  # the index in memory is the one on disk: no need to read it again
            elif manifest.get("fingerprint") == fingerprint or _reusable(manifest, params):
                old = load_index(directory)
        except IndexLoadError as exc:
            log.warning("%s; rebuilding", exc)
            old = None
        if old is not None and manifest.get("fingerprint") == fingerprint:
            old.warm_up()
            return old, BuildReport(
                loaded=True,
                seconds=time.perf_counter() - started,
                problems=[Problem(**p) for p in manifest.get("problems", [])],  # type: ignore[union-attr]
                duplicates=list(manifest.get("duplicates", [])),  # type: ignore[arg-type]
            )
    forward = load_forward(directory, old.bm25.vocabulary) if old is not None and directory is not None else None
    if old is not None and forward is not None:
        corpus = load_corpus(corpus_paths, unchanged=_unchanged_files(old, manifest or {}))
        index, counts = update_index(old, forward, corpus.articles, params, workers=workers, progress=progress)
        log.info("incremental rebuild: %s", counts)
    else:
        corpus = load_corpus(corpus_paths)
        index, counts = NewsIndex.build(corpus.articles, params, workers=workers, progress=progress), None
    index.warm_up()
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
