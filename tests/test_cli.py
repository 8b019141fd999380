"""The command line: one-line errors with catalogued exit codes, never a traceback.

Run as a subprocess where the exit code and stderr are the behaviour under test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsift.cli import main
from newsift.errors import E

BODY = (
    "Officials said on Monday that the bridge would reopen next week after repairs. "
    "The transport minister told reporters the work had cost more than expected."
)


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsift", *args], input=stdin, capture_output=True, timeout=300)


def assert_one_line_error(proc: subprocess.CompletedProcess, error: E) -> None:
    err = proc.stderr.decode()
    assert proc.returncode == error.exit_code, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"newsift: error {error.code}:")
    assert "Traceback" not in err


def test_missing_path(tmp_path):
    assert_one_line_error(run_cli("analyze", str(tmp_path / "nope.txt")), E.NOT_FOUND)


def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    assert_one_line_error(run_cli("analyze", str(f)), E.EMPTY)


def test_empty_stdin():
    assert_one_line_error(run_cli("analyze", "-", stdin=b""), E.EMPTY)


def test_binary_file(tmp_path):
    f = tmp_path / "image.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    assert_one_line_error(run_cli("analyze", str(f)), E.BINARY)


def test_too_large(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text(BODY * 20)
    assert_one_line_error(run_cli("analyze", "--max-bytes", "500", str(f)), E.TOO_LARGE)


def test_undecodable(tmp_path):
    f = tmp_path / "garbage.txt"
    f.write_bytes(bytes(range(128, 256)) * 20)
    assert_one_line_error(run_cli("analyze", str(f)), E.UNDECODABLE)


def test_html_without_article(tmp_path):
    f = tmp_path / "menu.html"
    f.write_text("<html><body><nav><a href='/'>Home</a><a href='/w'>World</a></nav><div>Login</div><p>Cookies</p><span>x</span></body></html>")
    assert_one_line_error(run_cli("analyze", str(f)), E.NO_ARTICLE)


def test_directory_without_articles(tmp_path):
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    assert_one_line_error(run_cli("analyze", str(tmp_path)), E.EMPTY_DIR)


def test_usage_error_is_one_line():
    assert_one_line_error(run_cli("analyze", "--format", "yaml", "x.txt"), E.USAGE)


def test_errors_command_lists_the_catalogue():
    proc = run_cli("errors", "--format", "json")
    rows = json.loads(proc.stdout)
    assert proc.returncode == 0
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)) and "E011" in codes
    assert len({r["exit_code"] for r in rows}) == len(rows), "exit codes must be distinct"


def test_schema_command_prints_json_schema():
    proc = run_cli("schema")
    schema = json.loads(proc.stdout)
    assert proc.returncode == 0
    assert schema["title"] == "Report"
    assert {"attributions", "article", "claims", "techniques"} <= set(schema["properties"])


def test_in_process_main_returns_exit_code(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "missing.txt")]) == E.NOT_FOUND.exit_code
    assert capsys.readouterr().err.startswith("newsift: error E010")


@pytest.mark.slow
def test_analyze_json_one_report(fixture_path):
    proc = run_cli("analyze", "--format", "json", str(fixture_path))
    assert proc.returncode == 0, proc.stderr.decode()
    report = json.loads(proc.stdout)
    assert report["article"]["title"].startswith("Russian Defense Ministry")
    assert report["attributions"], "the fixture is full of attributions"


@pytest.mark.slow
def test_analyze_many_inputs_gives_jsonl(tmp_path, fixture_path):
    (tmp_path / "a.txt").write_text("Bridge to reopen\n\n" + BODY)
    (tmp_path / "b.txt").write_text(fixture_path.read_text(encoding="utf-8"))
    proc = run_cli("analyze", "--format", "json", str(tmp_path))
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["article"]["title"] == "Bridge to reopen"


@pytest.mark.slow
def test_stdin_and_text_output(fixture_path):
    proc = run_cli("analyze", "-", stdin=fixture_path.read_bytes())
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr.decode()
    assert "Who says what" in out and "Russian Defense Ministry" in out
    assert "In the outlet's own voice" in out


@pytest.mark.slow
def test_non_english_warns_and_still_reports(tmp_path):
    f = tmp_path / "fr.txt"
    f.write_text("Le ministre a déclaré lundi que le pont rouvrirait la semaine prochaine après des travaux importants dans la ville.")
    proc = run_cli("analyze", "--format", "json", str(f))
    assert proc.returncode == 0
    assert "W102" in proc.stderr.decode()
    report = json.loads(proc.stdout)
    assert report["article"]["language"] != "en"
    assert report["attributions"] == []


def test_python_api_is_importable_without_parsing():
    import newsift

    assert callable(newsift.analyze)
    assert Path(newsift.__file__).name == "__init__.py"


@pytest.mark.slow
def test_html_for_several_inputs_writes_one_file_each(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(f"Story {name}\n\n{BODY}")
    proc = run_cli("analyze", "--format", "html", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert_one_line_error(proc, E.USAGE)  # no -o DIR: refuse rather than glue two pages together
    out = tmp_path / "pages"
    proc = run_cli("analyze", "--format", "html", "-o", str(out), str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert proc.returncode == 0, proc.stderr.decode()
    pages = sorted(p.name for p in out.iterdir())
    assert pages == ["0001-a.html", "0002-b.html"]
    assert "Story b" in (out / "0002-b.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_one_bad_input_among_several(tmp_path):
    (tmp_path / "good.txt").write_text("Story\n\n" + BODY)
    (tmp_path / "empty.txt").write_text("")
    proc = run_cli("analyze", "--format", "json", str(tmp_path / "good.txt"), str(tmp_path / "empty.txt"))
    assert proc.returncode == 1
    assert len(proc.stdout.decode().splitlines()) == 1
    assert "E011" in proc.stderr.decode() and "empty.txt" in proc.stderr.decode()


def test_cli_and_analysis_need_no_torch(tmp_path):
    """Training may use torch; the CLI and the analysis must work where it is not installed."""
    f = tmp_path / "a.txt"
    f.write_text("Bridge to reopen\n\n" + BODY)
    code = (
        "import sys\n"
        "class NoTorch:\n"  # any `import torch` now raises ImportError, as on a machine without it
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'torch': raise ImportError(name=name)\n"
        "sys.meta_path.insert(0, NoTorch())\n"
        "from newsift.cli import main\n"
        f"sys.exit(main(['analyze', '--format', 'json', {str(f)!r}]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["article"]["title"] == "Bridge to reopen"


@pytest.mark.slow
def test_guessed_encoding_is_announced(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes(("Bridge\n\nThe minister said the café in Düsseldorf would reopen next week after repairs were finished.").encode("latin-1"))
    proc = run_cli("analyze", "--format", "json", str(f))
    assert proc.returncode == 0
    assert "W101" in proc.stderr.decode()
    assert "café in Düsseldorf" in json.loads(proc.stdout)["article"]["text"]
