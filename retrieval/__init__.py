"""newsbot's retrieval engine: who said what in a corpus of Chinese news articles.

A plain library (no Telegram): read a corpus, build or load the index, ask questions.

    from retrieval import open_index
    index, report = open_index(["corpus"], None)
    for answer in index.answer("陈华文说了什么？"):
        print(answer.speaker, answer.quote)
"""

from .bm25 import BM25Params, ParagraphIndex
from .engine import IndexStats, NewsIndex
from .ingest import CorpusLoad, CorpusPathError, Problem, load_corpus
from .models import Answer, Article, Quote, Speaker
from .persist import BuildReport, IndexLoadError, load_index, open_index, save_index
from .safedir import UnsafeDirectoryError
from .update import prepare_reloads

__all__ = [
    "Answer",
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
    "load_corpus",
    "load_index",
    "open_index",
    "prepare_reloads",
    "save_index",
]
