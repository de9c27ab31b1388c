"""Materialised answers of the whole-library queries, kept per report.

A listing of the whole library (every problem in progress, every report's counts against its claims) costs
Oxigraph's disk store 0.1–0.3 s per 1,000 rows whatever the query does: each row is a few index lookups
(graph/README.md). Those answers change only when a report is stored or removed, and each of their rows comes
from one report. So the library keeps them, as a database keeps a materialised view:

- when a report is stored, each *view* (a library query whose header says ``# view: …``) runs over that
  report alone, in a small in-memory Oxigraph store holding the report's graph, the shared entities it names
  and the vocabulary (:class:`PartialEvaluator`); the rows are kept in ``views.sqlite`` under the data home,
  keyed by the report's graph (:class:`ViewStore`);
- when a report is removed or replaced, its rows go with it;
- the whole-library answer is the union of every report's rows (summed by group for a ``sum`` view), ordered
  as the query says (:func:`order_key`; SQLite sorts the kept rows). It is the same answer the query gives
  over the whole store (a test checks every view against live SPARQL), read in milliseconds instead of seconds.

The header says how rows of different reports combine::

    # view: rows                      every row comes from one report: the answer is all the reports' rows
    # view: rows key=problemId        the same; rows are also looked up by the parameter problemId
    # view: sum policyTitle issuer    rows are grouped across reports by these columns, other columns summed

A view may not use LIMIT or OFFSET, and orders only by variables (``?x``, ``ASC(?x)``, ``DESC(?x)``).

>>> spec = parse_view_header("# view: sum policyTitle issuer")
>>> spec.mode, spec.columns
('sum', ('policyTitle', 'issuer'))
>>> parse_order_by("SELECT ?a ?b WHERE { } ORDER BY ?a DESC(?b)")
[('a', False), ('b', True)]
>>> [r["n"]["value"] for r in sort_rows([{"n": _int(10)}, {"n": _int(9)}], [("n", False)])]
['9', '10']
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {XSD + t for t in ("integer", "decimal", "float", "double", "int", "long", "short", "byte",
                              "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
                              "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_INTEGER = XSD + "integer"
_INT64 = 2**63  # SQLite keeps integers in 64 bits
_HEADER = re.compile(r"^#\s*view:\s*(rows|sum)\b(.*)$", re.M)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b(.*)$", re.I | re.S)
_ORDER_TERM = re.compile(r"\s*(?:(ASC|DESC)\s*\(\s*\?(\w+)\s*\)|\?(\w+))", re.I)
_LIMIT = re.compile(r"\b(LIMIT|OFFSET)\s+\d+", re.I)

#: A SPARQL 1.1 Query Results JSON binding: variable -> {"type", "value", ["datatype" | "xml:lang"]}.
Binding = dict[str, dict[str, str]]


class ViewError(ValueError):
    """A query whose header declares a view it cannot be (LIMIT, an ORDER BY expression, an unknown key …)."""


@dataclass(frozen=True)
class ViewSpec:
    """How one view's rows combine across reports (see the module docstring)."""

    mode: str  # "rows" or "sum"
    columns: tuple[str, ...] = ()  # sum: the grouping columns
    key: str | None = None  # rows: a parameter that is also an output column, used to look rows up


def parse_view_header(text: str) -> ViewSpec | None:
    """The ``# view:`` line of a query's header, or None when the query is not a view.

    >>> parse_view_header("# view: rows key=problemId")
    ViewSpec(mode='rows', columns=(), key='problemId')
    >>> parse_view_header("SELECT * WHERE { ?s ?p ?o }") is None
    True
    """
    m = _HEADER.search(text)
    if not m:
        return None
    words = m.group(2).split()
    if m.group(1) == "sum":
        if not words:
            raise ViewError("'# view: sum' needs the grouping columns")
        return ViewSpec("sum", tuple(w.lstrip("?") for w in words))
    key = None
    for word in words:
        name, sep, value = word.partition("=")
        if name != "key" or not sep:
            raise ViewError(f"'# view: rows' takes only key=PARAM, not {word!r}")
        key = value.lstrip("?")
    return ViewSpec("rows", key=key)


