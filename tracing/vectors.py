"""Dense vectors and key terms of problem statements, cached in the data home so that a refresh encodes and
segments only new statements.

The cache (``<home>/tracing/vectors.npz``) maps the SHA-1 of each statement to its vector, for one model.

>>> import tempfile, numpy as np
>>> class Toy:
...     name, dim = "toy", 2
...     calls = 0
...     def encode(self, texts, batch_size=64, progress=False):
...         Toy.calls += len(texts)
...         return np.ones((len(texts), 2), dtype=np.float32) / np.sqrt(2)
>>> cache = VectorCache(tempfile.mkdtemp(), Toy())
>>> cache.vectors(["甲", "乙"]).shape, cache.vectors(["甲"]).shape, Toy.calls
((2, 2), (1, 2), 2)
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np


def defect_vectors(texts: list[str], encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """One row per statement: the L2-normalised mean embedding of its defect clauses
    (:func:`tracing.text.defect_clauses`). ``encode`` maps a list of texts to L2-normalised rows (an encoder's
    ``encode`` or :meth:`VectorCache.vectors`); each distinct clause is encoded once.

    >>> rows = defect_vectors(["干部选拔任用工作不规范,公示期均不足五个工作日", "公示期均不足五个工作日"],
    ...                       lambda ts: np.eye(2, dtype=np.float32)[[0 if t == "公示期均不足五个工作日" else 1 for t in ts]])
    >>> rows.tolist()
    [[1.0, 0.0], [1.0, 0.0]]
    """
    from tracing.text import defect_clauses

    parts = [defect_clauses(t) or [t] for t in texts]
    unique = list(dict.fromkeys(c for p in parts for c in p))
    if not unique:
        return np.zeros((0, 0), dtype=np.float32)
    where = {c: i for i, c in enumerate(unique)}
    vecs = np.asarray(encode(unique), dtype=np.float32)
    out = np.stack([vecs[[where[c] for c in p]].mean(axis=0) for p in parts])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (out / norms).astype(np.float32)


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class LazyEncoder:
    """An encoder loaded on first use, so that answering from cached vectors never loads a model."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._encoder = None

    def _load(self):
        if self._encoder is None:
            from search.encoders import load_encoder

            self._encoder = load_encoder(self.name)
        return self._encoder

    @property
    def dim(self) -> int:
        return self._load().dim

    def encode(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        return self._load().encode(texts, batch_size=batch_size, progress=progress)


class VectorCache:
    """Statement vectors of one encoder, persisted under ``folder``."""

    def __init__(self, folder: str | os.PathLike[str] | None, encoder) -> None:
        self.encoder = encoder
        self.path = Path(folder) / "vectors.npz" if folder is not None else None
        self._vectors: dict[str, np.ndarray] = {}
        if self.path is not None and self.path.exists():
            data = np.load(self.path, allow_pickle=False)
            if str(data["model"]) == encoder.name:
                self._vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    def vectors(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Vectors of ``texts`` (L2-normalised float32 rows), encoding only those not cached."""
        keys = [text_key(t) for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}
        if missing:
            new = self.encoder.encode(list(missing.values()), progress=progress)
            self._vectors.update(zip(missing, np.asarray(new, dtype=np.float32), strict=True))
            self._save()
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys]).astype(np.float32)

    def prune(self, keep: list[str]) -> None:
        """Forget vectors of statements no longer in the library."""
        wanted = {text_key(t) for t in keep}
        if set(self._vectors) - wanted:
            self._vectors = {k: v for k, v in self._vectors.items() if k in wanted}
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self._vectors)
        vectors = np.stack([self._vectors[k] for k in keys]) if keys else np.zeros((0, 0), np.float32)
        tmp = self.path.with_name("vectors.tmp.npz")
        np.savez(tmp, model=np.array(self.encoder.name), keys=np.array(keys, dtype="U40"), vectors=vectors)
        os.replace(tmp, self.path)


#: Bump when :func:`tracing.text.key_terms` changes, so cached terms are recomputed.
TERMS_VERSION = 1


class TermCache:
    """Key terms (:func:`tracing.text.key_terms`) per statement, persisted as ``terms.json`` under ``folder``.

    >>> import tempfile
    >>> cache = TermCache(tempfile.mkdtemp())
    >>> cache.terms("领导干部个人有关事项报告漏报") == TermCache(cache.path.parent).terms("领导干部个人有关事项报告漏报")
    True
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        import json

        self.path = Path(folder) / "terms.json"
        self._terms: dict[str, list[str]] = {}
        self._dirty = False
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except ValueError:
                data = {}
            if data.get("version") == TERMS_VERSION:
                self._terms = data.get("terms", {})

    def terms(self, text: str) -> list[str]:
        from tracing.text import key_terms

        key = text_key(text)
        if key not in self._terms:
            self._terms[key] = key_terms(text)
            self._dirty = True
        return self._terms[key]

    def save(self, keep: list[str] | None = None) -> None:
        import json

        if keep is not None:
            wanted = {text_key(t) for t in keep}
            if set(self._terms) - wanted:
                self._terms = {k: v for k, v in self._terms.items() if k in wanted}
                self._dirty = True
        if not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name("terms.tmp.json")
        tmp.write_text(json.dumps({"version": TERMS_VERSION, "terms": self._terms}, ensure_ascii=False),
                       encoding="utf-8")
        os.replace(tmp, self.path)
        self._dirty = False
