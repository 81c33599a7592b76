"""A reload killed (SIGKILL) at any step of saving its index leaves an index directory that
opens and answers: as before the reload, or, once the new index is in place, as after it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from retrieval import answering, open_index
from retrieval.index.persist import load_index

ROOT = Path(__file__).resolve().parent.parent

# Counts every filesystem change the save makes (creating, renaming, removing files and folders)
# and kills this process with SIGKILL at change number STEP: a crash at that point of the save.
SAVE_KILLED_AT_STEP = """
import os, signal, sys
from pathlib import Path
from retrieval import open_index

corpus, directory, step = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
index, report = open_index([corpus], directory, workers=1, defer_save=True)
count = 0

def crashing(func, creates=None):
    def wrapped(*args, **kwargs):
        global count
        if creates is None or creates(*args, **kwargs):
            count += 1
            if count == step:
                os.kill(os.getpid(), signal.SIGKILL)
        return func(*args, **kwargs)
    return wrapped

for name in ("rename", "replace", "unlink", "rmdir", "mkdir", "link", "symlink"):
    setattr(os, name, crashing(getattr(os, name)))
os.open = crashing(os.open, lambda path, flags, *a, **k: bool(flags & os.O_CREAT))
report.save()
print("finished after", count, "steps")
"""

QUESTIONS = ["陈华文说了什么？", "谁提到了绿色转型？", "王小明说了什么"]


def _answers(index) -> list:  # type: ignore[no-untyped-def]
    return [[(a.speaker, a.quote, a.score) for a in answering.answer(index, q)] for q in QUESTIONS]


def test_a_reload_killed_at_any_step_of_its_save_leaves_a_working_index(seed_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_dir, corpus)
    original = tmp_path / "original"
    before = _answers(open_index([corpus], original, workers=1)[0])
    assert load_index(original) is not None  # loaded once: its checksums are recorded, as in service
    (corpus / "new.md").write_text("---\ntitle: 新文章\n---\n\n王小明表示，重新加载时崩溃不会丢失索引。\n", encoding="utf-8")
    after = _answers(open_index([corpus], tmp_path / "fresh", workers=1)[0])
    assert after != before
    step, finished = 1, False
    while not finished:
        directory = tmp_path / f"killed-at-{step}"
        shutil.copytree(original, directory)
        run = subprocess.run([sys.executable, "-c", SAVE_KILLED_AT_STEP, str(corpus), str(directory), str(step)],
                             capture_output=True, text=True, cwd=ROOT, timeout=120)
        finished = run.returncode == 0
        assert finished or run.returncode == -9, run.stderr[-2000:]
        index = load_index(directory)
        assert index is not None, f"killed at step {step}: no index left in {directory}"
        assert _answers(index) in (before, after), f"killed at step {step}"
        reopened, _ = open_index([corpus], directory, workers=1)  # and the next reload works
        assert _answers(reopened) == after
        stray = [p.name for p in tmp_path.iterdir() if p.name.startswith(f".{directory.name}.")]
        assert not stray, f"killed at step {step}: the next open left the killed save's staging {stray}"
        shutil.rmtree(directory)
        step += 1
    assert step > 5  # the save did make that many changes, each one crashed at once


def test_staging_folders_of_killed_saves_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    """Only what a save creates is removed (``.<name>.`` + mkdtemp's eight characters, or ``.old``),
    and only when no running save holds it locked."""
    import fcntl
    import os

    from retrieval.index.persist import remove_stale_staging

    directory = tmp_path / "index"
    stale, live, old = (tmp_path / n for n in (".index.a1b2_c3d", ".index.zz9yx8w7", ".index.old"))
    others = [tmp_path / n for n in (".index.notes", ".other.a1b2c3d4", "index.a1b2c3d4")]
    for path in (stale, live, old, *others):
        path.mkdir()
        (path / "corpus.json").write_text("{}", encoding="utf-8")
    held = os.open(live, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(held, fcntl.LOCK_EX)  # as a save in another process holds its staging folder
    try:
        assert sorted(remove_stale_staging(directory)) == [".index.a1b2_c3d", ".index.old"]
    finally:
        os.close(held)
    assert not stale.exists() and not old.exists() and live.exists() and all(p.exists() for p in others)
    assert remove_stale_staging(directory) == [".index.zz9yx8w7"]  # its save has ended
