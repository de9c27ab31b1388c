"""The published rectigraph vocabulary (``rectigraph.ttl``), shipped as package data.

>>> g = load_ontology()
>>> from graph.namespace import RG
>>> (RG.Problem, None, None) in g
True
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph

#: IRI of the ontology, also the named graph the vocabulary is loaded into.
ONTOLOGY_IRI = "https://w3id.org/rectigraph/ns"


def ontology_text() -> str:
    """The Turtle source of the vocabulary."""
    return resources.files("graph.ontology").joinpath("rectigraph.ttl").read_text(encoding="utf-8")


def load_ontology() -> Graph:
    """The vocabulary as an rdflib Graph."""
    from rdflib import Graph

    return Graph().parse(data=ontology_text(), format="turtle")
