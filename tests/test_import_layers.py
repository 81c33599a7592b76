"""The import layers hold: no import cycle in retrieval/, and the contracts in .importlinter
(bot -> answering -> index -> attribution -> text) pass, as .ci/run checks them with lint-imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """One chain per direct import that leads back to its importer (TYPE_CHECKING imports count:
    a cycle through them is a circle all the same), as importer, imported, …, importer."""
    return sorted(
        [module, *graph.find_shortest_chain(importer=imported, imported=module)]
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=imported, imported=module)
    )


def test_retrieval_has_no_import_cycle() -> None:
    cycles = import_cycles(grimp.build_graph("retrieval", cache_dir=None))
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(chain) for chain in cycles)


def test_a_cycle_is_found(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The check above can fail: two modules that import each other, one only for type checking."""
    package = tmp_path / "circle_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "index.py").write_text("from .answers import ask\n")
    (package / "answers.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .index import Index\n")
    (package / "text.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    cycles = import_cycles(grimp.build_graph("circle_pkg", cache_dir=None))
    assert cycles == [
        ["circle_pkg.answers", "circle_pkg.index", "circle_pkg.answers"],
        ["circle_pkg.index", "circle_pkg.answers", "circle_pkg.index"],
    ]


def test_the_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint_imports), "--config", str(ROOT / ".importlinter"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout
