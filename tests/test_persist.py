"""The persisted index round-trips, and a changed or broken index directory is rebuilt."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import logging
import os
import pickle
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from retrieval import NewsIndex, answering, load_corpus, open_index
from retrieval.index.persist import load_index, save_index
from retrieval.index.speaker_index import SpeakerIndex
from retrieval.models import Article, Quote, Speaker
from retrieval.records import decode_records, encode_records

from .test_cli import newsbot
from .test_incremental import assert_same_index


def _answers(index, questions):
    return [[(a.speaker, a.quote, a.score) for a in answering.answer(index, q)] for q in questions]


QUESTIONS = ["陈华文说了什么？", "谁提到了绿色转型？", "蓝钦扬强调了什么？"]


def test_round_trip(seed_dir: Path, tmp_path: Path) -> None:
    built, report = open_index([seed_dir], tmp_path / "idx", workers=1)
    assert not report.loaded
    loaded, report = open_index([seed_dir], tmp_path / "idx", workers=1)
    assert report.loaded
    for name in ("indptr", "doc_ids", "term_freqs", "doc_len", "idf"):
        assert np.array_equal(getattr(built.bm25, name), getattr(loaded.bm25, name)), name
    assert built.bm25.vocabulary == loaded.bm25.vocabulary
    assert np.array_equal(built.chunks, loaded.chunks)
    assert built.quotes == loaded.quotes
    assert built.tokenizer.names == loaded.tokenizer.names
    assert built.speakers.to_json() == loaded.speakers.to_json()
    assert built.quote_text_keys == loaded.quote_text_keys
    assert _answers(built, QUESTIONS) == _answers(loaded, QUESTIONS)


def test_speaker_index_round_trips_expanded_names_aliases_and_roles() -> None:
    """The saved speaker index is the one built: a short form moved to the full name the same
    article gives (and dropped), an original found elsewhere in the article, roles and look-ups."""
    articles = [
        Article(id="a", title="t", paragraphs=["法国学者让·卡塞亚(Jean Cassaya)出席论坛。", "让·卡塞亚说，合作很重要。"]),
        Article(id="b", title="t", paragraphs=["卡塞亚表示，还要继续努力。"]),
    ]
    def quote(name: str, article: int, paragraph: int, role: str | None = None) -> Quote:
        return Quote(Speaker(name, role), "合作很重要", article, paragraph, 0, 5)
    quotes = [
        quote("让·卡塞亚", 0, 1, "学者"),
        quote("卡塞亚", 0, 1),
        quote("卡塞亚", 1, 0),
        quote("王志远", 1, 0, "区长"),
        quote("外交部发言人", 1, 0),
    ]
    built = SpeakerIndex(quotes, articles=articles)
    assert built.quote_keys[1] == "让·卡塞亚" and built.entries["让·卡塞亚"].aliases == {"jean cassaya"}
    state = json.loads(json.dumps(built.to_json(), ensure_ascii=False))
    loaded = SpeakerIndex.from_json(state, len(quotes))
    assert loaded.to_json() == built.to_json()
    assert loaded.entries == built.entries and loaded.quote_keys == built.quote_keys
    for name in ("by_part", "by_surname", "by_alias", "by_alias_word", "common_words", "unlike_names"):
        assert getattr(loaded, name) == getattr(built, name), name
    assert loaded.lookup("卡塞亚") == built.lookup("卡塞亚") and loaded.lookup_alias("Cassaya") == ["让·卡塞亚"]
    assert loaded.titled("王区长") == built.titled("王区长") == ["王志远"]
    assert [loaded.bindable(k) for k in built.entries] == [built.bindable(k) for k in built.entries]
    with pytest.raises(ValueError):
        SpeakerIndex.from_json(state, len(quotes) + 1)


def test_changed_corpus_is_rebuilt(tmp_path: Path, seed_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_dir, corpus)
    index, _ = open_index([corpus], tmp_path / "idx", workers=1)
    assert answering.answer(index, "王小明说了什么") == []
    extra = corpus / "new.md"
    extra.write_text("---\ntitle: 新文章\n---\n\n王小明表示，新文章会被重新索引。\n", encoding="utf-8")
    index, report = open_index([corpus], tmp_path / "idx", workers=1)
    assert not report.loaded
    assert answering.answer(index, "王小明说了什么")[0].speaker == "王小明"
    os.utime(extra, ns=(1, 1))  # a touched file changes the fingerprint too
    assert load_index(tmp_path / "idx", "another-fingerprint") is None


def test_broken_index_directory_is_rebuilt(seed_dir: Path, tmp_path: Path) -> None:
    open_index([seed_dir], tmp_path / "idx", workers=1)
    (tmp_path / "idx" / "corpus.json").write_bytes(b"garbage")
    index, report = open_index([seed_dir], tmp_path / "idx", workers=1)
    assert not report.loaded
    assert answering.answer(index, "陈华文说了什么？")[0].speaker == "陈华文"
    _, report = open_index([seed_dir], tmp_path / "idx", workers=1)
    assert report.loaded


def test_skipped_files_are_remembered_with_the_index(tmp_path: Path, seed_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_dir, corpus)
    (corpus / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    _, first = open_index([corpus], tmp_path / "idx", workers=1)
    _, second = open_index([corpus], tmp_path / "idx", workers=1)
    assert second.loaded and second.problems == first.problems and len(first.problems) == 1


def test_changed_file_triggers_an_incremental_rebuild_equal_to_a_full_build(tmp_path: Path, seed_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_dir, corpus)
    rows = [{"id": f"a{i}", "paragraphs": [f"第{i}篇文章。张{i}明说，这是第{i}篇。"]} for i in range(30)]
    many = corpus / "many.jsonl"
    many.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    _, report = open_index([corpus], tmp_path / "idx", workers=1)
    assert report.reused is None and not report.loaded

    rows[5]["paragraphs"] = ["王大锤表示，第五篇改过了。"]
    many.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    updated, report = open_index([corpus], tmp_path / "idx", workers=1)
    assert report.reused is not None
    assert report.reused["articles_new"] == 1 and report.reused["articles_reused"] == 30
    assert answering.answer(updated, "王大锤说了什么？")[0].speaker == "王大锤"

    saved, report = open_index([corpus], tmp_path / "idx", workers=1)
    assert report.loaded
    full = NewsIndex.build(load_corpus([corpus]).articles, workers=1)
    saved.forward = full.forward  # forward indexes are compared in test_incremental
    assert_same_index(saved, full)


# --- safe persistence ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def saved(seed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the seed corpus saved once; tests work on copies of it."""
    directory = tmp_path_factory.mktemp("saved") / "idx"
    open_index([seed_dir], directory, workers=1)
    return directory


