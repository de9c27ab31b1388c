"""Traces: for a family or a problem, who reported it when, what each did, which policies, which status.

All answers are plain dicts (JSON-ready), shared by the CLI and the web JSON API.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tracing.evidence import EvidenceSpace
from tracing.families import Family, FamilyIndex
from tracing.records import ProblemRecord


def member_dict(record: ProblemRecord, score: float | None = None) -> dict:
    """What a family listing shows of a member."""
    out = {
        "iri": record.iri,
        "report_id": record.report_id,
        "report_file": record.report_file,
        "text": record.text,
        "issuer": record.issuer,
        "year": record.year,
        "published": record.published,
        "status": record.status,
        "status_code": record.status_code,
    }
    if score is not None:
        out["score"] = round(score, 4)
    return out


def timeline_entry(record: ProblemRecord) -> dict:
    """One body's handling of the problem: when, what it did, which policies, with what outcome."""
    out = member_dict(record)
    out.update(
        span=list(record.span) if record.span else None,
        measures=list(record.measures),
        policies=list(record.policies),
        category=list(record.category),
        inspection_type=record.inspection_type,
    )
    return out


def family_dict(index: FamilyIndex, family: Family) -> dict:
    """A family as the ``trace --families`` JSON lists it."""
    recs = index.records
    return {
        "id": family.id,
        "iri": str(family.iri),
        "label": family.label,
        "terms": list(family.terms),
        "cohesion": round(family.cohesion, 4),
        "reports": len({recs[i].report_id for i in family.members}),
        "members": [member_dict(recs[i], family.scores.get(i)) for i in family.members],
    }


def family_trace(index: FamilyIndex, family: Family) -> dict:
    """A family's timeline: its members by publication date, each with measures, policies and status."""
    recs = index.records
    members = sorted(family.members, key=lambda i: (recs[i].published or "", recs[i].report_id, i))
    policies: dict[str, int] = {}
    for i in members:
        for title in recs[i].policies:
            policies[title] = policies.get(title, 0) + 1
    out = family_dict(index, family)
    out["timeline"] = [timeline_entry(recs[i]) for i in members]
    out["policies"] = [{"title": t, "members": n} for t, n in sorted(policies.items(), key=lambda tn: -tn[1])]
    out["issuers"] = sorted({recs[i].issuer for i in members if recs[i].issuer})
    return out


def find_family(index: FamilyIndex, key: str) -> Family:
    """A family by id or IRI (``KeyError`` naming the key if there is none)."""
    for fam in index.families:
        if key in (fam.id, str(fam.iri)):
            return fam
    raise KeyError(f"no family {key!r}")


def find_problem(index: FamilyIndex, iri: str) -> int:
    for i, rec in enumerate(index.records):
        if rec.iri == iri:
            return i
    raise KeyError(f"no problem {iri!r} in the library")


def problem_trace(index: FamilyIndex, iri: str, limit: int = 5) -> dict:
    """A problem's families (with timelines) and its nearest problems in other reports, with the evidence."""
    i = find_problem(index, iri)
    record = index.records[i]
    nearest = sorted((p for p in index.pairs if i in (p.a, p.b)), key=lambda p: -p.score)[:limit]
    return {
        "problem": timeline_entry(record),
        "summary": record.summary,
        "families": [family_trace(index, f) for f in index.families_of(i)],
        "nearest": [
            {**member_dict(index.records[p.b if p.a == i else p.a]), "evidence": p.to_dict(),
             "linked": p.score >= index.threshold}
            for p in nearest
        ],
    }


def text_trace(index: FamilyIndex, text: str, vector: np.ndarray, limit: int = 5) -> dict:
    """Problems in the library about the same thing as a free text, with evidence and their families."""
    if index.space is None or not index.records:
        return {"text": text, "nearest": []}
    query = ProblemRecord(iri="query:", report_id="\x00query", problem_id="query", report_file="", text=text)
    records: Sequence[ProblemRecord] = [*index.records, query]
    vectors = np.vstack([index.space.vectors, vector.reshape(1, -1)]).astype(np.float32)
    # the query's defect vector: the query's own (a free text is usually one clause, and is not re-encoded)
    defects = np.vstack([index.space.defect_vectors, vector.reshape(1, -1)]).astype(np.float32)
    space = EvidenceSpace(records, vectors, defect_vectors=defects)
    q = len(records) - 1
    sims = index.space.vectors @ vector.reshape(-1)
    order = np.argsort(-sims)[: max(limit * 8, 40)]
    cands = [int(j) for j in order if not records[int(j)].summary]
    by_report: dict[str, list[tuple[float, int]]] = {}
    for j in cands:
        by_report.setdefault(records[j].report_id, []).append((space.similarity(q, j), j))
    evidence = []
    for group_ in by_report.values():
        group_.sort(reverse=True)
        for pos, (_, j) in enumerate(group_):
            evidence.append(space.evidence(q, j, rank=2.0 / (1 + pos)))
    evidence.sort(key=lambda p: -p.score)
    return {
        "text": text,
        "nearest": [
            {**member_dict(records[p.b]), "evidence": p.to_dict(), "linked": p.score >= index.threshold,
             "families": [f.id for f in index.families_of(p.b)]}
            for p in evidence[:limit]
        ],
    }
