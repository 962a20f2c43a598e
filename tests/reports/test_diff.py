"""`ingest diff`: matching services, judging changes for the insured, and seeds 000 → 001."""
from __future__ import annotations

import json

import pytest

from ingest.reports.diff import diff_handbooks, mismatches, word_diff
from ingest.reports.load import Handbook, load_handbook
from ingest.reports.render import render
from report_records import (NEW, OLD, SEEDS, evidence, handbook, hotline, load, precondition, run_cli, service,
                            sla, text_item, usage)


def changes_of(old: dict, new: dict) -> list[dict]:
    """The changes of one service's values (its text changes too, with the words of its values)."""
    return [c for c in diff_handbooks(handbook(old), handbook(new), "zh")["changes"] if c["kind"] != "wording_changed"]


def only_change(old: dict, new: dict) -> dict:
    changes = changes_of(old, new)
    assert len(changes) == 1, changes
    return changes[0]


@pytest.fixture(scope="module")
def seeds_diff() -> dict:
    return diff_handbooks(Handbook(load(OLD)), Handbook(load(NEW)), "zh")


def changes_for(diff: dict, service_name: str) -> list[dict]:
    return [c for c in diff["changes"] if c["service"] == service_name]


# -- judging one change -------------------------------------------------------------------

def test_diff_classifies_longer_sla_as_unfavorable():
    change = only_change(service(slas=[sla(3)]), service(slas=[sla(5)]))
    assert (change["kind"], change["classification"]) == ("value_changed", "unfavorable")
    assert (change["old"]["value"], change["new"]["value"]) == ("≤3个工作日（服务方）", "≤5个工作日（服务方）")


def test_diff_classifies_shorter_provider_sla_as_favorable():
    assert only_change(service(slas=[sla(5)]), service(slas=[sla(48, "hour")]))["classification"] == "favorable"


def test_diff_compares_sla_units_with_working_days_as_1_4_natural_days():
    # 2 working days ≈ 2.8 natural days, shorter than 3 natural days
    assert only_change(service(slas=[sla(2)]), service(slas=[sla(3, "natural_day")]))["classification"] \
        == "unfavorable"


def test_diff_leaves_customer_deadlines_neutral():
    change = only_change(service(slas=[sla(3, party="customer")]), service(slas=[sla(5, party="customer")]))
    assert change["classification"] == "neutral"


def test_diff_classifies_fewer_uses_and_a_new_limit_as_unfavorable():
    assert only_change(service(usage_limits=[usage(2)]), service(usage_limits=[usage(1)]))["classification"] \
        == "unfavorable"
    assert only_change(service(usage_limits=[usage(None)]), service(usage_limits=[usage(3)]))["classification"] \
        == "unfavorable"
    assert only_change(service(), service(usage_limits=[usage(3)]))["classification"] == "unfavorable"
    assert only_change(service(usage_limits=[usage(1)]), service(usage_limits=[usage(None)]))["classification"] \
        == "favorable"


def test_diff_classifies_shorter_duration_limit_as_unfavorable():
    def limit(days):
        return {"value": days, "unit": "natural_day", "rule": "test", "evidence": evidence(f"不超过{days}日")}
    assert only_change(service(duration_limits=[limit(30)]), service(duration_limits=[limit(5)]))[
        "classification"] == "unfavorable"


def test_diff_classifies_lost_channel_as_unfavorable_and_new_channel_as_favorable():
    changes = changes_of(service(channels=[hotline("952299")]), service(channels=[hotline("10109955")]))
    assert [(c["kind"], c["classification"], (c["old"] or c["new"])["value"]) for c in changes] == [
        ("value_removed", "unfavorable", "热线 952299"), ("value_added", "favorable", "热线 10109955")]


def test_diff_classifies_new_precondition_and_exclusion_as_unfavorable():
    changes = changes_of(service(), service(preconditions=[precondition("diagnosis_critical_illness", "因重大疾病住院")],
                                            exclusions=[text_item("不包含留观室")]))
    assert {(c["field"], c["kind"], c["classification"]) for c in changes} == {
        ("preconditions", "value_added", "unfavorable"), ("exclusions", "value_added", "unfavorable")}


def _condition(code: str, words: str, value: str, number: float) -> dict:
    return {**precondition(code, words), "value": value, "number": number}


@pytest.mark.parametrize("code, old, new", [
    ("hospital_level", ("二级及以上", 2), ("三级及以上", 3)),
    ("cost_threshold", ("1万元", 10000), ("2万元", 20000)),
    ("waiting_period", ("90天", 90), ("180天", 180)),
])
def test_diff_classifies_a_stricter_stated_condition_as_unfavorable(code, old, new):
    before = service(preconditions=[_condition(code, f"条件{old[0]}", *old)])
    after = service(preconditions=[_condition(code, f"条件{new[0]}", *new)])
    assert only_change(before, after)["classification"] == "unfavorable"
    assert only_change(after, before)["classification"] == "favorable"


