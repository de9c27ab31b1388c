"""What the web layer asks of the library, in one place: the stage packages do the work.

:class:`Backend` opens :class:`rectigraph.library.Library` lazily, keeps the parsed reports in memory (reloaded
when the data home changes, e.g. after ``rectigraph ingest`` in another process) and serialises writes.
Lookups by policy or organisation key read the document model's own mentions: the key is the last part of
:func:`graph.namespace.policy_iri` / :func:`graph.namespace.organization_iri`, so page URLs match graph IRIs.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.namespace import organization_iri, policy_iri
from rectigraph.model import Problem, Report


def iri_key(iri: Any) -> str:
    """The last path segment of an IRI: ``.../policy/<key>`` -> ``<key>``."""
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def policy_key(canonical: str) -> str:
    return iri_key(policy_iri(canonical))


def organization_key(canonical: str) -> str:
    return iri_key(organization_iri(canonical))


@dataclass
class Citation:
    """Where an entity is named: a report, maybe a problem, maybe one of its measures/actions."""

    report: Report
    problem: Problem | None = None
    item_kind: str | None = None  # "measure" | "action" | None (the problem statement or the report text)
    item_order: int | None = None
    text: str = ""
    span: tuple[int, int] | None = None


@dataclass
class EntityEntry:
    key: str
    canonical: str
    kind: str | None = None
    spellings: set[str] = field(default_factory=set)
    citations: list[Citation] = field(default_factory=list)

    @property
    def report_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for c in self.citations:
            seen.setdefault(c.report.id, None)
        return list(seen)


class LibraryMissing(RuntimeError):
    """A stage package the web layer needs is not installed or not built yet."""


class Backend:
    """The web layer's view of one data home."""

    def __init__(self, home: Path):
        self.home = Path(home)
        self.write_lock = threading.Lock()
        self._lock = threading.RLock()
        self._library: Any = None
        self._searcher: Any = None
        self._stamp: tuple[Any, ...] | None = None
        self._reports: dict[str, Report] = {}
        self._policies: dict[str, EntityEntry] = {}
        self._organizations: dict[str, EntityEntry] = {}

    # -- stage objects -----------------------------------------------------------------------------

    def _plain_library(self) -> Any:
        """The Library object, graph store not opened (reading reports needs only their JSON files)."""
        with self._lock:
            if self._library is None:
                try:
                    from rectigraph.library import Library
                except ImportError as exc:
                    raise LibraryMissing(f"the graph library is not available: {exc}") from exc
                self._library = Library(self.home)
            return self._library

    @property
    def library(self) -> Any:
        """The Library with its graph store open (for ingest, removal and tracing)."""
        library = self._plain_library()
        with self._lock:
            # Open the graph store here, under this lock: Library.store opens lazily, and two request
            # threads opening it at once would both try to take Oxigraph's lock on the folder.
            library.store  # noqa: B018
        return library

    def searcher(self) -> Any:
        """The search stage's searcher over this home (opened once, reopened after writes)."""
        with self._lock:
            if self._searcher is None:
                module = _optional("search.searcher")
                if module is None:
                    raise LibraryMissing("the search stage is not available")
                self._searcher = module.Searcher(self.home)
            return self._searcher

    # -- reports -----------------------------------------------------------------------------------

    def _home_stamp(self) -> tuple[Any, ...]:
        folder = self.home / "reports"
        try:
            st = folder.stat()
            names = sorted(p.name for p in folder.glob("*.json"))
            return (st.st_mtime_ns, len(names), tuple(names))
        except FileNotFoundError:
            return ()

    def _refresh(self) -> None:
        stamp = self._home_stamp()
        if stamp == self._stamp:
            return
        with self._lock:
            if stamp == self._stamp:
                return
            reports: dict[str, Report] = {}
            complete = True
            if stamp:
                loaded, complete = self._load_reports()
                reports = {report.id: report for report in loaded}
            self._reports = reports
            self._policies, self._organizations = _entity_indexes(reports.values())
            # A report being written while we read is skipped this time and picked up on the next request.
            self._stamp = stamp if complete else None

    def _load_reports(self) -> tuple[list[Report], bool]:
        """(reports, whether every listed report could be read)."""
        library = self._plain_library()
        out: list[Report] = []
        complete = True
        for rid in library.report_ids():
            try:
                out.append(library.report(rid))
            except (KeyError, ValueError, OSError):
                complete = False
        return out, complete

    def invalidate(self) -> None:
        """Forget cached reports (after an ingest or a removal; the searcher follows index swaps itself)."""
        with self._lock:
            self._stamp = None

    def reports(self) -> list[Report]:
        """All reports, newest first."""
        self._refresh()
        return sorted(self._reports.values(), key=lambda r: (r.published or "", r.title or ""), reverse=True)

    def report(self, report_id: str) -> Report | None:
        self._refresh()
        return self._reports.get(report_id)

    def problem(self, report_id: str, problem_id: str) -> tuple[Report, Problem] | None:
        report = self.report(report_id)
        if report is None:
            return None
        problem = report.problem(problem_id)
        return (report, problem) if problem is not None else None

    def report_for_source(self, path: Path) -> Report | None:
        """The report the library read from the file at ``path`` (it remembers each source path)."""
        try:
            return self.report(self._plain_library().resolve(str(Path(path).resolve())))
        except KeyError:
            return None

    def policies(self) -> list[EntityEntry]:
        self._refresh()
        return sorted(self._policies.values(), key=lambda e: (-len(e.report_ids), -len(e.citations), e.canonical))

    def policy(self, key: str) -> EntityEntry | None:
        self._refresh()
        return self._policies.get(key)

    def organizations(self) -> list[EntityEntry]:
        self._refresh()
        return sorted(self._organizations.values(), key=lambda e: (-len(e.report_ids), -len(e.citations), e.canonical))

    def organization(self, key: str) -> EntityEntry | None:
        self._refresh()
        return self._organizations.get(key)

    def facets(self) -> dict[str, list[Any]]:
        """Values the search filters offer: issuers, years, inspection types."""
        from search.items import report_year

        reports = self.reports()
        return {
            "issuers": sorted({r.issuing_body for r in reports if r.issuing_body}),
            "years": sorted({y for r in reports if (y := report_year(r))}),
            "inspection_types": sorted({r.inspection.type for r in reports if r.inspection.type}),
        }

    # -- search and tracing (answers come from the search and tracing stages) ------------------------

    def search(self, params: Any) -> dict[str, Any]:
        """A page of search hits as plain data (see ``SearchResponse`` in :mod:`web.openapi`)."""
        from web.results import search_page

        return search_page(self, params)

    def similar(self, report_id: str, problem_id: str, limit: int = 10) -> list[dict[str, Any]]:
        """Similar problems in other reports (tracing), best first; [] while tracing is not built."""
        from web.results import similar_problems

        return similar_problems(self, report_id, problem_id, limit)

    def families(self) -> list[dict[str, Any]]:
        from web.results import family_list

        return family_list(self)

    def family(self, family_id: str) -> dict[str, Any] | None:
        from web.results import family_detail

        return family_detail(self, family_id)

    def families_of(self, report_id: str, problem_id: str) -> list[dict[str, Any]]:
        from web.results import problem_families

        return problem_families(self, report_id, problem_id)

    def recurrences(self) -> list[dict[str, Any]]:
        from web.results import recurrence_list

        return recurrence_list(self)

    def gap_table(self, sort: str = "specific_problems_gap", descending: bool = True) -> list[dict[str, Any]]:
        from web.results import gap_rows

        return gap_rows(self, sort, descending)

    def gaps(self, report_id: str) -> dict[str, Any] | None:
        from web.results import report_gaps

        return report_gaps(self, report_id)

    def library_queries(self) -> list[dict[str, Any]]:
        """The documented library queries: name, title, question, parameters, and whether a view answers them."""
        from graph import queries
        from graph.views import library_views

        views = library_views()
        return [{"name": q.name, "title": q.title, "question": q.question, "params": q.param_help,
                 "view": q.name in views} for q in queries.all_queries()]

    def library_query(self, name: str, params: dict[str, str], live: bool = False) -> str:
        """A library query's answer as SPARQL 1.1 Query Results JSON text, plus ``source`` (view or sparql).

        Rows read from a view are joined as kept, not decoded and encoded again. ``KeyError`` for an unknown
        query or parameter.
        """
        answer = self.library.query_library(name, live=live, **params)
        return answer.to_json_text(source=answer.source)

    def kept_answer(self, name: str) -> Any:
        """A library query over the whole library answered from its view (``graph.views.QueryAnswer``), or None
        when the query is not a view (then it runs as SPARQL, under the endpoint's time limit)."""
        from graph.views import library_views

        if name not in library_views():
            return None
        answer = self.library.query_library(name)
        return answer if answer.source == "view" else None

    def warm(self) -> None:
        """Load what the first requests would otherwise wait for: reports, search index and models, families."""
        reports = self.reports()
        if not reports:
            return
        try:
            self.searcher().search("整改", k=1)
        except LibraryMissing:
            pass
        self.families()

    # -- writes ------------------------------------------------------------------------------------

    def ingest(self, paths: list[Path]) -> Any:
        with self.write_lock:
            try:
                return self.library.ingest(paths)
            finally:
                self.invalidate()

    def remove(self, report_id: str) -> Any:
        with self.write_lock:
            try:
                return self.library.remove(report_id)
            finally:
                self.invalidate()


