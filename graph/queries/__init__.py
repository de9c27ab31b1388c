"""The library of documented SPARQL queries (``graph/queries/*.rq``).

Each file is plain SPARQL 1.1 that runs as is (``rectigraph sparql -f graph/queries/NAME.rq``), preceded by
comment lines that document it::

    # title: Bodies citing a policy in their measures or actions
    # question: 哪些单位 … ? Which bodies cite …?
    # param: policyTitle  canonical policy title; all policies when unset

A parameter is a variable bound by ``VALUES ?name { … }`` lines in the query (``UNDEF`` = unset, or a default
value); :meth:`LibraryQuery.render` rewrites every such line with the value given, and drops unset ``UNDEF`` ones.
Scoping parameters (``reportId``) are repeated inside each sub-select. Where the best plan for one report differs
from the best plan for the whole library, a *variant* file ``NAME.PARAM.rq`` holds the query written for one
value (it starts from the report and follows its links, so it costs the same at 1,000 or 10,000 reports);
:meth:`LibraryQuery.render` uses it when that parameter is given. Both files answer the same question with the
same columns (a test checks the scoped answer against the whole-library one).

A ``# view: …`` header line makes the whole-library form a view: its rows are kept per report at ingest and
read back by :meth:`rectigraph.library.Library.query_library` (see :mod:`graph.views`).

>>> q = get("bodies_citing_policy")
>>> q.params
['policyTitle']
>>> 'VALUES ?policyTitle { "条例" }' in q.render(policyTitle="条例")
True
>>> len(names()) >= 12
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

_HEADER = re.compile(r"^#\s*(title|question|param):\s*(.*)$")


@dataclass(frozen=True)
class LibraryQuery:
    name: str
    title: str
    question: str
    text: str
    params: list[str] = field(default_factory=list)
    param_help: dict[str, str] = field(default_factory=dict)
    #: parameter -> query text to use when that parameter is given (``NAME.PARAM.rq``)
    variants: dict[str, str] = field(default_factory=dict)

    def render(self, **values: Any) -> str:
        """The query with ``VALUES ?param { … }`` set to the given values (None leaves the default)."""
        text = self.text
        for name in values:
            if name not in self.params:
                raise KeyError(f"query {self.name!r} has no parameter {name!r} (has: {', '.join(self.params) or 'none'})")
        for name, variant in self.variants.items():
            if values.get(name) is not None:
                text = variant
                break
        for name in self.params:
            value = values.get(name)
            pattern = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{([^}]*)\}")
            # every occurrence: a query may scope several sub-selects by the same parameter
            if value is not None:
                text = pattern.sub(lambda _m: f"VALUES ?{name} {{ {sparql_term(value)} }}", text)
            else:
                # an unset parameter: drop `VALUES ?x { UNDEF }` (some servers, e.g. Virtuoso, mishandle UNDEF)
                text = pattern.sub(lambda m: "" if m.group(1).strip() == "UNDEF" else m.group(0), text)
        return text


def sparql_term(value: Any) -> str:
    """A Python value as a SPARQL term: IRIs stay IRIs, everything else becomes a literal.

    >>> sparql_term('他说"好"')
    '"他说\\\\"好\\\\""'
    >>> sparql_term(3)
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    from rdflib import Literal, URIRef

    if isinstance(value, (URIRef, Literal)):
        return value.n3()
    return Literal(value).n3()


def _parse(name: str, text: str) -> LibraryQuery:
    title = question = ""
    params: list[str] = []
    param_help: dict[str, str] = {}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            if line.strip() and not line.startswith("#"):
                break
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "title":
            title = value
        elif key == "question":
            question = value
        else:
            pname, _, phelp = value.partition(" ")
            params.append(pname)
            param_help[pname] = phelp.strip()
    return LibraryQuery(name, title, question, text, params, param_help)


def names() -> list[str]:
    """Names of the library queries, sorted (variant files ``NAME.PARAM.rq`` are not queries of their own)."""
    return sorted(p.name[:-3] for p in resources.files("graph.queries").iterdir()
                  if p.name.endswith(".rq") and "." not in p.name[:-3])


def get(name: str) -> LibraryQuery:
    """One query by name (``KeyError`` naming the known ones if absent)."""
    folder = resources.files("graph.queries")
    path = folder.joinpath(f"{name}.rq")
    if "." in name or not path.is_file():
        raise KeyError(f"no library query {name!r}; known: {', '.join(names())}")
    query = _parse(name, path.read_text(encoding="utf-8"))
    variants = {p: folder.joinpath(f"{name}.{p}.rq") for p in query.params}
    return replace(query, variants={p: f.read_text(encoding="utf-8") for p, f in variants.items() if f.is_file()})


def all_queries() -> list[LibraryQuery]:
    return [get(n) for n in names()]