def test_diff_classifies_smaller_coverage_as_unfavorable():
    def covering(cities):
        return service(coverage={"cities": cities, "provinces": None, "hospitals": None,
                                 "evidence": {"cities": evidence(f"{cities}个城市")}})
    change = only_change(covering(241), covering(83))
    assert (change["classification"], change["summary"]) == ("unfavorable", "服务范围：241个城市 → 83个城市")


def test_diff_reports_a_reworded_condition_with_both_evidences():
    change = only_change(service(preconditions=[precondition("cost_threshold", "费用达到或超过社保内1万元")]),
                         service(preconditions=[precondition("cost_threshold", "费用超过产品免赔额")]))
    assert (change["kind"], change["classification"]) == ("value_reworded", "neutral")
    assert change["old"]["evidence"][0]["text"] == "费用达到或超过社保内1万元"
    assert change["new"]["evidence"][0]["text"] == "费用超过产品免赔额"


def test_diff_lists_unfavorable_changes_first():
    old = service(slas=[sla(3)], channels=[hotline("952299")])
    new = service(slas=[sla(1)], channels=[hotline("952299"), hotline("10109955")], exclusions=[text_item("不含产科")])
    assert [c["classification"] for c in changes_of(old, new)] == ["unfavorable", "favorable", "favorable"]


# -- matching services ----------------------------------------------------------------------

def test_diff_matches_services_by_name_ignoring_numbering_and_the_word_service():
    diff = diff_handbooks(handbook(service("3. 重疾绿通服务", "green_channel")),
                          handbook(service("重疾绿通", "green_channel")), "zh")
    assert [s["status"] for s in diff["services"]] == ["renamed"]


def test_diff_renames_only_within_one_category():
    diff = diff_handbooks(handbook(service("住院护工服务", "inpatient_care")),
                          handbook(service("住院护工服务", "home_nursing")), "zh")
    assert sorted(s["status"] for s in diff["services"]) == ["added", "removed"]
    assert {c["kind"]: c["classification"] for c in diff["changes"]} == {
        "service_removed": "unfavorable", "service_added": "favorable"}


def test_diff_treats_dissimilar_names_of_one_category_as_different_services():
    diff = diff_handbooks(handbook(service("肿瘤特药服务", "specialty_drug")),
                          handbook(service("罕见病用药直付", "specialty_drug")), "zh")
    assert sorted(s["status"] for s in diff["services"]) == ["added", "removed"]


def test_word_diff_marks_jieba_tokens_inserted_and_deleted():
    runs = word_diff("提供单次不超过5日的住院护工服务", "提供累计不超过30日的住院护工服务")
    assert {"op": "delete", "text": "单次"} in runs and {"op": "insert", "text": "累计"} in runs
    assert "".join(r["text"] for r in runs if r["op"] != "insert") == "提供单次不超过5日的住院护工服务"
    assert "".join(r["text"] for r in runs if r["op"] != "delete") == "提供累计不超过30日的住院护工服务"


def test_word_diff_tokens_keep_service_terms_of_the_taxonomy_whole():
    from ingest.reports.diff import _tokens

    tokens = _tokens("可申请质子重离子治疗及第二诊疗意见服务")
    assert "质子重离子" in tokens and "第二诊疗意见" in tokens


def test_diff_reports_show_word_diff_as_ins_del_and_markdown_markers():
    def nursing(words):
        return service(description=[text_item(words)])
    diff = diff_handbooks(handbook(nursing("提供单次不超过5日的住院护工服务")),
                          handbook(nursing("提供累计不超过30日的住院护工服务")), "zh")
    html, markdown = render(diff, "html"), render(diff, "md")
    assert "<del>单次</del>" in html and "<ins>累计</ins>" in html
    assert "[-单次-]" in markdown and "{+累计+}" in markdown


# -- seeds 000 → 001: two editions of one insurer's handbook ----------------------------------

def test_diff_000_to_001_finds_nursing_care_limit_5_to_30_days(seeds_diff):
    changes = changes_for(seeds_diff, "重大疾病住院护工")
    rename = next(c for c in changes if c["kind"] == "service_renamed")
    assert (rename["old"]["value"], rename["new"]["value"]) == ("住院护工服务", "重大疾病住院护工")
    duration = next(c for c in changes if c["field"] == "duration_limits")
    assert (duration["old"]["value"], duration["new"]["value"]) == ("≤5个自然日", "≤30个自然日")
    assert duration["classification"] == "favorable"
    assert "不超过5日" in duration["old"]["evidence"][0]["text"]
    assert "不超过 30 日" in duration["new"]["evidence"][0]["text"]


def test_diff_000_to_001_nursing_care_now_requires_a_critical_illness(seeds_diff):
    condition = next(c for c in changes_for(seeds_diff, "重大疾病住院护工")
                     if c["field"] == "preconditions" and c["kind"] == "value_added")
    assert (condition["new"]["value"], condition["classification"]) == ("确诊重疾", "unfavorable")
    assert "因重大疾病住院" in condition["new"]["evidence"][0]["text"]


