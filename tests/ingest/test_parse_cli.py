"""``rectigraph parse`` end to end, in a subprocess, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rectigraph.cli", *args], capture_output=True, text=True, timeout=120)


def test_parse_json_one_file(real_report_path):
    out = _run("parse", str(real_report_path), "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert len(doc["problems"]) == 67
    for key in ("title", "issuer", "published", "inspection", "claimed", "disclosed", "policies",
                "organizations", "people", "dates", "amounts", "text"):
        assert key in doc
    p = doc["problems"][1]
    assert {"id", "category", "parent", "text", "measures", "actions", "status", "status_code", "span"} <= set(p)


def test_parse_jsonl_and_text(samples_dir):
    files = sorted(str(p) for p in samples_dir.glob("syn-v0[12].txt"))
    out = _run("parse", *files, "--format", "jsonl", "--no-text")
    assert out.returncode == 0, out.stderr
    docs = [json.loads(line) for line in out.stdout.splitlines()]
    assert [len(d["problems"]) for d in docs] == [20, 11]
    assert "text" not in docs[0]
    outline = _run("parse", files[0], "--format", "text")
    assert "[已完成]" in outline.stdout and "specific_problems" in outline.stdout


def test_batch_goes_on_after_a_bad_file(tmp_path, real_report_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_bytes(b"PK\x03\x04junk")
    out = _run("parse", str(bad), str(real_report_path), "--format", "jsonl", "--no-text")
    assert out.returncode == 1
    assert len(out.stdout.splitlines()) == 1
    assert "notes.xlsx" in out.stderr and "1 failed" in out.stderr


def test_help_and_parse_do_not_import_torch(real_report_path):
    code = (
        "import sys, io, contextlib\n"
        "from rectigraph.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['parse', {str(real_report_path)!r}, '--format', 'json'])\n"
        "    try:\n        main(['--help'])\n    except SystemExit:\n        pass\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'faiss', 'flask') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
