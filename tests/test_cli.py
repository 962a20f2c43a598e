import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.cli import build_parser, main

README = Path(__file__).parent.parent / "README.md"


def _commands():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return sorted(sub.choices)


def test_every_cli_command_is_documented_in_the_readme():
    readme = README.read_text(encoding="utf-8")
    for command in _commands():
        assert re.search(rf"ingest {command}\b", readme), f"`ingest {command}` is not in the README"


def test_help_lists_the_commands(capsys):
    assert main([]) == 2
    out = capsys.readouterr().out
    for command in _commands():
        assert command in out


def test_read_prints_blocks_as_json(tmp_path, capsys):
    path = tmp_path / "h.txt"
    path.write_text("## 远程问诊\n\n电话咨询。\n", encoding="utf-8")
    assert main(["read", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [b["kind"] for b in data["blocks"]] == ["heading", "paragraph"]


def test_bad_input_prints_one_line_and_no_traceback(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    result = subprocess.run([sys.executable, "-m", "ingest", "read", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "empty.pdf" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    result = subprocess.run([sys.executable, "-m", "ingest", "--debug", "read", str(path)],
                            capture_output=True, text=True)
    assert "Traceback" in result.stderr


def test_score_command_prints_family_table(tmp_path, capsys):
    from conftest import GOLD

    shutil.copy(GOLD / "000_faba9cc386b65afa.json", tmp_path)  # a perfect prediction of one key
    assert main(["score", "--gold", str(GOLD), "--pred", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "000_faba9cc386b65afa: services F1 1.000  fields F1 1.000\n" in out
    assert "001_411f35dbfb07ca5e: services F1 0.000  fields F1 0.000   (no output found)" in out
    assert re.search(r"^family +P +R +F1 +tp +fp +fn$", out, re.M)


def _score_error(capsys, gold, pred) -> str:
    assert main(["score", "--gold", str(gold), "--pred", str(pred), "--min-f1", "0.95"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    return captured.err


def test_score_refuses_a_missing_gold_folder(tmp_path, capsys):
    err = _score_error(capsys, tmp_path / "nosuch", tmp_path)
    assert err == f"ingest: error: {tmp_path / 'nosuch'}: does not exist (--gold)\n"


def test_score_refuses_a_missing_prediction_folder(tmp_path, capsys):
    from conftest import GOLD

    err = _score_error(capsys, GOLD, tmp_path / "nosuch")
    assert err == f"ingest: error: {tmp_path / 'nosuch'}: does not exist (--pred)\n"


def test_score_refuses_a_gold_folder_without_keys(tmp_path, capsys):
    err = _score_error(capsys, tmp_path, tmp_path)
    assert "holds no gold keys (*.json) to score against (--gold)" in err


def test_score_refuses_predictions_that_match_no_gold_key(tmp_path, capsys):
    from conftest import GOLD

    (tmp_path / "other.json").write_text(json.dumps({"document": "x.pdf", "services": []}),
                                         encoding="utf-8")
    err = _score_error(capsys, GOLD, tmp_path)
    assert "holds no prediction for any of the" in err and str(tmp_path) in err


def test_run_names_the_files_it_skipped_in_a_folder(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "h.txt").write_text("## 远程问诊\n\n电话咨询。\n", encoding="utf-8")
    (folder / "prices.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "logo.png").write_bytes(b"\x89PNG")
    (folder / ".DS_Store").write_bytes(b"\x00")
    assert main(["run", str(folder), "--out", str(tmp_path / "out"), "--no-cache",
                 "--jobs", "1"]) == 0
    assert ("skipped 2 other files found in folders (.png ×1, .xlsx ×1; listed in run.json)"
            in capsys.readouterr().out)
    run_json = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run_json["skipped"] == [str(folder / "logo.png"), str(folder / "prices.xlsx")]


HEAVY = ("pdfplumber", "pdfminer", "docx", "lxml", "jieba", "jinja2", "jsonschema", "dask")
_IMPORTED_AFTER = """
import sys
from ingest.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.mark.parametrize("args", [["--help"], ["read", "{handbook}"],
                                  ["read", "{handbook}", "--json"]])
def test_help_and_reading_text_import_no_heavy_library(tmp_path, args):
    """`ingest --help` and `ingest read` on a text handbook start fast: nothing heavy loads
    (the rule files the text layout reads are valid, so jsonschema is not asked why not)."""
    handbook = tmp_path / "h.txt"
    handbook.write_text("## 远程问诊\n\n电话咨询。\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", _IMPORTED_AFTER,
                             *[a.format(handbook=handbook) for a in args]],
                            capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1].split(), "no module list printed"
    assert not set(result.stdout.splitlines()[-1].split()) & set(HEAVY)


def test_warm_run_imports_no_heavy_library(tmp_path):
    """A re-run answered from the cache reads and validates no handbook, and checks the
    catalog's frame without jsonschema: nothing heavy loads."""
    handbook = tmp_path / "h.txt"
    handbook.write_text("## 远程问诊\n\n电话咨询。\n", encoding="utf-8")
    args = ["run", str(handbook), "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache")]
    assert main(args) == 0
    result = subprocess.run([sys.executable, "-c", _IMPORTED_AFTER, *args],
                            capture_output=True, text=True, check=True)
    assert result.stdout.startswith("ok    h.txt: 1 services")
    assert not set(result.stdout.splitlines()[-1].split()) & set(HEAVY)


def test_run_out_that_is_a_file_is_one_line_error(tmp_path, capsys):
    (tmp_path / "h.txt").write_text("## 远程问诊\n\n电话咨询。\n", encoding="utf-8")
    (tmp_path / "out").write_text("", encoding="utf-8")
    assert main(["run", str(tmp_path / "h.txt"), "--out", str(tmp_path / "out"), "--no-cache"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (f"ingest: error: {tmp_path / 'out'}: is a file; --out names the folder "
                            "ingest run writes into\n")


def test_run_finds_saved_web_pages_and_spreadsheet_and_yaml_exports_in_a_folder(tmp_path):
    from ingest.batch import collect_inputs

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("page.html", "old.htm", "services.yaml", "list.csv", "notes.txt", "catalog.json"):
        (folder / name).write_text("x", encoding="utf-8")
    found, skipped = collect_inputs([folder])
    assert sorted(p.name for p in found) == ["list.csv", "notes.txt", "old.htm", "page.html", "services.yaml"]
    assert [p.name for p in skipped] == ["catalog.json"]  # JSON is read when named, as output may be JSON


def test_run_that_reads_nothing_is_one_line_error(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "prices.xlsx").write_bytes(b"PK\x03\x04")
    assert main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-cache"]) == 2
    assert capsys.readouterr().err == (f"ingest: error: {tmp_path / 'in'}: holds no handbook files to "
                                       "read (.csv .docx .htm .html .markdown .md .pdf .text .tsv .txt .yaml .yml), 1 skipped as other "
                                       "kinds; nothing written\n")
    assert not (tmp_path / "out").exists()


def test_read_outline_says_what_each_title_is(tmp_path, capsys):
    path = tmp_path / "h.txt"
    path.write_text("二、服务内容\n\n■ 电话医生服务\n服务次数：不限次。\n服务时效：30分钟内回拨。\n\n"
                    "三、温馨提示\n请保管好病历。\n", encoding="utf-8")
    assert main(["read", "--outline", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    roles = {line.split()[2]: line.split()[1] for line in lines}
    assert roles == {"服务内容": "group", "电话医生服务": "service", "服务次数": "label",
                     "服务时效": "label", "温馨提示": "other"}
