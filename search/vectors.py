"""Dense vectors of one encoder in FAISS: exact search while small, HNSW above a size threshold.

The float32 rows FAISS stores are exposed as a numpy view (no second copy), so fused ranking can score any
candidate exactly, and searches restricted to a small subset (a filter on issuer or year) run exactly over
that subset instead of through the graph.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> vecs = rng.normal(size=(100, 8)).astype("float32")
>>> index = VectorIndex.build(vecs / np.linalg.norm(vecs, axis=1, keepdims=True))
>>> index.kind, len(index)
('flat', 100)
>>> ids, scores = index.search(index.vectors[7], k=3)
>>> int(ids[0])
7
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

#: Above this many vectors the index is approximate (HNSW); at or below, exact inner product.
EXACT_LIMIT = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
#: A filtered search over few allowed rows is done exactly over them (a filtered HNSW walk loses recall when
#: under ~5% of the graph may be returned): up to 5% of the rows, at least 2,000, at most 20,000.
SUBSET_EXACT_LIMIT = 20_000
SUBSET_EXACT_MIN = 2_000
SUBSET_EXACT_SHARE = 0.05


def exact_subset_limit(count: int) -> int:
    return min(SUBSET_EXACT_LIMIT, max(SUBSET_EXACT_MIN, int(count * SUBSET_EXACT_SHARE)))


def _threads() -> None:
    import faiss

    faiss.omp_set_num_threads(max(1, min(os.cpu_count() or 1, int(os.environ.get("RECTIGRAPH_THREADS", "0")) or 8)))


class VectorIndex:
    """A FAISS index over L2-normalised float32 rows (inner product = cosine)."""

    def __init__(self, vectors: np.ndarray, index: object, kind: str) -> None:
        self.vectors = vectors
        self.index = index
        self.kind = kind

    def __len__(self) -> int:
        return int(self.vectors.shape[0])

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    @staticmethod
    def choose_kind(count: int, exact_limit: int = EXACT_LIMIT) -> str:
        """``"flat"`` (exact) for small collections, ``"hnsw"`` above ``exact_limit`` vectors."""
        return "flat" if count <= exact_limit else "hnsw"

    @classmethod
    def build(cls, vectors: np.ndarray, kind: str | None = None, progress: bool = False) -> VectorIndex:
        import faiss

        _threads()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2:
            raise ValueError(f"vectors must be a 2-d array, got shape {vectors.shape}")
        kind = kind or cls.choose_kind(len(vectors))
        dim = vectors.shape[1]
        if kind == "flat":
            index = faiss.IndexFlatIP(dim)
        elif kind == "hnsw":
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            raise ValueError(f"unknown vector index kind {kind!r} (flat or hnsw)")
        step = 50_000
        starts = range(0, len(vectors), step)
        if progress and len(vectors) > step:
            from tqdm import tqdm

            starts = tqdm(starts, desc=f"faiss {kind}", unit="block")
        for start in starts:
            index.add(vectors[start : start + step])
        return cls(_stored_vectors(index, dim), index, kind)

    def search(
        self, query: np.ndarray, k: int = 10, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Ids and inner products of the ``k`` nearest rows, only among ``allowed`` (a boolean mask) if given."""
        import faiss

        query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        n = len(self)
        if n == 0 or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if allowed is not None:
            count = int(allowed.sum())
            if count == 0:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
            if count < n:
                bits = np.packbits(allowed, bitorder="little")
                selector = faiss.IDSelectorBitmap(len(bits), faiss.swig_ptr(bits))
                if self.kind == "flat" or count <= exact_subset_limit(n):
                    # exact over the allowed rows only, in place (no copy of the subset)
                    flat = self.index if self.kind == "flat" else faiss.downcast_index(self.index.storage)
                    params = faiss.SearchParameters(sel=selector)
                    scores, ids = flat.search(query, min(k, count), params=params)
                else:
                    # a filtered walk needs a wider beam the fewer rows it may return
                    ef = HNSW_EF_SEARCH if count >= n // 10 else 2 * HNSW_EF_SEARCH
                    params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(ef, k))
                    scores, ids = self.index.search(query, min(k, count), params=params)
                return _clean(ids[0], scores[0])
        if self.kind == "hnsw":
            params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, k))
            scores, ids = self.index.search(query, min(k, n), params=params)
        else:
            scores, ids = self.index.search(query, min(k, n))
        return _clean(ids[0], scores[0])

    def score(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Exact inner products of the query with the given rows."""
        query = np.asarray(query, dtype=np.float32).reshape(-1)
        if len(ids) == 0:
            return np.zeros(0, dtype=np.float32)
        order = np.argsort(ids)
        out = np.empty(len(ids), dtype=np.float32)
        out[order] = np.asarray(self.vectors[np.asarray(ids)[order]]) @ query
        return out

    def save(self, folder: Path, name: str) -> Path:
        import faiss

        path = folder / f"faiss-{name}.index"
        faiss.write_index(self.index, str(path))
        return path

    @classmethod
    def load(cls, folder: Path, name: str, kind: str, count: int | None = None) -> VectorIndex:
        import faiss

        _threads()
        path = folder / f"faiss-{name}.index"
        try:
            index = faiss.read_index(str(path))
        except RuntimeError as exc:
            raise ValueError(f"{path}: unreadable FAISS index ({str(exc).splitlines()[0]})") from exc
        if count is not None and index.ntotal != count:
            raise ValueError(f"{path}: holds {index.ntotal} vectors, expected {count}")
        if kind == "hnsw":
            index.hnsw.efSearch = HNSW_EF_SEARCH
        return cls(_stored_vectors(index, index.d), index, kind)


def _stored_vectors(index: object, dim: int) -> np.ndarray:
    """The float32 rows FAISS stores, as a numpy view (no second copy in memory)."""
    import faiss

    flat = index.storage if hasattr(index, "storage") else index
    flat = faiss.downcast_index(flat)
    n = int(flat.ntotal)
    if n == 0:
        return np.zeros((0, dim), dtype=np.float32)
    return faiss.rev_swig_ptr(flat.get_xb(), n * dim).reshape(n, dim)


def _top(scores: np.ndarray, ids: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    k = min(k, len(scores))
    part = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    order = part[np.argsort(-scores[part], kind="stable")]
    return ids[order].astype(np.int64), scores[order].astype(np.float32)


def _clean(ids: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep = ids >= 0
    return ids[keep].astype(np.int64), scores[keep].astype(np.float32)
