"""The evidence model is monotone: more of any evidence never lowers a pair's score."""

import numpy as np

from tracing.evaluation import _logistic
from tracing.evidence import FEATURES, WEIGHTS, score_features


def test_every_weight_is_evidence_for_a_pair():
    assert set(WEIGHTS) == set(FEATURES)
    assert all(w >= 0 for w in WEIGHTS.values())


def test_more_evidence_never_lowers_the_score():
    base = {"semantic": 0.8, "lexical": 0.3, "term_weight": 1.0, "term_max": 0.5, "rank": 1.0, "policies": 0.0,
            "defect_lexical": 0.2, "defect_semantic": 0.8}
    for name in FEATURES:
        assert score_features({**base, name: base[name] + 0.1}) >= score_features(base)


def test_a_collinear_feature_fitted_negative_is_fixed_at_zero():
    rng = np.random.default_rng(0)
    x = rng.random((400, 1))
    y = (x[:, 0] + 0.1 * rng.standard_normal(400) > 0.6).astype(float)
    # the second column is the first plus noise: fitted freely, one of the two tends to come out negative
    both = np.c_[x, x + 0.05 * rng.standard_normal((400, 1))]
    free, _ = _logistic(both, y, nonnegative=False)
    w, _ = _logistic(both, y)
    assert (w >= 0).all() and (w > 0).any()
    assert free.shape == w.shape


def test_leave_one_report_out_fits_and_nested_threshold_choice():
    from tracing.evaluation import fit_weights
    from tracing.families import build_families
    from tracing.records import ProblemRecord

    statements = {"公示": ["任职前公示期不足五个工作日", "干部任前公示不足五个工作日", "公示期均不足五个工作日的问题",
                           "提拔干部公示时间不足五个工作日"],
                  "公车": ["公务用车私用现象仍然存在", "存在公务用车接送职工上下班现象", "公车私用问题整改不彻底",
                           "节假日公务用车私用"],
                  "招租": ["经营性房产未公开招租", "门面房出租未公开招租", "商铺未通过产权交易平台公开招租",
                           "闲置房产出租未公开招租"]}
    rng = np.random.default_rng(1)
    records, vectors, gold_members = [], [], {}
    centres = np.eye(8, dtype=np.float32)
    for f, (family, texts) in enumerate(statements.items()):
        for r, text in enumerate(texts):
            gid = f"r{r}-{family}"
            records.append(ProblemRecord(iri=gid, report_id=f"r{r}", problem_id=family, report_file=f"r{r}.txt",
                                         text=text))
            v = centres[f] + 0.15 * rng.standard_normal(8).astype(np.float32)
            vectors.append(v / np.linalg.norm(v))
            gold_members.setdefault(family, []).append(gid)
    index = build_families(records, np.stack(vectors), keep=0.0)
    mapping = {r.iri: i for i, r in enumerate(records)}
    gold = {frozenset((a, b)) for m in gold_members.values() for a in m for b in m if a != b}
    result = fit_weights(index, mapping, gold, cv=True, thresholds=(0.2, 0.3))
    assert set(result["cv_by_threshold"]) == {"0.2", "0.3"}
    assert set(result["precision_of_top_links"]) == {"20", "40"}
    assert result["precision_of_top_links"]["20"] == 1.0  # the 18 annotated pairs outrank every other
    nested = result["nested"]
    assert set(nested["thresholds"]) == {"r0", "r1", "r2", "r3"}
    assert set(nested["thresholds"].values()) <= {0.2, 0.3}
    assert nested["gold"] == 18 and nested["recall"] == 1.0 and nested["precision"] == 1.0