def _optional(name: str) -> Any:
    """Import a stage module if it exists yet (stages land independently)."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name == name or name.startswith(f"{exc.name}.")):
            return None
        raise


def _entity_indexes(reports: Any) -> tuple[dict[str, EntityEntry], dict[str, EntityEntry]]:
    """Policies and organisations by key, with every place each is named."""
    policies: dict[str, EntityEntry] = {}
    organizations: dict[str, EntityEntry] = {}
    for report in reports:
        for mention in report.policies:
            entry = policies.setdefault(
                policy_key(mention.canonical), EntityEntry(policy_key(mention.canonical), mention.canonical, mention.kind)
            )
            entry.spellings.update(mention.raw)
        for mention in report.organizations:
            key = organization_key(mention.canonical)
            entry = organizations.setdefault(key, EntityEntry(key, mention.canonical))
            entry.spellings.update(mention.raw)
        for problem in report.problems:
            for kind, items in (("measure", problem.measures), ("action", problem.actions)):
                for item in items:
                    for title in item.policies:
                        key = policy_key(title)
                        entry = policies.setdefault(key, EntityEntry(key, title))
                        entry.citations.append(Citation(report, problem, kind, item.order, item.text, item.span))
                    for name in item.organizations:
                        key = organization_key(name)
                        entry = organizations.setdefault(key, EntityEntry(key, name))
                        entry.citations.append(Citation(report, problem, kind, item.order, item.text, item.span))
        # Mentions outside any measure/action (problem statements, intro): cite the report (and problem).
        for table, mentions in ((policies, report.policies), (organizations, report.organizations)):
            for mention in mentions:
                key = policy_key(mention.canonical) if table is policies else organization_key(mention.canonical)
                entry = table[key]
                cited_spans = {c.span for c in entry.citations if c.report is report}
                for span in mention.spans:
                    if any(s and s[0] <= span[0] and span[1] <= s[1] for s in cited_spans):
                        continue
                    owner = _problem_at(report, span)
                    entry.citations.append(Citation(report, owner, None, None, "", tuple(span)))
    return policies, organizations


def _problem_at(report: Report, span: tuple[int, int]) -> Problem | None:
    for problem in report.problems:
        if problem.span[0] <= span[0] and span[1] <= problem.span[1]:
            return problem
    return None

