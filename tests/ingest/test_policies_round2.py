"""Citation forms found by a second pair of hands (each failed before the rule it tests): short names declared
in other words, one document under its well-known short name and its full title, joint central issuers written
with 、, a 修订版 edition, a title cut by a line break, and the kind of titles that are no regulation."""

from __future__ import annotations

import pytest

from ingest.normalize import normalize_text
from ingest.policies import extract_policies, policy_kind


def _policies(text: str):
    return {p.canonical: p for p in extract_policies(normalize_text(text).text)}


@pytest.mark.parametrize("text", [
    "严格执行《中国共产党纪律处分条例》（2023年修订，以下简称《条例》），对照《条例》查摆问题。",
    "严格执行《中国共产党纪律处分条例》（下称《条例》），对照《条例》查摆问题。",
    "严格执行《中国共产党纪律处分条例》（以下简称为《条例》），对照《条例》查摆问题。",
    "严格执行《中国共产党纪律处分条例》，以下简称《条例》。对照《条例》查摆问题。",
])
def test_a_short_name_declared_in_other_words_joins_its_document(text):
    found = _policies(text)
    assert list(found) == ["中国共产党纪律处分条例"]
    assert len(found["中国共产党纪律处分条例"].spans) == 3  # the title, the short name declared, and its use


@pytest.mark.parametrize(("text", "canonical"), [
    ("学习《中国共产党章程》，对照《党章》查找差距。", "中国共产党章程"),
    ("严格执行《党政领导干部选拔任用工作条例》和《干部任用条例》。", "党政领导干部选拔任用工作条例"),
])
def test_a_well_known_short_name_and_the_full_title_are_one_document(text, canonical):
    found = _policies(text)
    assert list(found) == [canonical] and len(found[canonical].spans) == 2


def test_joint_central_issuers_with_a_space_or_a_comma_are_one_document():
    found = _policies("落实《中共中央 国务院关于加强基层治理体系和治理能力现代化建设的意见》，"
                      "对照《中共中央、国务院关于加强基层治理体系和治理能力现代化建设的意见》逐条整改。")
    assert len(found) == 1 and len(next(iter(found.values())).spans) == 2


def test_a_revised_edition_is_the_same_document():
    found = _policies("修订《科技计划项目管理办法(2023年修订版)》，执行《科技计划项目管理办法》。")
    assert len(found) == 1 and len(next(iter(found.values())).spans) == 2


def test_a_title_cut_by_a_line_break_is_read():
    found = _policies("认真学习《中国共产党纪律\n处分条例》，对照检查。")
    assert list(found) == ["中国共产党纪律处分条例"]


@pytest.mark.parametrize(("title", "kind"), [
    ("中国共产党简史", "book"), ("中华人民共和国简史", "book"), ("国务院政府工作报告", "other"),
    ("中国共产党纪律处分条例", "party_regulation"), ("中华人民共和国监察法", "law"),
])
def test_histories_and_reports_are_no_regulation(title, kind):
    assert policy_kind(title) == kind


def test_a_way_of_working_is_no_law():
    assert policy_kind("“马上就办”工作法") != "law"
