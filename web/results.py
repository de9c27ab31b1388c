"""Answers of the search and tracing stages, shaped for pages and the JSON API (no ranking or tracing here)."""

from __future__ import annotations

import math
from typing import Any

from web.backend import Backend, _optional


def search_page(backend: Backend, params: Any) -> dict[str, Any]:
    raise NotImplementedError


def similar_problems(backend: Backend, report_id: str, problem_id: str, limit: int) -> list[dict[str, Any]]:
    return []


def family_list(backend: Backend) -> list[dict[str, Any]]:
    return []


def family_detail(backend: Backend, family_id: str) -> dict[str, Any] | None:
    return None


def problem_families(backend: Backend, report_id: str, problem_id: str) -> list[dict[str, Any]]:
    return []


def report_gaps(backend: Backend, report_id: str) -> list[dict[str, Any]]:
    return []