def test_diff_000_to_001_lists_added_services(seeds_diff):
    added = {s["new_name"] for s in seeds_diff["services"] if s["status"] == "added"}
    assert added == {"海南国际特药服务", "罕见病特药服务", "术后家庭护理服务", "图文咨询服务", "视频问诊服务",
                     "癌症早筛服务", "药惠购服务", "尊享家财服务"}


def test_diff_000_to_001_lists_removed_services_as_unfavorable(seeds_diff):
    removed = [c for c in seeds_diff["changes"] if c["kind"] == "service_removed"]
    assert {c["service"] for c in removed} == {"用药前基因检测", "就医陪诊服务", "臻选健康管理服务（限臻选版计划使用）"}
    assert {c["classification"] for c in removed} == {"unfavorable"}


def test_diff_000_to_001_keeps_unchanged_services_out_of_the_changes(seeds_diff):
    unchanged = {s["new_name"] for s in seeds_diff["services"] if s["status"] == "unchanged"}
    assert unchanged == {"重疾绿通服务", "质子重离子服务"}
    assert not changes_for(seeds_diff, "重疾绿通服务")


def test_diff_000_to_001_specialty_drug_hotline_952299_disappears_as_unfavorable(seeds_diff):
    lost = [c for c in changes_for(seeds_diff, "肿瘤特药服务") if c["kind"] == "value_removed"]
    assert {(c["old"]["value"], c["classification"]) for c in lost} == {
        ("热线 952299", "unfavorable"), ("小程序 众安健康", "unfavorable")}
    assert seeds_diff["changes"][0]["classification"] == "unfavorable"


def test_diff_000_to_001_shows_the_new_cost_threshold_wording_of_advance_payment(seeds_diff):
    threshold = next(c for c in changes_for(seeds_diff, "医疗垫付服务") if c["kind"] == "value_reworded")
    assert threshold["old"]["value"] == "费用门槛"
    assert "社保内1万元或社保外1万元" in threshold["old"]["evidence"][0]["text"]
    assert "超过产品免赔额" in threshold["new"]["evidence"][0]["text"]


def test_diff_000_to_001_word_diff_shows_tumour_condition_without_severe_stage(seeds_diff):
    tumour = next(s for s in seeds_diff["services"] if s["new_name"] == "肿瘤特药服务")
    deleted = "".join(r["text"] for r in tumour["word_diff"] if r["op"] == "delete")
    inserted = "".join(r["text"] for r in tumour["word_diff"] if r["op"] == "insert")
    assert "重度" in deleted and "952299" in deleted
    assert "专家门诊" in inserted


def test_diff_ingests_source_files_and_diffs_their_section_text():
    old, new = (load_handbook(SEEDS / path.with_suffix(".txt").name) for path in (OLD, NEW))
    assert old.sections and new.sections
    diff = diff_handbooks(old, new, "zh")
    duration = next(c for c in diff["changes"] if c["field"] == "duration_limits")
    assert (duration["service"], duration["old"]["value"], duration["new"]["value"]) == (
        "重大疾病住院护工", "≤5个自然日", "≤30个自然日")
    advance = next(s for s in diff["services"] if s["new_name"] == "医疗垫付服务")
    assert "超过产品免赔额" in "".join(r["text"] for r in advance["word_diff"] if r["op"] == "insert")


# -- two sides that are not two editions of one handbook --------------------------------------

def _other_insurer(tmp_path):
    record = load(NEW)
    record["insurer"]["name"] = "平安"
    record["product"] = {"name": "好医保", "evidence": evidence("好医保")}
    (tmp_path / "other.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return tmp_path / "other.json"


def test_diff_warns_at_the_top_when_the_sides_are_different_insurers(tmp_path):
    other = _other_insurer(tmp_path)
    run_cli("diff", OLD, other, "--out", tmp_path / "diff.html")
    run_cli("diff", OLD, other, "--out", tmp_path / "diff.md")
    html, markdown = (tmp_path / "diff.html").read_text(encoding="utf-8"), (tmp_path / "diff.md").read_text(encoding="utf-8")
    warning = html.index('<div class="mismatch" role="alert">')
    assert warning < html.index('<div class="editions">') and "保险公司: 众安 ≠ 平安" in html[warning:]
    assert "> **注意：两边不是同一本手册的两个版本**: 保险公司 众安 ≠ 平安." in markdown.split("## ")[0]


def test_diff_warns_when_the_products_differ_and_not_for_two_editions():
    old, new = Handbook(load(OLD)), Handbook(load(NEW))
    assert mismatches(old, new) == []
    new.record["product"] = {"name": "好医保", "evidence": evidence("好医保")}
    old.record["product"] = {"name": "尊享e生", "evidence": evidence("尊享e生")}
    assert mismatches(old, new) == [{"what": "product", "old": "尊享e生", "new": "好医保"}]
    assert 'class="mismatch"' not in render(diff_handbooks(Handbook(load(OLD)), Handbook(load(NEW)), "zh"), "html")
