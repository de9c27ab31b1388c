"""Filters on search items: kind, issuer, year range, status, inspection type, report.

>>> Filters(kind="problem", year_from=2022).describe()
'kind=problem year>=2022'
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from rectigraph.model import STATUS_CODES
from search.items import KINDS, SearchItem
from search.text import normalise


@dataclass
class Filters:
    """What items a search may return. Text facets match by substring (``issuer="科学技术局"``)."""

    kind: str | None = "problem"  # None or "any" for every kind
    issuer: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    status: str | None = None  # a status code (completed) or a phrase (已完成)
    inspection_type: str | None = None
    report_id: str | None = None

    def __post_init__(self) -> None:
        if self.kind == "any":
            self.kind = None
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}: one of {', '.join(KINDS)} or any")

    def describe(self) -> str:
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            name = {"year_from": "year>", "year_to": "year<"}.get(f.name, f.name)
            parts.append(f"{name}={value}" if not name.endswith(("<", ">")) else f"{name}={value}")
        return " ".join(parts)

    def is_open(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


def _status_matches(wanted: str, status: str | None) -> bool:
    if status is None:
        return False
    wanted = normalise(wanted)
    label = STATUS_CODES.get(status, status)
    code = next((c for c, phrase in STATUS_CODES.items() if phrase == wanted), wanted)
    return status in (wanted, code) or wanted in label


class FacetTable:
    """Items' facets as arrays, for fast boolean masks over large collections."""

    def __init__(self, items: list[SearchItem]) -> None:
        self.size = len(items)
        self.kind = np.array([KINDS.index(i.kind) for i in items], dtype=np.int8)
        self.year = np.array([i.year or 0 for i in items], dtype=np.int32)
        self._codes: dict[str, tuple[list[str | None], np.ndarray]] = {}
        for name in ("issuer", "status", "inspection_type", "report_id"):
            values = [getattr(i, name) for i in items]
            vocab = sorted({v for v in values if v is not None})
            lookup = {v: n for n, v in enumerate(vocab)}
            codes = np.array([lookup[v] if v is not None else -1 for v in values], dtype=np.int32)
            self._codes[name] = (vocab, codes)

    def _text_mask(self, name: str, wanted: str, exact: bool = False) -> np.ndarray:
        vocab, codes = self._codes[name]
        if name == "status":
            hits = [n for n, v in enumerate(vocab) if _status_matches(wanted, v)]
        elif exact:
            hits = [n for n, v in enumerate(vocab) if v == wanted]
        else:
            needle = normalise(wanted)
            hits = [n for n, v in enumerate(vocab) if needle in normalise(v)]
        return np.isin(codes, np.array(hits, dtype=np.int32))

    def mask(self, filters: Filters) -> np.ndarray | None:
        """Boolean mask of the items the filters allow (None when they allow everything)."""
        if filters.is_open():
            return None
        allowed = np.ones(self.size, dtype=bool)
        if filters.kind is not None:
            allowed &= self.kind == KINDS.index(filters.kind)
        if filters.year_from is not None:
            allowed &= self.year >= int(filters.year_from)
        if filters.year_to is not None:
            allowed &= (self.year <= int(filters.year_to)) & (self.year > 0)
        for name in ("issuer", "status", "inspection_type"):
            value = getattr(filters, name)
            if value:
                allowed &= self._text_mask(name, value)
        if filters.report_id:
            allowed &= self._text_mask("report_id", filters.report_id, exact=True)
        return allowed
