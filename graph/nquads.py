"""rdflib triples as N-Quads text, the fastest way into Oxigraph's bulk loader.

Oxigraph parses N-Quads in Rust, without Python's lock, at about 1 µs a line. Handing it ``pyoxigraph.Quad``
objects instead costs 4–5 µs per triple in Python (each quad and term is a Python object converted under the
lock), so a bulk load of ready-made text is the cheaper path by a third of the CPU (measured in
``scripts/bench_graph.py``).

Only what N-Quads needs is escaped: ``\\``, ``"``, line feed and carriage return in literals. IRIs and blank
node labels are written as they are, after a check that they hold nothing that would end the term early
(our IRIs are minted by :mod:`graph.namespace`, so the check fails only on a foreign, broken IRI).

>>> from rdflib import URIRef, Literal
>>> g, s, p = URIRef("http://example.org/g"), URIRef("http://example.org/s"), URIRef("http://example.org/p")
>>> print("".join(nquads_lines({g: [(s, p, Literal('说 "是"\\n'))]})), end="")
<http://example.org/s> <http://example.org/p> "说 \\"是\\"\\n" <http://example.org/g> .
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rdflib import XSD, BNode, Literal, URIRef

#: Characters that may not appear in an N-Quads IRI (RDF 1.1 N-Quads, production IRIREF).
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_BLANK_LABEL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*(?<!\.)")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
#: Literals longer than this are seldom repeated, so they are not cached.
_CACHE_LITERALS_UP_TO = 64


class NQuadsError(ValueError):
    """A term that cannot be written as N-Quads (an IRI with spaces or angle brackets, say)."""


def nquads_term(term: Any) -> str:
    """One rdflib term in N-Quads syntax (``xsd:string`` literals plain: the same RDF 1.1 term).

    >>> nquads_term(Literal(3))
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> nquads_term(Literal("整改", lang="zh"))
    '"整改"@zh'
    """
    if isinstance(term, URIRef):
        if _BAD_IRI.search(term):
            raise NQuadsError(f"not a valid IRI for N-Quads: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{nquads_term(term.datatype)}"
        return text
    if isinstance(term, BNode):
        if not _BLANK_LABEL.fullmatch(term):
            raise NQuadsError(f"not a valid blank node label for N-Quads: {str(term)!r}")
        return f"_:{term}"
    raise NQuadsError(f"not an RDF term: {term!r}")


def nquads_lines(graphs: Mapping[Any, Iterable[tuple[Any, Any, Any]]]) -> Iterator[str]:
    """One N-Quads line per triple of each named graph, each repeated term converted once."""
    cache: dict[Any, str] = {}

    def term(t: Any) -> str:
        text = cache.get(t)
        if text is None:
            text = nquads_term(t)
            if not (isinstance(t, Literal) and len(t) > _CACHE_LITERALS_UP_TO):
                cache[t] = text
        return text

    for graph, triples in graphs.items():
        tail = f" {term(graph)} .\n"
        for s, p, o in triples:
            yield f"{term(s)} {term(p)} {term(o)}{tail}"
