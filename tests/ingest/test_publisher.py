"""Report.publisher: one canonical name per issuing body, the issuer as written kept beside it."""

from __future__ import annotations

import pytest

from ingest import parse_text
from ingest.organizations import canonical_issuer

BODY = "\n根据市委统一部署，市委第二巡察组开展了巡察。\n一、存在问题\n1.公示期不足五个工作日。\n整改措施：严格执行。\n整改情况：已完成。\n"


@pytest.mark.parametrize(("written", "canonical"), [
    ("中共北沅县住建局党组", "中共北沅县住房和城乡建设局党组"),
    ("澜川市卫健委党组", "中共澜川市卫生健康委员会党组"),
    ("中共澜川市科技局党组", "中共澜川市科学技术局党组"),
    ("中共大连市科学技术局党组", "中共大连市科学技术局党组"),
    ("澜川城投集团有限公司党委", "中共澜川城投集团有限公司委员会"),
    ("中国共产党澜川市青岚区委员会", "中共澜川市青岚区委员会"),
])
def test_publisher_is_the_canonical_issuer(written, canonical):
    report = parse_text(f"{written}关于巡察整改进展情况的通报\n{BODY}", source="x.txt")
    assert report.issuer == written
    assert report.publisher == canonical == canonical_issuer(written)
    # the issuer's own mention in the text resolves to the same name
    assert canonical in {o.canonical for o in report.organizations}


def test_bodies_stay_apart():
    assert canonical_issuer("中共北沅县住建局党组") != canonical_issuer("中共澜川市住建局党组")
    assert canonical_issuer("中共澜川市人民政府党组") == "中共澜川市人民政府党组"  # nothing to spell out twice
    assert canonical_issuer(None) is None
