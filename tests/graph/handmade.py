"""Hand-built reports (rectigraph.model) for graph tests that must not depend on the parser."""
from __future__ import annotations

from rectigraph.model import (
    Inspection,
    OrganizationMention,
    PersonMention,
    PolicyMention,
    Problem,
    Report,
    TextItem,
)


def _find(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    i = text.index(needle, start)
    return (i, i + len(needle))


def handmade_report(
    rid: str = "r-alpha",
    issuer: str = "中共甲市科学技术局党组",
    policy: str = "党政领导干部选拔任用工作条例",
    statuses: tuple[str, ...] = ("completed", "in_progress"),
    published: str = "2023-05-15",
    itype: str = "常规巡察",
) -> Report:
    """Two main problems, one specific problem, measures citing ``policy``, claimed > disclosed."""
    text = (
        f"{issuer}关于巡察整改情况的通报\n"
        "一、党的建设方面\n"
        "关于“选人用人不规范”的问题\n"
        f"整改措施:严格执行《{policy}》。\n"
        "整改落实情况:市委组织部指导完成干部选任。局长张三负责。\n"
        "整改进展情况:已完成\n"
        "针对“档案管理不严”问题\n"
        f"整改措施:落实《{policy}》和《干部人事档案工作条例》。\n"
        "整改进展情况:正在推进中\n"
        "二、业务工作方面\n"
        "关于“项目监管不力”的问题\n"
    )
    p1 = _find(text, "选人用人不规范")
    m1 = _find(text, f"严格执行《{policy}》。")
    a1 = _find(text, "市委组织部指导完成干部选任。")
    p2 = _find(text, "档案管理不严")
    m2 = _find(text, f"落实《{policy}》和《干部人事档案工作条例》。")
    p3 = _find(text, "项目监管不力")
    cat1 = ["党的建设方面"]
    codes = {"completed": "已完成", "in_progress": "正在推进中", "long_term": "长期坚持"}
    problems = [
        Problem(
            id="P01", text="选人用人不规范", span=p1, category=cat1,
            measures=[TextItem(text=text[m1[0]:m1[1]], span=m1, order=1, policies=[policy])],
            actions=[TextItem(text=text[a1[0]:a1[1]], span=a1, order=1, organizations=["市委组织部"])],
            status=codes[statuses[0]], status_code=statuses[0], status_span=_find(text, "已完成"),
        ),
        Problem(
            id="P02", text="档案管理不严", span=p2, category=cat1, parent="P01",
            measures=[TextItem(text=text[m2[0]:m2[1]], span=m2, order=1,
                               policies=[policy, "干部人事档案工作条例"])],
            status=codes[statuses[1]], status_code=statuses[1], status_span=_find(text, "正在推进中"),
        ),
        Problem(id="P03", text="项目监管不力", span=p3, category=["业务工作方面"]),
    ]
    pol_spans = []
    start = 0
    while True:
        try:
            s = _find(text, f"《{policy}》", start)
        except ValueError:
            break
        pol_spans.append(s)
        start = s[1]
    return Report(
        id=rid, source=f"{rid}.txt", text=text, title=text.split("\n", 1)[0], issuer=issuer, published=published,
        inspection=Inspection(body="市委第五巡察组", type=itype, start="2022-03-21", end="2022-06-15",
                              feedback="2022-08-04"),
        claimed={"main_problems": 2, "specific_problems": 3, "measures": 2, "completed": 1, "in_progress": 1},
        disclosed={"main_problems": 2, "specific_problems": 1, "measures": 2, "completed": 1, "in_progress": 1},
        problems=problems,
        policies=[
            PolicyMention(raw=[f"{policy}", f"“{policy}”"], canonical=policy, kind="party_regulation", spans=pol_spans),
            PolicyMention(raw=["干部人事档案工作条例"], canonical="干部人事档案工作条例", kind="party_regulation",
                          spans=[_find(text, "《干部人事档案工作条例》")]),
        ],
        organizations=[OrganizationMention(raw=["市委组织部"], canonical="市委组织部", spans=[_find(text, "市委组织部")])],
        people=[PersonMention(name="张三", role="局长", spans=[_find(text, "张三")])],
    )
