"""Search parameters read from a query string, validated (bad values -> ValueError naming the field).

>>> p = parse_search_params({"q": " 公示期 ", "year_from": "2022", "page": "2"}, {"PAGE_SIZE": 10, "MAX_PAGE_SIZE": 100})
>>> (p.query, p.year_from, p.page, p.offset)
('公示期', 2022, 2, 10)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rectigraph.model import STATUS_CODES

KINDS = ("problem", "measure", "action", "policy", "report", "any")
MAX_QUERY_CHARS = 500


@dataclass
class SearchParams:
    query: str = ""
    kind: str = "problem"
    issuer: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    status: str | None = None
    inspection_type: str | None = None
    page: int = 1
    size: int = 10

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def filters(self) -> dict[str, Any]:
        """The filters that are set, by name."""
        names = ("kind", "issuer", "year_from", "year_to", "status", "inspection_type")
        return {n: getattr(self, n) for n in names if getattr(self, n) not in (None, "")}

    @property
    def empty_range(self) -> bool:
        """True when the year range holds no year (year_from after year_to): nothing can match."""
        return bool(self.year_from and self.year_to and self.year_from > self.year_to)

    def narrowing(self) -> dict[str, Any]:
        """The filters that narrow beyond the default (problems of any report)."""
        return {k: v for k, v in self.filters().items() if not (k == "kind" and v == "problem")}


def _int(args: Mapping[str, Any], name: str, low: int, high: int) -> int | None:
    raw = args.get(name)
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _text(args: Mapping[str, Any], name: str, limit: int = 200) -> str | None:
    raw = args.get(name)
    if raw is None:
        return None
    value = " ".join(str(raw).split())
    if len(value) > limit:
        raise ValueError(f"{name} is too long ({len(value)} characters, at most {limit})")
    return value or None


def parse_search_params(args: Mapping[str, Any], config: Mapping[str, Any]) -> SearchParams:
    query = _text(args, "q", MAX_QUERY_CHARS) or ""
    kind = _text(args, "kind") or "problem"
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    status = _text(args, "status")
    if status and status not in STATUS_CODES:
        raise ValueError(f"status must be one of {', '.join(STATUS_CODES)}, got {status!r}")
    year_from = _int(args, "year_from", 1949, 2100)
    year_to = _int(args, "year_to", 1949, 2100)
    page = _int(args, "page", 1, 1000) or 1
    size = _int(args, "size", 1, int(config["MAX_PAGE_SIZE"])) or int(config["PAGE_SIZE"])
    return SearchParams(
        query=query,
        kind=kind,
        issuer=_text(args, "issuer"),
        year_from=year_from,
        year_to=year_to,
        status=status,
        inspection_type=_text(args, "inspection_type"),
        page=page,
        size=size,
    )


def parse_gap_params(args: Mapping[str, str]) -> tuple[str, str]:
    """``sort`` and ``order`` of a claimed-vs-disclosed table (``ValueError`` naming the choices).

    >>> parse_gap_params({"sort": "measures_gap", "order": "asc"})
    ('measures_gap', 'asc')
    """
    from tracing.gaps import SORT_KEYS

    sort = args.get("sort") or "specific_problems_gap"
    order = args.get("order") or "desc"
    if sort not in SORT_KEYS:
        raise ValueError(f"cannot sort by {sort!r}; choose one of {', '.join(SORT_KEYS)}")
    if order not in ("asc", "desc"):
        raise ValueError(f"order must be asc or desc, not {order!r}")
    return sort, order
