"""Decide whether a SPARQL text may run on the read-only endpoint, with rdflib's own parser.

>>> check_query("SELECT * WHERE { ?s ?p ?o }").form
'SELECT'
>>> try:
...     check_query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
... except QueryRefused as refused:
...     print(refused.status, refused.reason)
403 read-only endpoint: SPARQL Update (INSERT DATA) is refused
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
_UPDATE_NAMES = {
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
}


class QueryRefused(ValueError):
    """A text that is not a read-only query this endpoint runs (an update, SERVICE, bad syntax)."""

    def __init__(self, reason: str, status: int = 400):
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass
class CheckedQuery:
    text: str
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE


def check_query(text: str, max_chars: int = 20_000) -> CheckedQuery:
    """Parse ``text`` as a SPARQL 1.1 query; raise :class:`QueryRefused` for anything else."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if not text or not text.strip():
        raise QueryRefused("empty query: pass the SPARQL text in the 'query' parameter")
    if len(text) > max_chars:
        raise QueryRefused(f"query too long: {len(text)} characters, at most {max_chars}", 413)
    try:
        tree = parseQuery(text)
    except ParseException as query_error:
        try:
            update = parseUpdate(text)
        except ParseException:
            raise QueryRefused(f"SPARQL syntax error: {query_error}") from None
        ops = [_UPDATE_NAMES.get(getattr(op, "name", ""), getattr(op, "name", "update")) for op in update.request]
        raise QueryRefused(f"read-only endpoint: SPARQL Update ({', '.join(ops) or 'update'}) is refused", 403) from None
    except Exception as exc:  # rdflib raises a few other errors on odd input (e.g. bad IRIs)
        raise QueryRefused(f"SPARQL syntax error: {exc}") from None
    body = tree[1]
    form = _FORMS.get(getattr(body, "name", ""), "")
    if not form:
        raise QueryRefused("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    if _contains(tree, "ServiceGraphPattern"):
        raise QueryRefused("SERVICE (federated query) is refused: this endpoint makes no outside requests", 403)
    return CheckedQuery(text=text, form=form)


def _contains(node: Any, name: str, depth: int = 0) -> bool:
    if depth > 200:
        return False
    if getattr(node, "name", None) == name:
        return True
    if isinstance(node, dict):
        return any(_contains(v, name, depth + 1) for v in node.values())
    if isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        return any(_contains(v, name, depth + 1) for v in node)
    return False