def parse_order_by(query: str) -> list[tuple[str, bool]]:
    """The query's ORDER BY as (variable, descending) pairs; ``ViewError`` if it orders by an expression."""
    m = _ORDER_BY.search(query)
    if not m:
        return []
    rest, out, pos = m.group(1).strip(), [], 0
    while pos < len(rest):
        t = _ORDER_TERM.match(rest, pos)
        if not t:
            raise ViewError(f"a view orders only by variables, not {rest[pos:].strip()!r}")
        if t.group(3):
            out.append((t.group(3), False))
        else:
            out.append((t.group(2), t.group(1).upper() == "DESC"))
        pos = t.end()
        while pos < len(rest) and rest[pos].isspace():
            pos += 1
    return out


@dataclass(frozen=True)
class View:
    """A library query kept as a view: its name, text (parameters unset), header spec and order."""

    name: str
    text: str
    spec: ViewSpec
    order: list[tuple[str, bool]] = field(default_factory=list)
    params: tuple[str, ...] = ()
    #: parameters with a default value (``VALUES ?x { "v" }``) and that value, which the rows were computed with
    defaults: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def digest(self) -> str:
        """Rows computed by another text of the query are stale."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]

    def answers(self, params: Mapping[str, Any]) -> bool:
        """Whether the kept rows answer the query with these parameters (None = unset)."""
        for name, value in params.items():
            if value is None:
                continue
            if name == self.spec.key:
                continue
            if name in self.defaults and str(value) == self.defaults[name]:
                continue
            return False
        return True


@cache
def library_views() -> dict[str, View]:
    """Every library query that declares ``# view:``, checked (``ViewError`` names the query and the fault).

    Read once per process: the queries are package data. Callers copy the dict before changing it.
    """
    from graph import queries

    out = {}
    for q in queries.all_queries():
        try:
            spec = parse_view_header(q.text)
            if spec is None:
                continue
            text = q.render()
            if _LIMIT.search(text):
                raise ViewError("a view may not use LIMIT or OFFSET")
            order = parse_order_by(text)
            if len(order) > ORDER_SLOTS:
                raise ViewError(f"a view orders by at most {ORDER_SLOTS} variables, not {len(order)}")
            if spec.key is not None and spec.key not in q.params:
                raise ViewError(f"key={spec.key} is not a parameter of the query")
            defaults = {}
            for name in q.params:
                m = re.search(r"VALUES\s+\?" + re.escape(name) + r"\s*\{\s*\"([^\"]*)\"\s*\}", q.text)
                if m:
                    defaults[name] = m.group(1)
            out[q.name] = View(q.name, text, spec, order, tuple(q.params), defaults)
        except ViewError as exc:
            raise ViewError(f"library query {q.name!r}: {exc}") from None
    return out


# ---------------------------------------------------------------- terms
def _lit(value: str) -> dict[str, str]:
    return {"type": "literal", "value": value}


def _int(value: int) -> dict[str, str]:
    return {"type": "literal", "value": str(value), "datatype": XSD + "integer"}


def ox_binding(term: Any) -> dict[str, str]:
    """A pyoxigraph term as a SPARQL JSON term (``xsd:string`` literals without their datatype).

    Also the SPARQL endpoint's worker (``web.sparql_worker``) writes its results with it.
    """
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    return {"type": "literal", "value": str(term)}  # quoted triples and the like


def rdflib_binding(term: Any) -> dict[str, str]:
    """An rdflib term as a SPARQL JSON term (the form :func:`ox_binding` gives)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != XSD + "string":
            out["datatype"] = str(term.datatype)
        return out
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    raise ViewError(f"unexpected term in a query result: {term!r}")


