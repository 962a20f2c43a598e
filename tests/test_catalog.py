from ingest.catalog import handbook_record
from ingest.validate import validate, verify_evidence


def test_every_evidence_is_verbatim_text_of_the_handbook(read_text):
    from conftest import SEEDS

    for seed in SEEDS:
        doc = read_text(seed.read_bytes(), name=seed.name)
        record = handbook_record(doc)
        assert verify_evidence(record, doc.text) == []
        validate(record, "handbook")


def test_handbook_channels_are_inherited_by_services(read_text):
    doc = read_text("联系我们\n专属服务热线：021-38139960，欢迎来电。\n\n## 健康档案建立\n\n建立个人健康档案，用于疾病管理。\n")
    record = handbook_record(doc)
    assert [c["number"] for c in record["channels"]] == ["02138139960"]
    (channel,) = record["services"][0]["channels"]
    assert channel["inherited"] is True


def test_two_different_values_for_the_same_promise_become_a_finding(read_text):
    doc = read_text("## 住院垫付服务\n\n我们将审核，并在48个小时内反馈具体审核意见。\n\n"
                    "步骤\t内容\n2\t审核材料，并在 5个工作日内反馈具体审核意见。\n")
    record = handbook_record(doc)
    (finding,) = record["findings"]
    assert finding["family"] == "slas" and set(finding["values"]) == {"48 hour", "5 working_day"}
    assert all(doc.text[e["start"]:e["end"]] == e["text"] for e in finding["evidence"])


def test_conflicting_hospital_levels_become_a_finding(read_text):
    doc = read_text("## 住院垫付服务\n\n被保险人须在三级及以上公立医院住院。\n\n(1) 被保险人在二级及二级以上公立医院住院可申请。\n")
    (finding,) = handbook_record(doc)["findings"]
    assert finding["family"] == "preconditions" and set(finding["values"]) == {"三级及以上", "二级及以上"}


def test_verify_evidence_drops_values_whose_words_moved(read_text):
    doc = read_text("## 陪诊服务\n\n整个保单年度内限2次。\n")
    record = handbook_record(doc)
    record["services"][0]["usage_limits"][0]["evidence"]["start"] += 1
    warnings = verify_evidence(record, doc.text)
    assert len(warnings) == 1 and record["services"][0]["usage_limits"] == []


def test_handbook_without_services_is_partial_with_a_warning(read_text):
    record = handbook_record(read_text("尊敬的客户：感谢您的信任。\n"))
    assert record["status"] == "partial" and record["services"] == []
    assert "no service recognized" in record["warnings"][0]
