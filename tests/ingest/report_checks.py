"""Checks the layout tests share (imported by the test modules of this folder)."""

from __future__ import annotations


def assert_spans_hold(report, skip: tuple[int, ...] = ()) -> None:
    """Every problem (but those at the indexes in ``skip``), measure and action points into the normalised text at
    exactly what it says."""
    for i, p in enumerate(report.problems):
        if i not in skip:
            assert report.text[p.span[0] : p.span[1]] == p.text
        for item in (*p.measures, *p.actions):
            assert report.text[item.span[0] : item.span[1]] == item.text
