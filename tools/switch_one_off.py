"""Switch one off: are the attribution rules pinned by tests?

Replaces, one at a time, each rule constant of the attribution modules (a module-level constant
holding words, patterns or thresholds) by an inert value (an empty set, tuple, list, dict or
string, 0, a regex that never matches) and switches off each registered rule
(retrieval/rules.py), then runs the attribution tests with ``-x -q`` and counts the changes that
leave every test green. A green constant is either dead (remove it) or unpinned (give it a test).

    python tools/switch_one_off.py [--root CHECKOUT] [--only NAME ...] [--tests FILE ...]

Works on a copy of the checkout in a temporary directory (the checkout is never written); each
change is tested in a forked child of a process that has already imported the heavy libraries.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

MODULES = ("retrieval/attribution.py", "retrieval/speakers.py", "retrieval/coreference.py", "retrieval/subject_classes.py", "retrieval/coref_classes.py")
TESTS = (
    "tests/test_rules.py",
    "tests/test_attribution.py",
    "tests/test_attribution_address.py",
    "tests/test_attribution_manner.py",
    "tests/test_attribution_round3.py",
    "tests/test_attribution_round4.py",
    "tests/test_subject_classes.py",
    "tests/test_names.py",
    "tests/test_rule_constants.py",
    "tests/test_attribution_clauses.py",
    "tests/test_coreference_classes.py",
    "tests/test_speaker_rules.py",
)
DESELECTED = ("tests/test_rules.py::test_cli_prints_the_catalogue",)
"""Tests of the command line rather than of attribution (a subprocess each: slow, and no rule's)."""
CONSTANT = re.compile(r"_?[A-Z][A-Z0-9_]*")
NEVER = 're.compile(r"(?!x)x")'
INERT = {"str": '""', "set": "set()", "frozenset": "frozenset()", "tuple": "()", "list": "[]", "dict": "{}", "int": "0", "float": "0.0", "Pattern": NEVER}
"""Runtime type of a constant -> the inert value put in its place."""


@dataclass(frozen=True)
class Change:
    module: str
    name: str
    line: int
    kind: str
    """``constant`` (value replaced) or ``rule`` (a registered rule switched off)."""
    start: int = 0
    end: int = 0
    """Character offsets of the value in the module's source."""


def module_constants(root: Path, module: str) -> list[Change]:
    """The module-level ``NAME = value`` assignments of ``module`` (upper-case names), in order."""
    source = (root / module).read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    found = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, value = node.target.id, node.value
        else:
            continue
        if not CONSTANT.fullmatch(name):
            continue
        kind = "rule" if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "rule" else "constant"
        start = offsets[value.lineno - 1] + len(lines[value.lineno - 1].encode("utf-8")[: value.col_offset].decode("utf-8"))
        end = offsets[value.end_lineno - 1] + len(lines[value.end_lineno - 1].encode("utf-8")[: value.end_col_offset].decode("utf-8"))  # type: ignore[operator]
        found.append(Change(module, name, node.lineno, kind, start, end))
    return found


def runtime_types(copy: Path, changes: list[Change]) -> dict[tuple[str, str], str]:
    """The type name of each constant's value once its module is imported (in a child process)."""
    names = {module: [c.name for c in changes if c.module == module] for module in MODULES}
    script = (
        "import importlib, json, sys\n"
        f"names = {names!r}\n"
        "out = {}\n"
        "for module, consts in names.items():\n"
        "    m = importlib.import_module(module[:-3].replace('/', '.'))\n"
        "    for n in consts:\n"
        "        out[module + ':' + n] = type(getattr(m, n)).__name__\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=copy, env={**os.environ, "PYTHONPATH": str(copy)}, capture_output=True, text=True, check=True)
    return {tuple(key.split(":", 1)): kind for key, kind in json.loads(result.stdout).items()}  # type: ignore[misc]


def mutated(source: str, change: Change, inert: str) -> str:
    """The module's source with ``change`` applied."""
    if change.kind == "rule":  # switched off for the whole run, as a test's switched_off() would
        return source + f"\nfrom .rules import DISABLED as _SWITCHED_OFF  # noqa: E402\n_SWITCHED_OFF.add({change.name})\n"
    return source[: change.start] + inert + source[change.end :]


def copy_checkout(root: Path) -> Path:
    """The parts of the checkout the tests need, in a fresh temporary directory."""
    copy = Path(tempfile.mkdtemp(prefix="switch-one-off-"))
    for part in ("retrieval", "tests", "bot", "corpus"):
        shutil.copytree(root / part, copy / part, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy2(root / part, copy / part)
    return copy


def run_tests(copy: Path, tests: list[str]) -> tuple[bool, str]:
    """Run the tests in a forked child (the heavy libraries are already imported): whether they
    are green, and the first failure pytest reported (or its last line)."""
    report = copy / ".switch-one-off.log"
    pid = os.fork()
    if pid == 0:  # the child: import the (changed) project fresh from the copy and run pytest
        code = 1
        try:
            sys.dont_write_bytecode = True
            os.chdir(copy)
            sys.path.insert(0, str(copy))
            out = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(out, 1)
            os.dup2(out, 2)
            import pytest

            deselect = [arg for test in DESELECTED if test.split("::")[0] in tests for arg in ("--deselect", test)]
            code = pytest.main(["-x", "-q", "-rf", "-p", "no:cacheprovider", *deselect, *tests])
        finally:
            os._exit(int(code))
    _, status = os.waitpid(pid, 0)
    lines = report.read_text(encoding="utf-8", errors="replace").splitlines() if report.exists() else []
    failure = next((line for line in lines if line.startswith(("FAILED", "ERROR"))), lines[-1] if lines else "")
    return os.waitstatus_to_exitcode(status) == 0, failure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent, help="the checkout (default: this one)")
    parser.add_argument("--only", nargs="*", metavar="NAME", help="only these constants or rules (module:NAME or NAME)")
    parser.add_argument("--tests", nargs="*", metavar="FILE", help="test files (default: the attribution tests)")
    parser.add_argument("--rules", action="store_true", help="also switch off each registered rule")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    tests = [t for t in (args.tests or TESTS) if (root / t).exists()]
    changes = [c for module in MODULES if (root / module).exists() for c in module_constants(root, module)]
    if not args.rules:
        changes = [c for c in changes if c.kind == "constant"]
    if args.only:
        changes = [c for c in changes if c.name in args.only or f"{c.module}:{c.name}" in args.only]
    copy = copy_checkout(root)
    try:
        os.environ.setdefault("NEWSBOT_TEST_SHARED", str(root.parent.parent / "shared") if (root.parent.parent / "shared").exists() else "/work/shared")
        types = runtime_types(copy, changes)
        import hypothesis  # noqa: F401  (imported once, before the children fork)
        import jieba
        import numpy  # noqa: F401
        import onnxruntime  # noqa: F401
        import pytest  # noqa: F401

        jieba.initialize()
        if not (baseline := run_tests(copy, tests))[0]:
            print(f"the tests are red without any change: nothing to count ({baseline[1]})", file=sys.stderr)
            return 2
        green: list[Change] = []
        tried = 0
        for change in changes:
            kind = types.get((change.module, change.name), "")
            if change.kind == "constant" and kind not in INERT:
                continue  # not a constant of words, patterns or thresholds (a class, a function's result of another type)
            path = copy / change.module
            source = path.read_text(encoding="utf-8")
            path.write_text(mutated(source, change, INERT.get(kind, "")), encoding="utf-8")
            began = time.monotonic()
            try:
                ok, failure = run_tests(copy, tests)
            finally:
                path.write_text(source, encoding="utf-8")
            tried += 1
            label = f"{change.module}:{change.line} {change.name}" + (" (rule switched off)" if change.kind == "rule" else f" -> {INERT.get(kind)}")
            print(f"{'GREEN' if ok else 'red  '} {label}  [{time.monotonic() - began:.0f} s]{'' if ok else '  ' + failure[:160]}", flush=True)
            if ok:
                green.append(change)
        by_kind = {kind: [c for c in changes if c.kind == kind and (kind == "rule" or types.get((c.module, c.name)) in INERT)] for kind in ("constant", "rule")}
        for kind, members in by_kind.items():
            if members:
                stayed = [c for c in green if c.kind == kind]
                print(f"{kind}s: {len(stayed)} of {len(members)} stay green with {len(tests)} test files: " + ", ".join(f"{Path(c.module).stem}.{c.name}" for c in stayed))
        print(f"{len(green)} of {tried} changes stay green")
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
