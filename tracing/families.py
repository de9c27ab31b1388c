"""Recurring-problem families: problems from different reports about the same specific thing.

Building (:func:`build_families`):

1. the problems are the *specific* ones (a main problem that holds specific problems is a heading, left out);
2. every problem's nearest neighbours in embedding space (FAISS) in other reports are its candidates;
3. each candidate pair gets its evidence and a score (:mod:`tracing.evidence`); pairs scoring at least
   :data:`~tracing.evidence.LINK_THRESHOLD` are *links*;
4. families are groups of average-linkage agglomeration over the scored pairs: two groups merge while the
   mean score of all their cross pairs is at least the threshold, so a newcomer has to match the whole group,
   not one member (a bridge between two topic neighbours does not merge them); a family holds at most one
   problem per report (a report does not list one problem twice), and a problem kept out only by that gets a
   sibling family with the family's other members; a problem linked strongly to every member of another
   family joins it too, so a statement that bundles two issues can sit in two families; a family of only two
   needs its one link to score :data:`~tracing.grouping.PAIR_AT`
   (:mod:`tracing.grouping`; Louvain communities and cliques remain as ``method`` options);
5. each family gets key terms (the specific words its members share) and a label (its shortest member clause
   that carries the most key terms).

Families live in the graph, in the named graph :data:`FAMILY_GRAPH`, as SKOS concepts of the scheme
:data:`FAMILY_SCHEME` (``rg:Family``, ``skos:prefLabel``, ``rg:keyTerm``), with ``problem rg:inFamily family``,
a ``rg:FamilyMembership`` node per member (``rg:score``) and the links as ``rg:Similarity`` nodes
(scores and shared terms) plus ``rg:similarTo`` between the problems. For example, families reported by
three or more bodies::

    PREFIX rg: <https://w3id.org/rectigraph/ns#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?label (COUNT(DISTINCT ?body) AS ?bodies) WHERE {
      ?family a rg:Family ; skos:prefLabel ?label .
      ?problem rg:inFamily ?family . ?report rg:hasProblem ?problem ; dcterms:publisher ?body .
    } GROUP BY ?label HAVING (COUNT(DISTINCT ?body) >= 3) ORDER BY DESC(?bodies)

:func:`refresh` is the library's post-ingest hook. Vectors and key terms are cached per statement, so only
statements of changed reports are encoded and segmented; neighbour search, scoring and grouping then run over
the whole library (n·k candidate pairs, vectorised; seconds for thousands of problems, see
``scripts/bench_tracing.py``) and the family graph is replaced in one write. Family ids are hashes of their members,
so families untouched by a change keep their IRIs.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from rdflib import RDF, SKOS, XSD, Literal, URIRef

from graph.namespace import ID, RG, family_iri
from rectigraph.logs import log_event
from tracing.evidence import LINK_THRESHOLD, EvidenceSpace, PairEvidence
from tracing.grouping import group
from tracing.pairs import DEFAULT_K, KEEP_SCORE, scored_pairs
from tracing.records import ProblemRecord, records_from_reports
from tracing.text import clauses, key_terms

if TYPE_CHECKING:
    from rectigraph.library import Library

log = logging.getLogger(__name__)

FAMILY_GRAPH = URIRef(f"{ID}graph/tracing-families")
FAMILY_SCHEME = URIRef(f"{ID}family-scheme")
MAX_TERMS = 6


@dataclass
class Family:
    """A recurring problem: its members (indexes into the records) and what they share."""

    id: str
    members: list[int]
    label: str = ""
    terms: list[str] = field(default_factory=list)
    #: member -> mean score of its pairs with the members from other reports (a pair never scored counts 0)
    scores: dict[int, float] = field(default_factory=dict)
    cohesion: float = 0.0  # mean score of the member pairs from different reports (never scored: 0)

    @property
    def iri(self) -> URIRef:
        return family_iri(self.id)


@dataclass
class FamilyIndex:
    """Everything a build produced: the families and the scored pairs they were built from."""

    records: list[ProblemRecord]
    families: list[Family]
    pairs: list[PairEvidence]
    space: EvidenceSpace | None = None
    threshold: float = LINK_THRESHOLD

    def links(self) -> list[PairEvidence]:
        return [p for p in self.pairs if p.score >= self.threshold]

    def families_of(self, index: int) -> list[Family]:
        return [f for f in self.families if index in f.members]


def family_id(member_iris: Iterable[str]) -> str:
    """A stable id for a set of members.

    >>> family_id(["b", "a"]) == family_id(["a", "b"])
    True
    """
    return hashlib.sha1("\n".join(sorted(member_iris)).encode("utf-8")).hexdigest()[:12]


def build_families(
    records: Sequence[ProblemRecord],
    vectors: np.ndarray,
    *,
    k: int = DEFAULT_K,
    threshold: float = LINK_THRESHOLD,
    method: str = "average",
    progress: bool = False,
    terms: Callable[[str], list[str]] = key_terms,
    defect_vectors: np.ndarray | None = None,
    keep: float = KEEP_SCORE,
) -> FamilyIndex:
    """Families of ``records`` (vectors: their L2-normalised statement embeddings, one row each; ``terms``:
    a statement's key terms, :func:`tracing.text.key_terms` or a cached equivalent; ``defect_vectors``: the
    mean embeddings of their defect clauses, :func:`tracing.vectors.defect_vectors`, by default ``vectors``;
    ``keep``: candidate pairs scoring less are dropped, 0 keeps every candidate, as fitting the weights needs).

    With ``method="average"`` every scored pair takes part in average-linkage grouping (merging while the
    mean score is at least ``threshold``); the other methods group the links (pairs scoring ``threshold``+).
    """
    records = list(records)
    space = EvidenceSpace(records, vectors, terms=terms, defect_vectors=defect_vectors)
    pairs = scored_pairs(space, k=k, progress=progress, keep=keep)
    links = [(p.a, p.b, p.score) for p in pairs if p.score >= threshold]
    if method == "average":
        groups = group([(p.a, p.b, p.score) for p in pairs], space.reports, method=method, merge_at=threshold)
    else:
        groups = group(links, space.reports, method=method)
    pair_score = {(p.a, p.b): p.score for p in pairs}  # a < b; pairs never scored count 0 below
    families = []
    for members in groups:
        ordered = sorted(members, key=lambda i: (records[i].year or 0, records[i].report_id, i))
        fam = Family(id=family_id(records[i].iri for i in ordered), members=ordered)
        cross = {i: [pair_score.get((min(i, j), max(i, j)), 0.0) for j in ordered
                     if records[j].report_id != records[i].report_id] for i in ordered}
        inside = [pair_score.get((a, b), 0.0) for a in ordered for b in ordered
                  if a < b and records[a].report_id != records[b].report_id]
        fam.cohesion = float(np.mean(inside)) if inside else 0.0
        for i in ordered:
            fam.scores[i] = float(np.mean(cross[i])) if cross[i] else 0.0
        fam.terms = family_terms(space, ordered)
        fam.label = family_label([records[i].text for i in ordered], fam.terms)
        families.append(fam)
    families.sort(key=lambda f: (-len({records[i].report_id for i in f.members}), -f.cohesion, f.id))
    return FamilyIndex(records=records, families=families, pairs=pairs, space=space, threshold=threshold)


def family_terms(space: EvidenceSpace, members: Sequence[int], limit: int = MAX_TERMS) -> list[str]:
    """Key terms: words that at least two members use, by how many use them and how specific they are."""
    counts: Counter[str] = Counter()
    for i in members:
        counts.update(space.terms[i])
    shared = [(n * (0.25 + space.specificity(t)), t) for t, n in counts.items() if n >= 2]
    shared.sort(key=lambda wt: (-wt[0], wt[1]))
    return [t for _, t in shared[:limit]]


def family_label(texts: Sequence[str], terms: Sequence[str]) -> str:
    """A short member clause that carries key terms: most key terms (up to three count), then one without
    dates or figures, then the shortest.

    >>> family_label(["公示时间计算不准确,公示期均不足五个工作日", "考察未面谈,2名任职前公示不足5个工作日"],
    ...              ["公示", "工作日", "不足"])
    '公示期均不足五个工作日'
    """
    best: tuple[int, bool, int, str] | None = None
    for text in texts:
        for clause in clauses(text):
            hits = sum(1 for t in terms if t in clause)
            if not hits:
                continue
            cand = (-min(hits, 3), any(ch.isdigit() for ch in clause), len(clause), clause)
            if best is None or cand < best:
                best = cand
    if best is not None:
        return re.sub(r"^(?:对|在|因)(?=.{8})", "", best[3])
    return "、".join(terms[:3]) or (min(texts, key=len) if texts else "")


# ---------------------------------------------------------------------------------------------------- graph
def family_triples(index: FamilyIndex) -> Iterator[tuple[Any, Any, Any]]:
    """The family graph: SKOS concepts, memberships with scores, and the similarity links."""
    recs = index.records
    yield FAMILY_SCHEME, RDF.type, SKOS.ConceptScheme
    yield FAMILY_SCHEME, SKOS.prefLabel, Literal("Recurring-problem families", lang="en")
    yield FAMILY_SCHEME, SKOS.prefLabel, Literal("跨报告同类问题", lang="zh")
    for fam in index.families:
        f = fam.iri
        yield f, RDF.type, RG.Family
        yield f, RDF.type, SKOS.Concept
        yield f, SKOS.inScheme, FAMILY_SCHEME
        yield f, SKOS.prefLabel, Literal(fam.label, lang="zh")
        yield f, SKOS.notation, Literal(fam.id)
        yield f, RG.cohesion, Literal(round(fam.cohesion, 4), datatype=XSD.decimal)
        yield f, RG.memberCount, Literal(len(fam.members))
        yield f, RG.reportCount, Literal(len({recs[i].report_id for i in fam.members}))
        for rank, term in enumerate(fam.terms):
            yield f, RG.keyTerm, Literal(term, lang="zh")
            if rank == 0:
                yield f, SKOS.altLabel, Literal(term, lang="zh")
        for i in fam.members:
            p = URIRef(recs[i].iri)
            m = URIRef(f"{f}/member/{hashlib.sha1(recs[i].iri.encode()).hexdigest()[:12]}")
            yield p, RG.inFamily, f
            yield m, RDF.type, RG.FamilyMembership
            yield m, RG.family, f
            yield m, RG.problem, p
            yield m, RG.score, Literal(round(fam.scores.get(i, 0.0), 4), datatype=XSD.decimal)
    for pair in index.links():
        a, b = URIRef(recs[pair.a].iri), URIRef(recs[pair.b].iri)
        s = URIRef(f"{ID}similarity/{family_id([str(a), str(b)])}")
        yield a, RG.similarTo, b
        yield b, RG.similarTo, a
        yield s, RDF.type, RG.Similarity
        yield s, RG.source, a
        yield s, RG.target, b
        yield s, RG.score, Literal(round(pair.score, 4), datatype=XSD.decimal)
        yield s, RG.semanticScore, Literal(round(pair.semantic, 4), datatype=XSD.decimal)
        yield s, RG.lexicalScore, Literal(round(pair.lexical, 4), datatype=XSD.decimal)
        for term in pair.shared_terms[:MAX_TERMS]:
            yield s, RG.sharedTerm, Literal(term, lang="zh")


# ---------------------------------------------------------------------------------------------------- library
def library_records(library: Library) -> list[ProblemRecord]:
    """Records of every problem in the library, in report-id order."""
    return records_from_reports(library.report(rid) for rid in library.report_ids())


def encoder_for(library: Library | None = None):
    """The dense encoder named by the configuration (m3e-small unless RECTIGRAPH_MODEL says otherwise),
    loaded only when a statement has to be encoded."""
    from rectigraph.config import load_config
    from tracing.vectors import LazyEncoder

    return LazyEncoder(load_config()["model"])


def build_library_families(library: Library, *, progress: bool = False, encoder=None) -> FamilyIndex:
    """Families over the whole library, with statement vectors from the library's cache."""
    from tracing.text import defect_clauses
    from tracing.vectors import TermCache, VectorCache, defect_vectors

    records = library_records(library)
    cache = VectorCache(library.home / "tracing", encoder or encoder_for(library))
    texts = [r.text for r in records]
    vectors = cache.vectors(texts, progress=progress)
    defects = defect_vectors(texts, lambda clauses_: cache.vectors(clauses_, progress=progress))
    cache.prune(texts + [c for t in texts for c in defect_clauses(t)])
    terms = TermCache(library.home / "tracing")
    index = build_families(records, vectors, progress=progress, terms=terms.terms, defect_vectors=defects)
    terms.save(keep=texts)
    return index


def refresh(library: Library, changed_ids: list[str], removed_ids: list[str], *, encoder=None) -> FamilyIndex:
    """Post-ingest hook: rebuild the families after reports were added, changed or removed."""
    index = build_library_families(library, encoder=encoder)
    count = library.store.replace_graph(FAMILY_GRAPH, family_triples(index))
    log_event(log, logging.INFO, "families refreshed", families=len(index.families), triples=count,
              changed=len(changed_ids), removed=len(removed_ids))
    return index
