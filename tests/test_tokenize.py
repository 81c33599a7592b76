"""The tokenizer: jieba's dictionary and algorithm (cut by jieba-rs), and names that change
only the cuts of text containing them."""

from __future__ import annotations

import jieba
import pytest

from retrieval import answering
from retrieval.tokenize import NAME_RESERVE, NewsTokenizer, plain_jieba, prepare, suggest_name_freqs

SENTENCES = [
    "市场监管部门负责人表示，今年将继续加大对食品安全的抽检力度。",
    "这家新能源汽车企业的董事长在发布会上说，公司计划明年在欧洲建厂。",
    "专家认为，绿色转型需要长期稳定的政策支持和持续的技术创新。",
    "气象台预计，受冷空气影响，北方大部地区气温将下降六到八摄氏度。",
]


def _total_probe(tokenizer: NewsTokenizer) -> list[int]:
    """Frequencies jieba-rs suggests for phrases made of frequent words: they scale with the
    dictionary total (product of the pieces' frequencies over total ** (pieces - 1))."""
    return [tokenizer._jieba.suggest_freq(phrase) for phrase in ("我们的", "发展的", "他们在")]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_cuts_are_jiebas(sentence: str) -> None:
    """jieba-rs cuts Han text as jieba does: the same dictionary, word graph and HMM."""
    text = prepare(sentence)
    assert plain_jieba().cut(text, False) == jieba.lcut(text, HMM=False)
    tokenizer = jieba.Tokenizer()
    tokenizer.total += NAME_RESERVE  # a NewsTokenizer's total holds the names' reserve
    assert NewsTokenizer().cut(sentence) == [t for t in tokenizer.lcut(text) if t.strip("，。")]


def test_a_learned_name_is_one_token() -> None:
    plain = NewsTokenizer()
    assert plain.tokenize("郑嘉禾表示同意。")[:2] == ["郑", "嘉禾"]
    learned = NewsTokenizer(suggest_name_freqs(["郑嘉禾"]))
    assert learned.tokenize("郑嘉禾表示同意。")[0] == "郑嘉禾"


def test_names_leave_the_dictionary_total_alone() -> None:
    """Names add their frequencies to jieba-rs's total, which weighs every cut; the reserve gives
    them back, so text without the names is cut as with no names at all."""
    names = [(f"甲乙丙{i}", 3_000) for i in range(200)] + [("国家", 200_000)]  # one raises a dictionary word
    with_names = NewsTokenizer(names)
    assert with_names.reserve == NAME_RESERVE
    assert _total_probe(with_names) == _total_probe(NewsTokenizer())
    for sentence in SENTENCES:
        assert with_names.cut(sentence) == NewsTokenizer().cut(sentence)


def test_with_names_equals_a_fresh_tokenizer() -> None:
    old = NewsTokenizer(suggest_name_freqs(["郑嘉禾", "鞠文澜"]))
    new = old.with_names(suggest_name_freqs(["鞠文澜", "国家"]))
    fresh = NewsTokenizer(suggest_name_freqs(["鞠文澜", "国家"]))
    assert new.names == fresh.names and new.plain_freqs == fresh.plain_freqs
    assert _total_probe(new) == _total_probe(fresh)
    text = "郑嘉禾和鞠文澜一起出席。"
    assert new.tokenize(text) == fresh.tokenize(text) == ["郑", "嘉禾", "鞠文澜", "一起", "出席"]
    assert old.tokenize(text)[0] == "郑嘉禾"  # the serving tokenizer is left as it was


def test_names_that_outgrow_the_reserve_double_it() -> None:
    big = NewsTokenizer([("甲乙丙", NAME_RESERVE + 1)])
    assert big.reserve == 2 * NAME_RESERVE
    assert _total_probe(big) != _total_probe(NewsTokenizer())  # a larger total: every cut may change


def test_plain_frequencies_given_or_looked_up_agree() -> None:
    """Loading an index passes the saved plain frequencies instead of reading jieba's dictionary."""
    names = [("国家", 90_000), ("郑嘉禾", 50)]
    looked_up = NewsTokenizer(names)
    assert looked_up.plain_freqs["郑嘉禾"] == 0 and looked_up.plain_freqs["国家"] > 0
    given = NewsTokenizer(names, dict(looked_up.plain_freqs))
    assert _total_probe(given) == _total_probe(looked_up)


def test_lone_surrogates_neither_crash_nor_shift_offsets() -> None:
    """Undecodable bytes become lone surrogates; jieba-rs cannot take them, so they are cut as U+FFFD."""
    from retrieval.attribution import attribute_quotes

    assert NewsTokenizer().tokenize("郑嘉禾\ud800表示同意。") == NewsTokenizer().tokenize("郑嘉禾，表示同意。")
    assert NewsTokenizer().tokenize_flagged(["王小明\udcff说"])[0][0][-1] == "说"
    quotes = attribute_quotes(["队员王小明说，\udcff这是一次测试。"])
    assert [(q.speaker.name, q.text) for q in quotes] == [("王小明", "\udcff这是一次测试")]


def test_a_guessed_word_is_also_indexed_by_its_character_pairs() -> None:
    """The HMM glues single characters into words the dictionary lacks (分装|成小份); their
    character pairs are index tokens too, so 小份 cut on its own elsewhere still finds them.
    Dictionary words and learned names stay whole."""
    tokens = NewsTokenizer().tokenize("老板把饺子分装成小份送给邻居。")
    assert tokens[tokens.index("成小份") :][:3] == ["成小份", "成小", "小份"]
    assert NewsTokenizer(suggest_name_freqs(["郑嘉禾"])).tokenize("郑嘉禾参加了运动会。") == ["郑嘉禾", "参加", "运动会"]


def test_a_question_finds_the_word_the_hmm_glued() -> None:
    from retrieval import NewsIndex
    from retrieval.models import Article

    glued = Article(id="a1", title="邻里", paragraphs=["老板王建国说，他把饺子分装成小份送给邻居。"])
    other = Article(id="a2", title="美食", paragraphs=["李秀梅说，饺子是她最爱吃的，饺子馅一定要新鲜。"])
    filler = [Article(id=f"f{i}", title="天气", paragraphs=[f"今天第{i}天晴朗，气温回升。"]) for i in range(8)]
    index = NewsIndex.build([glued, other, *filler], workers=1)
    assert [a.speaker for a in answering.answer(index, "谁说要拆成小份？", 3)] == ["王建国"]


def test_a_jieba_made_ahead_is_taken_by_the_next_tokenizer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reload that learns a name makes a new tokenizer; its jieba-rs dictionary (most of 0.1 s)
    can be loaded ahead (prepare_reloads): the next tokenizer takes that one, cutting as a fresh one."""
    import types

    from retrieval import tokenize

    monkeypatch.setattr(tokenize, "_spare_jiebas", [])
    tokenize.make_spare_jieba()
    made = []
    real = tokenize.rjieba.Jieba
    monkeypatch.setattr(tokenize, "rjieba", types.SimpleNamespace(Jieba=lambda: made.append(1) or real()))
    names = [("许明远", 50)]
    ahead = NewsTokenizer(names)
    assert made == [] and tokenize._spare_jiebas == []
    now = NewsTokenizer(names)
    assert made == [1]
    text = "新来的嘉宾许明远表示，基准测试改动了这一篇文章。"
    assert ahead.tokenize(text) == now.tokenize(text) and "许明远" in ahead.tokenize(text)
