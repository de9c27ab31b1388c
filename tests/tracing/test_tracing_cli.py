"""``rectigraph trace``: light at start-up, clear errors."""

import subprocess
import sys

from rectigraph.cli import main


def test_help_imports_nothing_heavy():
    code = ("import sys\nfrom rectigraph.cli import main\ntry:\n    main(['trace', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('torch', 'faiss', 'numpy', 'rdflib', 'jieba', 'networkx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
    assert "--families" in out and "--recurrences" in out and "--gaps" in out


def test_empty_home_is_a_clear_error(tmp_path, capsys):
    assert main(["trace", "--families", "--home", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "no reports in" in err and "rectigraph ingest" in err


def test_one_question_at_a_time(tmp_path, capsys):
    try:
        main(["trace", "--families", "--gaps", "--home", str(tmp_path)])
    except SystemExit as exc:
        assert exc.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
