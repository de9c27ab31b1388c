"""The domain thesaurus (SKOS, ``search/thesaurus.ttl``) and query expansion with it.

A query that names a concept by any label (Chinese or English) is also searched with the concept's other
Chinese labels; a broad concept (八项规定) also brings its narrower concepts' preferred labels (公务用车,
公务接待, 津贴补贴 …). What was added is returned with the results ("also searched").

>>> thesaurus = load_thesaurus()
>>> [e.concept_label for e in thesaurus.expand("三重一大事项未集体研究")]
['三重一大']
>>> "化整为零" in thesaurus.expand("split procurement")[0].labels
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from search.text import normalise

THESAURUS_PATH = Path(__file__).with_name("thesaurus.ttl")
SKOS = "http://www.w3.org/2004/02/skos/core#"

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _stem(word: str) -> str:
    """A crude English stemmer, enough to match labels across plural and tense."""
    for suffix in ("ings", "ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def english_terms(text: str) -> tuple[str, ...]:
    """Lower-cased, stemmed English words.

    >>> english_terms("Contracts awarded without Tendering")
    ('contract', 'award', 'without', 'tender')
    """
    return tuple(_stem(w) for w in _WORD.findall(text.lower()))


@dataclass
class Concept:
    iri: str
    pref_zh: str
    labels_zh: list[str] = field(default_factory=list)  # preferred first, then alternatives
    labels_en: list[str] = field(default_factory=list)
    narrower: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


@dataclass
class Expansion:
    """One concept matched in a query and the Chinese labels searched because of it."""

    concept: str
    concept_label: str
    matched: str
    labels: list[str]
    narrower: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "concept": self.concept,
            "label": self.concept_label,
            "matched": self.matched,
            "labels": self.labels,
            "narrower": self.narrower,
        }


class Thesaurus:
    """Concepts with Chinese and English labels, and a matcher for queries."""

    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts = {c.iri: c for c in concepts}
        self._zh: list[tuple[str, str]] = sorted(
            ((normalise(label), c.iri) for c in concepts for label in c.labels_zh if len(label) >= 2),
            key=lambda pair: -len(pair[0]),
        )
        self._en: list[tuple[tuple[str, ...], str, str]] = sorted(
            ((english_terms(label), label, c.iri) for c in concepts for label in c.labels_en),
            key=lambda triple: -len(triple[0]),
        )

    def __len__(self) -> int:
        return len(self.concepts)

    def terms(self) -> list[str]:
        """Every Chinese label: words for the tokenizer's dictionary."""
        return sorted({label for c in self.concepts.values() for label in c.labels_zh})

    def match(self, query: str) -> list[tuple[str, str]]:
        """``(concept iri, matched label)`` for each concept named in the query, longest labels first,
        a shorter label never matching inside a longer one already matched."""
        text = normalise(query)
        found: dict[str, str] = {}
        taken: list[tuple[int, int]] = []
        for label, iri in self._zh:
            start = text.find(label)
            while start >= 0:
                end = start + len(label)
                if not any(a <= start and end <= b for a, b in taken):
                    taken.append((start, end))
                    found.setdefault(iri, label)
                start = text.find(label, start + 1)
        words = english_terms(text)
        used = [False] * len(words)
        for terms, label, iri in self._en:
            n = len(terms)
            for i in range(len(words) - n + 1):
                if words[i : i + n] == terms and not all(used[i : i + n]):
                    for j in range(i, i + n):
                        used[j] = True
                    found.setdefault(iri, label)
        return list(found.items())

    def expand(self, query: str) -> list[Expansion]:
        """The expansions for a query: per matched concept, its other Chinese labels and narrower terms."""
        text = normalise(query)
        out = []
        for iri, matched in self.match(query):
            concept = self.concepts[iri]
            labels = [label for label in concept.labels_zh if normalise(label) not in text]
            narrower = [self.concepts[n].pref_zh for n in concept.narrower if n in self.concepts]
            out.append(Expansion(iri, concept.pref_zh, matched, labels, narrower))
        return out


def parse_thesaurus(path: str | Path = THESAURUS_PATH) -> Thesaurus:
    """Read a SKOS thesaurus from Turtle (or any format rdflib guesses from the file name)."""
    import rdflib

    graph = rdflib.Graph()
    try:
        graph.parse(str(path))
    except Exception as exc:  # rdflib raises many parser-specific types
        raise ValueError(f"{path}: not a readable SKOS thesaurus ({exc})") from exc
    pref = rdflib.URIRef(SKOS + "prefLabel")
    alt = rdflib.URIRef(SKOS + "altLabel")
    hidden = rdflib.URIRef(SKOS + "hiddenLabel")
    concept_class = rdflib.URIRef(SKOS + "Concept")
    concepts = []
    for node in sorted(graph.subjects(rdflib.RDF.type, concept_class)):
        zh_pref = [str(o) for o in graph.objects(node, pref) if getattr(o, "language", None) == "zh"]
        if not zh_pref:
            continue
        zh_alts = sorted(str(o) for o in graph.objects(node, alt) if getattr(o, "language", None) == "zh")
        zh_hidden = sorted(str(o) for o in graph.objects(node, hidden) if getattr(o, "language", None) == "zh")
        # official variants first: they are what an expansion searches for in reports; the plain-language
        # phrasings (hiddenLabel) come last, so they are recognised in queries without taking those places
        zh_alt = zh_alts + [label for label in zh_hidden if label not in zh_alts]
        en = sorted(
            str(o) for p in (pref, alt, hidden) for o in graph.objects(node, p) if (getattr(o, "language", "") or "").startswith("en")
        )
        narrower = {str(o) for o in graph.objects(node, rdflib.URIRef(SKOS + "narrower"))}
        narrower |= {str(s) for s in graph.subjects(rdflib.URIRef(SKOS + "broader"), node)}
        related = sorted(str(o) for o in graph.objects(node, rdflib.URIRef(SKOS + "related")))
        concepts.append(
            Concept(
                iri=str(node),
                pref_zh=zh_pref[0],
                labels_zh=zh_pref[:1] + [label for label in zh_alt if label != zh_pref[0]],
                labels_en=en,
                narrower=sorted(narrower),
                related=related,
            )
        )
    if not concepts:
        raise ValueError(f"{path}: no skos:Concept with a Chinese skos:prefLabel")
    return Thesaurus(concepts)


@functools.lru_cache(maxsize=4)
def load_thesaurus(path: str | None = None) -> Thesaurus:
    """The thesaurus at ``path`` (default: the one shipped with rectigraph), parsed once per process."""
    return parse_thesaurus(path or THESAURUS_PATH)
