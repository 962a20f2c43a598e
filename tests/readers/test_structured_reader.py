"""A service list exported as JSON or YAML reads as one titled section per named record."""
from ingest.pipeline import handbook_record
from ingest.segment import segment

JSON_EXPORT = """{
  "product": "安康医疗保险（2024版）",
  "services": [
    {"服务名称": "视频问诊", "服务次数": "每保单年度12次", "服务时效": "发起问诊后3分钟内接诊"},
    {
      "服务名称": "住院垫付",
      "服务次数": "每保单年度2次",
      "申请渠道": "400-123-4567转3",
      "使用条件": ["等待期满后", "在二级及以上公立医院住院"]
    }
  ]
}
"""

YAML_EXPORT = """# 健康服务配置（导出）
product:
  name: 安康医疗保险（2024版）
services:
  - id: SVC-001
    service_name: 电话医生
    times_per_term: unlimited     # 保险期间内不限次
  - id: SVC-002
    service_name: 住院垫付
    eligibility:
      - 在二级及以上公立医院住院
  - id: SVC-003
    service_name: 海外第二诊疗意见
    enabled: false
    eligibility:
      - 初次确诊恶性肿瘤
support:
  hotline: "400-686-1355"
"""


def test_a_json_service_list_gives_one_service_per_named_record_with_its_facts(read_text):
    services = {s["name"]: s for s in handbook_record(read_text(JSON_EXPORT))["services"]}
    assert list(services) == ["视频问诊", "住院垫付"]
    assert [(u["count"], u["period"]) for u in services["住院垫付"]["usage_limits"]] == [(2, "policy_year")]
    assert {p["code"] for p in services["住院垫付"]["preconditions"]} >= {"waiting_period", "hospital_level"}
    assert [c["number"] for c in services["住院垫付"]["channels"]] == ["4001234567#3"]
    evidence = services["视频问诊"]["slas"][0]["evidence"]["text"]
    assert "3分钟内接诊" in evidence  # the file's own words


def test_a_yaml_list_keeps_its_lines_and_comments_and_a_record_switched_off_is_no_service(read_text):
    doc = read_text(YAML_EXPORT)
    headings = [(b.level, b.text) for b in doc.blocks if b.kind == "heading"]
    assert headings == [(1, "product"), (1, "services"), (2, "电话医生"), (2, "住院垫付"), (2, "海外第二诊疗意见"),
                        (1, "support")]
    assert [s.name for s in segment(doc)] == ["电话医生", "住院垫付"]
    phone_doctor = handbook_record(doc)["services"][0]
    assert phone_doctor["usage_limits"][0]["unlimited"] and phone_doctor["usage_limits"][0]["period"] == "policy_term"


def test_text_that_is_no_list_of_named_records_reads_as_plain_text(read_text):
    assert not any(b.kind == "heading" and b.text == "services" for b in read_text("Note: 本手册仅供参考\n\n视频问诊\n每年2次\n").blocks)
    doc = read_text("title: 健康服务手册\nversion: 2\n")  # data, but no list of records
    assert [b.text for b in doc.blocks][:1] == ["title: 健康服务手册"]
    assert read_text("services:\n  - [broken\n").blocks  # does not parse: plain text


def test_json_written_on_one_line_is_laid_out_a_value_a_line_first(read_text):
    import json

    one_line = json.dumps(json.loads(JSON_EXPORT), ensure_ascii=False, separators=(",", ":"))
    services = {s["name"]: s for s in handbook_record(read_text(one_line))["services"]}
    assert list(services) == ["视频问诊", "住院垫付"]
    assert [(u["count"], u["period"]) for u in services["住院垫付"]["usage_limits"]] == [(2, "policy_year")]


def test_records_keyed_by_their_names_are_services_too(read_text):
    doc = read_text("服务:\n  视频问诊:\n    次数: 每保单年度12次\n    时效: 发起后3分钟内接诊\n"
                    "  住院垫付:\n    次数: 每保单年度2次\n    渠道: 拨打400-123-4567转3\n客服: 95500\n")
    services = {s["name"]: s for s in handbook_record(doc)["services"]}
    assert list(services) == ["视频问诊", "住院垫付"]
    assert [c["number"] for c in services["住院垫付"]["channels"] if not c["inherited"]] == ["4001234567#3"]


def test_data_that_aliases_itself_over_and_over_or_nests_without_end_reads_as_text(read_text):
    import time

    laughs = "a: &a [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
    started = time.perf_counter()
    assert read_text(laughs).blocks and time.perf_counter() - started < 5
    assert read_text("services:\n" + "[" * 5000 + "]" * 5000 + "\n").blocks
