"""Dense vectors of one encoder in FAISS: exact search while small, HNSW graphs above a size threshold.

Rows can come in groups (the search items of one kind: problems, measures, …, stored contiguously); an
approximate index then has one HNSW graph per group, so a search restricted to one kind (the usual case)
walks a graph of that kind only, at full recall, instead of filtering a shared graph. Other filters (issuer,
year) use a FAISS ID selector; a filter leaving few rows is answered exactly over those rows.

The float32 rows FAISS stores are read through numpy views (no second copy), so fused ranking can score any
candidate exactly.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> vecs = rng.normal(size=(100, 8)).astype("float32")
>>> index = VectorIndex.build(vecs / np.linalg.norm(vecs, axis=1, keepdims=True))
>>> index.kind, len(index)
('flat', 100)
>>> ids, scores = index.search(index.row(7), k=3)
>>> int(ids[0])
7
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: Above this many vectors the index is approximate (HNSW); at or below, exact inner product.
EXACT_LIMIT = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 40
HNSW_EF_SEARCH = 256
#: A filtered search over few allowed rows is done exactly over them (a filtered HNSW walk loses recall when
#: under ~5% of the graph may be returned): up to 5% of the rows, at least 2,000, at most 20,000.
SUBSET_EXACT_LIMIT = 20_000
SUBSET_EXACT_MIN = 2_000
SUBSET_EXACT_SHARE = 0.05


#: Graphs above this many rows search with twice the beam (measured at 380k rows of m3e-like vectors:
#: recall@10 0.93 with efSearch 256, 0.96 with 512, at 3 ms p95).
LARGE_GRAPH = 150_000


def hnsw_ef_search(rows: int) -> int:
    return HNSW_EF_SEARCH if rows <= LARGE_GRAPH else 2 * HNSW_EF_SEARCH


def exact_subset_limit(count: int) -> int:
    return min(SUBSET_EXACT_LIMIT, max(SUBSET_EXACT_MIN, int(count * SUBSET_EXACT_SHARE)))


def _threads() -> None:
    import faiss

    faiss.omp_set_num_threads(max(1, min(os.cpu_count() or 1, int(os.environ.get("RECTIGRAPH_THREADS", "0")) or 8)))


@dataclass
class _Part:
    """Rows ``start:end`` of the collection and the FAISS index over them."""

    start: int
    end: int
    index: object
    rows: np.ndarray  # float32 view of the stored vectors


def group_ranges(groups: np.ndarray | None, count: int) -> list[tuple[int, int]]:
    """Contiguous runs of equal group codes (rows must already be ordered by group).

    >>> group_ranges(np.array([0, 0, 1, 1, 1, 3]), 6)
    [(0, 2), (2, 5), (5, 6)]
    """
    if groups is None or count == 0:
        return [(0, count)]
    groups = np.asarray(groups)
    cuts = np.flatnonzero(np.diff(groups)) + 1
    bounds = [0, *cuts.tolist(), count]
    ranges = list(zip(bounds[:-1], bounds[1:], strict=True))
    if len({int(groups[a]) for a, _ in ranges}) != len(ranges):
        raise ValueError("rows must be ordered by group (each group contiguous)")
    return ranges


class VectorIndex:
    """FAISS over L2-normalised float32 rows (inner product = cosine), optionally one graph per row group."""

    def __init__(self, parts: list[_Part], kind: str, dim: int) -> None:
        self.parts = parts
        self.kind = kind
        self._dim = dim
        self._starts = np.array([p.start for p in parts], dtype=np.int64)

    def __len__(self) -> int:
        return self.parts[-1].end if self.parts else 0

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def ranges(self) -> list[tuple[int, int]]:
        return [(p.start, p.end) for p in self.parts]

    @property
    def vectors(self) -> np.ndarray:
        """All rows as one array (a view for a single part, a copy otherwise)."""
        if len(self.parts) == 1:
            return self.parts[0].rows
        return np.concatenate([p.rows for p in self.parts]) if self.parts else np.zeros((0, self._dim), np.float32)

    def row(self, i: int) -> np.ndarray:
        part = self.parts[int(np.searchsorted(self._starts, i, side="right")) - 1]
        return np.asarray(part.rows[i - part.start])

    @staticmethod
    def choose_kind(count: int, exact_limit: int = EXACT_LIMIT) -> str:
        """``"flat"`` (exact) for small collections, ``"hnsw"`` above ``exact_limit`` vectors."""
        return "flat" if count <= exact_limit else "hnsw"

    @classmethod
    def build(
        cls, vectors: np.ndarray, kind: str | None = None, progress: bool = False, groups: np.ndarray | None = None
    ) -> VectorIndex:
        """Index ``vectors``; with ``groups`` (one code per row, rows ordered by it) an HNSW index gets one
        graph per group."""
        import faiss

        _threads()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2:
            raise ValueError(f"vectors must be a 2-d array, got shape {vectors.shape}")
        kind = kind or cls.choose_kind(len(vectors))
        if kind not in ("flat", "hnsw"):
            raise ValueError(f"unknown vector index kind {kind!r} (flat or hnsw)")
        dim = vectors.shape[1]
        ranges = [(0, len(vectors))] if kind == "flat" else group_ranges(groups, len(vectors))
        bar = None
        if progress and len(vectors) > 50_000:
            from tqdm import tqdm

            bar = tqdm(total=len(vectors), desc=f"faiss {kind}", unit="vec", mininterval=5)
        parts = []
        for start, end in ranges:
            if kind == "flat":
                index = faiss.IndexFlatIP(dim)
            else:
                index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
                index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
                index.hnsw.efSearch = HNSW_EF_SEARCH
            for block in range(start, end, 50_000):
                stop = min(end, block + 50_000)
                index.add(vectors[block:stop])
                if bar is not None:
                    bar.update(stop - block)
            parts.append(_Part(start, end, index, _stored_vectors(index, dim)))
        if bar is not None:
            bar.close()
        if not parts:
            parts = [_Part(0, 0, faiss.IndexFlatIP(dim), np.zeros((0, dim), np.float32))]
        return cls(parts, kind, dim)

    def search(
        self, query: np.ndarray, k: int = 10, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Ids and inner products of the ``k`` nearest rows, only among ``allowed`` (a boolean mask) if given."""
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        all_ids, all_scores = [], []
        for part in self.parts:
            size = part.end - part.start
            if size == 0 or k <= 0:
                continue
            mask = None if allowed is None else allowed[part.start : part.end]
            count = size if mask is None else int(mask.sum())
            if count == 0:
                continue
            ids, scores = self._search_part(part, query, min(k, count), None if count == size else mask, count)
            all_ids.append(ids + part.start)
            all_scores.append(scores)
        if not all_ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        ids, scores = np.concatenate(all_ids), np.concatenate(all_scores)
        order = np.argsort(-scores, kind="stable")[:k]
        return ids[order], scores[order]

    def _search_part(
        self, part: _Part, query: np.ndarray, k: int, mask: np.ndarray | None, count: int
    ) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        size = part.end - part.start
        beam = hnsw_ef_search(size)
        if mask is None:
            if self.kind == "hnsw":
                params = faiss.SearchParametersHNSW(efSearch=max(beam, k))
                scores, ids = part.index.search(query, k, params=params)
            else:
                scores, ids = part.index.search(query, k)
            return _clean(ids[0], scores[0])
        bits = np.packbits(mask, bitorder="little")
        selector = faiss.IDSelectorBitmap(len(bits), faiss.swig_ptr(bits))
        if self.kind == "flat" or count <= exact_subset_limit(size):
            # exact over the allowed rows only, in place (no copy of the subset)
            flat = part.index if self.kind == "flat" else faiss.downcast_index(part.index.storage)
            scores, ids = flat.search(query, k, params=faiss.SearchParameters(sel=selector))
        else:
            # a filtered walk needs a wider beam the fewer rows it may return
            ef = beam if count >= size // 4 else 4 * beam
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(ef, k))
            scores, ids = part.index.search(query, k, params=params)
        return _clean(ids[0], scores[0])

    def score(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Exact inner products of the query with the given rows."""
        query = np.asarray(query, dtype=np.float32).reshape(-1)
        ids = np.asarray(ids, dtype=np.int64)
        out = np.empty(len(ids), dtype=np.float32)
        if len(ids) == 0:
            return out
        which = np.searchsorted(self._starts, ids, side="right") - 1
        for n in np.unique(which):
            part = self.parts[int(n)]
            pick = np.flatnonzero(which == n)
            local = ids[pick] - part.start
            order = np.argsort(local)
            out[pick[order]] = part.rows[local[order]] @ query
        return out

    def save(self, folder: Path, name: str) -> list[Path]:
        import faiss

        paths = []
        for n, part in enumerate(self.parts):
            path = folder / f"faiss-{name}-{n}.index"
            faiss.write_index(part.index, str(path))
            paths.append(path)
        return paths

    @classmethod
    def load(cls, folder: Path, name: str, kind: str, ranges: list[list[int]]) -> VectorIndex:
        import faiss

        _threads()
        parts = []
        dim = 0
        for n, (start, end) in enumerate(ranges):
            path = folder / f"faiss-{name}-{n}.index"
            try:
                index = faiss.read_index(str(path))
            except RuntimeError as exc:
                raise ValueError(f"{path}: unreadable FAISS index ({str(exc).splitlines()[0]})") from exc
            if index.ntotal != end - start:
                raise ValueError(f"{path}: holds {index.ntotal} vectors, expected {end - start}")
            if kind == "hnsw":
                index.hnsw.efSearch = HNSW_EF_SEARCH
            dim = index.d
            parts.append(_Part(int(start), int(end), index, _stored_vectors(index, index.d)))
        return cls(parts, kind, dim)


def _stored_vectors(index: object, dim: int) -> np.ndarray:
    """The float32 rows FAISS stores, as a numpy view (no second copy in memory)."""
    import faiss

    flat = index.storage if hasattr(index, "storage") else index
    flat = faiss.downcast_index(flat)
    n = int(flat.ntotal)
    if n == 0:
        return np.zeros((0, dim), dtype=np.float32)
    return faiss.rev_swig_ptr(flat.get_xb(), n * dim).reshape(n, dim)


def _clean(ids: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep = ids >= 0
    return ids[keep].astype(np.int64), scores[keep].astype(np.float32)
