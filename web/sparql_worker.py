"""Run one read-only SPARQL query in a child process, so the parent can stop it at the time limit.

Protocol: one JSON object on stdin ``{"store": path, "query": text, "max_rows": n, "max_mb": n}``; one JSON
object on stdout, either ``{"vars": [...], "rows": [[term|null, ...]], "truncated": bool}`` (SELECT),
``{"boolean": bool}`` (ASK), ``{"triples": [[s, p, o], ...], "truncated": bool}`` (CONSTRUCT/DESCRIBE) or
``{"error": reason}``. Terms are SPARQL 1.1 JSON results terms (``{"type": "uri", "value": ...}``).

The store is opened read-only (Oxigraph allows that beside the server's own read-write handle), with the
default graph as the union of all named graphs (each report lives in a graph of its own).
"""

from __future__ import annotations

import json
import sys
from typing import Any


def term_json(term: Any) -> dict[str, str] | None:
    """A pyoxigraph term as a SPARQL JSON results term (None when unbound)."""
    from graph.views import ox_binding

    return None if term is None else ox_binding(term)


def run(request: dict[str, Any]) -> dict[str, Any]:
    import os

    import pyoxigraph as ox

    path = request.get("store")
    store = ox.Store.read_only(path) if path and os.path.isdir(path) and os.listdir(path) else ox.Store()
    max_rows = int(request.get("max_rows", 10_000))
    try:
        result = store.query(request["query"], use_default_graph_as_union=True)
    except (SyntaxError, ValueError, OSError) as exc:
        return {"error": f"query failed: {exc}"}
    if isinstance(result, (bool, ox.QueryBoolean)):
        return {"boolean": bool(result)}
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows: list[list[Any]] = []
        truncated = False
        for solution in result:
            if len(rows) >= max_rows:
                truncated = True
                break
            rows.append([term_json(solution[name]) for name in names])
        return {"vars": names, "rows": rows, "truncated": truncated}
    triples: list[list[Any]] = []
    truncated = False
    for triple in result:
        if len(triples) >= max_rows:
            truncated = True
            break
        triples.append([term_json(triple.subject), term_json(triple.predicate), term_json(triple.object)])
    return {"triples": triples, "truncated": truncated}


def _limit_memory(max_mb: int) -> None:
    try:
        import resource

        limit = max_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def main() -> int:
    request = json.loads(sys.stdin.read())
    _limit_memory(int(request.get("max_mb", 2048)))
    try:
        answer = run(request)
    except MemoryError:
        answer = {"error": "query stopped: memory limit reached"}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
