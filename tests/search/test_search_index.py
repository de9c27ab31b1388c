"""The hybrid index on the 7 sample reports: ranking, cross-lingual queries, filters, more-like-this,
graph expansion, persistence with a manifest."""

import json

import numpy as np
import pytest

from search.filters import Filters
from search.index import HybridIndex, IndexUnusable


def _texts(result, n=None):
    return [h.text for h in result.hits[:n]]


def test_hits_carry_what_the_ui_needs(search_index, sample_reports):
    result = search_index.search("公车私用", k=5)
    assert result.hits and all(h.kind == "problem" for h in result.hits)
    by_id = {r.id: r for r in sample_reports}
    for hit in result.hits:
        assert hit.iri.startswith("https://w3id.org/rectigraph/id/report/")
        assert hit.report_file.endswith(".txt") and hit.issuer and hit.year
        start, end = hit.span
        assert by_id[hit.report_id].text[start:end] == hit.text
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_official_cars_found_in_every_report_that_has_them(search_index):
    top = _texts(search_index.search("公车私用", k=5))
    car_problems = [t for t in top if "公务用车" in t or "越野车" in t or "八项规定" in t]
    assert len(car_problems) >= 3


def test_jargon_found_without_shared_words(search_index):
    result = search_index.search("领导班子开会定大事时没有集体讨论", k=10)
    assert "三重一大" in result.hits[0].text
    assert len({h.report_id for h in result.hits if "三重一大" in h.text}) >= 3


def test_english_query_finds_chinese_problems(search_index):
    result = search_index.search("procurement split to avoid tendering", k=3)
    assert result.form == "latin"
    assert all(any(w in t for w in ("招标", "招投标", "采购", "发包")) for t in _texts(result))
    assert "规避招标" in result.also_searched() or "化整为零" in result.also_searched()


def test_traditional_query_matches_simplified_text(search_index):
    traditional = search_index.search("因私出國（境）證件未交組織集中保管", k=3)
    simplified = search_index.search("因私出国(境)证件未交组织集中保管", k=3)
    assert _texts(traditional) == _texts(simplified)
    assert "证件" in traditional.hits[0].text


def test_expansions_are_returned(search_index):
    result = search_index.search("三重一大", k=3)
    assert result.expansions and result.expansions[0].concept_label == "三重一大"
    assert "重大事项集体决策" in result.to_dict()["also_searched"]
    bare = search_index.search("三重一大", k=3, expand=False)
    assert bare.expansions == []


def test_kind_filter(search_index):
    for kind in ("measure", "action", "policy", "report"):
        result = search_index.search("三重一大 决策制度", k=5, filters=Filters(kind=kind))
        assert result.hits and {h.kind for h in result.hits} == {kind}
    mixed = search_index.search("三重一大 决策制度", k=20, filters=Filters(kind="any"))
    assert len({h.kind for h in mixed.hits}) >= 2


def test_issuer_year_status_and_inspection_type_filters(search_index):
    result = search_index.search("干部", k=10, filters=Filters(issuer="大连市科学技术局"))
    assert result.hits and all(h.issuer == "中共大连市科学技术局党组" for h in result.hits)
    result = search_index.search("干部", k=10, filters=Filters(year_from=2023, year_to=2023))
    assert result.hits and all(h.year == 2023 for h in result.hits)
    result = search_index.search("整改", k=10, filters=Filters(status="in_progress"))
    assert result.hits and all(h.status == "in_progress" for h in result.hits)
    assert _texts(result) == _texts(search_index.search("整改", k=10, filters=Filters(status="正在推进中")))
    result = search_index.search("整改", k=10, filters=Filters(inspection_type="回头看"))
    assert result.hits and all(h.inspection_type == "回头看" for h in result.hits)
    assert search_index.search("干部", filters=Filters(year_from=2030)).hits == []


def test_unknown_kind_and_empty_query_are_errors(search_index):
    with pytest.raises(ValueError, match="unknown kind"):
        Filters(kind="problems")
    with pytest.raises(ValueError, match="empty query"):
        search_index.search("   ")


