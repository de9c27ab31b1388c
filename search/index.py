"""The hybrid index: search items with dense (m3e, multilingual USE) and lexical (BM25) channels, fused.

``HybridIndex.build(items)`` encodes and indexes; ``search(query)`` returns a :class:`SearchResult` of hits and
the thesaurus expansions that were searched too; ``similar(iri)`` finds like problems in other reports;
``neighbourhood(iri)`` gives an item's measures, actions, policies, parent and children. ``save``/``load`` keep
it in a folder with a ``manifest.json`` (models, dimensions, counts, per-file and overall checksums).
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import hashlib
import json
import logging
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rectigraph.logs import log_event
from search.embedding_cache import EmbeddingCache
from search.encoders import CROSSLINGUAL_MODEL, DEFAULT_MODEL, load_encoder
from search.filters import FacetTable, Filters
from search.fusion import QueryPlan, fuse, plan_query
from search.items import KINDS, SearchItem
from search.lexical import LexicalIndex
from search.thesaurus import THESAURUS_PATH, Expansion, Thesaurus, load_thesaurus
from search.vectors import VectorIndex

log = logging.getLogger(__name__)

FORMAT_VERSION = 2  # 2: one FAISS file per kind group (faiss-<channel>-<n>.index), "parts" in the manifest
#: Candidates each channel contributes before fusion (at least; more when k is large).
CANDIDATES = 100
#: Items sampled to estimate a dense channel's score mean and spread for a query.
STATS_SAMPLE = 1024
#: Labels per matched concept searched as expansion (preferred label first).
LABELS_PER_CONCEPT = 8
#: Query vectors remembered per index (repeated searches, paging).
QUERY_CACHE_SIZE = 512


class IndexUnusable(RuntimeError):
    """An index folder that cannot be used (missing, damaged, or built for another model)."""


@dataclass
class SearchHit:
    iri: str
    kind: str
    text: str
    report_id: str
    report_file: str
    issuer: str | None
    year: int | None
    status: str | None
    score: float
    span: tuple[int, int] | None
    problem_id: str | None = None
    inspection_type: str | None = None
    parent: str | None = None
    channels: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["span"] = list(self.span) if self.span else None
        data["score"] = round(float(self.score), 4)
        data["channels"] = {k: round(float(v), 3) for k, v in self.channels.items()}
        return data


@dataclass
class SearchResult:
    query: str
    hits: list[SearchHit]
    expansions: list[Expansion] = field(default_factory=list)
    form: str = "chinese"
    filters: str = ""

    def also_searched(self) -> list[str]:
        """The thesaurus labels searched besides the query (what users see as "also searched")."""
        seen: dict[str, None] = {}
        for e in self.expansions:
            for label in [*e.labels[:LABELS_PER_CONCEPT], *e.narrower]:
                seen.setdefault(label, None)
        return list(seen)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "form": self.form,
            "filters": self.filters,
            "expansions": [e.to_dict() for e in self.expansions],
            "also_searched": self.also_searched(),
            "hits": [h.to_dict() for h in self.hits],
        }


@functools.lru_cache(maxsize=1)
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _single_threaded_blas() -> Any:
    """One BLAS thread for the small matrix-vector products of a query: a multi-threaded BLAS on a busy
    machine spends far longer waking threads (tens of ms) than computing (well under one)."""
    return _blas_controller().limit(limits=1, user_api="blas")


def _retrieves(channel: str, plan: QueryPlan) -> bool:
    """Whether a dense channel fetches candidates of its own or only scores the others' (an expansion's
    vector is a soft signal beside the query's own; it fetches only when the query's own is not used)."""
    if not channel.endswith("_x"):
        return True
    return plan.weights.get(channel[:-2], 0) <= 0


def concept_text(thesaurus: Thesaurus, iri: str) -> str:
    """The text a concept is searched with: its Chinese labels and its narrower concepts' preferred labels."""
    concept = thesaurus.concepts[iri]
    narrower = [thesaurus.concepts[n].pref_zh for n in concept.narrower if n in thesaurus.concepts]
    return " ".join(dict.fromkeys([*concept.labels_zh[:LABELS_PER_CONCEPT], *narrower]))


