"""The lexical channel: BM25 (``bm25s``) over jieba words and character bigrams.

>>> index = LexicalIndex.build(["公车私用问题突出", "公务接待超标准", "干部选拔任用不规范"])
>>> scores = index.scores("公车")
>>> int(scores.argmax()), bool(scores[1] == 0)
(0, True)
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from search.tokenizer import tokenize

#: Stands in for documents with no tokens (bm25s needs at least one per document).
EMPTY_TOKEN = "∅"


def tokenize_stream(texts: list[str], progress: bool = False) -> Iterator[list[str]]:
    """Tokens of every text, in order (worker processes were tried: shipping the token lists back costs more
    than jieba saves on a 2-core machine)."""
    iterator = texts
    if progress:
        from tqdm import tqdm

        iterator = tqdm(texts, desc="tokenise", unit="text", mininterval=5)
    for text in iterator:
        yield tokenize(text, with_bigrams=True) or [EMPTY_TOKEN]


class LexicalIndex:
    """BM25 over the tokens of one text per item."""

    def __init__(self, retriever: object, count: int) -> None:
        self.retriever = retriever
        self.count = count

    def __len__(self) -> int:
        return self.count

    @classmethod
    def build(cls, texts: list[str], progress: bool = False) -> LexicalIndex:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every build at DEBUG
        vocab: dict[str, int] = {}
        # token ids, not token strings: a million documents' strings would take gigabytes
        ids = [[vocab.setdefault(t, len(vocab)) for t in tokens] for tokens in tokenize_stream(texts, progress)]
        retriever = bm25s.BM25()
        if ids:
            retriever.index((ids, vocab), show_progress=progress)
        return cls(retriever, len(ids))

    def query_tokens(self, text: str) -> list[str]:
        vocab = getattr(self.retriever, "vocab_dict", None) or {}
        return [t for t in tokenize(text, with_bigrams=True) if t in vocab]

    def scores(self, text: str) -> np.ndarray:
        """BM25 score of every item for a query text (zeros when no query token is in the vocabulary)."""
        tokens = self.query_tokens(text) if self.count else []
        if not tokens:
            return np.zeros(self.count, dtype=np.float32)
        return np.asarray(self.retriever.get_scores(tokens), dtype=np.float32)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "count.txt").write_text(str(self.count), encoding="utf-8")
        if self.count:
            self.retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        import bm25s

        count = int((folder / "count.txt").read_text(encoding="utf-8"))
        retriever = bm25s.BM25.load(str(folder), mmap=True, show_progress=False) if count else bm25s.BM25()
        return cls(retriever, count)
