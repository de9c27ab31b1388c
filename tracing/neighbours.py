"""Candidate pairs from nearest neighbours in embedding space: each problem's k closest, never all pairs.

Exact inner-product search (FAISS ``IndexFlatIP``) while the corpus is small, HNSW (``IndexHNSWFlat``,
approximate, O(n log n) to build and query) above :data:`EXACT_LIMIT` vectors, so family building stays
sub-quadratic at 100k problems.

>>> import numpy as np
>>> v = np.eye(4, dtype=np.float32)[[0, 0, 1, 2]]
>>> idx, sims = nearest(v, k=2)
>>> sorted(idx[0].tolist())
[0, 1]
"""

from __future__ import annotations

import numpy as np

#: Above this many vectors, search an HNSW graph instead of comparing with every vector.
EXACT_LIMIT = 20_000
HNSW_M = 32
HNSW_EF_SEARCH = 128


def nearest(vectors: np.ndarray, k: int, exact: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """For each row of ``vectors`` (L2-normalised float32), the ids and cosines of its ``k`` nearest rows
    (itself included). Ids are -1 where fewer than ``k`` were found."""
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n, dim = vectors.shape
    k = max(1, min(k, n))
    if n == 0:
        return np.zeros((0, k), dtype=np.int64), np.zeros((0, k), dtype=np.float32)
    if exact is None:
        exact = n <= EXACT_LIMIT
    if exact:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = max(HNSW_EF_SEARCH, k)
    index.add(vectors)
    sims, ids = index.search(vectors, k)
    return ids, sims
