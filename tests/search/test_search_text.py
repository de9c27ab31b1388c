"""Normalisation, tokenisation and the thesaurus: the Chinese-first plumbing under search."""

import pytest

from search.text import is_latin, normalise
from search.thesaurus import load_thesaurus, parse_thesaurus
from search.tokenizer import tokenize


def test_normalise_folds_width_and_traditional_characters():
    assert normalise("因私出國（境）證件") == "因私出国(境)证件"
    assert normalise("ＡＢＣ　１２３") == "ABC 123"
    assert normalise("  公车\n私用 ") == "公车 私用"


def test_latin_detection():
    assert is_latin("official cars used privately")
    assert not is_latin("公车 WeChat")
    assert not is_latin("2023")


def test_domain_words_stay_whole():
    tokens = tokenize("“三重一大”事项未经党组会集体研究，化整为零规避招标")
    for word in ("三重一大", "党组会", "集体研究", "化整为零", "规避招标"):
        assert word in tokens
    assert "的" not in tokenize("领导的问题")


def test_traditional_and_simplified_tokenise_alike():
    assert tokenize("黨支部書記「雙帶頭人」比例偏低") == tokenize("党支部书记「双带头人」比例偏低")


def test_thesaurus_links_jargon_plain_language_and_english():
    thesaurus = load_thesaurus()
    assert len(thesaurus) >= 50
    expansion = thesaurus.expand("三重一大")[0]
    assert "重大事项集体决策" in expansion.labels
    assert {e.concept_label for e in thesaurus.expand("八项规定")} == {"中央八项规定"}
    eight = thesaurus.expand("八项规定")[0]
    assert {"公务用车", "公务接待", "津贴补贴"} <= set(eight.narrower)
    assert "规避招标" in {e.concept_label for e in thesaurus.expand("tender splitting by departments")}
    assert any("化整为零" in e.labels for e in thesaurus.expand("拆分采购"))
    assert thesaurus.expand("天气很好") == []


def test_longer_label_wins_over_a_label_inside_it():
    matched = dict(load_thesaurus().match("规避公开招标"))
    assert "规避公开招标" in matched.values()
    assert "公开招标" not in matched.values()


def test_bad_thesaurus_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> . this is not turtle", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.ttl"):
        parse_thesaurus(bad)
    empty = tmp_path / "empty.ttl"
    empty.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no skos:Concept"):
        parse_thesaurus(empty)
