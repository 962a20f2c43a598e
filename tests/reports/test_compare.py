"""`ingest compare`'s view: the category × handbook matrix and its summary, on the five seeds."""
from __future__ import annotations

import pytest

from ingest.reports.compare import build_comparison
from ingest.reports.load import Handbook
from ingest.reports.render import render
from ingest.schemas import load_schema
from report_records import CATALOG, handbook, load, service, sla


@pytest.fixture(scope="module")
def catalog() -> dict:
    return load(CATALOG)


@pytest.fixture(scope="module")
def view(catalog) -> dict:
    return build_comparison([Handbook(record) for record in catalog["handbooks"]], "zh")


def cell(view: dict, category: str, document: str) -> dict:
    row = next(r for r in view["rows"] if r["category"] == category)
    index = next(i for i, c in enumerate(view["columns"]) if c["document"] == document)
    return row["cells"][index]


def test_compare_matrix_lists_every_category_of_the_seeds(view, catalog):
    offered = {s["category"] for record in catalog["handbooks"] for s in record["services"]}
    taxonomy = load_schema("handbook")["$defs"]["category"]["enum"]
    assert [row["category"] for row in view["rows"]] == [c for c in taxonomy if c in offered]
    assert all(len(row["cells"]) == 5 for row in view["rows"])


def test_compare_columns_are_labelled_by_insurer_and_product_or_document(view):
    assert [c["label"] for c in view["columns"]] == [
        "众安 · 000_faba9cc386b65afa", "众安 · 001_411f35dbfb07ca5e", "安盛天平 · 002_fcd9fceb003ab718",
        "众安 · 尊享e生·中高端医疗保险PLUS", "004_a5dd15a8b2493174"]


def test_compare_cell_lists_every_service_of_its_category(view):
    drugs = cell(view, "specialty_drug", "001_411f35dbfb07ca5e.pdf")
    assert drugs["offered"] and [s["name"]["text"] for s in drugs["services"]] == ["肿瘤特药服务", "罕见病特药服务"]
    assert not cell(view, "specialty_drug", "004_a5dd15a8b2493174.docx")["offered"]


def test_compare_cell_values_carry_evidence_page_and_document(view):
    nursing = cell(view, "inpatient_care", "001_411f35dbfb07ca5e.pdf")["services"][0]
    shown = {f["field"]: f["shown"] for f in nursing["fields"]}
    value = shown["duration_limits"][0]
    assert value["text"] == "≤30个自然日" and value["document"] == "001_411f35dbfb07ca5e.pdf"
    assert value["evidence"]["page"] == 2 and "30 日" in value["evidence"]["text"]


def test_compare_lists_provider_slas_before_customer_slas():
    view = build_comparison([handbook(service(slas=[sla(1, party="customer"), sla(5), sla(2)]))], "zh")
    slas = view["rows"][0]["cells"][0]["services"][0]["fields"][0]["shown"]
    assert [v["text"] for v in slas] == ["≤2个工作日（服务方）", "≤5个工作日（服务方）", "≤1个工作日（客户）"]


def test_compare_summary_names_categories_only_one_handbook_offers(view):
    only_one = {(item["label"], item["handbook"]) for item in view["summary"]["only_one"]}
    assert ("家财服务", "众安 · 001_411f35dbfb07ca5e") in only_one
    assert ("家庭医生", "004_a5dd15a8b2493174") in only_one
    assert not any(label == "住院垫付" for label, _ in only_one)


def test_compare_summary_finds_fastest_and_slowest_provider_sla_per_category(view):
    advance = next(i for i in view["summary"]["sla_extremes"] if i["category"] == "advance_payment")
    assert (advance["fastest"]["value"]["text"], advance["fastest"]["handbook"]) == (
        "≤30分钟（服务方）", "004_a5dd15a8b2493174")
    assert (advance["slowest"]["value"]["text"], advance["slowest"]["handbook"]) == (
        "≤15个工作日（服务方）", "安盛天平 · 002_fcd9fceb003ab718")
    assert "1个工作日 = 1.4个自然日 = 33.6 小时" in view["unit_note"]


def test_compare_summary_shows_each_contradiction_with_both_evidences(view):
    finding = next(f for f in view["summary"]["findings"] if f["service"] == "住院垫付服务")
    assert [v["text"] for v in finding["stated"]] == ["48小时", "5个工作日"]
    assert [v["evidence"]["page"] for v in finding["stated"]] == [4, 39]


def test_compare_summary_names_categories_some_but_not_all_handbooks_offer(view):
    escort = next(item for item in view["summary"]["differs"] if item["label"] == "陪诊")
    assert len(escort["offered"]) + len(escort["missing"]) == 5 and escort["offered"] and escort["missing"]
    assert not any(item["label"] == "住院垫付" for item in view["summary"]["differs"])  # all five offer it


@pytest.mark.parametrize("fmt, summary, matrix", [("html", "<h2>摘要</h2>", "<h2>服务矩阵</h2>"),
                                                  ("md", "## 摘要", "## 服务矩阵")])
def test_compare_report_puts_the_summary_above_the_matrix(view, fmt, summary, matrix):
    report = render(view, fmt)
    assert report.index(summary) < report.index("差异：并非每本手册都提供的服务") < report.index(
        "同类承诺谁最快") < report.index(matrix)


def test_compare_ranks_provider_slas_only_against_the_same_kind_of_promise():
    first = handbook(service(slas=[{**sla(30, "minute"), "promise": "contact"}, {**sla(5), "promise": "arrangement"}]),
                     document="a.txt", insurer="甲保险")
    second = handbook(service(slas=[{**sla(3), "promise": "arrangement"}]), document="b.txt", insurer="乙保险")
    extremes = {item["promise"]: item for item in build_comparison([first, second], "zh")["summary"]["sla_extremes"]}
    assert set(extremes) == {"contact", "arrangement"}
    arrangement = extremes["arrangement"]
    assert (arrangement["fastest"]["hours"], arrangement["slowest"]["hours"]) == pytest.approx((3 * 33.6, 5 * 33.6))
    assert "安排或预约" in arrangement["label"]
