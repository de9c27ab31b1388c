"""The graph store: named graphs of triples, queried with SPARQL, embedded or remote.

:class:`GraphStore` wraps an rdflib ``Dataset`` whose default graph, for queries, is the union of all named
graphs. Three back-ends, one interface:

- ``GraphStore.open(path)``: Oxigraph on disk, the default. Large loads go through Oxigraph's bulk loader
  as N-Quads text (``pyoxigraph.Store.bulk_load``, slices of BULK_CHUNK lines, BULK_WORKERS slices loading
  while the next is written), small ones through its transactional ``extend``. Queries run on Oxigraph
  directly and come back as rdflib results (the rdflib ``Dataset`` over ``oxrdflib`` serves the rest of
  rdflib's API).
- ``GraphStore.memory()``: Oxigraph in memory (tests, benchmarks).
- ``GraphStore.remote(query_url, update_url)``: any SPARQL 1.1 Query + Update endpoint (Virtuoso, GraphDB,
  Oxigraph server, Fuseki, Neptune …) through rdflib's ``SPARQLUpdateStore``. Graph replacement is
  ``DROP SILENT GRAPH`` + chunked ``INSERT DATA``.

>>> from rdflib import URIRef, Literal
>>> store = GraphStore.memory()
>>> g = URIRef("http://example.org/g")
>>> store.replace_graph(g, [(URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal("o"))])
1
>>> store.count(g), store.graphs() == [g]
(1, True)
>>> store.remove_graph(g)
True
>>> store.count()
0
"""

from __future__ import annotations

import collections
import itertools
import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

from graph.nquads import nquads_lines
from rectigraph.logs import log_event

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Dataset
    from rdflib.query import Result

log = logging.getLogger(__name__)

Triple = tuple[Any, Any, Any]

#: Above this many triples in one load, use Oxigraph's bulk loader (it writes new files on every call).
BULK_THRESHOLD = 20_000
#: Quads per call of Oxigraph's bulk loader.
BULK_CHUNK = 100_000
#: Bulk-loader calls in flight at once, on threads (Oxigraph loads without Python's lock).
BULK_WORKERS = 2
#: Triples per ``INSERT DATA`` request against a remote endpoint.
REMOTE_CHUNK = 1_000

EXPORT_FORMATS = {
    "ttl": "turtle",
    "turtle": "turtle",
    "trig": "trig",
    "jsonld": "json-ld",
    "json-ld": "json-ld",
    "nq": "nquads",
    "nquads": "nquads",
    "nt": "nt",
}

