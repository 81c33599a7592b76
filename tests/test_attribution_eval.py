"""Scoring extracted quotes against annotated paragraphs, and the quote export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.attribution_eval import (
    GoldParagraph,
    GoldQuote,
    Predicted,
    inferred_type,
    overlap,
    read_gold,
    same_speaker,
    score,
)

from .conftest import ROOT, SHARED
from .test_cli import env, newsbot  # noqa: F401 - env is a fixture

GOLD = SHARED / "data" / "attribution" / "gold-dev.jsonl"
SCORER = SHARED / "data" / "attribution" / "score.py"


def test_speaker_rule_allows_a_title_before_not_after() -> None:
    assert same_speaker("外事局局长赵一鸣", "赵一鸣")
    assert same_speaker(" 赵 一鸣", "赵一鸣")
    assert not same_speaker("赵一鸣局长", "赵一鸣")
    assert not same_speaker("赵", "赵一鸣")
    assert not same_speaker("赵一鸣", "")


def test_overlap_is_measured_against_the_longer_span() -> None:
    paragraph = "某甲说，一二三四五六七八九十。"
    start = paragraph.find("一")
    assert overlap(paragraph, "一二三四五", start, start + 10) == 0.5
    assert overlap(paragraph, "一二三四", start, start + 10) < 0.5
    assert overlap(paragraph, "“一二三四五六七八九十”", start, start + 10) == 1.0  # marks stripped
    assert overlap(paragraph, "零零一二三四五六七八九十", start, start + 10) == pytest.approx(10 / 12)  # LCS


def test_inferred_type_of_an_unmatched_prediction() -> None:
    assert inferred_type("他说：“明天见。”", "明天见。") == "direct"
    assert inferred_type("他说此事“非常棘手”。", "此事“非常棘手”") == "mixed"
    assert inferred_type("他说此事非常棘手。", "此事非常棘手") == "indirect"


def _para(quotes: list[GoldQuote], text: str, source: str = "nyt", ambiguous: bool = False) -> GoldParagraph:
    return GoldParagraph("p1", "a1", 0, source, text, tuple(quotes), ambiguous)


def test_pairing_is_one_to_one_and_ambiguous_paragraphs_are_left_out() -> None:
    text = "“今年会好转，”分析师孙小平说。“明年更好。”"
    gold = [GoldQuote("孙小平", "今年会好转，", "direct", 1, 7), GoldQuote("孙小平", "明年更好。", "direct", 17, 22)]
    twice = {"p1": [Predicted("孙小平", "今年会好转，", "direct"), Predicted("孙小平", "今年会好转", "direct")]}
    result = score([_para(gold, text)], twice)
    assert (result.slices["all"].matched, result.slices["all"].predicted, result.slices["all"].gold) == (1, 2, 2)
    assert result.slices["source=nyt"].recall == 0.5
    assert any(line.startswith("FN p1 孙小平 «明年更好") for line in result.misses)
    left_out = score([_para(gold, text, ambiguous=True)], twice)
    assert left_out.excluded == 1 and left_out.slices["all"].gold == 0 and left_out.slices["all"].predicted == 0


def test_wrong_speaker_scores_nothing_unless_speakers_are_ignored() -> None:
    text = "周明说，工厂下月复工。"
    gold = [GoldQuote("周明", "工厂下月复工", "indirect", 4, 10)]
    wrong = {"p1": [Predicted("周亮", "工厂下月复工", "indirect")]}
    assert score([_para(gold, text)], wrong).slices["all"].matched == 0
    assert score([_para(gold, text)], wrong, check_speaker=False).slices["all"].matched == 1


@pytest.mark.requires_shared
def test_scores_agree_with_the_reference_scorer(tmp_path: Path) -> None:
    """Same predictions, same figures as score.py (wrong speakers, shifted and missing quotes mixed in)."""
    gold = read_gold(GOLD)
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    predictions: dict[str, list[Predicted]] = {}
    for n, row in enumerate(rows):
        found = []
        for m, q in enumerate(row["quotes"]):
            if (n + m) % 5 == 0:
                continue  # missed
            speaker = q["speaker"] if (n + m) % 7 else "某某"  # wrong speaker
            quote = q["quote"][(n % 3) * len(q["quote"]) // 4 :]  # shortened from the left
            found.append(Predicted(speaker, quote, None if n % 2 else q["type"]))
        if n % 4 == 0:
            found.append(Predicted("路人", row["paragraph"][:12], None))  # spurious
        predictions[row["id"]] = found
    path = tmp_path / "pred.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for pid, found in predictions.items():
            quotes = [{"speaker": p.speaker, "quote": p.quote, **({"type": p.type} if p.type else {})} for p in found]
            fh.write(json.dumps({"id": pid, "quotes": quotes}, ensure_ascii=False) + "\n")
    out = tmp_path / "ref.json"
    subprocess.run([sys.executable, str(SCORER), str(GOLD), str(path), "--json", str(out)], check=True, capture_output=True)
    reference = json.loads(out.read_text(encoding="utf-8"))["official"]
    ours = score(gold, predictions)
    for name, count in ours.slices.items():
        ref = reference[name]
        assert (count.gold, count.predicted, count.matched) == (ref["gold"], ref["pred"], ref["tp"]), name
        assert count.precision == pytest.approx(ref["P"]) and count.recall == pytest.approx(ref["R"]), name


ANNOTATED_ARTICLE = {
    "id": "test-0001",
    "paragraphs": [
        "本市昨天举行防汛工作会议。",
        "“堤坝已经全部加固，”水务局局长钱立新说。“今年汛期可以放心。”",
        "他补充说，抢险队伍二十四小时待命。",
    ],
}


def _gold_line(pid: str, index: int, quotes: list[dict[str, object]]) -> str:
    paragraph = ANNOTATED_ARTICLE["paragraphs"][index]
    for q in quotes:
        q["char_start"] = paragraph.find(str(q["quote"]))
        q["char_end"] = q["char_start"] + len(str(q["quote"]))
    row = {"id": pid, "article_id": "test-0001", "paragraph_index": index, "source": "nyt", "paragraph": paragraph, "quotes": quotes}
    return json.dumps(row, ensure_ascii=False)


def test_cli_quotes_and_eval_attribution(tmp_path: Path, env: dict[str, str]) -> None:  # noqa: F811
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "news.jsonl").write_text(json.dumps(ANNOTATED_ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    index_dir = str(tmp_path / "idx")
    result = newsbot("quotes", "--corpus", str(corpus), "--index-dir", index_dir, "--json", env=env)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["paragraph_index"], r["speaker"], r["quote"], r["type"]) for r in records] == [
        (1, "钱立新", "堤坝已经全部加固，", "direct"),
        (1, "钱立新", "今年汛期可以放心。", "direct"),
        (2, "钱立新", "抢险队伍二十四小时待命", "indirect"),
    ]
    assert set(records[0]) == {"article_id", "paragraph_index", "speaker", "speaker_type", "role", "cue", "quote", "type", "resolved_from", "rules", "nested"}
    assert records[0]["rules"][0] == "cue.reporting_verb" and "coref.pronoun" in records[2]["rules"]  # the rules that made each quote
    assert records[0]["role"] == "水务局局长" and records[0]["cue"] == "说" and records[0]["speaker_type"] == "person"
    assert records[2]["resolved_from"] == "pronoun" and records[0]["resolved_from"] is None

    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(
            [
                _gold_line("t1", 0, []),
                _gold_line("t2", 1, [{"speaker": "钱立新", "quote": "堤坝已经全部加固，", "type": "direct"},
                                     {"speaker": "钱立新", "quote": "今年汛期可以放心。", "type": "direct"}]),
                _gold_line("t3", 2, [{"speaker": "李四", "quote": "抢险队伍二十四小时待命", "type": "indirect"}]),
            ]
        ),
        encoding="utf-8",
    )
    result = newsbot("eval", "--attribution", str(gold), "--corpus", str(corpus), "--index-dir", index_dir, "--show-misses", env=env)
    assert result.returncode == 0, result.stderr
    table = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.startswith(("all", "type="))}
    assert table["all"][:3] == ["3", "3", "2"]  # gold, predicted, matched: the pronoun went to the wrong man in the gold
    assert table["type=direct"][:3] == ["2", "2", "2"]
    assert "FN t3 李四" in result.stdout and "FP t3 钱立新" in result.stdout
    per_rule = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.startswith(("cue.", "coref."))}
    assert per_rule["cue.reporting_verb"] == ["3", "2", "0.667"]  # predicted records it made, correct ones, precision
    assert per_rule["coref.pronoun"] == ["1", "0", "0.000"]  # the pronoun's record is the wrong one
    assert "per rule: pred = predicted records whose rules include it" in result.stdout

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    result = newsbot("eval", "--attribution", str(bad), "--corpus", str(corpus), "--index-dir", index_dir, env=env)
    assert result.returncode == 2 and "bad.jsonl:1" in result.stderr


def test_per_rule_figures_count_the_records_each_rule_made() -> None:
    """Of the predicted records whose rules include a rule: how many, how many correct."""
    paragraph = "王海峰说，公司将扩大投资。他说，这是一次机会。"
    gold = [GoldParagraph("p", "a", 0, "nyt", paragraph, (GoldQuote("王海峰", "公司将扩大投资", "indirect", 5, 12),))]
    predicted = [
        Predicted("王海峰", "公司将扩大投资", "indirect", ("cue.a", "span.b")),
        Predicted("李明", "这是一次机会", "indirect", ("cue.a", "coref.c")),
    ]
    result = score(gold, {"p": predicted})
    assert {name: (c.predicted, c.matched) for name, c in result.by_rule.items()} == {"cue.a": (2, 1), "span.b": (1, 1), "coref.c": (1, 0)}


def test_quotes_and_eval_count_paragraphs_as_the_source_does(tmp_path: Path, env: dict[str, str]) -> None:  # noqa: F811
    """An empty source paragraph is left out of the article, yet ``paragraph_index`` (and the
    paragraphs eval --attribution looks up) stay the source's positions, as gold files count them."""
    article = {**ANNOTATED_ARTICLE, "paragraphs": ["本市昨天举行防汛工作会议。", "  ", *ANNOTATED_ARTICLE["paragraphs"][1:]]}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "news.jsonl").write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    index_dir = str(tmp_path / "idx")
    result = newsbot("quotes", "--corpus", str(corpus), "--index-dir", index_dir, "--json", env=env)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["paragraph_index"], r["quote"]) for r in records] == [
        (2, "堤坝已经全部加固，"), (2, "今年汛期可以放心。"), (3, "抢险队伍二十四小时待命")
    ]
    paragraph = article["paragraphs"][2]
    quotes = [{"speaker": "钱立新", "quote": q, "type": "direct", "char_start": paragraph.find(q), "char_end": paragraph.find(q) + len(q)}
              for q in ("堤坝已经全部加固，", "今年汛期可以放心。")]
    row = {"id": "t1", "article_id": "test-0001", "paragraph_index": 2, "source": "nyt", "paragraph": paragraph, "quotes": quotes}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    result = newsbot("eval", "--attribution", str(gold), "--corpus", str(corpus), "--index-dir", index_dir, env=env)
    assert result.returncode == 0, result.stderr
    table = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.startswith("all")}
    assert table["all"][:3] == ["2", "2", "2"]  # both quotes found in the paragraph the gold file means


def test_quotes_into_a_pipe_closed_early_ends_quietly(tmp_path: Path, env: dict[str, str]) -> None:  # noqa: F811
    """newsbot quotes | head: the reader goes away after one line; no BrokenPipeError traceback."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [json.dumps({**ANNOTATED_ARTICLE, "id": f"test-{n:04d}"}, ensure_ascii=False) for n in range(1500)]
    (corpus / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")  # some 300 KB of quotes: more than a pipe holds
    index_dir = str(tmp_path / "idx")
    assert newsbot("index", "--corpus", str(corpus), "--index-dir", index_dir, env=env).returncode == 0
    command = [sys.executable, "-m", "bot.cli", "quotes", "--corpus", str(corpus), "--index-dir", index_dir]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **env}, cwd=ROOT) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b"test-0000")
        process.stdout.close()  # what head does after its lines
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=120) == 0
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
