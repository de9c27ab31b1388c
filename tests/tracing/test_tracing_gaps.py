"""Claimed vs disclosed figures, on the real report and the samples."""

import pytest

from tracing.gaps import gap_row, gap_table


@pytest.fixture(scope="module")
def real_report(real_report_path):
    from ingest import parse_file

    return parse_file(real_report_path)


def test_real_report_claims_49_specific_problems_and_discloses_47(real_report):
    row = gap_row(real_report)
    assert row["specific_problems"] == {"claimed": 49, "disclosed": 47, "gap": 2}
    assert row["measures"] == {"claimed": 177, "disclosed": 175, "gap": 2}
    assert row["report_file"] == "dalian-kjj-2023-05-15.txt"
    assert row["year"] == 2023


def test_table_sorts_by_any_gap_and_keeps_unknown_last(sample_reports):
    rows = gap_table(sample_reports, sort="measures_gap")
    gaps = [r["measures"]["gap"] for r in rows]
    known = [g for g in gaps if g is not None]
    assert known == sorted(known, reverse=True)
    assert gaps[: len(known)] == known
    assert len(rows) == len(sample_reports)
    ascending = gap_table(sample_reports, sort="measures_gap", descending=False)
    assert [r["measures"]["gap"] for r in ascending if r["measures"]["gap"] is not None] == sorted(known)


def test_unknown_sort_key_is_a_clear_error(sample_reports):
    with pytest.raises(ValueError, match="cannot sort gaps by 'size'"):
        gap_table(sample_reports, sort="size")
