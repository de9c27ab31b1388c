"""The docstring examples of the graph stage and the library facade run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["graph.build", "graph.store", "graph.queries", "graph.ontology", "graph.analytics", "graph.tables",
           "graph.views", "rectigraph.library"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
