from ingest.pipeline import handbook_record
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


def test_sla_promise_comes_from_its_action_word(read_text):
    doc = read_text("## 就医绿通服务\n\n资料齐全后5个工作日内完成预约；医生在30分钟内回电；"
                    "审核通过后2个工作日内到院；收到资料后10个工作日内出具报告。请至少提前1个工作日申请。\n")
    (service,) = handbook_record(doc)["services"]
    assert {(s["value"], s["promise"]) for s in service["slas"]} == {
        (5, "arrangement"), (30, "contact"), (2, "arrival"), (10, "report"), (1, "application")}


def test_times_of_different_sub_items_are_no_contradiction_but_one_sub_items_are(read_text):
    doc = read_text("## 重疾绿色通道服务\n\n服务时效：\n(1) 专家门诊预约：资料齐全后5个工作日内完成预约；\n"
                    "(2) 住院床位协调：7个工作日内完成预约；\n(3) 手术安排：10-15个工作日内完成安排。\n\n"
                    "注意事项：手术安排原则上在10个工作日内完成安排。\n")
    findings = [f for f in handbook_record(doc)["findings"] if f["family"] == "slas"]
    assert len(findings) == 1 and sorted(findings[0]["values"]) == ["10 working_day", "10-15 working_day"]


def test_every_sentence_family_and_the_steps_table_are_read(read_text):
    doc = read_text("## 住院垫付服务\n\n被保险人可申请垫付住院押金，保险期间内不限次数。\n"
                    "请提交住院证及病历资料。\n挂号费由客户自行承担。\n服务时间为8:00-20:00。\n"
                    "服务对象：限被保险人本人。\n如需取消，请提前告知。\n\n步骤\t内容\n1\t拨打热线提出申请\n2\t提交资料\n")
    (service,) = handbook_record(doc)["services"]
    assert {family: len(service[family]) > 0 for family in (
        "description", "materials", "exclusions", "service_hours", "eligible_persons", "cancellation", "steps")} \
        == dict.fromkeys(("description", "materials", "exclusions", "service_hours", "eligible_persons",
                          "cancellation", "steps"), True)
    assert [s["text"] for s in service["steps"]] == ["拨打热线提出申请", "提交资料"]


def test_insurer_and_product_are_found_with_their_evidence(read_text):
    record = handbook_record(read_text("众安保险 健康服务手册\n适用于《尊享e生医疗保险》。\n\n## 视频问诊服务\n\n不限次数。\n"))
    assert record["insurer"]["name"] == "众安" and record["product"]["name"] == "尊享e生医疗保险"


def test_coverage_keeps_the_first_number_stated(read_text):
    doc = read_text("## 住院垫付服务\n\n服务覆盖全国83个城市。\n注：部分功能仅在20个城市开通。\n")
    (service,) = handbook_record(doc)["services"]
    assert service["coverage"]["cities"] == 83


def test_evidence_of_a_paged_handbook_names_its_page():
    from conftest import SOURCES
    from ingest.readers import read_document

    doc = read_document(next(SOURCES.glob("002_*.pdf")))
    facts = [item for service in handbook_record(doc)["services"] for family in ("usage_limits", "slas", "channels")
             for item in service[family]]
    assert facts and all(item["evidence"]["page"] for item in facts)


def test_hong_kong_wording_states_the_same_facts(read_text):
    """工作天, 等候期, 危疾, 受保人, 間, 節, 最少提前, an 8-digit hotline: the words of Hong Kong
    handbooks for what the rules know in mainland words."""
    doc = read_text("## 內地陪診服務\n\n受保人於等候期後確診危疾，只限受保人本人使用。此服務不限使用次數；"
                    "請最少提前3個工作天預約，並於收到報告後2個工作天內回覆。癌症康復指導每保單年度最多6節。"
                    "服務熱線：3183 1900；網絡覆蓋600多間三甲醫院。\n")
    (service,) = handbook_record(doc)["services"]
    assert {p["code"] for p in service["preconditions"]} >= {
        "waiting_period", "diagnosis_critical_illness", "insured_only"}
    assert sorted((s["value"], s["unit"], s["party"]) for s in service["slas"]) == [
        (2, "working_day", "provider"), (3, "working_day", "customer")]
    assert sorted((u["unlimited"], u["count"] or 0) for u in service["usage_limits"]) == [(False, 6), (True, 0)]
    assert [c["number"] for c in service["channels"]] == ["31831900"]
    assert service["coverage"]["hospitals"] == 600