def plain_value(term: Mapping[str, str] | None) -> Any:
    """A SPARQL JSON term as a plain value: numbers as int/float, everything else its text (None if unbound)."""
    if term is None:
        return None
    if term.get("datatype") in _NUMERIC:
        number = _number(term["value"])
        if number is not None:
            return int(number) if number == number.to_integral_value() and "." not in term["value"] else float(number)
    return term["value"]


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def order_key(term: Mapping[str, str] | None) -> tuple[int, Any]:
    """A term's place in SPARQL's ORDER BY, as (class, value): unbound, blank nodes, IRIs, numbers by value,
    then other literals by text.

    Within one class the values are all numbers or all text, so tuples compare in Python as the two columns
    compare in SQLite, where the kept rows are sorted (text in both by code point).

    >>> sorted([_lit("b"), _int(10), None, _int(9), {"type": "uri", "value": "x"}], key=order_key)[1:4]
    [{'type': 'uri', 'value': 'x'}, {'type': 'literal', 'value': '9', 'datatype': 'http://www.w3.org/2001/XMLSchema#integer'}, {'type': 'literal', 'value': '10', 'datatype': 'http://www.w3.org/2001/XMLSchema#integer'}]
    """
    if term is None:
        return (0, None)
    kind = term["type"]
    if kind == "bnode":
        return (1, term["value"])
    if kind == "uri":
        return (2, term["value"])
    datatype = term.get("datatype")
    if datatype is not None and datatype in _NUMERIC:
        value = term["value"]
        if datatype == _INTEGER and value.lstrip("+-").isdigit():
            number = int(value)
            return (3, number if -_INT64 <= number < _INT64 else float(number))
        decimal = _number(value)
        if decimal is not None:
            return (3, float(decimal))
    return (4, term["value"])


def sort_rows(rows: list[Binding], order: Sequence[tuple[str, bool]]) -> list[Binding]:
    """Rows in the order of an ORDER BY of variables (stable: ties keep their order)."""
    rows = list(rows)
    if order and len({descending for _, descending in order}) == 1:  # one direction: one sort on the whole key
        rows.sort(key=lambda r: [order_key(r.get(v)) for v, _ in order], reverse=order[0][1])
        return rows
    for var, descending in reversed(order):  # mixed directions: stable sorts, last key first
        rows.sort(key=lambda r, v=var: order_key(r.get(v)), reverse=descending)
    return rows


def _total_term(total: Decimal) -> dict[str, str]:
    """A summed column as a SPARQL JSON literal: an integer when it is whole."""
    if total == total.to_integral_value():
        return _int(int(total))
    return {"type": "literal", "value": str(total), "datatype": XSD + "decimal"}


