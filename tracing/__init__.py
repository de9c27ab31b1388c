"""Cross-report tracing: recurring-problem families, traces, recurrences after 已完成, claimed-vs-disclosed gaps.

Stands on the graph (reports, problems, policies) and search (the dense encoder). Modules:

- :mod:`tracing.text`: statement normalisation, clauses, defect clauses and key terms of a problem statement.
- :mod:`tracing.records`: the problems that tracing works on, read from the document model.
- :mod:`tracing.evidence`: pairwise evidence (semantic, lexical, shared key terms, shared policies) and its score.
- :mod:`tracing.lexical`: character n-gram TF-IDF; :mod:`tracing.vectors`: statement and defect-clause vectors, terms,
  cached per text.
- :mod:`tracing.neighbours`: candidate pairs from nearest neighbours (FAISS flat, IVF when large), never all pairs.
- :mod:`tracing.pairs`: scored candidate pairs; :mod:`tracing.grouping`: average-linkage families (Louvain, cliques
  and components as options, networkx).
- :mod:`tracing.families`: families, stored as SKOS concepts; the post-ingest hook ``refresh``.
- :mod:`tracing.issuers`: one name per issuing body; :mod:`tracing.evaluation`: scoring against annotations.
- :mod:`tracing.trace`, :mod:`tracing.recurrences`, :mod:`tracing.gaps`: the questions asked of families.
- :mod:`tracing.api`: the same answers as plain dicts for the web JSON API; :mod:`tracing.cli`: ``rectigraph trace``
  (:mod:`tracing.tables` renders ``--format table``).

How families are built, how good they are against the annotations, and what was tried that did not help:
``tracing/README.md``.
"""
