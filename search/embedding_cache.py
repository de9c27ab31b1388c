"""Embeddings cached on disk by text hash, one file per model, so re-indexing encodes only new texts.

>>> import tempfile, numpy as np
>>> class Fake:
...     name, dim, calls = "fake", 2, 0
...     def encode(self, texts, batch_size=64, progress=False):
...         Fake.calls += len(texts)
...         return np.ones((len(texts), 2), dtype="float32") / np.sqrt(2)
>>> cache = EmbeddingCache(tempfile.mkdtemp(), "fake")
>>> cache.encode(Fake(), ["a", "b", "a"]).shape, Fake.calls
((3, 2), 2)
>>> _ = cache.encode(Fake(), ["a", "c"]); Fake.calls
3
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import numpy as np


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """``sha1(text) -> vector`` for one model, stored as ``embeddings-<model>.npz`` in ``folder``."""

    def __init__(self, folder: str | os.PathLike[str], model: str) -> None:
        self.folder = Path(folder)
        self.model = model
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", model)
        self.path = self.folder / f"embeddings-{safe}.npz"
        self._rows: dict[str, int] = {}
        self._vectors = np.zeros((0, 0), dtype=np.float32)
        self._dirty = False
        if self.path.exists():
            try:
                with np.load(self.path, allow_pickle=False) as data:
                    keys = [str(k) for k in data["keys"]]
                    self._vectors = np.asarray(data["vectors"], dtype=np.float32)
                self._rows = {k: n for n, k in enumerate(keys)}
            except (OSError, ValueError, KeyError):  # a damaged cache is only a cache: start again
                self._rows, self._vectors = {}, np.zeros((0, 0), dtype=np.float32)

    def __len__(self) -> int:
        return len(self._rows)

    def encode(self, encoder: object, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        """Vectors for ``texts``: cached ones looked up, the others encoded (each distinct text once) and cached."""
        keys = [text_key(t) for t in texts]
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in self._rows and key not in missing:
                missing[key] = text
        if missing:
            new = encoder.encode(list(missing.values()), batch_size=batch_size, progress=progress)
            if self._vectors.size == 0:
                self._vectors = np.zeros((0, new.shape[1]), dtype=np.float32)
            if new.shape[1] != self._vectors.shape[1]:  # a different model under the same name
                self._rows, self._vectors = {}, np.zeros((0, new.shape[1]), dtype=np.float32)
                return self.encode(encoder, texts, batch_size, progress)
            start = len(self._vectors)
            self._vectors = np.vstack([self._vectors, new.astype(np.float32)])
            for n, key in enumerate(missing):
                self._rows[key] = start + n
            self._dirty = True
        dim = self._vectors.shape[1] if self._vectors.size else int(getattr(encoder, "dim", 0))
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        return self._vectors[[self._rows[k] for k in keys]]

    def retain(self, texts: list[str]) -> None:
        """Drop cached vectors of texts no longer indexed (keeps the file from growing forever)."""
        wanted = {text_key(t) for t in texts}
        if set(self._rows) <= wanted:
            return
        keep = [k for k in self._rows if k in wanted]
        self._vectors = self._vectors[[self._rows[k] for k in keep]] if keep else self._vectors[:0]
        self._rows = {k: n for n, k in enumerate(keep)}
        self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp.npz")
        keys = np.array(list(self._rows), dtype="U40")
        np.savez(tmp, keys=keys, vectors=self._vectors)
        os.replace(tmp, self.path)
        self._dirty = False