def expansion_text(expansions: list[Expansion]) -> str:
    labels: dict[str, None] = {}
    for e in expansions:
        for label in [*e.labels[:LABELS_PER_CONCEPT], *e.narrower]:
            labels.setdefault(label, None)
    return " ".join(labels)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class HybridIndex:
    """Items plus their dense and lexical indexes; see the module docstring."""

    def __init__(
        self,
        items: list[SearchItem],
        dense: VectorIndex,
        cross: VectorIndex,
        lexical: LexicalIndex,
        context: LexicalIndex,
        model: str = DEFAULT_MODEL,
        crosslingual_model: str = CROSSLINGUAL_MODEL,
        thesaurus: Thesaurus | None = None,
        cache_dir: str | Path | None = None,
    ) -> None:
        self.items = items
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._concept_vectors: dict[str, dict[str, np.ndarray]] = {}
        self._query_cache: collections.OrderedDict[tuple[str, str], np.ndarray] = collections.OrderedDict()
        self._lock = threading.Lock()  # the web app searches from several threads
        self.dense = dense
        self.cross = cross
        self.lexical = lexical
        self.context = context
        self.model = model
        self.crosslingual_model = crosslingual_model
        self.thesaurus = thesaurus or load_thesaurus()
        self.facets = FacetTable(items)
        self.rows = {item.iri: n for n, item in enumerate(items) if item.kind != "policy"}
        for n, item in enumerate(items):
            self.rows.setdefault(item.iri, n)

    def __len__(self) -> int:
        return len(self.items)

    # ---------------------------------------------------------------- building
    @classmethod
    def build(
        cls,
        items: list[SearchItem],
        model: str | None = None,
        crosslingual_model: str | None = None,
        cache_dir: str | Path | None = None,
        progress: bool = False,
        vectors: dict[str, np.ndarray] | None = None,
        exact_limit: int | None = None,
    ) -> HybridIndex:
        """Encode (or take ``vectors={"dense": …, "cross": …}``) and index ``items``."""
        model = model or DEFAULT_MODEL
        crosslingual_model = crosslingual_model or CROSSLINGUAL_MODEL
        started = time.perf_counter()
        # rows grouped by kind: an approximate index then keeps one graph per kind (see search.vectors)
        order = sorted(range(len(items)), key=lambda n: KINDS.index(items[n].kind))
        if order != list(range(len(items))):
            items = [items[n] for n in order]
            if vectors:
                vectors = {channel: np.asarray(matrix)[order] for channel, matrix in vectors.items()}
        groups = np.array([KINDS.index(item.kind) for item in items], dtype=np.int8)
        texts = [item.text for item in items]
        matrices: dict[str, np.ndarray] = {}
        for channel, name in (("dense", model), ("cross", crosslingual_model)):
            if vectors and channel in vectors:
                matrices[channel] = np.ascontiguousarray(vectors[channel], dtype=np.float32)
                continue
            encoder = load_encoder(name)
            if cache_dir is not None:
                cache = EmbeddingCache(cache_dir, name)
                matrices[channel] = cache.encode(encoder, texts, progress=progress)
                cache.retain(texts)
                cache.save()
            else:
                matrices[channel] = encoder.encode(texts, progress=progress)
        indexes = {}
        for channel, matrix in matrices.items():
            kind = VectorIndex.choose_kind(len(matrix), exact_limit) if exact_limit is not None else None
            indexes[channel] = VectorIndex.build(matrix, kind=kind, progress=progress, groups=groups)
        lexical = LexicalIndex.build(texts, progress=progress)
        context = LexicalIndex.build([item.context for item in items], progress=progress)
        index = cls(
            items, indexes["dense"], indexes["cross"], lexical, context, model, crosslingual_model, cache_dir=cache_dir
        )
        log_event(log, logging.INFO, "index built", items=len(items), seconds=round(time.perf_counter() - started, 2))
        return index

    # ---------------------------------------------------------------- persistence
    def save(self, folder: str | Path) -> dict[str, Any]:
        """Write every part, then ``manifest.json`` last (a folder without a manifest is incomplete)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "items.jsonl").open("w", encoding="utf-8") as fh:
            for item in self.items:
                fh.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        self.dense.save(folder, "dense")
        self.cross.save(folder, "cross")
        self.lexical.save(folder / "bm25-text")
        self.context.save(folder / "bm25-context")
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json")
        file_sums = {str(p.relative_to(folder)): {"bytes": p.stat().st_size, "sha256": file_sha256(p)} for p in files}
        overall = hashlib.sha256("".join(f"{k}:{v['sha256']}\n" for k, v in file_sums.items()).encode()).hexdigest()
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.kind] = counts.get(item.kind, 0) + 1
        manifest = {
            "format": FORMAT_VERSION,
            "model": self.model,
            "crosslingual_model": self.crosslingual_model,
            "dim": {"dense": self.dense.dim, "cross": self.cross.dim},
            "count": len(self.items),
            "kinds": counts,
            "ann": {"dense": self.dense.kind, "cross": self.cross.kind},
            "parts": {"dense": self.dense.ranges, "cross": self.cross.ranges},
            "reports": sorted({item.report_id for item in self.items}),
            "thesaurus_sha256": file_sha256(THESAURUS_PATH),
            "built": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "files": file_sums,
            "checksum": overall,
        }
        tmp = folder / "manifest.json.tmp"
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(folder / "manifest.json")
        return manifest

    @staticmethod
    def read_manifest(folder: str | Path) -> dict[str, Any]:
        path = Path(folder) / "manifest.json"
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise IndexUnusable(f"{folder}: no manifest.json (index missing or incomplete)") from exc
        except json.JSONDecodeError as exc:
            raise IndexUnusable(f"{path}: damaged manifest ({exc})") from exc
        if manifest.get("format") != FORMAT_VERSION:
            raise IndexUnusable(f"{path}: index format {manifest.get('format')}, this version reads {FORMAT_VERSION}")
        return manifest

    @staticmethod
    def verify(folder: str | Path) -> list[str]:
        """Problems found by re-hashing every file against the manifest (empty when the index is intact)."""
        folder = Path(folder)
        manifest = HybridIndex.read_manifest(folder)
        problems = []
        for name, expected in manifest["files"].items():
            path = folder / name
            if not path.exists():
                problems.append(f"{name}: missing")
            elif path.stat().st_size != expected["bytes"] or file_sha256(path) != expected["sha256"]:
                problems.append(f"{name}: checksum mismatch")
        return problems

    @classmethod
    def load(cls, folder: str | Path) -> HybridIndex:
        folder = Path(folder)
        manifest = cls.read_manifest(folder)
        for name, expected in manifest["files"].items():
            path = folder / name
            if not path.exists() or path.stat().st_size != expected["bytes"]:
                raise IndexUnusable(f"{folder}: {name} is missing or has the wrong size; rebuild with `rectigraph index`")
        with (folder / "items.jsonl").open(encoding="utf-8") as fh:
            items = [SearchItem.from_dict(json.loads(line)) for line in fh if line.strip()]
        if len(items) != manifest["count"]:
            raise IndexUnusable(f"{folder}: {len(items)} items, manifest says {manifest['count']}")
        try:
            dense = VectorIndex.load(folder, "dense", manifest["ann"]["dense"], manifest["parts"]["dense"])
            cross = VectorIndex.load(folder, "cross", manifest["ann"]["cross"], manifest["parts"]["cross"])
        except ValueError as exc:
            raise IndexUnusable(str(exc)) from exc
        lexical = LexicalIndex.load(folder / "bm25-text")
        context = LexicalIndex.load(folder / "bm25-context")
        cache = folder.parent / "cache"
        return cls(
            items, dense, cross, lexical, context, manifest["model"], manifest["crosslingual_model"],
            cache_dir=cache if cache.is_dir() else None,
        )

    # ---------------------------------------------------------------- searching
    def search(
        self,
        query: str,
        k: int = 10,
        filters: Filters | None = None,
        expand: bool = True,
        weights: dict[str, float] | None = None,
    ) -> SearchResult:
        """The ``k`` best items for a query under ``filters`` (default: problems only).

        ``weights`` replaces the per-form channel weights (for evaluating single channels).
        """
        filters = filters if filters is not None else Filters()
        query = (query or "").strip()
        if not query:
            raise ValueError("empty query")
        expansions = self.thesaurus.expand(query) if expand else []
        plan = plan_query(query, expansion_text(expansions))
        plan.concepts = [e.concept for e in expansions]
        if weights is not None:
            plan.weights = {c: w for c, w in weights.items() if w > 0 and (plan.expansion_text or not c.endswith("_x"))}
        hits = self._rank(plan, self.facets.mask(filters), k)
        return SearchResult(query, hits, expansions, plan.form, filters.describe())

    def similar(self, iri: str, k: int = 10, other_reports: bool = True, filters: Filters | None = None) -> SearchResult:
        """"More like this": items of the same kind most like the item ``iri`` (in other reports by default)."""
        row = self.rows.get(iri)
        if row is None:
            raise KeyError(f"no indexed item {iri}")
        item = self.items[row]
        filters = filters if filters is not None else Filters(kind=item.kind)
        allowed = self.facets.mask(filters)
        if allowed is None:
            allowed = np.ones(len(self.items), dtype=bool)
        allowed = allowed.copy()
        allowed[row] = False
        if other_reports:
            allowed &= ~self.facets._text_mask("report_id", item.report_id, exact=True)
        plan = plan_query(item.text)
        plan.weights.pop("context", None)
        query_vectors = {"dense": self.dense.row(row), "cross": self.cross.row(row)}
        hits = self._rank(plan, allowed, k, query_vectors)
        return SearchResult(item.text, hits, [], "similar", filters.describe())

    def neighbourhood(self, iri: str) -> dict[str, Any]:
        """Graph expansion of an item: its problem, parent, children, measures, actions and cited policies."""
        row = self.rows.get(iri)
        if row is None:
            raise KeyError(f"no indexed item {iri}")
        item = self.items[row]
        problem_iri = item.iri if item.kind == "problem" else item.parent
        problem = self.items[self.rows[problem_iri]] if problem_iri in self.rows else None
        members = [i for i in self.items if problem_iri and i.parent == problem_iri]
        related = set(problem.related if problem else item.related)
        policies = {i.iri: i for i in self.items if i.kind == "policy" and i.iri in related}
        return {
            "item": self._hit(row, 0.0).to_dict(),
            "problem": self._hit(self.rows[problem_iri], 0.0).to_dict() if problem else None,
            "parent": self._hit(self.rows[problem.parent], 0.0).to_dict()
            if problem and problem.parent in self.rows
            else None,
            "children": [self._hit(self.rows[i.iri], 0.0).to_dict() for i in members if i.kind == "problem"],
            "measures": [self._hit(self.rows[i.iri], 0.0).to_dict() for i in members if i.kind == "measure"],
            "actions": [self._hit(self.rows[i.iri], 0.0).to_dict() for i in members if i.kind == "action"],
            "policies": [self._hit(self.rows[p], 0.0).to_dict() for p in policies],
        }

    def _hit(self, row: int, score: float, channels: dict[str, float] | None = None) -> SearchHit:
        item = self.items[row]
        return SearchHit(
            iri=item.iri,
            kind=item.kind,
            text=item.text,
            report_id=item.report_id,
            report_file=item.report_file,
            issuer=item.issuer,
            year=item.year,
            status=item.status,
            score=float(score),
            span=item.span,
            problem_id=item.problem_id,
            inspection_type=item.inspection_type,
            parent=item.parent,
            channels=channels or {},
        )

    def _encode_query(self, encoder_name: str, text: str) -> np.ndarray:
        """A query's vector, remembered for the last few hundred queries (paging, repeated searches)."""
        key = (encoder_name, text)
        with self._lock:
            vector = self._query_cache.get(key)
            if vector is not None:
                self._query_cache.move_to_end(key)
                return vector
        vector = load_encoder(encoder_name).encode([text])[0]
        with self._lock:
            self._query_cache[key] = vector
            if len(self._query_cache) > QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return vector

    def concept_vectors(self, channel: str) -> dict[str, np.ndarray]:
        """Each thesaurus concept's labels embedded once (``dense`` or ``cross`` channel), so expanding a
        query costs no encoding; kept in the index's embedding cache when it has one."""
        vectors = self._concept_vectors.get(channel)
        if vectors is None:
            name = self.model if channel == "dense" else self.crosslingual_model
            concepts = list(self.thesaurus.concepts.values())
            texts = [concept_text(self.thesaurus, c.iri) for c in concepts]
            encoder = load_encoder(name)
            if self.cache_dir is not None:
                cache = EmbeddingCache(self.cache_dir / "concepts", name)
                matrix = cache.encode(encoder, texts)
                cache.retain(texts)
                cache.save()
            else:
                matrix = encoder.encode(texts)
            vectors = {c.iri: matrix[n] for n, c in enumerate(concepts)}
            self._concept_vectors[channel] = vectors
        return vectors

    def _query_vectors(self, plan: QueryPlan) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for channel, encoder_name in (("dense", self.model), ("cross", self.crosslingual_model)):
            if plan.weights.get(channel, 0) > 0:
                out[channel] = self._encode_query(encoder_name, plan.text)
            if plan.weights.get(channel + "_x", 0) > 0:
                known = self.concept_vectors(channel)
                parts = [known[c] for c in plan.concepts if c in known]
                if parts:
                    mean = np.mean(parts, axis=0)
                    out[channel + "_x"] = (mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32)
                else:
                    out[channel + "_x"] = self._encode_query(encoder_name, plan.expansion_text)
        return out

    def _rank(
        self,
        plan: QueryPlan,
        allowed: np.ndarray | None,
        k: int,
        query_vectors: dict[str, np.ndarray] | None = None,
    ) -> list[SearchHit]:
        vectors = query_vectors if query_vectors is not None else self._query_vectors(plan)
        with _single_threaded_blas():
            return self._rank_with(plan, allowed, k, vectors)

    def _rank_with(
        self, plan: QueryPlan, allowed: np.ndarray | None, k: int, vectors: dict[str, np.ndarray]
    ) -> list[SearchHit]:
        n = len(self.items)
        if n == 0 or k <= 0 or (allowed is not None and not allowed.any()):
            return []
        depth = max(CANDIDATES, 3 * k)
        pool = np.flatnonzero(allowed) if allowed is not None else None
        sample = self._sample(pool, n)
        candidates: list[np.ndarray] = []
        full: dict[str, np.ndarray] = {}
        stats: dict[str, tuple[float, float]] = {}
        for channel in plan.active():
            if channel in ("lexical", "lexical_x", "context"):
                index = self.context if channel == "context" else self.lexical
                scores = index.scores(plan.expansion_text if channel == "lexical_x" else plan.text)
                if allowed is not None:
                    scores = np.where(allowed, scores, -np.inf)
                    values = scores[pool]
                else:
                    values = scores
                full[channel] = scores
                stats[channel] = (float(values.mean()), float(values.std()))
                positive = int((values > 0).sum())
                if positive:
                    top = min(depth, positive)
                    part = np.argpartition(-scores, top - 1)[:top]
                    candidates.append(part[scores[part] > 0])
            elif channel in vectors:
                index = self.dense if channel.startswith("dense") else self.cross
                if _retrieves(channel, plan):
                    ids, _ = index.search(vectors[channel], k=depth, allowed=allowed)
                    candidates.append(ids)
                sampled = index.score(vectors[channel], sample)
                stats[channel] = (float(sampled.mean()), float(sampled.std()))
        if not candidates:
            return []
        union = np.unique(np.concatenate(candidates))
        channel_scores: dict[str, np.ndarray] = {}
        for channel in stats:
            if channel in full:
                channel_scores[channel] = full[channel][union]
            else:
                index = self.dense if channel.startswith("dense") else self.cross
                channel_scores[channel] = index.score(vectors[channel], union)
        fused = fuse(channel_scores, stats, plan.weights)
        order = np.argsort(-fused, kind="stable")
        hits: list[SearchHit] = []
        seen: set[str] = set()
        for pos in order:
            row = int(union[pos])
            iri = self.items[row].iri
            if iri in seen:
                continue
            seen.add(iri)
            parts = {c: float(channel_scores[c][pos]) for c in channel_scores}
            hits.append(self._hit(row, float(fused[pos]), parts))
            if len(hits) >= k:
                break
        return hits

    @staticmethod
    def _sample(pool: np.ndarray | None, n: int) -> np.ndarray:
        """An evenly spread, deterministic sample of the allowed rows (for a dense channel's statistics)."""
        size = n if pool is None else len(pool)
        if size <= STATS_SAMPLE:
            return np.arange(n) if pool is None else pool
        picks = np.linspace(0, size - 1, STATS_SAMPLE).astype(np.int64)
        return picks if pool is None else pool[picks]
