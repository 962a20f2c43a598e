"""`ingest diff` and `ingest compare` as a user runs them: formats, exit status, errors."""
from __future__ import annotations

import csv
import json
import shutil
import sys

import pytest

from ingest.schemas import SCHEMA_VERSION, validator_for
from report_records import CATALOG, NEW, OLD, SEEDS, load, run_cli

DIFF_SCHEMA_ID = "https://handbook-ingest.example/schemas/diff.schema.json"


def test_diff_exit_status_is_1_when_handbooks_differ(tmp_path):
    status, out, err = run_cli("diff", OLD, NEW, "--out", tmp_path / "diff.html")
    assert status == 1 and not err
    assert "unfavorable" in out and (tmp_path / "diff.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_diff_exit_status_is_0_for_identical_handbooks(tmp_path):
    copy = shutil.copy(OLD, tmp_path / "same.json")
    status, out, _ = run_cli("diff", OLD, copy, "--out", tmp_path / "diff.md")
    assert status == 0 and out.startswith("no changes")
    assert "没有变化" in (tmp_path / "diff.md").read_text(encoding="utf-8")


def test_diff_json_validates_against_schema(tmp_path):
    status, _, _ = run_cli("diff", OLD, NEW, "--out", tmp_path / "diff.json")
    data = json.loads((tmp_path / "diff.json").read_text(encoding="utf-8"))
    assert status == 1
    validator_for("diff").validate(data)
    assert validator_for("diff").schema["$id"] == DIFF_SCHEMA_ID and data["schema_version"] == SCHEMA_VERSION
    assert data["summary"]["changes"] == len(data["changes"]) > 0


def test_diff_schema_rejects_an_unknown_change_kind_or_classification():
    validator = validator_for("diff")
    change = {"kind": "value_changed", "classification": "neutral", "field": "slas", "summary": "s",
              "old": None, "new": None, "service_index": 0, "category": "escort", "service": "陪诊"}
    assert not list(validator.evolve(schema=validator.schema["properties"]["changes"]).iter_errors([change]))
    for key, wrong in (("kind", "value_moved"), ("classification", "great")):
        assert list(validator.evolve(schema=validator.schema["properties"]["changes"]).iter_errors(
            [change | {key: wrong}]))


def test_diff_format_option_names_the_format_of_a_suffix_that_names_none(tmp_path):
    run_cli("diff", OLD, NEW, "--out", tmp_path / "diff.txt", "--format", "md")
    assert (tmp_path / "diff.txt").read_text(encoding="utf-8").startswith("# 健康服务手册变更对比")


@pytest.mark.parametrize("make_input, message", [
    (lambda tmp: tmp / "missing.json", "does not exist"),
    (lambda tmp: CATALOG, "holds 5 handbooks; diff needs exactly one"),
    (lambda tmp: tmp, "is a folder"),
    (lambda tmp: (tmp / "broken.json").write_text("{", encoding="utf-8") and tmp / "broken.json", "not valid JSON"),
])
def test_diff_exit_status_is_2_with_one_line_error_for_bad_input(tmp_path, make_input, message):
    status, out, err = run_cli("diff", make_input(tmp_path), NEW, "--out", tmp_path / "diff.html")
    assert status == 2 and not out
    assert err.startswith("ingest: error: ") and message in err and err.count("\n") == 1
    assert not (tmp_path / "diff.html").exists()


def test_diff_rejects_a_record_that_breaks_the_handbook_schema(tmp_path):
    record = load(OLD)
    del record["services"][0]["slas"]
    (tmp_path / "bad.json").write_text(json.dumps(record), encoding="utf-8")
    status, _, err = run_cli("diff", tmp_path / "bad.json", NEW, "--out", tmp_path / "diff.html")
    assert status == 2 and "does not match the handbook schema" in err


def test_compare_csv_has_number_unit_hours_and_evidence_columns(tmp_path):
    status, out, _ = run_cli("compare", CATALOG, "--out", tmp_path / "facts.csv")
    with open(tmp_path / "facts.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert status == 0 and "5 handbooks" in out
    assert list(rows[0]) == ["手册", "文件", "服务", "服务类别", "项目", "内容", "数值", "单位", "折合小时",
                             "手册原文", "页码", "起始字符", "结束字符"]
    sla = next(r for r in rows if r["文件"] == "001_411f35dbfb07ca5e.pdf" and r["项目"] == "服务时效")
    assert (sla["服务"], sla["内容"], sla["页码"]) == ("重大疾病住院护工", "≤3个工作日（服务方）", "2")
    assert (sla["数值"], sla["单位"], sla["折合小时"]) == ("3", "个工作日", "100.8")
    assert "3 个工作日内" in sla["手册原文"]
    assert {r["手册"] for r in rows} == {"众安 · 000_faba9cc386b65afa", "众安 · 001_411f35dbfb07ca5e",
                                             "安盛天平 · 002_fcd9fceb003ab718", "众安 · 尊享e生·中高端医疗保险PLUS",
                                             "004_a5dd15a8b2493174"}


def test_compare_csv_quotes_handbook_text_a_spreadsheet_would_run_as_formula(tmp_path):
    catalog = load(CATALOG)
    catalog["handbooks"][0]["services"][0]["name"] = "=HYPERLINK(\"http://x\")"
    (tmp_path / "catalog.json").write_text(json.dumps(catalog), encoding="utf-8")
    run_cli("compare", tmp_path / "catalog.json", "--out", tmp_path / "facts.csv")
    assert "'=HYPERLINK" in (tmp_path / "facts.csv").read_text(encoding="utf-8-sig")


def test_compare_markdown_has_matrix_table_with_footnoted_evidence(tmp_path):
    run_cli("compare", CATALOG, "--out", tmp_path / "report.md")
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    header = next(line for line in markdown.splitlines() if line.startswith("| 服务类别 | 众安"))
    assert header.count("|") == 7  # category + 5 handbooks
    assert "≤3个工作日（服务方）[^" in markdown
    assert "]: p.2 · 001\\_411f35dbfb07ca5e.pdf — “" in markdown


def test_compare_xlsx_asks_for_openpyxl_when_it_is_missing(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    status, _, err = run_cli("compare", CATALOG, "--out", tmp_path / "facts.xlsx")
    assert status == 2 and "install openpyxl for .xlsx" in err
    assert not (tmp_path / "facts.xlsx").exists()


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path_factory.mktemp("xlsx") / "compare.xlsx"
    assert run_cli("compare", CATALOG, "--out", path)[0] == 0
    return openpyxl.load_workbook(path)


def test_compare_xlsx_has_summary_matrix_and_facts_sheets(workbook):
    assert workbook.sheetnames == ["summary", "matrix", "facts"]
    summary = [cell for row in workbook["summary"].iter_rows(values_only=True) for cell in row if cell]
    assert "差异：并非每本手册都提供的服务" in summary and "只有一本手册提供的服务" in summary
    matrix = workbook["matrix"]
    assert [c.value for c in matrix[1]] == ["服务类别", "众安 · 000_faba9cc386b65afa", "众安 · 001_411f35dbfb07ca5e",
                                           "安盛天平 · 002_fcd9fceb003ab718", "众安 · 尊享e生·中高端医疗保险PLUS",
                                           "004_a5dd15a8b2493174"]
    nursing = next(row for row in matrix.iter_rows(values_only=True) if row[0] == "住院护工")
    assert "重大疾病住院护工\n服务时长: ≤30个自然日" in nursing[2] and matrix.freeze_panes == "B2"


def test_compare_xlsx_facts_sheet_has_one_filterable_row_per_fact_with_numbers_and_hours(workbook):
    facts = workbook["facts"]
    header = [c.value for c in facts[1]]
    assert facts.auto_filter.ref == facts.dimensions and facts.freeze_panes == "A2"
    assert "1个工作日 = 1.4个自然日 = 33.6 小时" in facts.cell(1, header.index("折合小时") + 1).comment.text
    rows = [dict(zip(header, row)) for row in facts.iter_rows(min_row=2, values_only=True)]
    sla = next(r for r in rows if r["文件"] == "001_411f35dbfb07ca5e.pdf" and r["项目"] == "服务时效")
    assert (sla["数值"], sla["单位"], sla["折合小时"], sla["页码"]) == (3, "个工作日", 100.8, 2)
    assert "3 个工作日内" in sla["手册原文"] and len(rows) > 100


def test_compare_reads_folders_and_keeps_each_handbook_once(tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    catalog = load(CATALOG)
    shutil.copy(CATALOG, folder / "catalog.json")
    (folder / "002.json").write_text(json.dumps(catalog["handbooks"][2]), encoding="utf-8")
    (folder / "run.json").write_text(json.dumps({"inputs": 5}), encoding="utf-8")
    status, out, _ = run_cli("compare", folder, "--out", tmp_path / "report.html")
    assert status == 0 and "compared 5 handbooks" in out


def test_compare_rejects_json_that_holds_no_handbooks(tmp_path):
    (tmp_path / "other.json").write_text(json.dumps({"inputs": 5}), encoding="utf-8")
    status, _, err = run_cli("compare", tmp_path / "other.json", "--out", tmp_path / "report.html")
    assert status == 2 and "is neither a handbook record" in err


def test_compare_asks_for_json_when_given_a_handbook_file(tmp_path):
    status, _, err = run_cli("compare", SEEDS / "000_faba9cc386b65afa.txt", "--out", tmp_path / "report.html")
    assert status == 2 and "run `ingest run` on handbook files first" in err


def _without_services(tmp_path):
    record = load(OLD)
    record["services"] = []
    (tmp_path / "empty.json").write_text(json.dumps(record), encoding="utf-8")
    return tmp_path / "empty.json"


@pytest.mark.parametrize("command", ["diff", "compare"])
def test_reports_refuse_a_handbook_without_services(tmp_path, command):
    empty = _without_services(tmp_path)
    inputs = (empty, NEW) if command == "diff" else (empty, CATALOG)
    status, out, err = run_cli(command, *inputs, "--out", tmp_path / "report.html")
    assert status == 2 and not out
    assert err == f"ingest: error: {empty}: holds 000_faba9cc386b65afa.txt with no service recognized; " \
                  "there is nothing to compare\n"


def test_diff_refuses_a_source_file_without_services(tmp_path):
    source = tmp_path / "intro.txt"
    source.write_text("公司简介\n\n本公司成立于一九九八年，总部位于上海。\n", encoding="utf-8")
    status, _, err = run_cli("diff", source, NEW, "--out", tmp_path / "diff.html")
    assert status == 2 and err == f"ingest: error: {source}: no service recognized (`ingest read` shows what was read)\n"


@pytest.mark.parametrize("command", ["diff", "compare"])
def test_report_out_that_is_a_folder_is_one_line_error(tmp_path, command):
    inputs = (OLD, NEW) if command == "diff" else (CATALOG,)
    status, out, err = run_cli(command, *inputs, "--out", tmp_path)
    assert status == 2 and not out
    assert err == f"ingest: error: {tmp_path}: is a folder; --out names the report file to write\n"


@pytest.mark.parametrize("name, first_line", [("report.csv", "手册,文件,"),
                                              ("report.md", "# "), ("report.htm", "<!DOCTYPE html>")])
def test_compare_format_follows_the_out_suffix(tmp_path, name, first_line):
    status, out, _ = run_cli("compare", CATALOG, "--out", tmp_path / name)
    assert status == 0
    assert (tmp_path / name).read_text(encoding="utf-8-sig").startswith(first_line)


def test_report_format_that_contradicts_the_out_suffix_is_an_error(tmp_path):
    status, _, err = run_cli("compare", CATALOG, "--out", tmp_path / "r.csv", "--format", "html")
    assert status == 2
    assert err == (f"ingest: error: {tmp_path / 'r.csv'}: --format html contradicts the .csv suffix "
                   "of --out; make them agree or drop --format\n")
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize("command, name, supported", [
    ("compare", "report.txt", "the .txt suffix names no format of this report: "
                              "use .html .htm .md .markdown .csv .xlsx or --format"),
    ("compare", "report.json", "the .json suffix names no format of this report"),
    ("diff", "report.csv", "the .csv suffix names no format of this report"),
    ("diff", "report", "a name without suffix names no format of this report: "
                       "use .html .htm .md .markdown .json or --format"),
])
def test_report_out_suffix_without_a_format_is_an_error_naming_the_supported_ones(
        tmp_path, command, name, supported):
    inputs = (OLD, NEW) if command == "diff" else (CATALOG,)
    status, out, err = run_cli(command, *inputs, "--out", tmp_path / name)
    assert status == 2 and not out and supported in err and err.count("\n") == 1
    assert not (tmp_path / name).exists()


SOURCE = ("# 健康服务手册\n\n## 一、就医陪诊服务\n\n1. 服务介绍\n本服务由专业陪诊人员提供。\n"
          "2. 服务细则\n整个保单年度内限2次，客户可拨打客服电话10109955申请。\n")


@pytest.mark.parametrize("record_first", [True, False])
def test_diff_of_a_saved_record_against_its_own_source_shows_no_changes(tmp_path, record_first):
    source = tmp_path / "handbook.txt"
    source.write_text(SOURCE, encoding="utf-8")
    assert run_cli("run", source, "--out", tmp_path / "out", "--no-cache")[0] == 0
    sides = (tmp_path / "out" / "handbook.json", source)
    status, out, _ = run_cli("diff", *(sides if record_first else sides[::-1]), "--out", tmp_path / "diff.json")
    assert (status, out.split(" →")[0]) == (0, "no changes")
