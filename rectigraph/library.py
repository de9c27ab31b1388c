"""The library: one data home holding ingested reports, their graph, and what later stages build on them.

Layout of the data home (``./data/home`` unless ``--home`` or ``RECTIGRAPH_HOME`` say otherwise)::

    store/                 Oxigraph graph store (one named graph per report)
    reports/<id>.json      document model of each report (rectigraph.model.Report)
    files/<id>.<ext>       a copy of each ingested file
    sources.json           resolved source path -> report id (so a changed file replaces its old report)
    views.sqlite           whole-library query answers kept per report (graph.views)
    index/                 search indexes (owned by the search stage)

A report's id is the stable hash of its normalised text, so ingesting the same file twice changes nothing;
a file whose text changed gets a new id and replaces the report previously read from the same path.
After every ingest or remove, the post-ingest hooks named in :data:`POST_INGEST_HOOKS` run (those whose
module does not exist yet are skipped), each ``refresh(library, changed_ids, removed_ids)``.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rectigraph.config import data_home
from rectigraph.logs import log_event
from rectigraph.model import Report

if TYPE_CHECKING:
    from rdflib.query import Result

    from graph.store import GraphStore
    from graph.views import QueryAnswer, ViewStore

log = logging.getLogger(__name__)

#: ``module:function`` called after ingest/remove as ``refresh(library, changed_ids, removed_ids)``.
POST_INGEST_HOOKS = ["search.indexer:refresh", "tracing.families:refresh"]

#: File types picked up when a folder is ingested (a file named explicitly is always tried).
INGESTIBLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".docx", ".pdf")

#: Reports parsed before their graphs are written to the store in one (bulk) load.
BATCH_SIZE = 500
#: Compact the store after an ingest that loaded at least this many triples.
OPTIMIZE_AFTER = 200_000


@dataclass
class FileError:
    """A file (or a hook) that failed, and why, in words."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    replaced: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id)
    unchanged: list[str] = field(default_factory=list)
    failed: list[FileError] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def changed_ids(self) -> list[str]:
        return self.added + [new for _, new in self.replaced]

    def describe(self) -> str:
        """One human line, e.g. ``7 added, 0 replaced, 0 unchanged, 1 failed; 9,876 triples in 1.2 s``."""
        return (
            f"{len(self.added)} added, {len(self.replaced)} replaced, {len(self.unchanged)} unchanged, "
            f"{len(self.failed)} failed; {self.triples:,} triples in {self.seconds:.1f} s"
        )