@pytest.fixture()
def idx(saved: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "idx"
    shutil.copytree(saved, copy)
    return copy


def _rewrite(directory: Path, name: str, content: bytes) -> None:
    """Replace a file and record its new checksum, as a consistent forgery would."""
    (directory / name).write_bytes(content)
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    manifest["checksums"][name] = hashlib.sha256(content).hexdigest()
    (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=True)  # a forgery may hold anything
    return buffer.getvalue()


def _assert_rebuilt(seed_dir: Path, directory: Path, caplog: pytest.LogCaptureFixture, reason: str) -> None:
    with caplog.at_level(logging.WARNING, logger="retrieval.index.persist"):
        index, report = open_index([seed_dir], directory, workers=1)
    assert not report.loaded
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(reason in w and "rebuilding" in w for w in warnings), warnings
    assert answering.answer(index, "陈华文说了什么？")[0].speaker == "陈华文"
    _, report = open_index([seed_dir], directory, workers=1)  # the rebuilt index is saved and loads
    assert report.loaded


def test_index_directory_holds_no_pickle_and_loads_with_pickle_disabled(seed_dir: Path, idx: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not [p for p in idx.iterdir() if p.suffix in (".pickle", ".pkl", ".npz")]
    manifest = json.loads((idx / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["checksums"]) == sorted(p.name for p in idx.iterdir() if p.name not in ("manifest.json", "verified.json"))
    for path in idx.iterdir():
        if path.suffix == ".npy":
            with path.open("rb") as fh:
                version = np.lib.format.read_magic(fh)
                _, _, dtype = getattr(np.lib.format, f"read_array_header_{version[0]}_0")(fh)
                assert not dtype.hasobject, path.name
        else:
            json.loads(path.read_text(encoding="utf-8"))  # JSON through and through
        assert b"\x80\x04\x95" not in path.read_bytes()  # no pickle protocol 4 frame anywhere

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("pickle used while loading the index")

    real_load = np.load

    def np_load(*args: object, **kwargs: object) -> object:
        assert kwargs.get("allow_pickle") is False, "np.load without allow_pickle=False"
        return real_load(*args, **kwargs)

    for name in ("load", "loads", "Unpickler"):
        monkeypatch.setattr(pickle, name, refuse)
    monkeypatch.setattr(np, "load", np_load)
    index, report = open_index([seed_dir], idx, workers=1)
    assert report.loaded
    assert answering.answer(index, "陈华文说了什么？")[0].speaker == "陈华文"


def test_checksum_mismatch_is_rebuilt_with_the_reason_logged(seed_dir: Path, idx: Path, caplog: pytest.LogCaptureFixture) -> None:
    text = (idx / "corpus.json").read_text(encoding="utf-8")
    assert "陈华文" in text
    (idx / "corpus.json").write_text(text.replace("陈华文", "陈华武"), encoding="utf-8")  # still valid JSON
    _assert_rebuilt(seed_dir, idx, caplog, "corpus.json does not match its checksum")


def test_truncated_forward_index_and_a_changed_corpus_rebuild(seed_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_dir, corpus)
    open_index([corpus], tmp_path / "idx", workers=1)
    forward = tmp_path / "idx" / "forward.terms.npy"
    forward.write_bytes(forward.read_bytes()[: forward.stat().st_size // 2])
    (corpus / "new.md").write_text("---\ntitle: 新文章\n---\n\n王小明表示，截断的索引会被重建。\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="retrieval.index.persist"):
        index, report = open_index([corpus], tmp_path / "idx", workers=1)
    assert not report.loaded and report.reused is None  # a full build: the forward index is unusable
    assert any("forward.terms.npy" in r.getMessage() and "rebuilding" in r.getMessage() for r in caplog.records)
    for _ in range(2):  # every run used to fail the same way until index --force
        assert answering.answer(index, "王小明说了什么")[0].speaker == "王小明"
        assert answering.answer(index, "陈华文说了什么？")[0].speaker == "陈华文"
        index, report = open_index([corpus], tmp_path / "idx", workers=1)
        assert report.loaded


def test_postings_from_another_index_are_rebuilt(seed_dir: Path, idx: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    other = tmp_path / "other-corpus"
    other.mkdir()
    (other / "a.md").write_text("---\ntitle: 别的\n---\n\n赵四说，这是另一个索引。\n\n钱五表示，别的语料。\n", encoding="utf-8")
    open_index([other], tmp_path / "other-idx", workers=1)
    shutil.copy(tmp_path / "other-idx" / "postings.doc_ids.npy", idx / "postings.doc_ids.npy")
    _assert_rebuilt(seed_dir, idx, caplog, "postings.doc_ids.npy does not match its checksum")


def test_postings_from_another_index_with_a_forged_checksum_are_rebuilt(seed_dir: Path, idx: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    other = tmp_path / "other-corpus"
    other.mkdir()
    (other / "a.md").write_text("---\ntitle: 别的\n---\n\n赵四说，这是另一个索引。\n", encoding="utf-8")
    open_index([other], tmp_path / "other-idx", workers=1)
    for path in (tmp_path / "other-idx").glob("postings.*.npy"):
        _rewrite(idx, path.name, path.read_bytes())
    _assert_rebuilt(seed_dir, idx, caplog, "inconsistent")


def _postings(directory: Path) -> dict[str, np.ndarray]:
    return {p.name.split(".")[1]: np.load(p, allow_pickle=False) for p in directory.glob("postings.*.npy")}


def _corpus(directory: Path) -> dict:
    return json.loads((directory / "corpus.json").read_text(encoding="utf-8"))


def _without(arrays: dict, key: str) -> dict:
    return {k: v for k, v in arrays.items() if k != key}


def _bad_postings(change):  # type: ignore[no-untyped-def]
    """Rewrite the postings arrays as ``change`` has them (a key it drops loses its file)."""

    def apply(d: Path) -> None:
        before, after = _postings(d), change(_postings(d))
        for key in before.keys() - after.keys():
            (d / f"postings.{key}.npy").unlink()
        for key, array in after.items():
            if key not in before or not np.array_equal(array, before[key]) or array.dtype != before[key].dtype:
                _rewrite(d, f"postings.{key}.npy", _npy(array))

    return apply


def _bad_corpus(change):  # type: ignore[no-untyped-def]
    def apply(d: Path) -> None:
        data = _corpus(d)
        change(data)
        _rewrite(d, "corpus.json", json.dumps(data, ensure_ascii=False).encode("utf-8"))

    return apply


def _set(arrays: dict, key: str, value: np.ndarray) -> dict:
    return {**arrays, key: value}


BROKEN = {
    "missing idf": _bad_postings(lambda a: _without(a, "idf")),
    "short doc_len": _bad_postings(lambda a: _set(a, "doc_len", a["doc_len"][:-1])),
    "doc id past the chunks": _bad_postings(lambda a: _set(a, "doc_ids", np.where(np.arange(len(a["doc_ids"])) == 0, len(a["chunks"]), a["doc_ids"]))),
    "indptr not monotone": _bad_postings(lambda a: _set(a, "indptr", np.concatenate([a["indptr"][:1], a["indptr"][2:3], a["indptr"][1:2], a["indptr"][3:]]))),
    "indptr ends early": _bad_postings(lambda a: _set(a, "indptr", np.minimum(a["indptr"], a["indptr"][-1] - 1))),
    "chunk in a missing article": _bad_postings(lambda a: _set(a, "chunks", np.vstack([a["chunks"][:-1], [[5, 0, 0, 1]]]).astype(np.int32))),
    "chunk past its paragraph": _bad_postings(lambda a: _set(a, "chunks", np.vstack([a["chunks"][:-1], [[0, 0, 0, 100_000]]]).astype(np.int32))),
    "object array": _bad_postings(lambda a: _set(a, "idf", np.array([object()] * len(a["idf"]), dtype=object))),
    "array data cut short": lambda d: _rewrite(d, "postings.doc_ids.npy", (d / "postings.doc_ids.npy").read_bytes()[:-4]),
    "not an npy file": lambda d: _rewrite(d, "postings.idf.npy", b"PK\x03\x04 not an array"),
    "empty array file": lambda d: _rewrite(d, "postings.doc_len.npy", b""),
    "bad JSON": lambda d: _rewrite(d, "corpus.json", b'{"articles": '),
    "no quotes": _bad_corpus(lambda c: c.pop("quotes")),
    "short vocabulary": _bad_corpus(lambda c: c["vocabulary"].pop()),
    "quote in a missing paragraph": _bad_corpus(lambda c: c["quotes"]["paragraph"].__setitem__(0, 999)),
    "quote in a missing article": _bad_corpus(lambda c: c["quotes"]["article"].__setitem__(0, 7)),
    "quote offset as a string": _bad_corpus(lambda c: c["quotes"]["start"].__setitem__(0, "0")),
    "speaker name not a string": _bad_corpus(lambda c: c["quotes"]["speaker"]["table"]["name"].__setitem__(0, 5)),
    "speaker outside its table": _bad_corpus(lambda c: c["quotes"]["speaker"]["refs"].__setitem__(0, 10_000)),
    "article lacks a field": _bad_corpus(lambda c: c["articles"].pop("title")),
    "file lists a missing article": _bad_corpus(lambda c: c["by_file"].__setitem__("x.md", [99])),
    "no speaker index": _bad_corpus(lambda c: c.pop("speakers")),
    "quote speaker outside the speaker index": _bad_corpus(lambda c: c["speakers"]["quote_keys"].__setitem__(0, 10_000)),
    "speaker index short of quotes": _bad_corpus(lambda c: c["speakers"]["quote_keys"].pop()),
    "quote text keys short": _bad_corpus(lambda c: c["quote_text_keys"].pop()),
    "speaker roles garbled": _bad_corpus(lambda c: c["speakers"]["roles"].__setitem__(0, [["区长"]])),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_inconsistent_index_is_rebuilt(case: str, seed_dir: Path, idx: Path, caplog: pytest.LogCaptureFixture) -> None:
    BROKEN[case](idx)
    _assert_rebuilt(seed_dir, idx, caplog, f"index in {idx}")


def test_records_round_trip_fields_added_with_defaults() -> None:
    """Attribution may add fields to Quote and Speaker: they persist with no change to persist.py."""
    Speaker2 = dataclasses.make_dataclass(
        "Speaker2", [(f.name, f.type, f) for f in dataclasses.fields(Speaker)] + [("pronunciation", str, dataclasses.field(default=""))], frozen=True
    )
    fields = [(f.name, Speaker2 if f.name == "speaker" else f.type, f) for f in dataclasses.fields(Quote)]
    Quote2 = dataclasses.make_dataclass(
        "Quote2", fields + [("source_note", "str | None", dataclasses.field(default=None)), ("tags", "list[str]", dataclasses.field(default_factory=list))], frozen=True
    )
    Quote2.__module__ = Speaker2.__module__ = __name__
    globals().update(Speaker2=Speaker2, Quote2=Quote2)
    shared = Speaker2("李明", "部长", pronunciation="lǐ míng")
    quotes = [
        Quote2(shared, "我们会做到。", 0, 1, 0, 6, "direct", cue="表示", source_note="采访", tags=["他"]),
        Quote2(shared, "第二句。", 0, 2, 0, 4),
        Quote2(Speaker2("机构", collective=True), "第三句。", 1, 0, 0, 4, "indirect", resolved_from="pronoun"),
    ]
    columns = json.loads(json.dumps(encode_records(Quote2, quotes)))
    assert columns["speaker"]["refs"] == [0, 0, 1]  # one speaker stored once
    back = decode_records(Quote2, columns, len(quotes))
    assert back == quotes and back[0].speaker is back[1].speaker
    with pytest.raises(TypeError, match="tuple"):
        encode_records(Quote2, [dataclasses.replace(quotes[0], tags=("他",))])


def test_quote_rules_round_trip_as_shared_tuples() -> None:
    """Quote.rules (a tuple) persists as a table of distinct rule lists; it loads back as tuples."""
    speaker = Speaker("李明", "部长")
    rules = ("cue.reporting_verb", "coref.pronoun")
    quotes = [Quote(speaker, "第一句。", 0, 0, 0, 4, rules=rules), Quote(speaker, "第二句。", 0, 1, 0, 4, rules=rules), Quote(speaker, "第三句。", 0, 2, 0, 4)]
    columns = json.loads(json.dumps(encode_records(Quote, quotes)))
    assert columns["rules"] == {"tuples": [list(rules), []], "refs": [0, 0, 1]}
    back = decode_records(Quote, columns, len(quotes))
    assert back == quotes and back[0].rules is back[1].rules and type(back[2].rules) is tuple
    with pytest.raises(ValueError, match="outside"):
        decode_records(Quote, {**columns, "rules": {"tuples": [], "refs": [0, 0, 0]}}, len(quotes))


# --- who may write the index directory ---------------------------------------------------------


def _ask(seed_dir: Path, directory: Path, env: dict[str, str]):  # type: ignore[no-untyped-def]
    return newsbot("ask", "--corpus", str(seed_dir), "--index-dir", str(directory), "陈华文说了什么？", env=env)


def test_world_writable_index_directory_is_refused(seed_dir: Path, idx: Path, tmp_path: Path) -> None:
    os.chmod(idx, 0o777)
    result = _ask(seed_dir, idx, {"NEWSBOT_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert f"index directory {idx} is writable by other users" in result.stderr


def test_foreign_owned_index_directory_or_file_is_refused(
    seed_dir: Path, idx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli import main

    if os.geteuid() != 0:
        pytest.skip("changing a file's owner needs root")
    env = {"NEWSBOT_CACHE_DIR": str(tmp_path / "cache")}
    os.chown(idx / "corpus.json", 4321, 4321)
    result = _ask(seed_dir, idx, env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"index file {idx / 'corpus.json'} is owned by uid 4321" in result.stderr
    os.chown(idx, 4321, 4321)
    result = _ask(seed_dir, idx, env)
    assert result.returncode == 2 and f"index directory {idx} is owned by uid 4321" in result.stderr
    monkeypatch.setenv("NEWSBOT_CACHE_DIR", env["NEWSBOT_CACHE_DIR"])
    assert main(["index", "--force", "--corpus", str(seed_dir), "--index-dir", str(idx)]) == 2
    assert "owned by uid 4321" in capsys.readouterr().err
    assert (idx / "manifest.json").exists()  # --force did not delete another user's directory


def test_writable_cache_directory_is_refused(seed_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o777)
    os.chmod(cache, 0o777)
    result = _ask(seed_dir, tmp_path / "idx", {"NEWSBOT_CACHE_DIR": str(cache)})
    assert result.returncode == 2
    assert f"cache directory {cache} is writable by other users" in result.stderr


def test_nothing_goes_to_the_shared_temp_dir(seed_dir: Path, tmp_path: Path) -> None:
    """jieba used to write $TMPDIR/jieba.cache (the shared /tmp) and load it with marshal; jieba-rs
    keeps its dictionary in memory, and the configured cache dir is created private."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    cache = tmp_path / "cache"
    result = _ask(seed_dir, tmp_path / "idx", {"NEWSBOT_CACHE_DIR": str(cache), "TMPDIR": str(temp)})
    assert result.returncode == 0, result.stderr
    assert "陈华文" in result.stdout
    assert oct(cache.stat().st_mode & 0o777) == oct(0o700)
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize("command", ["index", "ask", "eval", "chat"])
def test_every_command_refuses_a_writable_index_directory(
    command: str, seed_dir: Path, idx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli import main

    monkeypatch.setenv("NEWSBOT_CACHE_DIR", str(tmp_path / "cache"))
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "1", "question": "陈华文说了什么？", "kind": "speaker", "accept": ["今天的闵行"]}\n', encoding="utf-8")
    extra = {"ask": ["陈华文说了什么？"], "eval": ["--questions", str(questions)]}.get(command, [])
    os.chmod(idx, 0o757)
    assert main([command, "--corpus", str(seed_dir), "--index-dir", str(idx), *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "writable by other users (mode 0757)" in err


def test_run_refuses_a_writable_index_directory(seed_dir: Path, idx: Path, tmp_path: Path) -> None:
    os.chmod(idx, 0o775)
    env = {
        "NEWSBOT_CACHE_DIR": str(tmp_path / "cache"),
        "NEWSBOT_BOT_TOKEN": "123:not-a-real-token",
        "NEWSBOT_CORPUS_PATHS": str(seed_dir),
        "NEWSBOT_INDEX_DIR": str(idx),
        "NEWSBOT_API_BASE_URL": "http://127.0.0.1:9/bot",  # never reached: the refusal comes first
    }
    result = newsbot("run", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert f"index directory {idx} is writable by other users (mode 0775)" in result.stderr
    assert "Traceback" not in result.stderr and "not-a-real-token" not in result.stderr


def test_lone_surrogates_and_odd_file_names_round_trip(seed_index: NewsIndex, tmp_path: Path) -> None:
    index = NewsIndex(list(seed_index.articles), seed_index.chunks, seed_index.quotes, seed_index.bm25, seed_index.tokenizer, seed_index.stats)
    index.articles[0] = dataclasses.replace(index.articles[0], title="标题\ud800", file="corpus/\udcff.md")
    index.by_file = {"corpus/\udcff.md": [index.articles[0]]}
    save_index(index, tmp_path / "idx", "fingerprint")
    loaded = load_index(tmp_path / "idx")
    assert loaded is not None
    assert loaded.articles[0].title == "标题\ud800"
    assert list(loaded.by_file) == ["corpus/\udcff.md"] and loaded.by_file["corpus/\udcff.md"][0] is loaded.articles[0]


def test_library_attribution_writes_nothing(tmp_path: Path) -> None:
    """Used as a library (no CLI), attribution and tokenizing write no cache anywhere."""
    import subprocess
    import sys

    temp = tmp_path / "tmp"
    temp.mkdir()
    code = (
        "from retrieval.attribution import attribute_quotes; from retrieval.tokenize import NewsTokenizer; "
        "print(len(attribute_quotes(['华东公司董事长王小明表示，这是一个测试。'], 0)), NewsTokenizer().tokenize('王小明表示'))"
    )
    env = {**os.environ, "TMPDIR": str(temp), "XDG_CACHE_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300, cwd=Path(__file__).parent.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 [")
    assert list(temp.iterdir()) == [] and not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_prepare_all_equals_prepare_of_each_text() -> None:
    """Quote keys are prepared in one conversion: each equals prepare() of the text alone, also
    for Traditional phrases at the edges of a text, full-width letters and a text with a line break."""
    from retrieval.tokenize import prepare, prepare_all

    texts = ["發言人 王大明 乾燥的天氣", "乾", "燥熱", "ＡＢＣ公司 Ｌｅｅ 說", "", "两行\n文字", "簡體和繁體混合的後果"]
    assert prepare_all(texts) == [prepare(t) for t in texts]
    assert prepare_all(texts[:3]) == [prepare(t) for t in texts[:3]]
    assert prepare_all(texts[:3])[0] == "发言人 王大明 干燥的天气"


def test_answering_from_a_loaded_index_never_reads_the_name_dictionary(saved: Path) -> None:
    """Serving decides nothing with jieba's dict.txt (the name tests ran at build time and were
    saved): a fresh process answers without parsing it."""
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path; from retrieval.index.persist import load_index; "
        "from retrieval import answering, speakers; index = load_index(Path(sys.argv[1])); "
        "[answering.ask(index, q, 3) for q in sys.argv[2:]]; print(speakers._dictionary.cache_info().currsize)"
    )
    questions = [*QUESTIONS, "华为说了什么？", "陈区长讲了什么？", "谁谈到了上海？"]
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", script, str(saved), *questions], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "0"


def test_short_texts_are_prepared_alike_cached_or_not() -> None:
    """prepare() caches short texts (question n-grams, names): the same result as the long path."""
    from retrieval import tokenize

    texts = ["發言人", "ＡＢＣ公司", "Lee 說", "乾燥", "王大明說了什麼", "x" * tokenize.SHORT_TEXT, "發" * (tokenize.SHORT_TEXT + 1)]
    cached = [tokenize.prepare(t) for t in texts]
    assert cached == [tokenize.to_simplified(tokenize.fold_width(t)).lower() for t in texts]
    assert cached[0] == "发言人" and cached[1] == "abc公司"


# --- memory-mapped arrays and the verified record -------------------------------------------------


def _mapping(array: np.ndarray) -> object:
    """The object at the bottom of an array's base chain (an mmap for a mapped array)."""
    while isinstance(array, np.ndarray) and array.base is not None:
        array = array.base
    return array.obj if isinstance(array, memoryview) else array


def test_arrays_are_mapped_read_only_and_survive_the_directory_being_replaced(seed_dir: Path, saved: Path, tmp_path: Path) -> None:
    """The large arrays are mappings of the files (not copies): start-up does not read them and
    processes share them in the page cache. Replacing the directory (a reload saving) leaves a
    process serving the old mapping answering as before."""
    import mmap

    directory = tmp_path / "idx"
    shutil.copytree(saved, directory)
    index = load_index(directory)
    assert index is not None
    bm25 = index.bm25
    for array in (bm25.indptr, bm25.doc_ids, bm25.term_freqs, bm25.doc_len, bm25.idf, index.chunks, index.chunk_converted):
        assert isinstance(_mapping(array), mmap.mmap) and not array.flags.writeable
    before = _answers(index, QUESTIONS)
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.md").write_text("---\ntitle: 别的\n---\n\n赵四说，这是另一个索引。\n", encoding="utf-8")
    open_index([other], directory, workers=1)  # replaces the directory and deletes the old files
    assert "赵四" in directory.joinpath("corpus.json").read_text(encoding="utf-8")
    assert _answers(index, QUESTIONS) == before


def test_checksums_are_verified_once_then_recorded(saved: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first load hashes every file and records it in verified.json (private); later loads
    of the unchanged files hash nothing (gigabytes of arrays stay unread)."""
    from retrieval.index import persist

    directory = tmp_path / "idx"
    shutil.copytree(saved, directory)
    hashed: list[int] = []
    real = hashlib.sha256

    def counting(data: bytes = b"") -> object:
        hashed.append(len(data))
        return real(data)

    monkeypatch.setattr(persist, "hashlib", type("H", (), {"sha256": staticmethod(counting)}))
    expected = load_index(directory)
    checksummed = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))["checksums"]
    assert len(hashed) == len([name for name in checksummed if not name.startswith("forward.")])  # serving maps no forward index
    assert (directory / "verified.json").stat().st_mode & 0o077 == 0
    hashed.clear()
    loaded = load_index(directory)
    assert hashed == []
    assert _answers(loaded, QUESTIONS) == _answers(expected, QUESTIONS)


def test_a_serving_process_verifies_the_forward_index_before_its_first_reload(saved: Path, tmp_path: Path, seed_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Serving maps no forward index; a reload does, and hashing it then cost a first reload of the
    shared corpus 0.04 s. IndexService.prepare_reloads checks and records it in the background, so
    the reload maps it unread; a forward index changed since is still caught."""
    from bot.service import IndexService
    from retrieval.index import persist

    directory = tmp_path / "idx"
    shutil.copytree(saved, directory)
    index = load_index(directory)
    assert index is not None
    IndexService(index, [seed_dir], directory).prepare_reloads().join()
    hashed: list[int] = []
    real = hashlib.sha256
    monkeypatch.setattr(persist, "hashlib", type("H", (), {"sha256": staticmethod(lambda data=b"": hashed.append(len(data)) or real(data))}))
    with persist.IndexDirectory(directory) as store:
        forward = persist.load_forward(store, len(index.chunks), len(index.bm25.vocabulary), list(index.bm25.vocabulary))
        assert hashed == [] and {f"forward.{key}.npy" for key in persist.FORWARD_ARRAYS} <= store.recorded
    assert len(forward.indptr) == len(index.chunks) + 1
    (directory / "forward.tfs.npy").write_bytes((directory / "forward.tfs.npy").read_bytes())  # the same bytes rewritten: a new ctime
    with persist.IndexDirectory(directory) as store:
        persist.load_forward(store, len(index.chunks), len(index.bm25.vocabulary), list(index.bm25.vocabulary))
        assert len(hashed) == 1 and "forward.tfs.npy" not in store.recorded


def test_verifying_the_forward_index_ahead_leaves_a_missing_or_broken_index_to_the_reload(saved: Path, tmp_path: Path) -> None:
    """verify_forward runs in a background thread: no index, a garbled manifest or a forward index
    failing its checksum raise nothing there (the reload reports and rebuilds), and record nothing."""
    from retrieval.index.persist import verify_forward

    verify_forward(tmp_path / "absent")
    directory = tmp_path / "idx"
    shutil.copytree(saved, directory)
    (directory / "verified.json").unlink(missing_ok=True)
    (directory / "forward.terms.npy").write_bytes((directory / "forward.terms.npy").read_bytes()[:-4] + b"\xff\xff\xff\x7f")
    verify_forward(directory)
    assert not (directory / "verified.json").exists()
    (directory / "manifest.json").write_bytes(b'{"stats": ')
    verify_forward(directory)


def test_a_file_changed_after_it_was_verified_is_hashed_again(seed_dir: Path, idx: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The record is keyed by inode, size, mtime and ctime: an in-place edit that keeps the size
    and sets the mtime back still changes the ctime, so the edit is caught by the checksum."""
    assert load_index(idx) is not None and (idx / "verified.json").exists()
    target = idx / "corpus.json"
    stamp = target.stat()
    content = target.read_bytes()
    assert "陈华文".encode() in content
    with target.open("r+b") as fh:  # same inode, same size
        fh.write(content.replace("陈华文".encode(), "陈华武".encode()))
    os.utime(target, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert target.stat().st_size == stamp.st_size and target.stat().st_mtime_ns == stamp.st_mtime_ns
    _assert_rebuilt(seed_dir, idx, caplog, "corpus.json does not match its checksum")


def test_a_garbled_verified_record_only_costs_a_hash(saved: Path, tmp_path: Path) -> None:
    directory = tmp_path / "idx"
    shutil.copytree(saved, directory)
    expected = _answers(load_index(directory), QUESTIONS)
    (directory / "verified.json").write_bytes(b'{"corpus.json": ')
    assert _answers(load_index(directory), QUESTIONS) == expected
    assert "corpus.json" in json.loads((directory / "verified.json").read_text(encoding="utf-8"))


def test_an_index_failing_its_consistency_checks_is_never_recorded_as_verified(idx: Path) -> None:
    """A forged checksum with a posting outside the chunk table fails on every load: the record
    (which lets later loads skip the scans of every posting) is only written after the checks pass."""
    from retrieval.index.persist import IndexLoadError

    (idx / "verified.json").unlink(missing_ok=True)  # copied from the saved index by other tests' loads
    BROKEN["doc id past the chunks"](idx)
    for _ in range(2):
        with pytest.raises(IndexLoadError, match="outside"):
            load_index(idx)
    assert not (idx / "verified.json").exists()


def test_corpus_json_is_parsed_without_holding_its_bytes(tmp_path: Path) -> None:
    """At scale corpus.json is hundreds of MB: its bytes are dropped once decoded, so the peak
    while loading holds the text and the objects made from it, not the bytes as well."""
    import tracemalloc

    from retrieval.index.persist import IndexDirectory

    saved = tmp_path / "idx"
    open_index([Path(__file__).resolve().parent.parent / "corpus"], saved, workers=1)
    data = (saved / "corpus.json").read_bytes()
    text_size = sys.getsizeof(data.decode("utf-8"))
    with IndexDirectory(saved) as store:
        tracemalloc.start()
        try:
            payload = store.json("corpus.json")
            retained, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert isinstance(payload, dict)
    assert peak - retained < text_size + len(data) // 2, (peak, retained, text_size, len(data))