def test_more_like_this_finds_the_same_problem_in_other_reports(search_index):
    source = search_index.search("公示期不足五个工作日", k=1).hits[0]
    similar = search_index.similar(source.iri, k=5)
    assert similar.hits and all(h.report_id != source.report_id for h in similar.hits)
    assert any("公示" in h.text for h in similar.hits[:3])
    with pytest.raises(KeyError):
        search_index.similar("urn:nothing")


def test_graph_expansion_of_a_problem(search_index):
    hit = search_index.search("医疗设备采购规避公开招标", k=1).hits[0]
    around = search_index.neighbourhood(hit.iri)
    assert around["problem"]["iri"] == hit.iri
    assert around["measures"] and all(m["parent"] == hit.iri for m in around["measures"])
    assert around["actions"] and all(a["kind"] == "action" for a in around["actions"])
    measure = around["measures"][0]["iri"]
    assert search_index.neighbourhood(measure)["problem"]["iri"] == hit.iri


def test_save_load_roundtrip_and_manifest(search_index, tmp_path):
    folder = tmp_path / "idx"
    manifest = search_index.save(folder)
    assert manifest["model"] == "m3e-small" and manifest["crosslingual_model"] == "usem3"
    assert manifest["dim"] == {"dense": 512, "cross": 512}
    assert manifest["count"] == len(search_index) and manifest["kinds"]["problem"] == 152
    assert manifest["ann"]["dense"] == "flat" and len(manifest["checksum"]) == 64
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["checksum"] == manifest["checksum"]
    loaded = HybridIndex.load(folder)
    query = "涉密计算机 连接互联网"
    assert _texts(loaded.search(query)) == _texts(search_index.search(query))
    assert HybridIndex.verify(folder) == []
    vectors = folder / "faiss-dense-0.index"
    data = bytearray(vectors.read_bytes())
    data[-1] ^= 0xFF
    vectors.write_bytes(bytes(data))
    assert HybridIndex.verify(folder) == ["faiss-dense-0.index: checksum mismatch"]
    vectors.write_bytes(bytes(data[:-4]))
    with pytest.raises(IndexUnusable, match="faiss-dense-0.index"):
        HybridIndex.load(folder)
    (folder / "manifest.json").unlink()
    with pytest.raises(IndexUnusable, match="no manifest"):
        HybridIndex.load(folder)


def test_approximate_index_agrees_with_exact(search_index):
    from search.vectors import VectorIndex

    vectors = np.asarray(search_index.dense.vectors)
    hnsw = VectorIndex.build(vectors, kind="hnsw")
    assert hnsw.kind == "hnsw" and VectorIndex.choose_kind(10**6) == "hnsw" and VectorIndex.choose_kind(1000) == "flat"
    kinds = search_index.facets.kind
    assert (np.diff(kinds) >= 0).all()  # items are stored grouped by kind
    per_kind = VectorIndex.build(vectors, kind="hnsw", groups=kinds)
    assert len(per_kind.parts) == len(set(kinds.tolist()))
    assert np.allclose(per_kind.vectors, vectors) and np.allclose(per_kind.row(7), vectors[7])
    agree = []
    for row in range(0, len(vectors), 50):
        exact, _ = search_index.dense.search(vectors[row], k=10)
        approx, _ = hnsw.search(vectors[row], k=10)
        agree.append(len(set(exact) & set(approx)) / 10)
    assert np.mean(agree) >= 0.95
    for index in (hnsw, per_kind):
        for kind in ("problem", "measure"):
            allowed = search_index.facets.mask(Filters(kind=kind))
            ids, _ = index.search(vectors[0], k=10, allowed=allowed)
            assert len(ids) == 10 and all(allowed[ids])
            exact, _ = search_index.dense.search(vectors[0], k=10, allowed=allowed)
            assert len(set(exact) & set(ids)) >= 9
    scores = per_kind.score(vectors[3], np.array([900, 3, 10]))
    assert np.allclose(scores, vectors[[900, 3, 10]] @ vectors[3], atol=1e-5)