# ---------------------------------------------------------------- answers
class QueryAnswer:
    """A SELECT answer as SPARQL 1.1 Query Results JSON bindings, and where it came from (view or sparql).

    An answer read from a view holds its rows as the JSON text they were kept in: :meth:`to_json_text` joins
    them without decoding (what the web sends), and :attr:`bindings` decodes them all at once when first read.

    >>> answer = QueryAnswer(["n"], texts=['{"n":{"type":"literal","value":"甲"}}'], source="view")
    >>> len(answer), answer.rows()
    (1, [['甲']])
    >>> answer.to_json_text(source="view")
    '{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"甲"}}]},"source":"view"}'
    """

    def __init__(self, variables: Sequence[str], bindings: list[Binding] | None = None, source: str = "sparql",
                 *, texts: list[str] | None = None) -> None:
        if (bindings is None) == (texts is None):
            raise ValueError("a QueryAnswer holds either bindings or their JSON texts")
        self.variables = list(variables)
        self.source = source
        self._bindings = bindings
        self._texts = texts

    @property
    def bindings(self) -> list[Binding]:
        if self._bindings is None:
            with _no_gc():  # thousands of small dicts: a collection pass over a large heap would cost more
                self._bindings = json.loads("[" + ",".join(self._texts or ()) + "]")
        return self._bindings

    def __len__(self) -> int:
        return len(self._texts) if self._texts is not None else len(self.bindings)

    def to_json(self) -> dict[str, Any]:
        """The standard SPARQL 1.1 Query Results JSON document."""
        return {"head": {"vars": list(self.variables)}, "results": {"bindings": self.bindings}}

    def to_json_text(self, **extra: Any) -> str:
        """:meth:`to_json` as compact JSON text, with ``extra`` top-level members (e.g. ``source``)."""
        if self._texts is not None:
            rows = ",".join(self._texts)
        else:
            rows = json.dumps(self._bindings, ensure_ascii=False, separators=(",", ":"))[1:-1]
        head = json.dumps({"vars": self.variables}, ensure_ascii=False, separators=(",", ":"))
        tail = "".join(f",{json.dumps(k)}:{json.dumps(v, ensure_ascii=False, separators=(',', ':'))}"
                       for k, v in extra.items())
        return f'{{"head":{head},"results":{{"bindings":[{rows}]}}{tail}}}'

    def rows(self) -> list[list[Any]]:
        """Each row as plain values in column order (numbers as numbers, unbound as None)."""
        return [[plain_value(b.get(v)) for v in self.variables] for b in self.bindings]

    @classmethod
    def from_result(cls, result: Any) -> QueryAnswer:
        """An rdflib SELECT result (what :meth:`graph.store.GraphStore.query` returns)."""
        if result.type != "SELECT":
            raise ViewError(f"a library query must be a SELECT, not {result.type}")
        names = [str(v) for v in result.vars]
        bindings = [{str(k): rdflib_binding(t) for k, t in row.items() if t is not None}
                    for row in result.bindings]
        return cls(names, bindings, "sparql")


