"""The index over one corpus: plain data (articles, chunks, quotes, BM25 postings, speakers) with
array views, and how it is built, updated after a corpus change, saved and loaded. It never
imports the answering package: answering functions take an index (retrieval.answering)."""
