"""The attribution lexicon (retrieval/data/lexicon.tsv): its schema, that every class is read by the
code and documented in the table's header, and that the table is really read (a word added to a
class in a copy of the table changes who is credited with a statement)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from retrieval import inventories
from retrieval.attribution import attribute_quotes

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "retrieval" / "data" / inventories.LEXICON
_CLASS_DOC = re.compile(r"^#\s{3}([a-z_]+)\s{2,}\S")
"""A class line of the header: ``#   person_title          a title that …``."""
_SOURCE_DOC = re.compile(r"(?:^#\s*Sources:|;)\s*([a-z]+) = ")
_CLASS_READ = re.compile(r"""\bwords\(\s*["']([a-z_]+)["']\s*\)""")


def _lines() -> list[str]:
    return TABLE.read_text(encoding="utf-8").splitlines()


def _rows() -> list[list[str]]:
    return [line.split("\t") for line in _lines() if line.strip() and not line.startswith("#")]


def _documented_classes() -> set[str]:
    return {m.group(1) for line in _lines() if line.startswith("#") and (m := _CLASS_DOC.match(line))}


def _classes_read_by_code() -> set[str]:
    return {m.group(1) for path in (ROOT / "retrieval").rglob("*.py") for m in _CLASS_READ.finditer(path.read_text(encoding="utf-8"))}


def test_every_row_has_the_four_columns_a_documented_class_and_a_named_source() -> None:
    sources = {m.group(1) for line in _lines() if line.startswith("#") for m in _SOURCE_DOC.finditer(line)}
    assert sources, "the header names no source"
    documented = _documented_classes()
    rows = _rows()
    assert len(rows) > 500
    for row in rows:
        assert len(row) == len(inventories.LEXICON_COLUMNS), row
        word, word_class, _note, source = row
        assert word and word == word.strip() and "#" not in word, row
        assert word_class in documented, f"class {word_class!r} is not described in the header"
        assert source in sources, f"source {source!r} of {row} is not named in the header"


def test_no_word_is_listed_twice_in_one_class() -> None:
    twice = [pair for pair, n in Counter((row[0], row[1]) for row in _rows()).items() if n > 1]
    assert twice == []


def test_every_class_is_documented_has_words_and_is_read_by_the_code() -> None:
    in_table = {row[1] for row in _rows()}
    assert in_table == _documented_classes()
    assert _classes_read_by_code() == in_table, "a class nobody reads is dead; a class read but absent breaks the import"
    assert set(inventories.lexicon()) == in_table


def test_the_module_constants_are_the_table_s_classes() -> None:
    """The constants keep their names and types and hold the table's words; titles stay longest first
    (the title regexes and endswith checks need the longer title tried before its tail)."""
    from retrieval import coref_classes, coreference, speakers

    assert isinstance(speakers.PERSON_TITLES, tuple) and set(speakers.PERSON_TITLES) == set(inventories.words("person_title"))
    assert [len(t) for t in speakers.PERSON_TITLES] == sorted((len(t) for t in speakers.PERSON_TITLES), reverse=True)
    assert [len(t) for t in coreference.BARE_TITLES] == sorted((len(t) for t in coreference.BARE_TITLES), reverse=True)
    assert isinstance(speakers.COLLECTIVE_HEADS, list) and speakers.COLLECTIVE_HEADS == list(inventories.words("group_head"))
    assert isinstance(speakers.ADDRESS_FORMS, tuple) and speakers.ADDRESS_FORMS == inventories.words("address_form")
    assert speakers._NOT_NAMES == set(inventories.words("not_a_name"))
    assert coref_classes._ORGANISATION_HEADS == inventories.words("descriptor_head")


def test_a_row_without_four_columns_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / inventories.LEXICON).write_text("# header\n执政官\tperson_title\thand\n", encoding="utf-8")
    monkeypatch.setattr(inventories, "DATA_DIR", tmp_path)
    with pytest.raises(ValueError, match="4 tab-separated columns"):
        inventories.lexicon.__wrapped__()


_PARAGRAPHS = ("孔德明执政官说，这项工作将在明年完成。", "海岸分队说，这项工作将在明年完成。")
_QUOTES_SCRIPT = (
    "import json, sys\n"
    "import retrieval\n"
    "from retrieval.attribution import attribute_quotes\n"
    "print(retrieval.__file__)\n"
    "print(json.dumps([[[q.speaker.name, q.speaker.role, q.speaker.speaker_type] for q in attribute_quotes([p])] for p in json.loads(sys.argv[1])]))\n"
)


def _quotes_here(paragraph: str) -> list[list[str | None]]:
    return [[q.speaker.name, q.speaker.role, q.speaker.speaker_type] for q in attribute_quotes([paragraph])]


def test_a_word_added_to_a_class_in_a_copy_of_the_table_changes_who_speaks(tmp_path: Path) -> None:
    """Add an unlisted title (执政官) and an organisation ending (分队) to a copy of the package's
    table; the copy, imported in a fresh process, credits the title's holder by name and takes the
    unit for an organisation instead of a group of people."""
    shutil.copytree(ROOT / "retrieval", tmp_path / "retrieval", ignore=shutil.ignore_patterns("__pycache__"))
    with (tmp_path / "retrieval" / "data" / inventories.LEXICON).open("a", encoding="utf-8") as table:
        table.write("执政官\tperson_title\tadded by the test\thand\n分队\torganisation_ending\tadded by the test\thand\n")
    result = subprocess.run(
        [sys.executable, "-c", _QUOTES_SCRIPT, json.dumps(_PARAGRAPHS)], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    imported_from, answer = result.stdout.splitlines()[-2:]
    assert Path(imported_from).is_relative_to(tmp_path)  # the copy, not the checkout
    titled, unit = json.loads(answer)
    before_titled, before_unit = (_quotes_here(p) for p in _PARAGRAPHS)
    assert [q[:2] for q in before_titled] == [["孔德明执政官", None]]  # unlisted: the title is taken for part of the name
    assert [q[:2] for q in titled] == [["孔德明", "执政官"]]
    assert before_unit == [["海岸分队", None, "collective"]]
    assert unit == [["海岸分队", None, "organization"]]


def test_the_package_data_ships_every_data_file() -> None:
    """An installed (non-editable) package must carry the table: every file under retrieval/data/
    matches a package-data pattern of pyproject.toml."""
    import tomllib
    from fnmatch import fnmatch

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["retrieval"]
    data = [path.relative_to(ROOT / "retrieval").as_posix() for path in (ROOT / "retrieval" / "data").iterdir() if path.is_file()]
    assert TABLE.relative_to(ROOT / "retrieval").as_posix() in data
    assert [name for name in data if not any(fnmatch(name, pattern) for pattern in patterns)] == []
