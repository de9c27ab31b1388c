"""Families against the annotated families (pairwise over problems from different reports), real pipeline."""

from pathlib import Path

import pytest

from tracing.evaluation import gold_pairs, load_gold, map_gold, pair_scores, predicted_pairs

pytestmark = pytest.mark.slow
GOLD = Path(__file__).resolve().parent.parent / "data" / "gold"


@pytest.fixture(scope="module")
def scores(sample_index):
    problems, families = load_gold(GOLD)
    mapping, unmapped = map_gold(problems, sample_index.records)
    assert not unmapped, f"annotated problems not found among parsed problems: {sorted(unmapped)}"
    return pair_scores(predicted_pairs(sample_index, mapping), gold_pairs(families, problems))


def test_families_reach_the_measured_level(scores):
    # measured: precision 0.830, recall 0.830 (scripts/eval_tracing.py; leave-one-report-out, weights refitted
    # without the held-out report on all candidate pairs: 0.796 / 0.830; nested, the merge threshold picked
    # without it too: 0.722 / 0.830); guard against regressions
    assert scores["gold"] == 47
    assert scores["recall"] >= 0.8
    assert scores["precision"] >= 0.8


@pytest.mark.xfail(reason="target not reached: precision 0.83 at recall 0.83 in-sample, 0.80 / 0.83 "
                   "leave-one-report-out, 0.72 / 0.83 nested (scripts/eval_tracing.py --cv)", strict=False)
def test_families_reach_the_target(scores):
    assert scores["precision"] >= 0.9
    assert scores["recall"] >= 0.85
