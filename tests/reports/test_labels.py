"""Reports speak the reader's language: every code of the handbook schema has a zh and an en
label, Chinese handbooks get Chinese reports, and no raw code reaches the visible text."""
from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from ingest.reports.compare import build_comparison
from ingest.reports.facts import LANGUAGES, labels, report_language
from ingest.schemas import load_schema
from report_records import CATALOG, NEW, OLD, handbook, precondition, run_cli, service, sla, usage

DEFS = load_schema("handbook")["$defs"]
SCHEMA_CODES = {  # labels.json section → the codes the handbook schema allows there
    "category": DEFS["category"]["enum"],
    "precondition_code": DEFS["precondition_code"]["enum"],
    "time_unit": DEFS["time_unit"]["enum"],
    "period": [p for p in DEFS["usage_limit"]["properties"]["period"]["enum"] if p],
    "party": DEFS["sla"]["properties"]["party"]["enum"],
    "promise": DEFS["sla_promise"]["enum"],
    "channel": DEFS["channel"]["properties"]["type"]["enum"],
    "coverage": [k for k in DEFS["coverage"]["properties"] if k != "evidence"],
    "family": DEFS["finding"]["properties"]["family"]["enum"],
}
CODES = sorted({code for codes in SCHEMA_CODES.values() for code in codes}, key=len, reverse=True)
RAW_CODE = re.compile(r"(?<![A-Za-z_])(" + "|".join(map(re.escape, CODES)) + r")(?![A-Za-z_])")


@pytest.mark.parametrize("section", SCHEMA_CODES)
def test_labels_name_every_code_of_the_handbook_schema_in_every_language(section):
    missing = [(code, lang) for code in SCHEMA_CODES[section] for lang in LANGUAGES
               if not labels()[section].get(code, {}).get(lang)]
    assert not missing, f"labels.json `{section}` lacks {missing}"


def test_labels_of_one_kind_read_differently_for_each_code():
    for section in ("category", "precondition_code"):
        for lang in LANGUAGES:
            shown = [labels()[section][code][lang] for code in SCHEMA_CODES[section]]
            assert len(set(shown)) == len(shown), (section, lang)


def _cell(lang: str, **families) -> dict:
    view = build_comparison([handbook(service("住院垫付服务", "advance_payment", **families))], lang)
    row = view["rows"][0]
    return {"category": row["label"], "fields": {f["label"]: [v["text"] for v in f["shown"]]
                                                 for f in row["cells"][0]["services"][0]["fields"]}}


FAMILIES = dict(slas=[sla(5)], usage_limits=[usage(1)],
                preconditions=[precondition("hospital_level", "二级及以上医院") | {"value": "二级及以上"}])


def test_compare_speaks_chinese_for_chinese_handbooks():
    assert _cell("zh", **FAMILIES) == {"category": "住院垫付", "fields": {
        "服务次数": ["每保单年度1次"], "服务时效": ["≤5个工作日（服务方）"], "使用条件": ["医院等级：二级及以上"]}}


def test_compare_speaks_english_with_lang_en():
    assert _cell("en", **FAMILIES) == {"category": "Advance payment", "fields": {
        "uses": ["1 per policy year"], "SLA": ["≤ 5 working days (provider)"],
        "conditions": ["hospital grade: 二级及以上"]}}


def test_report_language_is_chinese_by_default_for_chinese_handbooks(tmp_path):
    run_cli("compare", CATALOG, "--out", tmp_path / "zh.md")
    run_cli("compare", CATALOG, "--out", tmp_path / "en.md", "--lang", "en")
    assert (tmp_path / "zh.md").read_text(encoding="utf-8").startswith("# 健康服务手册对比")
    assert (tmp_path / "en.md").read_text(encoding="utf-8").startswith("# Handbook comparison")
    run_cli("diff", OLD, NEW, "--out", tmp_path / "diff-zh.md")
    run_cli("diff", OLD, NEW, "--out", tmp_path / "diff-en.md", "--lang", "en")
    assert (tmp_path / "diff-zh.md").read_text(encoding="utf-8").startswith("# 健康服务手册变更对比")
    assert "**6 unfavorable · 12 favorable" in (tmp_path / "diff-en.md").read_text(encoding="utf-8")


def test_report_language_is_english_for_handbooks_written_in_english():
    english = handbook(service("Second opinion", "second_opinion"), service("Escort", "escort"))
    assert report_language([english.record]) == "en"
    assert report_language([handbook(service("第二诊疗意见", "second_opinion")).record]) == "zh"


class _VisibleText(HTMLParser):
    """The text a reader sees: no tags, attributes, styles or head."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("style", "head")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("style", "head")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def _visible(path) -> str:
    if path.suffix == ".html":
        parser = _VisibleText()
        parser.feed(path.read_text(encoding="utf-8"))
        return "\n".join(parser.parts)
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path)
        return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    if path.suffix == ".csv":
        return "\n".join(",".join(row) for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return re.sub(r"\\(.)", r"\1", path.read_text(encoding="utf-8"))  # Markdown escapes removed


@pytest.mark.parametrize("command, name", [("compare", "report.html"), ("compare", "report.md"),
                                           ("compare", "report.csv"), ("compare", "report.xlsx"),
                                           ("diff", "diff.html"), ("diff", "diff.md")])
def test_chinese_reports_show_no_raw_codes(tmp_path, command, name):
    if name.endswith(".xlsx"):
        pytest.importorskip("openpyxl")
    inputs = (CATALOG,) if command == "compare" else (OLD, NEW)
    run_cli(command, *inputs, "--out", tmp_path / name)
    assert RAW_CODE.findall(_visible(tmp_path / name)) == []


def test_raw_code_check_sees_a_code_in_visible_text():
    assert RAW_CODE.findall("≤5 working_day · advance_payment · 5个工作日") == ["working_day", "advance_payment"]


def test_diff_json_keeps_codes_for_machines(tmp_path):
    run_cli("diff", OLD, NEW, "--out", tmp_path / "diff.json")
    data = json.loads((tmp_path / "diff.json").read_text(encoding="utf-8"))
    assert "display" not in data and {s["category"] for s in data["services"]} >= {"advance_payment"}
