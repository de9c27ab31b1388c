"""`rectigraph index` and `rectigraph search`, run in-process on a small indexed home."""

import json

from rectigraph.cli import main


def test_search_table_shows_hits_and_expansions(indexed_home, capsys):
    assert main(["search", "八项规定", "--home", str(indexed_home), "--k", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("also searched: ")
    assert "公务用车" in out and "score" in out


def test_search_json_with_filters(indexed_home, capsys):
    args = ["search", "证件管理", "--home", str(indexed_home), "--format", "json", "--kind", "problem", "--year-from", "2022", "--year-to", "2022"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "证件管理" and data["hits"]
    assert {h["year"] for h in data["hits"]} == {2022}
    for key in ("iri", "kind", "text", "report_file", "issuer", "year", "status", "score", "span"):
        assert key in data["hits"][0]


def test_batch_queries_give_one_json_line_each(indexed_home, tmp_path, capsys):
    queries = tmp_path / "q.txt"
    queries.write_text("公车私用\n\nofficial passports not handed in\n因私出國證件\n", encoding="utf-8")
    assert main(["search", "--queries-file", str(queries), "--home", str(indexed_home), "--k", "2"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["query"] for line in lines] == ["公车私用", "official passports not handed in", "因私出國證件"]
    assert all(len(line["hits"]) == 2 for line in lines)
    structured = tmp_path / "q.json"
    structured.write_text(json.dumps({"queries": [{"id": "a1", "text": "涉密计算机"}]}, ensure_ascii=False), encoding="utf-8")
    assert main(["search", "--queries-file", str(structured), "--home", str(indexed_home)]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["id"] == "a1" and line["hits"]


def test_more_like_this_and_graph_expansion(indexed_home, capsys):
    main(["search", "证件", "--home", str(indexed_home), "--format", "json", "--k", "1"])
    iri = json.loads(capsys.readouterr().out)["hits"][0]["iri"]
    assert main(["search", "--like", iri, "--home", str(indexed_home), "--format", "json"]) == 0
    similar = json.loads(capsys.readouterr().out)
    assert similar["hits"] and all(h["iri"] != iri for h in similar["hits"])
    assert main(["search", "--around", iri, "--home", str(indexed_home)]) == 0
    around = json.loads(capsys.readouterr().out)
    assert around["problem"]["iri"] == iri and around["measures"]


def test_errors_name_the_problem(indexed_home, tmp_path, capsys):
    assert main(["search", "--home", str(indexed_home)]) == 1
    assert "give a QUERY" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["search", "--queries-file", str(bad), "--home", str(indexed_home)]) == 1
    assert "bad.json" in capsys.readouterr().err
    assert main(["search", "--like", "urn:nothing", "--home", str(indexed_home)]) == 1
    assert "no indexed item" in capsys.readouterr().err
    assert main(["index", "--home", str(tmp_path / "nothing")]) == 1
    assert "no reports ingested" in capsys.readouterr().err


def test_index_check(indexed_home, capsys):
    assert main(["index", "--check", "--home", str(indexed_home)]) == 0
    assert capsys.readouterr().out.strip().endswith(": ok")
