"""Recurrences: the same body reporting a problem again after calling it done, with both passages."""

import numpy as np
import pytest

from tracing.families import build_families
from tracing.issuers import normalise_issuer
from tracing.records import records_from_reports
from tracing.recurrences import find_recurrences
from tracing.vectors import defect_vectors

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def recurrences(sample_reports, tracing_reports, encoder):
    reports = [*sample_reports, *tracing_reports.values()]
    records = records_from_reports(reports)
    texts = [r.text for r in records]
    index = build_families(records, np.asarray(encoder.encode(texts)),
                           defect_vectors=defect_vectors(texts, encoder.encode))
    return find_recurrences(index), {r.id: r for r in reports}


EXPECTED = [
    # 澜川市卫健委: 2021 (已完成) -> 2023 回头看, in new words
    ("三重一大’事项集体决策制度执行不严", "集体决策制度执行仍有偏差"),
    ("医疗设备采购规避公开招标", "化整为零规避招标问题出现反弹"),
    ("领导干部个人有关事项报告把关不严", "干部如实报告个人事项的把关仍不严格"),
    # 北沅县住建局: 2022 (已完成) -> 2023 回头看
    ("三会一课’记录不规范", "组织生活不规范问题整改不彻底"),
    ("接受管理服务对象宴请", "违反中央八项规定精神问题整改后出现反弹"),
]


def test_each_recurrence_is_found_and_nothing_else(recurrences):
    found, _ = recurrences
    matched = [next(i for i, (e, l_) in enumerate(EXPECTED) if e in r.earlier.text and l_ in r.later.text)
               for r in found if any(e in r.earlier.text and l_ in r.later.text for e, l_ in EXPECTED)]
    assert sorted(matched) == list(range(len(EXPECTED)))
    assert len(found) == len(EXPECTED), [(r.earlier.text[:20], r.later.text[:20]) for r in found]


def test_never_across_issuers_and_earlier_was_closed(recurrences):
    found, _ = recurrences
    for r in found:
        assert normalise_issuer(r.earlier.issuer) == normalise_issuer(r.later.issuer)
        assert r.earlier.published < r.later.published
        assert r.earlier.status_code in ("completed", "long_term")
    # the 2021 科技成果转化 problem was 正在推进中: its return in 2023 is not a recurrence
    assert not any("成果转化" in r.earlier.text for r in found)
    # the 教育局 report repeats 卫健委 problems almost word for word, but it is another body
    assert not any("教育" in (r.later.issuer or "") + (r.earlier.issuer or "") for r in found)


def test_both_passages_point_into_their_reports(recurrences):
    found, reports = recurrences
    for r in found:
        d = r.to_dict()
        for side in ("earlier", "later"):
            passage = d[side]
            text = reports[passage["report_id"]].text
            start, end = passage["span"]
            assert text[start:end].strip() and passage["text"][:6] in text[start:end] or \
                passage["text"][:6] in text[max(0, start - 10):end + 10]
        s0, s1 = d["earlier"]["status_span"]
        assert "已完成" in reports[d["earlier"]["report_id"]].text[s0:s1]


def test_a_body_that_writes_its_name_short_still_meets_its_earlier_report(sample_reports, tracing_reports, encoder):
    from ingest import parse_text

    reports = [*sample_reports, *tracing_reports.values()]
    later = [r for r in reports if "北沅县住房和城乡建设局" in (r.issuer or "") and (r.published or "") >= "2023"]
    assert len(later) == 1
    rewritten = parse_text(later[0].text.replace("住房和城乡建设局", "住建局"), source=later[0].source)
    assert "住建局" in (rewritten.issuer or "")
    reports = [rewritten if r is later[0] else r for r in reports]
    records = records_from_reports(reports)
    texts = [r.text for r in records]
    found = find_recurrences(build_families(records, np.asarray(encoder.encode(texts)),
                                            defect_vectors=defect_vectors(texts, encoder.encode)))
    beiyuan = [r for r in found if r.later.report_id == rewritten.id]
    assert {(e, l_) for e, l_ in EXPECTED[3:] for r in beiyuan if e in r.earlier.text and l_ in r.later.text} \
        == set(EXPECTED[3:])


def test_a_report_without_a_date_is_never_called_earlier_or_later(sample_reports, tracing_reports, encoder):
    import dataclasses

    from rectigraph.model import Inspection

    reports = [*sample_reports, *tracing_reports.values()]
    later = next(r for r in reports if "北沅县住房和城乡建设局" in (r.issuer or "") and (r.published or "") >= "2023")
    undated = dataclasses.replace(later, published=None, inspection=Inspection())
    reports = [undated if r is later else r for r in reports]
    records = records_from_reports(reports)
    texts = [r.text for r in records]
    found = find_recurrences(build_families(records, np.asarray(encoder.encode(texts)),
                                            defect_vectors=defect_vectors(texts, encoder.encode)))
    assert not [r for r in found if undated.id in (r.earlier.report_id, r.later.report_id)]
    assert len(found) == len(EXPECTED) - 2  # the 澜川市卫健委 recurrences are still found
