"""normalize_text: width, traditional script, whitespace, duplicated paragraphs, speed."""

from __future__ import annotations

import timeit
from pathlib import Path

import pytest

from ingest.normalize import is_probably_traditional, normalize_text

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
REPORT = SAMPLES / "dalian-kjj-2023-05-15.txt"


@pytest.fixture(scope="module")
def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


def _to_full_width(text: str) -> str:
    """The report as a full-width typist would have written it (the inverse of the width mapping)."""
    return "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text)


def test_real_report_is_already_normal(report_text: str) -> None:
    result = normalize_text(report_text)
    expected = "\n".join(line.strip() for line in report_text.splitlines() if line.strip())
    assert result.text == expected
    assert result.warnings == []


def test_full_width_report_becomes_half_width(report_text: str) -> None:
    full = _to_full_width(report_text)
    assert "," not in full and "，" in full and "２０２２" in full
    assert normalize_text(full).text == normalize_text(report_text).text


def test_punctuation_mapping_keeps_chinese_marks() -> None:
    text = "一、针对“两个维护”问题：（１）整改到位；①已完成！？《条例》「回头看」【巡察整改】‘A’。"
    assert normalize_text(text).text == "一、针对“两个维护”问题:(1)整改到位;①已完成!?《条例》「回头看」【巡察整改】‘A’。"


def test_line_endings_spaces_and_invisible_characters() -> None:
    text = "\u3000\u3000标题\r\n\r\n 第一段\u200b内容\u00a0\u00a0结束 \r第二段\t\t（一）\ufeff\n\n\n"
    result = normalize_text(text)
    assert result.text == "标题\n第一段内容 结束\n第二段 (一)"
    assert "stripped full-width-space indentation from 1 lines" in result.warnings


def test_duplicated_paragraph_is_removed_with_a_warning(report_text: str) -> None:
    lines = report_text.splitlines()
    doubled = lines[:5] + [lines[5]] + lines[5:]
    result = normalize_text("\n".join(doubled))
    assert result.text == normalize_text(report_text).text
    assert result.warnings == ["removed 1 duplicated paragraph repeating the line before it (input line 7)"]


def test_repeated_lines_that_are_not_adjacent_stay() -> None:
    text = "整改进展情况:已完成。\n针对“问题一”\n整改进展情况:已完成。"
    assert normalize_text(text).text == text


def test_synthetic_sample_with_indents_and_a_duplicate() -> None:
    raw = (SAMPLES / "syn-v05.txt").read_text(encoding="utf-8")
    result = normalize_text(raw)
    assert "\u3000" not in result.text and "，" not in result.text
    lines = result.text.split("\n")
    assert all(line == line.strip() and line for line in lines)
    assert all(a != b for a, b in zip(lines, lines[1:]))
    assert any(warning.startswith("removed 1 duplicated paragraph") for warning in result.warnings)


def test_traditional_report_converts_to_simplified(report_text: str) -> None:
    from opencc import OpenCC

    traditional = OpenCC("s2t").convert(report_text)
    assert is_probably_traditional(traditional)
    assert not is_probably_traditional(report_text)
    simplified = normalize_text(report_text).text
    result = normalize_text(traditional)
    assert any(warning.startswith("converted traditional Chinese to simplified") for warning in result.warnings)
    assert len(result.text) == len(simplified)
    same = sum(a == b for a, b in zip(result.text, simplified))
    assert same / len(simplified) > 0.995
    assert result.text.startswith("中共大连市科学技术局党组关于市委常规巡察整改情况的通报")


def test_simplified_text_with_characters_also_used_in_traditional_is_left_alone() -> None:
    # 乾 於 瞭 著 are valid simplified characters; they must not trigger a conversion.
    text = "乾隆年间著名的於姓人家，一目瞭然，干部后来发现头发里面有余额。"
    result = normalize_text(text)
    assert result.text == text.replace("，", ",")
    assert result.warnings == []
    assert not is_probably_traditional(text)


def test_one_traditional_paragraph_in_a_simplified_report_is_converted(report_text: str) -> None:
    lines = [line for line in report_text.splitlines() if line.strip()]
    lines[10] = "關於“黨組織建設薄弱”問題的整改進展情況"
    result = normalize_text("\n".join(lines))
    assert result.text.split("\n")[10] == "关于“党组织建设薄弱”问题的整改进展情况"
    assert "converted 1 traditional-Chinese lines to simplified" in result.warnings


def test_normalising_is_idempotent(report_text: str) -> None:
    once = normalize_text(_to_full_width(report_text)).text
    assert normalize_text(once).text == once


def test_normalising_10k_characters_takes_well_under_a_millisecond() -> None:
    text = "\n".join(
        (SAMPLES / name).read_text(encoding="utf-8") for name in ("syn-v01.txt", "syn-v03.txt", "syn-v05.txt")
    )[:10_000]
    normalize_text(text)  # warm the cached tables
    # The best of several rounds: the machine is shared, and a preempted round says nothing about the code.
    per_call = min(timeit.repeat(lambda: normalize_text(text), number=20, repeat=10)) / 20
    assert per_call < 0.002, f"{per_call * 1000:.2f} ms per 10k characters"


def test_fast_simplification_matches_opencc(report_text: str) -> None:
    from opencc import OpenCC

    from ingest.normalize import to_simplified

    traditional = OpenCC("s2t").convert(report_text) + "\n一目瞭然,乾乾淨淨,乾坤,頭髮,於是"
    assert to_simplified(traditional) == OpenCC("t2s").convert(traditional)


def test_traditional_report_normalises_fast(report_text: str) -> None:
    from opencc import OpenCC

    traditional = OpenCC("s2t").convert(report_text)[:10_000]
    normalize_text(traditional)
    per_call = min(timeit.repeat(lambda: normalize_text(traditional), number=5, repeat=5)) / 5
    assert per_call < 0.02, f"{per_call * 1000:.2f} ms per 10k traditional characters"
