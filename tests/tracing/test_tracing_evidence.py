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