# ---------------------------------------------------------------- evaluating one report
class PartialEvaluator:
    """Runs the views over one report at a time, each in a fresh in-memory Oxigraph store with the vocabulary.

    Only triples whose predicate some view uses are loaded (found in the queries' algebra); when a view has a
    variable predicate, every triple is. A fresh store costs ~1 ms; reusing one and removing each report's
    graphs afterwards does not work: the removed quads stay behind as old versions and slow every later query.
    """

    def __init__(self, views: Mapping[str, View]) -> None:
        import pyoxigraph as ox

        from graph.ontology import ONTOLOGY_IRI, ontology_text
        from graph.store import PREFIXES

        self.views = dict(views)
        self.predicates = used_predicates(v.text for v in self.views.values())
        vocabulary = ox.Store()
        vocabulary.load(ontology_text().encode("utf-8"), format=ox.RdfFormat.TURTLE,
                        to_graph=ox.NamedNode(ONTOLOGY_IRI))
        if self.predicates is not None:  # the vocabulary too, limited to what the views read
            used = {ox.NamedNode(str(p)) for p in self.predicates}
            for quad in [q for q in vocabulary if q.predicate not in used]:
                vocabulary.remove(quad)
        self._vocabulary = vocabulary.dump(format=ox.RdfFormat.N_QUADS)
        self._prefixes = {k: str(v) for k, v in PREFIXES.items()}
        self.variables: dict[str, list[str]] = {}

    def rows(self, graph: Any, triples: Iterable[tuple[Any, Any, Any]],
             entities: Iterable[tuple[Any, Any, Any]]) -> dict[str, list[Binding]]:
        """Each view's rows for one report, from its graph's triples and the shared entities it names."""
        from graph.build import ENTITIES_GRAPH
        from graph.nquads import nquads_lines

        keep = self.predicates
        if keep is not None:
            triples = [t for t in triples if t[1] in keep]
            entities = [t for t in entities if t[1] in keep]
        text = "".join(nquads_lines({graph: triples, ENTITIES_GRAPH: entities})).encode("utf-8")
        store = self._store(text)
        return {name: self._run(store, name) for name in self.views}

    def columns(self, name: str) -> list[str]:
        """A view's columns, as the query engine reads its SELECT (run over the vocabulary alone)."""
        self._run(self._store(b""), name)
        return self.variables[name]

    def _store(self, nquads: bytes) -> Any:
        import pyoxigraph as ox

        store = ox.Store()
        # lenient: the IRIs were minted and checked by graph.build (as for the bulk load); ~4 ms less per report
        store.load(self._vocabulary + nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
        return store

    def _run(self, store: Any, name: str) -> list[Binding]:
        result = store.query(self.views[name].text, use_default_graph_as_union=True, prefixes=self._prefixes)
        names = [v.value for v in result.variables]
        self.variables[name] = names
        return [{v: ox_binding(t) for v, t in zip(names, row) if t is not None} for row in result]


def used_predicates(texts: Iterable[str]) -> frozenset[Any] | None:
    """The predicate IRIs (rdflib terms) the queries match, paths included; None if one matches any predicate.

    >>> from rdflib import RDF, RDFS
    >>> sorted(used_predicates(["SELECT ?s WHERE { ?s a ?c ; rdfs:label ?l }"])) == sorted([RDF.type, RDFS.label])
    True
    >>> used_predicates(["SELECT ?p WHERE { ?s ?p ?o }"]) is None
    True
    """
    from rdflib import URIRef, Variable
    from rdflib.paths import Path as PropertyPath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    from graph.store import PREFIXES

    found: set[Any] = set()
    anything = False

    def path(p: Any) -> None:
        for attr in ("args", "path", "arg"):
            inner = getattr(p, attr, None)
            for x in inner if isinstance(inner, list) else [inner]:
                if isinstance(x, URIRef):
                    found.add(x)
                elif isinstance(x, PropertyPath):
                    path(x)

    def walk(node: Any) -> None:
        nonlocal anything
        if isinstance(node, CompValue):
            if node.name == "BGP":
                for _, p, _ in node.triples:
                    if isinstance(p, Variable):
                        anything = True
                    elif isinstance(p, URIRef):
                        found.add(p)
                    elif isinstance(p, PropertyPath):
                        path(p)
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    for text in texts:
        walk(prepareQuery(text, initNs=PREFIXES).algebra)
    return None if anything else frozenset(found)


# ---------------------------------------------------------------- keeping the rows
#: A view orders by at most this many variables: each is two columns of ``view_rows`` (class, value).
ORDER_SLOTS = 4

_SCHEMA = """
CREATE TABLE IF NOT EXISTS view_rows (
    view TEXT NOT NULL, key TEXT NOT NULL,
    o1c INTEGER NOT NULL, o1v NOT NULL, o2c INTEGER NOT NULL, o2v NOT NULL,
    o3c INTEGER NOT NULL, o3v NOT NULL, o4c INTEGER NOT NULL, o4v NOT NULL,
    graph TEXT NOT NULL, n INTEGER NOT NULL, row TEXT NOT NULL,
    PRIMARY KEY (view, key, o1c, o1v, o2c, o2v, o3c, o3v, o4c, o4v, graph, n)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS view_rows_graph ON view_rows (graph);
CREATE TABLE IF NOT EXISTS view_graphs (
    view TEXT NOT NULL, graph TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (view, graph));
CREATE INDEX IF NOT EXISTS view_graphs_graph ON view_graphs (graph);
CREATE TABLE IF NOT EXISTS view_sums (
    view TEXT NOT NULL, digest TEXT NOT NULL, grp TEXT NOT NULL, keyrow TEXT NOT NULL, totals TEXT NOT NULL,
    reports INTEGER NOT NULL, PRIMARY KEY (view, grp));
CREATE TABLE IF NOT EXISTS view_vars (view TEXT PRIMARY KEY, digest TEXT NOT NULL, vars TEXT NOT NULL);
"""
_INSERT_ROW = "INSERT INTO view_rows VALUES (?, ?" + ", ?, ?" * ORDER_SLOTS + ", ?, ?, ?)"


def _order_sql(order: Sequence[tuple[str, bool]]) -> str:
    """The ORDER BY of ``view_rows`` for a view's order (ties: by report graph, then as the report gave them)."""
    columns = [f"o{i}{c}{' DESC' if descending else ''}"
               for i, (_, descending) in enumerate(order, 1) for c in ("c", "v")]
    return ", ".join([*columns, "graph", "n"])


class ViewStore:
    """The kept rows of every view, per report graph, in one SQLite file (``views.sqlite`` in the data home).

    A report's rows for all views are written in one transaction, so a report is either wholly in the views or
    not at all; :meth:`graphs` tells which reports a view holds, so the library can fill in what is missing.
    Each row is kept as its SPARQL JSON text under its ORDER BY key (:func:`order_key`, two columns per
    variable) in a table clustered on (view, key, order): the rows of one answer lie together, already in
    order for a view ordered ascending, and are never decoded to be sorted.
    A ``sum`` view also keeps its running totals per group, added to when a report is kept and taken from when
    it is dropped, so its answer reads one row per group however many reports there are.
    """

    def __init__(self, path: str | Path, views: Mapping[str, View] | None = None) -> None:
        self.path = Path(path)
        self.views = dict(library_views() if views is None else views)
        self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA page_size = 16384")  # rows of ~0.5 KiB in a clustered table; new files only
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._db:
            if self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'view_parts'").fetchone():
                # rows kept by an older rectigraph (one JSON list per report): forgotten, recomputed on read
                log.info("views: rows kept in the old layout are recomputed")
                self._db.execute("DROP TABLE view_parts")
                for table in ("view_graphs", "view_sums", "view_vars"):
                    self._db.execute(f"DROP TABLE IF EXISTS {table}")
            self._db.executescript(_SCHEMA)
        self._evaluator: PartialEvaluator | None = None

    def close(self) -> None:
        self._db.close()

    def graphs(self, name: str) -> set[str]:
        """The report graphs whose rows of this view are kept and current (rows of an older text are forgotten)."""
        view = self.views[name]
        old = self._db.execute("SELECT 1 FROM view_graphs WHERE view = ? AND digest != ? LIMIT 1",
                               (name, view.digest)).fetchone()
        if old:
            log.info("view %s: the query changed, its kept rows are recomputed", name)
            with self._db:
                for table in ("view_rows", "view_graphs", "view_sums", "view_vars"):
                    self._db.execute(f"DELETE FROM {table} WHERE view = ?", (name,))
        return {g for (g,) in self._db.execute("SELECT graph FROM view_graphs WHERE view = ?", (name,))}

    def evaluator(self) -> PartialEvaluator:
        if self._evaluator is None:
            self._evaluator = PartialEvaluator(self.views)
        return self._evaluator

    def put(self, reports: Iterable[tuple[Any, Iterable[tuple], Iterable[tuple]]]) -> int:
        """Compute and keep every view's rows for each (graph, triples, entities); returns the reports kept."""
        evaluator = self.evaluator()
        computed = [(str(g), evaluator.rows(g, triples, entities)) for g, triples, entities in reports]
        dumps = json.dumps
        unused = (0, 0) * ORDER_SLOTS
        with self._db:
            for name, names in evaluator.variables.items():
                self._db.execute("INSERT OR REPLACE INTO view_vars VALUES (?, ?, ?)",
                                 (name, self.views[name].digest, dumps(names)))
            for graph, per_view in computed:
                self._drop(graph)
                for name, rows in per_view.items():
                    view = self.views[name]
                    records = []
                    for n, row in enumerate(rows):
                        key = (row.get(view.spec.key) or {}).get("value", "") if view.spec.key else ""
                        order = tuple(0 if x is None else x for v, _ in view.order for x in order_key(row.get(v)))
                        records.append((name, key, *order, *unused[len(order):], graph, n,
                                        dumps(row, ensure_ascii=False, separators=(",", ":"))))
                    self._db.executemany(_INSERT_ROW, records)
                    self._db.execute("INSERT INTO view_graphs VALUES (?, ?, ?)", (name, graph, view.digest))
                    if view.spec.mode == "sum":
                        self._add_totals(view, rows, +1)
        return len(computed)

    def drop(self, graphs: Iterable[Any]) -> None:
        """Forget the rows of these report graphs (removed or replaced reports)."""
        with self._db:
            for graph in graphs:
                self._drop(str(graph))

    def _drop(self, graph: str) -> None:
        for name, view in self.views.items():
            if view.spec.mode == "sum":
                rows = [json.loads(text) for (text,) in self._db.execute(
                    "SELECT row FROM view_rows WHERE view = ? AND graph = ?", (name, graph))]
                self._add_totals(view, rows, -1)
        self._db.execute("DELETE FROM view_rows WHERE graph = ?", (graph,))
        self._db.execute("DELETE FROM view_graphs WHERE graph = ?", (graph,))

    def _add_totals(self, view: View, rows: Sequence[Binding], sign: int) -> None:
        """Add (sign +1) or take away (-1) one report's rows from the running totals of a sum view."""
        columns = view.spec.columns
        for row in rows:
            grp = json.dumps([(row.get(c) or {}).get("value") for c in columns], ensure_ascii=False)
            found = self._db.execute("SELECT totals, reports FROM view_sums WHERE view = ? AND grp = ?",
                                     (view.name, grp)).fetchone()
            totals = {k: Decimal(v) for k, v in json.loads(found[0]).items()} if found else {}
            for var, term in row.items():
                if var in columns:
                    continue
                number = _number(term["value"])
                if number is None:
                    raise ViewError(f"view {view.name}: column {var} is summed but holds {term['value']!r}")
                totals[var] = totals.get(var, Decimal(0)) + sign * number
            reports = (found[1] if found else 0) + sign
            if reports <= 0:
                self._db.execute("DELETE FROM view_sums WHERE view = ? AND grp = ?", (view.name, grp))
                continue
            keyrow = {c: row[c] for c in columns if c in row}
            self._db.execute("INSERT OR REPLACE INTO view_sums VALUES (?, ?, ?, ?, ?, ?)",
                             (view.name, view.digest, grp, json.dumps(keyrow, ensure_ascii=False),
                              json.dumps({k: str(v) for k, v in totals.items()}), reports))

    def answer(self, name: str, **params: Any) -> QueryAnswer:
        """The whole-library answer from the kept rows (the caller makes sure every report is kept)."""
        view = self.views[name]
        if not view.answers(params):
            raise ViewError(f"view {name!r} does not answer parameters {params}")
        found = self._db.execute("SELECT vars FROM view_vars WHERE view = ? AND digest = ?",
                                 (name, view.digest)).fetchone()
        variables = json.loads(found[0]) if found else self.evaluator().columns(name)
        loads = json.loads
        if view.spec.mode == "sum":
            rows = []
            for keyrow, totals in self._db.execute("SELECT keyrow, totals FROM view_sums WHERE view = ?", (name,)):
                row = loads(keyrow)
                for var, value in loads(totals).items():
                    row[var] = _total_term(Decimal(value))
                rows.append(row)
            return QueryAnswer(variables, sort_rows(rows, view.order), "view")
        key_value = params.get(view.spec.key) if view.spec.key else None
        where, args = ("view = ? AND key = ?", (name, str(key_value))) if key_value is not None else ("view = ?", (name,))
        cursor = self._db.execute(f"SELECT row FROM view_rows WHERE {where} ORDER BY {_order_sql(view.order)}", args)
        return QueryAnswer(variables, source="view", texts=[text for (text,) in cursor])


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (the objects built are plain acyclic JSON values)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
