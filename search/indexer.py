"""Keeping ``home/index/`` in step with the library: full builds, incremental refreshes, atomic swaps.

Layout::

    index/CURRENT          name of the live version folder (replaced atomically)
    index/v-<stamp>/       one complete index: manifest.json, items.jsonl, vectors, FAISS, BM25
    index/cache/           embeddings by text hash, one file per model (re-indexing encodes only new texts)
    index/.lock            held while a build runs

A build writes a new version folder beside the live one and only then points ``CURRENT`` at it, so a crash
never leaves a half-written index in use; old versions are removed afterwards. :func:`refresh` is the
post-ingest hook the library calls: it re-reads only the changed reports (their texts' embeddings come from
the cache when unchanged) and rebuilds in full when the configured model differs from the index's.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rectigraph.config import load_config
from rectigraph.logs import log_event
from rectigraph.model import Report
from search.items import SearchItem, items_from_report

log = logging.getLogger(__name__)

CURRENT = "CURRENT"


def index_root(home: str | os.PathLike[str]) -> Path:
    return Path(home) / "index"


def current_dir(home: str | os.PathLike[str]) -> Path | None:
    """The live index folder, or None when no index was built yet."""
    root = index_root(home)
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    folder = root / name
    return folder if name and (folder / "manifest.json").exists() else None


def configured_models(model: str | None = None, crosslingual_model: str | None = None) -> tuple[str, str]:
    cfg = load_config({"model": model, "crosslingual_model": crosslingual_model})
    return cfg["model"], cfg["crosslingual_model"]


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _swap(root: Path, folder: Path) -> None:
    """Point CURRENT at ``folder`` atomically, then delete the versions no longer live."""
    tmp = root / f"{CURRENT}.tmp"
    tmp.write_text(folder.name, encoding="utf-8")
    os.replace(tmp, root / CURRENT)
    for old in root.glob("v-*"):
        if old.is_dir() and old != folder:
            shutil.rmtree(old, ignore_errors=True)


def _new_version(root: Path) -> Path:
    folder = root / f"v-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 100000}"
    folder.mkdir(parents=True)
    return folder


def write_index(
    home: str | os.PathLike[str],
    items: list[SearchItem],
    model: str | None = None,
    crosslingual_model: str | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """Build an index of ``items`` beside the live one and swap it in; returns its manifest."""
    from search.index import HybridIndex

    model, crosslingual_model = configured_models(model, crosslingual_model)
    root = index_root(home)
    with _locked(root):
        folder = _new_version(root)
        try:
            index = HybridIndex.build(items, model, crosslingual_model, cache_dir=root / "cache", progress=progress)
            manifest = index.save(folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        _swap(root, folder)
    log_event(log, logging.INFO, "index swapped in", folder=str(folder), items=manifest["count"])
    return manifest


def items_of(reports: Iterable[Report]) -> list[SearchItem]:
    return [item for report in reports for item in items_from_report(report)]


def _library(home: str | os.PathLike[str] | None) -> Any:
    from rectigraph.library import Library

    return Library(home)


def build_index(
    home: str | os.PathLike[str] | None = None,
    model: str | None = None,
    crosslingual_model: str | None = None,
    progress: bool = True,
    library: Any = None,
) -> dict[str, Any]:
    """Index every report of the library at ``home`` from scratch (embeddings still come from the cache)."""
    library = library or _library(home)
    ids = library.report_ids()
    reports = _iterate(ids, library, progress)
    return write_index(library.home, items_of(reports), model, crosslingual_model, progress)


def _iterate(ids: list[str], library: Any, progress: bool) -> Iterator[Report]:
    if progress and len(ids) > 20:
        from tqdm import tqdm

        ids = tqdm(ids, desc="read reports", unit="report")
    for rid in ids:
        yield library.report(rid)


def read_items(folder: Path) -> list[SearchItem]:
    import json

    with (folder / "items.jsonl").open(encoding="utf-8") as fh:
        return [SearchItem.from_dict(json.loads(line)) for line in fh if line.strip()]


def needs_rebuild(home: str | os.PathLike[str], model: str | None = None, crosslingual_model: str | None = None) -> str | None:
    """Why the live index cannot serve the configured models (None when it can)."""
    from search.index import HybridIndex, IndexUnusable

    folder = current_dir(home)
    if folder is None:
        return "no index yet"
    try:
        manifest = HybridIndex.read_manifest(folder)
    except IndexUnusable as exc:
        return str(exc)
    model, crosslingual_model = configured_models(model, crosslingual_model)
    if (manifest["model"], manifest["crosslingual_model"]) != (model, crosslingual_model):
        return f"index built with {manifest['model']} + {manifest['crosslingual_model']}, configured {model} + {crosslingual_model}"
    from search.index import THESAURUS_PATH, file_sha256

    built_with = manifest.get("thesaurus_sha256")
    if built_with is not None and built_with != file_sha256(THESAURUS_PATH):
        # the thesaurus labels are jieba words: reports tokenised with another thesaurus miss query words
        return "the thesaurus changed since the index was built"
    return None


def refresh(library: Any, changed_ids: list[str], removed_ids: list[str], progress: bool = False) -> None:
    """Post-ingest hook: bring the index up to date after reports were added, changed or removed."""
    home = library.home
    reason = needs_rebuild(home)
    if reason is not None:
        log_event(log, logging.INFO, "full index build", reason=reason)
        build_index(home, progress=progress, library=library)
        return
    folder = current_dir(home)
    assert folder is not None
    gone = set(changed_ids) | set(removed_ids)
    kept = [item for item in read_items(folder) if item.report_id not in gone]
    fresh = items_of(library.report(rid) for rid in changed_ids if rid not in removed_ids)
    write_index(home, kept + fresh, progress=progress)