@dataclass
class ReportInfo:
    """A line of ``rectigraph reports``."""

    id: str
    title: str | None
    issuer: str | None
    published: str | None
    source: str
    problems: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Library:
    """Reports, their knowledge graph and the data home that holds them.

    >>> import tempfile
    >>> from rectigraph.model import Report
    >>> with Library(tempfile.mkdtemp(), hooks=[]) as lib:
    ...     summary = lib.add_reports([Report(id="r1", source="a.txt", text="正文", title="通报")])
    ...     [r.id for r in lib.reports()], summary.added
    (['r1'], ['r1'])
    """

    def __init__(self, home: str | os.PathLike[str] | None = None, *, store: GraphStore | None = None,
                 hooks: Iterable[str] | None = None, read_only: bool = False) -> None:
        self.home = data_home(home)
        self.reports_dir = self.home / "reports"
        self.files_dir = self.home / "files"
        self.store_dir = self.home / "store"
        self.reports_dir.mkdir(exist_ok=True)
        self.files_dir.mkdir(exist_ok=True)
        self._store = store
        self._views: ViewStore | None = None
        self._views_checked: dict[str, int] = {}  # view -> reports folder's mtime when its rows were last checked
        self.read_only = read_only  # open the embedded store as a snapshot, without its write lock
        self.hooks = list(POST_INGEST_HOOKS if hooks is None else hooks)

    @classmethod
    def remote(cls, home: str | os.PathLike[str] | None, query_url: str, update_url: str | None = None,
               hooks: Iterable[str] | None = None, **kwargs: Any) -> Library:
        """A library whose graph lives on a SPARQL 1.1 server (Virtuoso, GraphDB, Neptune, Oxigraph server …)."""
        from graph.store import GraphStore

        return cls(home, store=GraphStore.remote(query_url, update_url, **kwargs), hooks=hooks)

    # ---------------------------------------------------------------- store
    @property
    def store(self) -> GraphStore:
        """The graph store (opened on first use)."""
        if self._store is None:
            from graph.store import GraphStore

            self._store = GraphStore.open(self.store_dir, read_only=self.read_only)
        return self._store

    @property
    def views(self) -> ViewStore:
        """The kept whole-library query answers (``views.sqlite``, opened on first use)."""
        if self._views is None:
            from graph.views import ViewStore

            self._views = ViewStore(self.home / "views.sqlite")
        return self._views

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._views is not None:
            self._views.close()
            self._views = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sparql(self, query: str, bindings: dict[str, Any] | None = None) -> Result:
        """Run SPARQL over the union of all report graphs."""
        return self.store.query(query, bindings)

    def query_library(self, name: str, *, live: bool = False, **params: Any) -> QueryAnswer:
        """Answer a library query (``graph/queries/NAME.rq``) with these parameters.

        A whole-library question asked of a view is answered from the rows kept per report (``graph.views``):
        first any report whose rows are missing (a crash between storing and keeping, a changed query text) has
        them computed from its document model, and rows of reports no longer here are dropped. Anything else, or
        ``live=True``, runs the query's SPARQL on the store. ``KeyError`` names an unknown query or parameter.
        """
        from graph import queries
        from graph.views import QueryAnswer

        query = queries.get(name)
        text = query.render(**params)  # checks the parameter names
        views = None if live else self._views_or_none()
        if views is not None and name in views.views and views.views[name].answers(params):
            self._complete_view(views, name)
            return views.answer(name, **params)
        return QueryAnswer.from_result(self.sparql(text))

    def _views_or_none(self) -> ViewStore | None:
        import sqlite3

        try:
            return self.views
        except (OSError, sqlite3.Error) as exc:  # a read-only data home: answer live instead
            log_event(log, logging.WARNING, "views unavailable", home=str(self.home), reason=str(exc))
            return None

    def _complete_view(self, views: ViewStore, name: str) -> None:
        from graph.namespace import report_graph_iri

        # Storing or removing a report (in any process) writes or unlinks its JSON in the reports folder, which
        # changes the folder's mtime: while it stays the same, the rows checked last time are still complete.
        # Read before listing, so a change made during the check is checked again next time.
        stamp = self.reports_dir.stat().st_mtime_ns
        if self._views_checked.get(name) == stamp:
            return
        wanted = {str(report_graph_iri(rid)): rid for rid in self.report_ids()}
        kept = views.graphs(name)
        stale = kept - wanted.keys()
        if stale:
            views.drop(stale)
        missing = [rid for g, rid in wanted.items() if g not in kept]
        if missing:
            from graph.build import build_report

            log_event(log, logging.INFO, "computing view rows", view=name, reports=len(missing))
            for start in range(0, len(missing), 100):
                chunk = [self.report(rid) for rid in missing[start:start + 100]]
                views.put((report_graph_iri(r.id), b.triples, b.entities)
                          for r in chunk for b in [build_report(r)])
        self._views_checked[name] = stamp

    # ---------------------------------------------------------------- reading
    def report_ids(self) -> list[str]:
        return sorted(p.stem for p in self.reports_dir.glob("*.json"))

    def report(self, report_id: str) -> Report:
        """The document model of one report (``KeyError`` if it is not in the library)."""
        path = self.reports_dir / f"{self.resolve(report_id)}.json"
        return Report.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def reports(self) -> list[ReportInfo]:
        out = []
        for rid in self.report_ids():
            r = self.report(rid)
            out.append(ReportInfo(r.id, r.title, r.issuer, r.published, r.source, len(r.problems)))
        return out

    def resolve(self, key: str) -> str:
        """A report id from an id, a unique id prefix, or the source file it was read from."""
        ids = self.report_ids()
        if key in ids:
            return key
        sources = self._sources()
        for candidate in (key, str(Path(key).resolve())):
            if candidate in sources and sources[candidate] in ids:
                return sources[candidate]
        by_name = [rid for src, rid in sources.items() if Path(src).name == key and rid in ids]
        matches = sorted(set(by_name)) or [rid for rid in ids if rid.startswith(key)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise KeyError(f"no report {key!r} in {self.home}")
        raise KeyError(f"{key!r} is ambiguous: {', '.join(matches[:5])}")

    # ---------------------------------------------------------------- writing
    def ingest(self, paths: Iterable[str | os.PathLike[str]], *, progress: bool = True,
               parse: Callable[[Path], Report] | None = None) -> IngestSummary:
        """Parse files (folders are walked), store their graphs; a failing file is reported, not fatal."""
        from tqdm import tqdm

        if parse is None:
            from ingest import parse_file as parse
        started = time.perf_counter()
        summary = IngestSummary()
        files, missing = expand_paths(paths)
        summary.failed.extend(missing)

        def parsed() -> Iterator[tuple[Report, Path | None]]:
            for path in tqdm(files, desc="ingest", unit="file", disable=not progress):
                try:
                    report = parse(path)
                except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
                    summary.failed.append(FileError(str(path), _reason(exc)))
                    log_event(log, logging.WARNING, "ingest failed", file=str(path), reason=_reason(exc))
                    continue
                yield report, path

        return self._store_all(parsed(), summary, started)

    def add_reports(self, reports: Iterable[Report], *, progress: bool = False) -> IngestSummary:
        """Store already parsed reports (no source file to copy)."""
        from tqdm import tqdm

        started = time.perf_counter()
        pairs = ((report, None) for report in tqdm(reports, desc="store", unit="report", disable=not progress))
        return self._store_all(pairs, IngestSummary(), started)

    def _store_all(
        self, pairs: Iterable[tuple[Report, Path | None]], summary: IngestSummary, started: float
    ) -> IngestSummary:
        """Store reports in batches of BATCH_SIZE, then run the post-ingest hooks once."""
        batch: list[tuple[Report, Path | None]] = []
        for pair in pairs:
            batch.append(pair)
            if len(batch) >= BATCH_SIZE:
                self._store_batch(batch, summary)
                batch = []
        if batch:
            self._store_batch(batch, summary)
        stored = len(summary.added) + len(summary.replaced)
        if summary.triples >= OPTIMIZE_AFTER and stored * 4 >= len(self.report_ids()):
            # Bulk loads leave many fresh files behind; compacting now (~2 s per million triples in the store)
            # keeps background compaction from slowing the next queries (p95 at 1,000 reports: 260 ms -> 75 ms).
            # Only when this ingest is a quarter of the library or more: compaction rewrites the whole store, so
            # many small ingests into a big library must not each pay for it.
            self.store.optimize()
        self._run_hooks(summary.changed_ids, [old for old, _ in summary.replaced], summary)
        summary.seconds = time.perf_counter() - started
        return summary

    def remove(self, report_id: str) -> str:
        """Delete a report: its graph, its JSON, its file copy. Returns the id removed (KeyError if none)."""
        rid = self.resolve(report_id)
        self._delete(rid)
        self._run_hooks([], [rid], None)
        return rid

    def _delete(self, rid: str) -> None:
        from graph.build import ENTITIES_GRAPH, build_report
        from graph.namespace import report_graph_iri

        path = self.reports_dir / f"{rid}.json"
        named = set()
        if path.exists():
            named = {s for s, _, _ in build_report(self.report(rid)).entities}
        self.store.remove_graph(report_graph_iri(rid))
        self._drop_view_rows([report_graph_iri(rid)])
        if named:
            self.store.drop_orphans(ENTITIES_GRAPH, named)
        (self.reports_dir / f"{rid}.json").unlink(missing_ok=True)
        for copy in self.files_dir.glob(f"{rid}.*"):
            copy.unlink()
        sources = self._sources()
        kept = {src: r for src, r in sources.items() if r != rid}
        if kept != sources:
            self._write_sources(kept)

    def _store_batch(self, batch: list[tuple[Report, Path | None]], summary: IngestSummary) -> None:
        from graph.build import ENTITIES_GRAPH, build_report
        from graph.namespace import report_graph_iri

        self._ensure_vocabulary()
        sources = self._sources()
        existing = set(self.report_ids())
        graphs = {}
        fresh: list[tuple[Report, Path | None]] = []
        pending: set[str] = set()
        shared: list = []
        kept: list = []
        for report, path in batch:
            key = str(path.resolve()) if path is not None else f"report:{report.source}"
            old = sources.get(key)
            if report.id in pending or (
                report.id in existing and self.store.has_graph(report_graph_iri(report.id))
            ):
                summary.unchanged.append(report.id)
                sources[key] = report.id
                continue
            if old and old != report.id and old in existing:
                self._delete(old)
                existing.discard(old)
                sources = {s: r for s, r in sources.items() if r != old}
                summary.replaced.append((old, report.id))
            else:
                summary.added.append(report.id)
            sources[key] = report.id
            existing.add(report.id)
            pending.add(report.id)
            built = build_report(report)
            graphs[report_graph_iri(report.id)] = built.triples
            shared.extend(built.entities)
            kept.append((report_graph_iri(report.id), built.triples, built.entities))
            fresh.append((report, path))
        if graphs:
            counts = self.store.replace_graphs(graphs, add={ENTITIES_GRAPH: shared})
            summary.triples += sum(counts.values())
            self._keep_view_rows(kept)
        for report, path in fresh:
            (self.reports_dir / f"{report.id}.json").write_text(
                json.dumps(report.to_dict(), ensure_ascii=False), encoding="utf-8"
            )
            if path is not None:
                shutil.copyfile(path, self.files_dir / f"{report.id}{path.suffix.lower() or '.txt'}")
        self._write_sources(sources)

    def _keep_view_rows(self, reports: list) -> None:
        """Each stored report's rows of every view; a failure here is logged, and the rows filled in on read."""
        import sqlite3

        from graph.views import ViewError

        views = self._views_or_none()
        if views is None or not views.views:
            return
        try:
            views.put(reports)
        except (OSError, sqlite3.Error, ViewError, SyntaxError) as exc:
            log_event(log, logging.WARNING, "view rows not kept", reports=len(reports), reason=str(exc))

    def _drop_view_rows(self, graphs: list) -> None:
        import sqlite3

        views = self._views_or_none()
        if views is not None:
            try:
                views.drop(graphs)
            except sqlite3.Error as exc:
                # rows of a removed report would stay in the answers: refuse rather than answer wrongly later
                raise RuntimeError(f"could not drop the view rows of {graphs}: {exc}") from exc

    def _ensure_vocabulary(self) -> None:
        from rdflib import URIRef

        from graph.ontology import ONTOLOGY_IRI, ontology_text

        if not self.store.has_graph(URIRef(ONTOLOGY_IRI)):
            self.store.load_turtle(URIRef(ONTOLOGY_IRI), ontology_text())

    def _sources(self) -> dict[str, str]:
        path = self.home / "sources.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def _write_sources(self, sources: dict[str, str]) -> None:
        path = self.home / "sources.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(sources, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(path)

    def _run_hooks(self, changed: list[str], removed: list[str], summary: IngestSummary | None) -> None:
        if not changed and not removed:
            return
        for name in self.hooks:
            hook = load_hook(name)
            if hook is None:
                continue
            try:
                hook(self, changed, removed)
            except Exception as exc:  # noqa: BLE001 - the graph is stored; report the hook's failure
                log_event(log, logging.ERROR, "post-ingest hook failed", hook=name, reason=_reason(exc))
                if summary is None:
                    raise
                summary.failed.append(FileError(f"hook {name}", _reason(exc)))


def load_hook(name: str) -> Callable[..., None] | None:
    """``"package.module:function"`` -> the function, or None while the module does not exist."""
    module_name, _, attr = name.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (module_name == exc.name or module_name.startswith(f"{exc.name}.")):
            return None
        raise
    return getattr(module, attr or "refresh", None)


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[FileError]]:
    """Files to ingest: named files as given, folders walked for :data:`INGESTIBLE_SUFFIXES` (sorted)."""
    files: list[Path] = []
    missing: list[FileError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(_walk(path)))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(FileError(str(path), "no such file or directory"))
    return list(dict.fromkeys(files)), missing


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith(".") and name.lower().endswith(INGESTIBLE_SUFFIXES):
                yield Path(root) / name


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    return str(reason) if reason else f"{type(exc).__name__}: {exc}"
