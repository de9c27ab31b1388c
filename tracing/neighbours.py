"""Candidate pairs from nearest neighbours in embedding space: each problem's k closest, never all pairs.

Exact inner-product search (FAISS ``IndexFlatIP``) while the corpus is small; above :data:`EXACT_LIMIT`
vectors an inverted-file index (``IndexIVFFlat``: k-means cells, √n of them, trained on a sample; each query
scans only the :data:`IVF_NPROBE` nearest cells), so the work grows as n^1.5 rather than n². An HNSW graph
(``ann="hnsw"``) is the alternative; on CPU it was several times slower to build here.

>>> import numpy as np
>>> v = np.eye(4, dtype=np.float32)[[0, 0, 1, 2]]
>>> idx, sims = nearest(v, k=2)
>>> sorted(idx[0].tolist())
[0, 1]
"""

from __future__ import annotations

import math

import numpy as np

#: Above this many vectors, search an approximate index instead of comparing with every vector.
EXACT_LIMIT = 20_000
IVF_CELLS_PER_SQRT_N = 2
IVF_NPROBE = 16
IVF_TRAIN_PER_CELL = 30
HNSW_M = 32
HNSW_EF_SEARCH = 128


def nearest(vectors: np.ndarray, k: int, exact: bool | None = None, ann: str = "ivf",
            seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
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
    elif ann == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = max(HNSW_EF_SEARCH, k)
    elif ann == "ivf":
        cells = max(1, min(n // 8, int(IVF_CELLS_PER_SQRT_N * math.sqrt(n))))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, cells, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(seed).choice(n, size=min(n, cells * IVF_TRAIN_PER_CELL), replace=False)
        index.cp.min_points_per_centroid = 1  # a sample of 30 per cell is enough here; silence faiss' warning
        index.train(vectors[np.sort(sample)])
        index.nprobe = min(cells, IVF_NPROBE)
    else:
        raise ValueError(f"unknown approximate index {ann!r}; choose 'ivf' or 'hnsw'")
    index.add(vectors)
    sims, ids = index.search(vectors, k)
    return ids, sims
