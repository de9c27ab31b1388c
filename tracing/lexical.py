"""Character n-gram TF-IDF vectors of problem statements (facts stripped), for lexical similarity.

Characters rather than words: Chinese word segmentation splits the same phrase differently in different
contexts, character bigrams and trigrams do not.

>>> vecs = char_tfidf(["公示期不足五个工作日", "任职前公示不足五个工作日", "公务用车私用"])
>>> round(float((vecs[0] @ vecs[1].T).toarray()[0, 0]), 2) > round(float((vecs[0] @ vecs[2].T).toarray()[0, 0]), 2)
True
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import scipy.sparse as sp

from tracing.text import strip_facts

_NON_CJK = re.compile(r"[^\u3400-\u9fffA-Za-z]+")


def char_ngrams(text: str, sizes: tuple[int, ...] = (2, 3)) -> Counter[str]:
    """Character n-grams within runs of CJK/Latin characters of the fact-stripped statement."""
    grams: Counter[str] = Counter()
    for run in _NON_CJK.split(strip_facts(text)):
        for n in sizes:
            grams.update(run[i : i + n] for i in range(len(run) - n + 1))
    return grams


def char_tfidf(texts: list[str]) -> sp.csr_matrix:
    """L2-normalised TF-IDF rows (sublinear tf, smooth idf) over the n-grams of ``texts``."""
    grams = [char_ngrams(t) for t in texts]
    df: Counter[str] = Counter()
    for g in grams:
        df.update(g.keys())
    vocab = {w: i for i, w in enumerate(sorted(df))}
    n = len(texts)
    idf = np.array([math.log((1 + n) / (1 + df[w])) + 1 for w in sorted(df)], dtype=np.float32)
    rows, cols, vals = [], [], []
    for r, g in enumerate(grams):
        for w, c in g.items():
            rows.append(r)
            cols.append(vocab[w])
            vals.append((1 + math.log(c)) * idf[vocab[w]])
    m = sp.csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)), shape=(n, max(1, len(vocab))))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)