PREFIXES = {
    "rg": "https://w3id.org/rectigraph/ns#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class GraphStoreError(RuntimeError):
    """The store could not be opened or an operation on it failed."""


class GraphStore:
    """Named graphs of triples with SPARQL; see the module docstring for the back-ends."""

    def __init__(self, dataset: Dataset, *, oxigraph: pyoxigraph.Store | None = None, path: Path | None = None,
                 remote: bool = False) -> None:
        self.dataset = dataset
        self.path = path
        self.remote_endpoint = remote
        self._ox = oxigraph
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns)

    # ---------------------------------------------------------------- constructors
    @classmethod
    def open(cls, path: str | os.PathLike[str], *, read_only: bool = False) -> GraphStore:
        """Oxigraph on disk at ``path`` (created if missing).

        ``read_only`` opens a snapshot without taking the store's write lock, so queries can run while another
        process (the web server, an ingest) holds the store open for writing.
        """
        import pyoxigraph
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        path = Path(path)
        if read_only and (path / "CURRENT").exists():
            try:
                ox = pyoxigraph.Store.read_only(str(path))
            except OSError as exc:
                raise GraphStoreError(f"{path}: cannot open the graph store read-only ({exc})") from exc
            return cls(Dataset(store=OxigraphStore(store=ox), default_union=True), oxigraph=ox, path=path)
        path.mkdir(parents=True, exist_ok=True)
        try:
            ox = pyoxigraph.Store(str(path))
        except OSError as exc:
            raise GraphStoreError(f"{path}: cannot open the graph store ({exc}); is another process using it?") from exc
        dataset = Dataset(store=OxigraphStore(store=ox), default_union=True)
        return cls(dataset, oxigraph=ox, path=path)

    @classmethod
    def memory(cls) -> GraphStore:
        """Oxigraph in memory."""
        import pyoxigraph
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        ox = pyoxigraph.Store()
        return cls(Dataset(store=OxigraphStore(store=ox), default_union=True), oxigraph=ox)

    @classmethod
    def remote(cls, query_url: str, update_url: str | None = None, *, auth: tuple[str, str] | None = None,
               timeout: float = 60.0) -> GraphStore:
        """A SPARQL 1.1 endpoint (query + update) through rdflib's ``SPARQLUpdateStore``."""
        from rdflib import Dataset
        from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

        kwargs: dict[str, Any] = {"timeout": timeout}
        if auth:
            kwargs["auth"] = auth
        store = SPARQLUpdateStore(query_endpoint=query_url, update_endpoint=update_url or query_url,
                                  method="POST_FORM", returnFormat="json", autocommit=True, **kwargs)
        return cls(Dataset(store=store, default_union=True), remote=True)

    def close(self) -> None:
        """Flush and release the store (idempotent)."""
        if getattr(self, "_closed", False):
            return
        self._closed = True
        if self._ox is not None:
            try:
                self._ox.flush()
            except (OSError, RuntimeError):  # RuntimeError: a read-only snapshot has nothing to flush
                pass
        self.dataset.close()
        self._ox = None
        if self.path is not None:
            # Query results can keep the Oxigraph store (and its file lock) alive inside reference cycles;
            # collect them so the store can be reopened by this process right away.
            import gc

            gc.collect()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- writing
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> int:
        """Make ``graph`` hold exactly ``triples``; returns how many (distinct) triples were given."""
        return self.replace_graphs({graph: triples})[graph]

    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[Triple]],
                       add: Mapping[URIRef, Iterable[Triple]] | None = None) -> dict[URIRef, int]:
        """Replace several named graphs, and add triples to others (``add``), in one (bulk) load."""
        materialised = {g: list(dict.fromkeys(ts)) for g, ts in graphs.items()}
        for g in materialised:
            self.remove_graph(g)
        counts = {g: len(ts) for g, ts in materialised.items()}
        for g, ts in (add or {}).items():
            materialised.setdefault(g, []).extend(dict.fromkeys(ts))
        total = sum(len(ts) for ts in materialised.values())
        if self._ox is not None:
            if total >= BULK_THRESHOLD:
                self._bulk_load(materialised)
            else:
                self._ox.extend(list(_ox_quads(materialised)))
        elif self.remote_endpoint:
            for g, ts in materialised.items():
                for start in range(0, len(ts), REMOTE_CHUNK):
                    self._remote_insert(g, ts[start : start + REMOTE_CHUNK])
        else:
            for g, ts in materialised.items():
                graph = self.dataset.graph(g)
                graph.addN((s, p, o, graph) for s, p, o in ts)
        log_event(log, logging.DEBUG, "graphs replaced", graphs=len(materialised), triples=total)
        return counts

    def _bulk_load(self, graphs: Mapping[URIRef, list[Triple]]) -> None:
        """Stream ``graphs`` into Oxigraph's bulk loader as N-Quads, writing each slice while others load.

        Oxigraph parses and sorts a slice on its own threads without Python's lock, so writing the next slice in
        Python overlaps with loading the last ones (see :mod:`graph.nquads` for why text beats quad objects).
        A load that fails half-way leaves none of ``graphs`` behind.
        """
        import pyoxigraph as ox

        lines = nquads_lines(graphs)
        pending: collections.deque[Future[None]] = collections.deque()
        try:
            with ThreadPoolExecutor(max_workers=BULK_WORKERS, thread_name_prefix="rectigraph-bulk") as pool:
                while chunk := "".join(itertools.islice(lines, BULK_CHUNK)):
                    while len(pending) >= BULK_WORKERS:
                        pending.popleft().result()
                    pending.append(pool.submit(self._ox.bulk_load, chunk.encode("utf-8"),
                                               format=ox.RdfFormat.N_QUADS, lenient=True))
                while pending:
                    pending.popleft().result()
        except BaseException:
            for future in pending:
                future.cancel()
            for graph in graphs:
                self.remove_graph(graph)
            raise

    def optimize(self) -> None:
        """Compact an embedded store after large loads (a no-op for remote stores and read-only snapshots)."""
        if self._ox is not None and self.path is not None:
            try:
                self._ox.optimize()
            except (OSError, RuntimeError) as exc:  # a read-only snapshot cannot be compacted
                log_event(log, logging.DEBUG, "store not optimized", reason=str(exc))

    def drop_orphans(self, shared: URIRef, candidates: Iterable[URIRef]) -> int:
        """Delete from graph ``shared`` the descriptions of candidates no other graph refers to any more.

        Returns how many entities were dropped.
        """
        dropped = 0
        candidates = sorted(set(candidates))
        if self._ox is not None:
            import pyoxigraph as ox

            g = ox.NamedNode(str(shared))
            for e in candidates:
                node = ox.NamedNode(str(e))
                used = any(q.graph_name != g for q in self._ox.quads_for_pattern(node, None, None, None)) or any(
                    q.graph_name != g for q in self._ox.quads_for_pattern(None, None, node, None))
                if not used:
                    for q in list(self._ox.quads_for_pattern(node, None, None, g)):
                        self._ox.remove(q)
                    dropped += 1
            return dropped
        for start in range(0, len(candidates), 200):
            chunk = candidates[start : start + 200]
            values = " ".join(e.n3() for e in chunk)
            orphans = [row[0] for row in self.query(
                f"SELECT ?e WHERE {{ VALUES ?e {{ {values} }} "
                f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?e ?p ?o }} FILTER(?g != {shared.n3()}) }} "
                f"FILTER NOT EXISTS {{ GRAPH ?g2 {{ ?s ?p2 ?e }} FILTER(?g2 != {shared.n3()}) }} }}")]
            for e in orphans:
                self.update(f"DELETE WHERE {{ GRAPH {shared.n3()} {{ {e.n3()} ?p ?o }} }}")
            dropped += len(orphans)
        return dropped

    def remove_graph(self, graph: URIRef) -> bool:
        """Delete a named graph; False if it did not exist."""
        existed = self.has_graph(graph)
        if self._ox is not None:
            import pyoxigraph

            if existed:
                self._ox.remove_graph(pyoxigraph.NamedNode(str(graph)))
        elif self.remote_endpoint:
            self._remote_update(f"DROP SILENT GRAPH {graph.n3()}")
        else:
            self.dataset.remove_graph(graph)
        return existed

    def _remote_insert(self, graph: URIRef, triples: list[Triple]) -> None:
        """``INSERT DATA``; a request the server finds too big (e.g. Virtuoso's SQL size limit) is split in half."""
        body = "\n".join(_nt(t) for t in triples)
        try:
            self._remote_update(f"INSERT DATA {{ GRAPH {graph.n3()} {{\n{body}\n}} }}")
        except GraphStoreError as exc:
            if len(triples) < 50 or "(400" not in str(exc) and "(413" not in str(exc):
                raise
            half = len(triples) // 2
            self._remote_insert(graph, triples[:half])
            self._remote_insert(graph, triples[half:])

    def _remote_update(self, sparql: str) -> None:
        from urllib.error import HTTPError, URLError

        try:
            self.dataset.store.update(sparql)
        except HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            raise GraphStoreError(f"SPARQL update refused by the server ({exc.code} {exc.reason}): {detail}") from exc
        except URLError as exc:
            raise GraphStoreError(f"SPARQL endpoint unreachable: {exc.reason}") from exc

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update."""
        if self._ox is not None:
            self._ox.update(sparql, prefixes=PREFIXES)
        elif self.remote_endpoint:
            self._remote_update(sparql)
        else:
            self.dataset.update(sparql)

    def load_turtle(self, graph: URIRef, text: str) -> int:
        """Replace ``graph`` with the triples of a Turtle document (e.g. the vocabulary)."""
        from rdflib import Graph

        return self.replace_graph(graph, Graph().parse(data=text, format="turtle"))

    # ---------------------------------------------------------------- reading
    def has_graph(self, graph: URIRef) -> bool:
        if self._ox is not None:
            import pyoxigraph

            return self._ox.contains_named_graph(pyoxigraph.NamedNode(str(graph)))
        # SELECT rather than ASK: some servers (Virtuoso) answer ASK in a non-standard JSON shape
        return bool(list(self.query(f"SELECT ?s WHERE {{ GRAPH {graph.n3()} {{ ?s ?p ?o }} }} LIMIT 1")))

    def graphs(self) -> list[URIRef]:
        """Names of the named graphs, sorted."""
        if self._ox is not None:
            return sorted(URIRef(g.value) for g in self._ox.named_graphs() if hasattr(g, "value"))
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row[0] for row in rows if isinstance(row[0], URIRef))

    def count(self, graph: URIRef | None = None) -> int:
        """Triples in one named graph, or quads in all named graphs."""
        if graph is None:
            q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        else:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph.n3()} {{ ?s ?p ?o }} }}"
        return int(next(iter(self.query(q)))[0])

    def triples(self, graph: URIRef) -> set[Triple]:
        """All triples of one named graph."""
        rows = self.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph.n3()} {{ ?s ?p ?o }} }}")
        return {(r[0], r[1], plain(r[2])) for r in rows}

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> Result:
        """A SPARQL 1.1 query; the default graph is the union of all named graphs."""
        if self._ox is not None:
            return self._ox_query(sparql, bindings or {})
        try:
            return self.dataset.query(sparql, initNs=PREFIXES, initBindings=dict(bindings or {}))
        except SyntaxError as exc:
            raise GraphStoreError(f"SPARQL syntax error: {exc}") from exc

    def _ox_query(self, sparql: str, bindings: Mapping[str, Any]) -> Result:
        """Oxigraph evaluates the query itself; results become rdflib terms through a per-query term cache.

        Going through rdflib's ``Dataset.query`` (oxrdflib) gives the same answers but converts every cell anew;
        on result sets of thousands of rows the conversion costs as much as the query.
        """
        import pyoxigraph as ox
        from rdflib import Graph, Variable
        from rdflib.query import Result

        try:
            result = self._ox.query(
                sparql, use_default_graph_as_union=True, prefixes=PREFIXES,
                substitutions={ox.Variable(k): _to_ox(v if isinstance(v, Node) else Literal(v)) for k, v in bindings.items()})
        except SyntaxError as exc:
            raise GraphStoreError(f"SPARQL syntax error: {exc}") from exc
        convert = _FromOx()
        if isinstance(result, ox.QueryBoolean):
            out = Result("ASK")
            out.askAnswer = bool(result)
        elif isinstance(result, ox.QuerySolutions):
            out = Result("SELECT")
            out.vars = [Variable(v.value) for v in result.variables]
            names = out.vars
            out.bindings = [{v: convert(t) for v, t in zip(names, row) if t is not None} for row in result]
        else:
            out = Result("CONSTRUCT")
            out.graph = Graph()
            out.graph += ((convert(t.subject), convert(t.predicate), convert(t.object)) for t in result)
        return out

    # ---------------------------------------------------------------- export
    def export(self, fmt: str, destination: IO[bytes]) -> None:
        """Write the whole store: ``ttl`` (union of all graphs), ``trig``, ``jsonld``, ``nq`` or ``nt``."""
        try:
            name = EXPORT_FORMATS[fmt]
        except KeyError:
            raise GraphStoreError(f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})") from None
        if name == "nquads" and self._ox is not None:
            import pyoxigraph

            self._ox.dump(destination, format=pyoxigraph.RdfFormat.N_QUADS)
            return
        from rdflib import Dataset, Graph

        if name in ("turtle", "nt"):
            out: Graph | Dataset = Graph()
            rows = self.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
            for s, p, o in rows:
                out.add((s, p, plain(o)))
        else:
            out = Dataset()
            for row in self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
                out.add((row[0], row[1], plain(row[2]), row[3]))
        for prefix, ns in PREFIXES.items():
            out.bind(prefix, ns)
        destination.write(out.serialize(format=name, encoding="utf-8"))


def plain(term: Any) -> Any:
    """``"x"^^xsd:string`` as the plain literal ``"x"`` (the same RDF 1.1 term, compared equal by rdflib).

    >>> plain(Literal("x", datatype=XSD.string)) == Literal("x")
    True
    """
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def _ox_quads(graphs: Mapping[URIRef, list[Triple]]) -> Iterator[pyoxigraph.Quad]:
    """rdflib triples -> pyoxigraph quads, converting each repeated term (IRIs, numbers) once."""
    import pyoxigraph as ox

    cache: dict[Any, Any] = {}

    def term(t: Any) -> Any:
        node = cache.get(t)
        if node is None:
            node = _to_ox(t)
            if not (isinstance(t, Literal) and len(t) > 64):  # long texts are seldom repeated: not cached
                cache[t] = node
        return node

    for g, triples in graphs.items():
        gn = term(g)
        for s, p, o in triples:
            yield ox.Quad(term(s), term(p), term(o), gn)


class _FromOx:
    """Oxigraph terms -> rdflib terms (the same terms oxrdflib gives), each repeated IRI or value built once."""

    def __init__(self) -> None:
        self._cache: dict[Any, Any] = {}

    def __call__(self, term: Any) -> Any:
        node = self._cache.get(term)
        if node is not None:
            return node
        import pyoxigraph as ox

        if isinstance(term, ox.NamedNode):
            node = URIRef(term.value)
        elif isinstance(term, ox.Literal):
            if term.language:
                node = Literal(term.value, lang=term.language)
            else:
                node = Literal(term.value, datatype=self(term.datatype))
            if len(term.value) > 64:
                return node  # long texts are seldom repeated: don't grow the cache with them
        elif isinstance(term, ox.BlankNode):
            node = BNode(term.value)
        else:
            raise GraphStoreError(f"unexpected term in a query result: {term!r}")
        self._cache[term] = node
        return node


def _to_ox(term: Any) -> Any:
    """An rdflib term as a pyoxigraph term (``xsd:string`` literals as plain ones, the same RDF 1.1 term)."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and term.datatype != XSD.string:
            return ox.Literal(str(term), datatype=ox.NamedNode(term.datatype))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _nt(triple: Triple) -> str:
    s, p, o = triple
    return f"{s.n3()} {p.n3()} {o.n3()} ."
