"""Chinese tokenisation for the lexical channel: jieba with a domain dictionary, plus character bigrams.

Words come from a private ``jieba.Tokenizer`` (the global one belongs to nobody) that knows every label of the
domain thesaurus (三重一大, 三会一课, 化整为零 …) and ``search/jargon.txt``. Search-mode cutting adds the
shorter words inside long ones, and character bigrams catch what the dictionary splits differently.

>>> tokenize("拆分采购规避公开招标")[:4]
['拆分', '采购', '拆分采购', '规避']
>>> "三重一大" in tokenize("“三重一大”事项")
True
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

from search.text import normalise

JARGON_PATH = Path(__file__).with_name("jargon.txt")

_KEEP = re.compile(r"[0-9a-z\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
#: Function words that carry no topic (single characters and a few common pairs).
STOPWORDS = frozenset(
    "的 了 和 与 及 等 在 是 对 为 有 中 上 下 不 也 都 而 并 或 被 把 将 从 向 于 以 其 之 这 那 个 年 月 日 "
    "哪些 什么 怎么 如何 是否 有没有 问题 方面 情况 存在 工作 单位 一些 进行 相关 有关 时 后 前 又 就 还 没 没有".split()
)


@functools.lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    from search.thesaurus import load_thesaurus

    words = set(load_thesaurus().terms())
    if JARGON_PATH.exists():
        words |= {w.strip() for w in JARGON_PATH.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#")}
    for word in sorted(words):
        word = normalise(word)
        if len(word) >= 2 and " " not in word:
            tokenizer.add_word(word, freq=2000)
    return tokenizer


def words(text: str) -> list[str]:
    """jieba search-mode words of normalised, lower-cased text, without punctuation or stopwords."""
    text = normalise(text).lower()
    return [
        w
        for w in _jieba().cut_for_search(text)
        if _KEEP.search(w) and w not in STOPWORDS and (len(w) >= 2 or w.isascii())
    ]


def bigrams(text: str) -> list[str]:
    """Overlapping character bigrams of each run of Chinese characters."""
    out: list[str] = []
    for run in _CJK_RUN.findall(normalise(text)):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def tokenize(text: str, with_bigrams: bool = False) -> list[str]:
    """Lexical tokens of a text: words, and (optionally) character bigrams marked with a leading ``#``."""
    tokens = words(text)
    if with_bigrams:
        tokens += ["#" + b for b in bigrams(text)]
    return tokens
