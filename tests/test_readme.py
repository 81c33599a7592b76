"""Every command README.md shows runs, and every example answers sensibly on the shipped corpus.

Commands come from README's fenced ``sh`` blocks (each ``&&`` step: install steps are checked
for the extras they name, ``newsbot …`` steps are run) and its ``text`` blocks of chat commands
(``/who …``, run through ``newsbot chat``). Each runs in a subprocess against the shipped
``corpus/`` with a temporary cache, so no ``../shared`` and no token is needed; only
``newsbot run`` (needs a token) is not run.

An answer is *noise* when it does not answer the question asked. Concretely, from
``newsbot ask --json``:

- 「X说了什么」/「X怎么看Y」: the first answer's speaker or role contains X and its paragraph
  contains Y; or the reply says X never spoke on Y (``not_found`` naming both);
- 「哪位D…」: the first answer has a speaker whose role shares a two-character piece with D;
- 「谁谈到了Y」 and plain keywords: the first answer contains every word asked;
- 「“L”是谁说的」: the source was found verbatim or close;
- 「甲和乙怎么看Y」: one section per speaker, 甲 then 乙, and every section said to be on the
  topic quotes a paragraph with Y;
- a time window: every answer is dated inside it (plus the 3 days news takes to report);
- any other question form: the test fails, so a new form in README comes with its check.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
NEWSBOT = [sys.executable, "-m", "bot.cli"]

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
_INLINE = re.compile(r"`(newsbot [^`]+)`")


def fenced(language: str) -> list[str]:
    """The lines of README's fenced blocks in ``language``, comments and blanks removed."""
    lines = []
    for lang, body in _FENCE.findall(README.read_text(encoding="utf-8")):
        if lang == language:
            lines += [line.strip() for line in body.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return lines


def shell_steps() -> list[list[str]]:
    """Every step of every ``sh`` line, as argv lists (``a && b`` is two steps)."""
    steps = []
    for line in fenced("sh"):
        for part in line.split("&&"):
            steps.append(shlex.split(part, comments=True))
    return steps


def newsbot_commands() -> list[list[str]]:
    return [step for step in shell_steps() if step and step[0] == "newsbot"]


def chat_commands() -> list[str]:
    return [line for line in fenced("text") if line.startswith("/")]


def run_newsbot(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        NEWSBOT + args, input=stdin, capture_output=True, text=True, cwd=ROOT, env=env, timeout=600
    )
    assert result.returncode == 0, f"newsbot {shlex.join(args)} exited {result.returncode}: {result.stderr[-2000:]}"
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.stdout.strip(), f"newsbot {shlex.join(args)} printed nothing"
    return result


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The shipped corpus, a private cache (index built once for the module), no token, no .env."""
    home = tmp_path_factory.mktemp("readme")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    environment.update(
        NEWSBOT_CACHE_DIR=str(home / "cache"), NEWSBOT_CORPUS_PATHS=str(ROOT / "corpus"), NEWSBOT_LOG_LEVEL="WARNING"
    )
    return environment


# --- what README shows --------------------------------------------------------------------------


_COMMIT = re.compile(r"(?<![\w./-])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}(?![\w.])")
USER_FACING = [README, ROOT / "docs" / "usage.md", ROOT / "docs" / "design.md", ROOT / "docs" / "operations.md"]


def test_readme_is_a_guide_not_a_notebook() -> None:
    """README is short; it and the user-facing docs name no commits or issues (evaluation.md may)."""
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200
    assert "Python 3.11" in text  # the version pyproject requires
    for page in USER_FACING:
        words = page.read_text(encoding="utf-8")
        assert not _COMMIT.search(words), f"a commit hash in {page.name}: {_COMMIT.search(words)}"
        assert not re.search(r"issues? \d", words, re.I), f"an issue number in {page.name}"
    assert _COMMIT.search("measured at fdde52e (2026-11-27)") and not _COMMIT.search("web-3f1c0a9b2e4d5f60.md")


def test_install_steps_name_the_extras_that_exist() -> None:
    """The two setup commands install the project (the second with the test extra) and the second
    runs the test command that CI (.ci/run) runs."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = set(project["optional-dependencies"])
    installs = [s for s in shell_steps() if s[:2] == ["pip", "install"] and "-e" in s]
    for line in fenced("sh"):  # the pip that comes with Python 3.11 warns about lxml's html_clean extra
        if "pip install" in line:
            assert line.index("--upgrade pip") < line.index("-e "), line
    assert [s[-1] for s in installs] == [".", ".[test]"]
    for step in installs:
        named = re.findall(r"\[([^\]]*)\]", step[-1])
        assert all(e in extras for n in named for e in n.split(",")), step
    test_command = next(s for s in shell_steps() if s[:3] == ["python", "-m", "pytest"])
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert shlex.join(test_command) in ci.splitlines()
    assert "-e '.[test]'" in ci


def test_readme_names_only_commands_and_options_that_exist(env: dict[str, str]) -> None:
    """Every `newsbot …` in README (blocks and inline) uses a subcommand and options newsbot has."""
    text = README.read_text(encoding="utf-8")
    shown = [shlex.split(s) for s in _INLINE.findall(text)] + newsbot_commands()
    helps: dict[str, str] = {}
    for argv in shown:
        sub = argv[1]
        if sub not in helps:
            helps[sub] = run_newsbot([sub, "--help"], env).stdout
        for option in (a.split("=")[0] for a in argv[2:] if a.startswith("--")):
            assert option in helps[sub], f"README shows {option} for newsbot {sub}"


# --- noise: what a sensible answer to each question form is --------------------------------------

_TIME = r"(?:\d{4}年(?:\d{1,2}月(?:[上中下]旬)?)?)?"
_END = r"[？?]?$"
_PERSON = re.compile(rf"^{_TIME}(?P<name>[^，,\s]+?)(?:说了什么|怎么看(?P<topic>.+?)|谈到了什么|强调了什么){_END}")
_DESCRIBED = re.compile(rf"^{_TIME}哪位(?P<description>.+?)(?:批评|说|认为|谈到|表示)了?(?P<topic>.*?){_END}")
_WHO = re.compile(rf"^{_TIME}谁谈到了(?P<topic>.+?){_END}")
_SOURCE = re.compile(rf"^“(?P<line>.+)”是谁说的{_END}")
_COMPARE = re.compile(rf"^(?P<a>[^和与]+?)[和与](?P<b>[^和与]+?)怎么看(?P<topic>.*?){_END}")
_KEYWORDS = re.compile(r"^[^？?“”]+(?: [^？?“”]+)+$")


def first(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["answers"], f"no answer to {reply['question']}"
    return reply["answers"][0]


def text_of(answer: dict[str, Any]) -> str:
    return " ".join(str(answer.get(k) or "") for k in ("speaker", "role", "quote", "paragraph"))


def check_person(reply: dict[str, Any], m: re.Match[str]) -> None:
    name, topic = m["name"], m["topic"] or ""
    if reply.get("not_found"):  # saying so is a sensible answer, if it says it about what was asked
        message = reply["not_found"]["message"]
        assert name in message and topic and topic in message, message
        return
    answer = first(reply)
    who = (answer["speaker"] or "") + (answer["role"] or "")
    assert name in who, f"{reply['question']} answered with {answer['speaker']}"
    assert topic in answer["paragraph"], f"{reply['question']}: {topic} not in {answer['paragraph'][:80]}"


def check_described(reply: dict[str, Any], m: re.Match[str]) -> None:
    answer = first(reply)
    assert answer["speaker"], f"{reply['question']}: the first answer has no speaker"
    pieces = {m["description"][i : i + 2] for i in range(len(m["description"]) - 1)}
    role = answer["role"] or ""
    assert any(p in role for p in pieces), f"{reply['question']} answered with {answer['speaker']} ({role})"
    assert m["topic"] in answer["paragraph"]


def check_words(reply: dict[str, Any], words: list[str]) -> None:
    answer = first(reply)
    missing = [w for w in words if w not in text_of(answer)]
    assert not missing, f"{reply['question']}: the first answer lacks {missing}"


def check_source(reply: dict[str, Any], m: re.Match[str]) -> None:
    assert reply["source"]["closeness"] in ("verbatim", "close"), reply["source"]


def check_compare(reply: dict[str, Any], m: re.Match[str]) -> None:
    sections = reply["comparison"]["sections"]
    assert [s["speaker"] for s in sections] == [m["a"], m["b"]], [s["speaker"] for s in sections]
    topic = m["topic"]
    for section in sections:
        assert section["answers"], f"nothing for {section['speaker']}"
        if topic and section["on_topic"]:
            assert any(topic in a["paragraph"] for a in section["answers"]), section["speaker"]


def check_window(reply: dict[str, Any]) -> None:
    window = reply.get("date_window")
    if not window or window.get("outside"):
        return
    start = datetime.date.fromisoformat(window["start"])
    end = datetime.date.fromisoformat(window["end"]) + datetime.timedelta(days=3)
    for answer in reply["answers"]:
        date = datetime.date.fromisoformat(answer["article"]["date"])
        assert start <= date <= end, f"{reply['question']}: {date} outside {window['label']}"


def check_reply(reply: dict[str, Any]) -> None:
    """Fails when ``reply`` (one line of ``newsbot ask --json``) is noise for its question."""
    question = reply["question"].strip()
    checks: list[tuple[re.Pattern[str], Callable[[dict[str, Any], re.Match[str]], None]]] = [
        (_SOURCE, check_source),
        (_COMPARE, check_compare),
        (_WHO, lambda r, m: check_words(r, [m["topic"]])),
        (_DESCRIBED, check_described),
        (_PERSON, check_person),
        (_KEYWORDS, lambda r, m: check_words(r, question.split())),
    ]
    for pattern, check in checks:
        if match := pattern.match(question):
            check(reply, match)
            check_window(reply)
            return
    pytest.fail(f"README asks {question!r}, a question form this test has no check for: add one")


def test_noise_checks_reject_noise() -> None:
    """The checks fail on answers that do not answer (so a passing README test means something)."""
    paragraph = "国务院总理李强表示，要保障粮食安全。"
    answer = {
        "speaker": "李强", "role": "国务院总理", "quote": "要保障粮食安全", "paragraph": paragraph,
        "article": {"date": "2024-05-01"},
    }

    def window(month: str) -> dict[str, Any]:
        year, number = month.split("-")
        return {"label": f"{year}年{int(number)}月", "start": f"{month}-01", "end": f"{month}-31", "outside": False}

    good = [
        {"question": "李强说了什么？", "answers": [answer]},
        {"question": "李强怎么看粮食安全？", "answers": [answer]},
        {"question": "谁谈到了粮食安全？", "answers": [answer]},
        {"question": "李强 粮食安全", "answers": [answer]},
        {"question": "哪位总理谈到了粮食安全？", "answers": [answer]},
        {"question": "2024年5月李强说了什么？", "answers": [answer], "date_window": window("2024-05")},
        {"question": "李强怎么看房价？", "answers": [], "not_found": {"message": "没有找到李强谈房价的说法"}},
    ]
    for reply in good:
        check_reply(reply)
    bad = [
        {"question": "王毅说了什么？", "answers": [answer]},
        {"question": "李强怎么看房价？", "answers": [answer]},
        {"question": "谁谈到了房价？", "answers": [answer]},
        {"question": "李强 房价", "answers": [answer]},
        {"question": "哪位外长谈到了粮食安全？", "answers": [answer]},
        {"question": "2023年5月李强说了什么？", "answers": [answer], "date_window": window("2023-05")},
        {"question": "李强怎么看房价？", "answers": [], "not_found": {"message": "没有找到李强谈粮食的说法"}},
        {"question": "王毅说了什么？", "answers": []},
        {"question": "“粮食安全”是谁说的？", "answers": [answer], "source": {"closeness": "none"}},
    ]
    for reply in bad:
        with pytest.raises(AssertionError):
            check_reply(reply)
    with pytest.raises(pytest.fail.Exception, match="no check for"):
        check_reply({"question": "给我讲个笑话吧？", "answers": [answer]})


# --- running README's examples --------------------------------------------------------------------


def test_every_newsbot_command_in_readme_runs(env: dict[str, str]) -> None:
    """Each `newsbot …` step of README's sh blocks runs as written (only `newsbot run` is left out:
    it needs a token). `ask` examples are then asked again with --json and checked for noise."""
    commands = newsbot_commands()
    questions: list[str] = []
    ran = []
    for argv in commands:
        sub, args = argv[1], argv[2:]
        if sub == "run":
            continue
        if sub == "chat":
            run_newsbot([sub, *args], env, stdin="/help\n")
        elif sub == "ask":
            result = run_newsbot([sub, *args], env)
            if "--json" in args:
                json.loads(result.stdout.splitlines()[0])
            questions += [a for a in args if not a.startswith("-")]
        elif sub == "timeline":  # the chart goes to a temporary file; the counts must be there
            png = Path(env["NEWSBOT_CACHE_DIR"]).parent / "timeline.png"
            args = [str(png) if previous == "--png" else a for previous, a in zip(["", *args], args)]
            counts = json.loads(run_newsbot([sub, *args, "--json"], env).stdout)
            assert counts["total"] > 0 and sum(m["count"] for m in counts["months"]) == counts["total"]
            assert png.read_bytes().startswith(b"\x89PNG")
        # Add further subcommands here with their check when README shows them.
        else:
            pytest.fail(f"README shows `newsbot {sub}`, which this test does not know how to check")
        ran.append(shlex.join(argv))
    assert len(questions) >= 8, ran  # README's examples are all there and were all seen
    replies = [json.loads(line) for line in run_newsbot(["ask", "--json", *questions], env).stdout.splitlines()]
    assert [r["question"] for r in replies] == questions
    for reply in replies:
        check_reply(reply)


def chat_reply(output: str, command: str) -> str:
    """The reply to ``command`` in the output of `newsbot chat` (after the start screen)."""
    blocks = output.split("(输入 /1、/2 … 按下按钮)", 1)
    assert len(blocks) == 2, output[:500]
    return blocks[1]


def test_every_chat_command_in_readme_answers(env: dict[str, str]) -> None:
    """README's chat commands, typed into `newsbot chat`: each answers what it was asked.

    The bot half may add `newsbot ask --json "/who …"`; these checks can then read that JSON."""
    commands = chat_commands()
    assert {c.split()[0] for c in commands} >= {"/who", "/compare", "/source", "/search", "/timeline"}
    for command in commands:
        name, *args = command.split()
        reply = chat_reply(run_newsbot(["chat"], env, stdin=command + "\n").stdout, command)
        assert "没有找到" not in reply, f"{command}: {reply[:300]}"
        if name == "/timeline":  # a caption (the chart itself is sent as a photo)
            assert re.search(r"共 \d+ 段话", reply) and f"{args[0]} ·" in reply, f"{command}: {reply[:300]}"
            continue
        quoted = [line for line in reply.splitlines() if line.lstrip().startswith("│")]
        assert quoted, f"{command} quoted nothing: {reply[:300]}"
        if name == "/who":
            subject = args[0]
            speaks = any(line.startswith(f"{subject} ·") for line in reply.splitlines())
            assert speaks or any(subject in line for line in quoted), f"{command}: {reply[:300]}"
        elif name == "/compare":
            for speaker in args[:2]:
                heads = [line for line in reply.splitlines() if line.startswith(f"━━ {speaker} ·")]
                assert heads, f"{command}: {reply[:300]}"
        elif name == "/source":
            assert "✅ 原话" in reply or "≈ 近似" in reply, f"{command}: {reply[:300]}"
        elif name == "/search":
            assert f"搜索：{' '.join(args)}" in reply and all(w in quoted[0] for w in args), f"{command}: {reply[:300]}"
        else:
            pytest.fail(f"README shows {name}, which this test does not know how to check")


def test_skip_reason_says_what_shared_is() -> None:
    """Tests skipped for want of ../shared say what it is, and README has the section to read."""
    from .conftest import SHARED_MISSING

    assert "development data" in SHARED_MISSING and "see README" not in SHARED_MISSING
    assert "## The development data: `../shared`" in README.read_text(encoding="utf-8")


_LINK = re.compile(r"\]\(([^)\s]+)\)")


def github_anchor(heading: str) -> str:
    """The fragment GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_between_readme_and_docs_resolve() -> None:
    pages = [README, *sorted((ROOT / "docs").glob("*.md"))]
    assert {p.name for p in pages} >= {"README.md", "design.md", "evaluation.md", "operations.md", "usage.md"}
    for page in pages:
        for target in _LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            path, _, fragment = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            assert linked.exists(), f"{page.name} links to {target}"
            if fragment and linked.suffix == ".md":
                headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.M)
                assert fragment in {github_anchor(h) for h in headings}, f"{page.name} links to {target}"
