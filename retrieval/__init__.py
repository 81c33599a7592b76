"""newsbot's retrieval engine: who said what in a corpus of Chinese news articles.

A plain library (no Telegram): read a corpus, build or load the index, ask questions.

    from retrieval import answer, open_index
    index, report = open_index(["corpus"], None)
    for found in answer(index, "陈华文说了什么？"):
        print(found.speaker, found.quote)

The index (retrieval.index) is plain data; answering (retrieval.answering) is functions over it.
"""

from .answering import AnswerSet, answer, ask, compare, search, source, warm_up
from .index.bm25 import BM25Params, ParagraphIndex
from .index.news_index import IndexStats, NewsIndex
from .index.persist import BuildReport, IndexLoadError, load_index, open_index, save_index
from .index.update import prepare_reloads
from .ingest import CorpusLoad, CorpusPathError, Problem, load_corpus
from .models import Answer, Article, Quote, Speaker
from .safedir import UnsafeDirectoryError

__all__ = [
    "Answer",
    "AnswerSet",
    "Article",
    "BM25Params",
    "BuildReport",
    "CorpusLoad",
    "CorpusPathError",
    "IndexLoadError",
    "IndexStats",
    "NewsIndex",
    "ParagraphIndex",
    "Problem",
    "Quote",
    "Speaker",
    "UnsafeDirectoryError",
    "answer",
    "ask",
    "compare",
    "load_corpus",
    "load_index",
    "open_index",
    "prepare_reloads",
    "save_index",
    "search",
    "source",
    "warm_up",
]
