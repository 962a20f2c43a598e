import pytest

from ingest.extractors.coverage import CoverageExtractor
from ingest.extractors.preconditions import PreconditionExtractor


def _codes(view):
    return {f.value["code"] for f in PreconditionExtractor()(view)}


def test_precondition_extractor_reads_common_conditions(service_view):
    view = service_view("保单有效期内且等待期后，被保险人因初次罹患保障范围内的恶性肿瘤，可申请二级及二级以上"
                        "社保定点公立医院普通部的服务（如被保险人已住院，则不能申请）。")
    assert _codes(view) == {"policy_in_force", "waiting_period", "first_diagnosis",
                            "diagnosis_malignant_tumor", "hospital_level", "social_insurance_designated",
                            "public_hospital", "general_department", "not_yet_admitted"}


def test_precondition_extractor_lists_covered_disease_only_without_a_named_class(service_view):
    assert "diagnosis_covered_disease" in _codes(service_view("被保险人所患疾病为保险保障范围内的疾病。"))
    codes = _codes(service_view("确诊罹患重大疾病为保险保障范围内的疾病。"))
    assert "diagnosis_critical_illness" in codes and "diagnosis_covered_disease" not in codes


def test_the_grade_of_the_hospitals_doctors_work_in_describes_the_doctors(service_view):
    assert _codes(service_view("问诊医生均为二级及以上医院执业医师。")) == set()
    assert "hospital_level" in _codes(service_view("经二级及以上医院确诊的被保险人可申请。"))
    assert "hospital_level" in _codes(service_view("持三级医院专科医生开具处方的被保险人。"))  # a paper its doctor issues


def test_the_grade_of_the_hospitals_a_network_counts_describes_the_network(service_view):
    assert _codes(service_view("精选全国 31 个省/直辖市的近 1000 家二级及二级以上公立医院（覆盖范围持续增加）。")) == set()
    assert "public_hospital" in _codes(service_view("在二级及以上公立医院住院的被保险人可申请。"))


def test_precondition_extractor_ignores_descriptive_mentions(service_view):
    view = service_view("提供疾病诊断、用药处方等诊疗服务，可减少患者出院后往返医院次数，由多家公立三甲医院设计。")
    assert _codes(view) == set()


def test_a_grade_of_the_hospital_one_is_treated_in_and_an_earlier_service_are_conditions(service_view):
    assert _codes(service_view("在三级公立医院住院治疗的被保险人，体检套餐限本人使用。")) == {
        "hospital_level", "public_hospital", "hospitalization", "insured_only"}
    assert "prior_service" in _codes(service_view("通过「重疾住院绿通」安排入院的被保险人，出院后可获得随访。"))
    assert "prior_service" not in _codes(service_view("资料齐全后安排服务，并通过短信告知服务安排结果。"))


def test_precondition_extractor_reads_addon_from_the_name_qualifier(read_text):
    from ingest.pipeline import handbook_record

    doc = read_text("臻选健康管理服务（限臻选版计划使用）\n包括5项可选服务，选定后不得变更。\n")
    (service,) = handbook_record(doc)["services"]
    assert {p["code"] for p in service["preconditions"]} == {"addon_required"}


def test_coverage_extractor_reads_cities_provinces_and_hospitals(service_view):
    facts = CoverageExtractor()(service_view("覆盖全国 31 个省份，近 100 个城市，900 多家重点综合医院。"))
    assert {(f.value["key"], f.value["value"]) for f in facts} == {
        ("provinces", 31), ("cities", 100), ("hospitals", 900)}


def test_coverage_extractor_reads_numbers_written_in_chinese(service_view):
    facts = CoverageExtractor()(service_view("我们目前覆盖全国一百八十多个城市、三十一个省份，在一家医院就诊即可。"))
    assert {(f.value["key"], f.value["value"]) for f in facts} == {("cities", 180), ("provinces", 31)}


def test_coverage_extractor_reads_a_count_after_its_word(service_view):
    facts = CoverageExtractor()(service_view("覆盖全国300个城市，合作医院2,500余家。合作质子重离子治疗机构共4家。"))
    assert {(f.value["key"], f.value["value"]) for f in facts} == {("cities", 300), ("hospitals", 2500), ("hospitals", 4)}
    facts = CoverageExtractor()(service_view("coverage: {cities: 210, hospitals: 2300}"))  # a data export's keys
    assert {(f.value["key"], f.value["value"]) for f in facts} == {("cities", 210), ("hospitals", 2300)}
    facts = CoverageExtractor()(service_view("提交合作海外医疗机构（共9家）审阅。合作机构共6家。服务城市：60个"))
    assert {(f.value["key"], f.value["value"]) for f in facts} == {("hospitals", 9), ("hospitals", 6), ("cities", 60)}


def test_coverage_extractor_reads_english_counts(service_view):
    facts = CoverageExtractor()(service_view("Our network covers 140 cities and 1,500 hospitals in 28 provinces."))
    assert {(f.value["key"], f.value["value"]) for f in facts} == {("cities", 140), ("hospitals", 1500), ("provinces", 28)}


def test_coverage_extractor_reads_a_posters_short_forms(service_view):
    facts = CoverageExtractor()(service_view("覆盖120城\n2000+家三甲医院\n城际转诊"))
    assert {(f.value["key"], f.value["value"]) for f in facts} == {("cities", 120), ("hospitals", 2000)}


def _codes(view):
    from ingest.extractors.preconditions import PreconditionExtractor

    return {f.value["code"] for f in PreconditionExtractor()(view)}


def test_policy_term_is_a_condition_only_where_it_qualifies_who_may_use(service_view):
    assert "policy_in_force" in _codes(service_view("保单有效期内的被保险人可申请。"))
    assert "policy_in_force" in _codes(service_view("保险期间内且等待期满后的被保险人本人。"))
    assert "policy_in_force" not in _codes(service_view("服务次数：保险期间内1次。"))
    assert "policy_in_force" not in _codes(service_view("保单有效期内不限次数。"))


def test_hospital_grade_of_the_network_or_of_what_is_arranged_is_no_condition(service_view):
    assert _codes(service_view("被保险人须在二级及以上公立医院住院。")) >= {"hospital_level", "public_hospital"}
    assert not _codes(service_view("合作网络覆盖2,000余家二级及以上医院。")) & {"hospital_level"}
    assert not _codes(service_view("可申请三级及以上公立医院普通部的门诊预约。")) & {
        "hospital_level", "public_hospital", "general_department"}
    assert "hospital_level" not in _codes(service_view("由国家二级及以上心理咨询师提供疏导。"))


def test_a_prescription_is_a_condition_but_not_prescribing_none(service_view):
    assert "prescription" in _codes(service_view("持二级及以上医院专科医生开具的处方购买药品。"))
    assert "prescription" not in _codes(service_view("在线问诊不开具处方药。"))


def test_discharge_surgery_and_plans_stated_as_conditions(service_view):
    assert _codes(service_view("被保险人住院并接受手术治疗，出院后由护士上门。")) >= {"surgery", "after_discharge"}
    assert "after_discharge" not in _codes(service_view("可减少患者出院后往返医院次数。"))
    assert "addon_required" in _codes(service_view("【适用版本】仅限尊享版"))
    assert "addon_required" in _codes(service_view("心理咨询（尊享版专属）每年6次。"))
    assert "addon_required" not in _codes(service_view("全部计划（海外专家仅尊享版可选）。"))  # an option inside it
    assert "addon_required" not in _codes(service_view("尊享版每保单年度3次（基础版1次、升级版2次）。"))  # tiers
    assert "cost_threshold" in _codes(service_view("预估个人自付医疗费用超过2万元时可申请。"))
    # the amount in another currency, in Chinese numerals, or as one says it
    assert "cost_threshold" in _codes(service_view("且預計醫療費用超過澳門元10,000元。"))
    assert "cost_threshold" in _codes(service_view("自付部分预计超过一万块的，就可以申请。"))
    assert "cost_threshold" in _codes(service_view("二级及以上公立医院住院、预计自付超1万就能申请"))
    assert {"cost_threshold", "surgery", "insured_only"} <= _codes(service_view("住院费用超1万元\n手术出院后\n本人专享"))
    assert "not_yet_admitted" in _codes(service_view("已住院的，不再受理。"))


def test_a_plan_without_the_service_in_a_tier_table_requires_the_other_plan(read_text):
    from ingest.extractors.base import SectionView
    from ingest.segment import segment

    doc = read_text("服务项目\t标准计划\t尊享计划\n健康体检服务\t不提供\t每保单年度1次\n")
    (section,) = segment(doc)
    assert _codes(SectionView(doc, section)) == {"addon_required"}
    doc = read_text("| 服务项目 | 基础版 | 尊享版 |\n|---|:---:|:---:|\n| 图文问诊 | ✓ 不限次 | ✓ 不限次 |\n"
                    "| 上门护理 | ✗ | ✓ 每年2次 |\n| 海外就医安排 | 即将上线 | 即将上线 |\n")
    assert [(s.name, _codes(SectionView(doc, s))) for s in segment(doc)] == [
        ("图文问诊", set()), ("上门护理", {"addon_required"})]  # the row of a service coming soon names none


def test_a_plan_a_service_lacks_in_a_long_table_requires_the_plans_it_has(read_text):
    """One row per service and plan: a plan's row says `不提供`, or the plan has no row."""
    from ingest.extractors.base import SectionView
    from ingest.segment import segment

    doc = read_text("服务名称\t计划\t次数\t时效\n"
                    "图文问诊\t基础版\t不限次\t5分钟内回复\n图文问诊\t尊享版\t不限次\t5分钟内回复\n"
                    "院内陪诊\t基础版\t不提供\t—\n院内陪诊\t尊享版\t每保单年度2次\t提前2个工作日预约\n"
                    "住院费用垫付\t尊享版\t每保单年度4次\t1个工作日内垫付\n"
                    "服务热线\t全部计划\t—\t7×24小时\n")
    found = {s.name: SectionView(doc, s) for s in segment(doc)}
    assert {name: "addon_required" in _codes(view) for name, view in found.items()
            if name != "服务热线"} == {"图文问诊": False, "院内陪诊": True, "住院费用垫付": True}
    (lacking,) = [f for f in PreconditionExtractor()(found["院内陪诊"]) if f.value["code"] == "addon_required"]
    assert "不提供" in lacking.evidence.text


def test_a_table_rows_step_tells_a_deadline_after_discharge_from_a_condition(read_text):
    from ingest.extractors.base import SectionView
    from ingest.segment import segment

    doc = read_text("服务项目\t环节\t时效\n住院垫付\t申请\t入院后48小时内\n\t寄回发票\t出院后10日内\n"
                    "康复指导\t申请\t出院后30日内\n")
    codes = {s.name: _codes(SectionView(doc, s)) for s in segment(doc)}
    assert "after_discharge" not in codes["住院垫付"] and "after_discharge" in codes["康复指导"]


def test_conditions_keep_the_value_they_state(service_view):
    from ingest.extractors.preconditions import PreconditionExtractor

    view = service_view("在二级及以上公立医院住院，预估自付费用超过1万元；保单生效的10日后可使用；仅限尊享计划。"
                        "单次垫付金额不超过20万元。")
    stated = {(f.value["code"], f.value.get("value"), f.value.get("number")) for f in PreconditionExtractor()(view)
              if "value" in f.value}
    assert stated == {("hospital_level", "二级及以上", 2), ("cost_threshold", "1万元", 10000),
                      ("waiting_period", "10天", 10), ("addon_required", "尊享计划", None)}


def test_hospital_stays_discharge_and_riders_as_the_guide_reads_them(service_view):
    assert _codes(service_view("被保险人因重大疾病住院治疗，出院后可申请。")) >= {"after_discharge"}
    assert "hospitalization" not in _codes(service_view("被保险人因重大疾病住院治疗，出院后可申请。"))
    assert _codes(service_view("因疾病住院并接受手术治疗后出院的被保险人。")) >= {
        "hospitalization", "surgery", "after_discharge"}
    assert "after_discharge" not in _codes(service_view("超出部分需在出院后15日内归还；出院后按正常流程申请理赔。"))
    assert "addon_required" in _codes(service_view("本服务仅适用于同时投保《友邦附加海外医疗保险》的被保险人。"))
    assert "prior_service" in _codes(service_view("使用重疾绿色通道服务完成住院治疗的被保险人可申请。"))
    assert "not_yet_admitted" in _codes(service_view("已办理入院手续的，本服务不再受理。"))


def test_paying_back_after_discharge_and_a_stay_if_needed_are_no_conditions(service_view):
    assert "after_discharge" not in _codes(service_view("出院后15日内，被保险人须归还垫付款中不属于保险责任的部分。"))
    assert "after_discharge" not in _codes(service_view("出院后10天内把垫付款还回来就行"))
    assert "after_discharge" not in _codes(service_view("出院后7日内\n归还自付部分"))  # the act on the next line
    assert "after_discharge" in _codes(service_view("出院后30日内\n提交申请"))
    assert "hospitalization" not in _codes(service_view("会诊后如需住院，可协助安排床位。"))  # a next step if needed
    assert "hospitalization" in _codes(service_view("被保险人需住院治疗的，可申请。"))
    assert "hospitalization" in _codes(service_view("被保险人计划住院接受手术治疗的，应至少在入院前5个工作日申请。"))


def test_another_service_used_first_may_be_referred_to_by_its_place_and_end_later(service_view):
    assert "prior_service" in _codes(service_view("使用本手册第3项住院安排服务住院治疗并出院后，可获得随访。"))
    assert "prior_service" in _codes(service_view("使用“住院及手术安排”服务并出院后，提供电话随访。"))
    assert "prior_service" not in _codes(service_view("使用本服务后，可在小程序评价。"))
    # a prescription from another service, or a consultation in it, before this one
    assert "prior_service" in _codes(service_view("持「视频问诊」医生开具的电子处方购药的被保险人。"))
    assert "prior_service" in _codes(service_view("通过家庭医生服务问诊后，您可凭电子处方购药。"))
    assert "prior_service" not in _codes(service_view("通过小程序预约服务后，护士上门。"))


def test_conditions_said_as_one_says_them(service_view):
    assert "surgery" in _codes(service_view("住院期间做了手术、并在出院后7天内提出申请的被保险人。"))
    assert "surgery" in _codes(service_view("做完手术、出院以后就能约。"))
    assert "diagnosis_malignant_tumor" in _codes(service_view("正在接受放疗或化疗的恶性肿瘤患者（被保险人）可预约。"))
    assert "addon_required" in _codes(service_view("附加了「特定药品费用保险金」的宝子才有哦"))
    assert "addon_required" in _codes(service_view("要看您有没有附加特药保险金的责任，只有附加了的才能用。"))
    assert "prescription" in _codes(service_view("确诊恶性肿瘤、医生开了处方，7天内在App上传。"))


def test_a_limit_to_the_holder_in_person_is_insured_only_but_one_said_of_other_services_is_not(service_view):
    assert "insured_only" in _codes(service_view("温馨提示：仅限持卡人本人；体检前请禁食。"))
    assert "insured_only" in _codes(service_view("本服务仅限会员本人使用，每保单年度6次。"))
    assert "insured_only" not in _codes(service_view("视频医生您的家人也能用，其他服务都仅限被保险人本人使用。"))


def test_the_policy_in_force_said_of_the_contract_or_with_a_verb_and_not_a_counting_period(service_view):
    assert "policy_in_force" in _codes(service_view("对于保单处于有效期内、因病需住院的会员可申请。"))
    assert "policy_in_force" in _codes(service_view("本合同有效期内，被保险人可申请住院费用垫付。"))
    assert "policy_in_force" not in _codes(service_view("可申请肿瘤基因检测1次（保险期间内）。"))
    assert "policy_in_force" not in _codes(service_view("使用任意一项即视为本保险期间的次数已用完。"))


def test_the_longest_name_of_the_policy_term_is_read_whole(service_view):
    assert "policy_in_force" in _codes(service_view("限被保险人本人在保单生效的10日后的保险期限内使用。"))


def test_the_insured_and_their_family_may_use_it_is_no_insured_only_condition(service_view):
    assert "insured_only" not in _codes(service_view("被保险人本人及其配偶、子女均可使用。"))
    assert "insured_only" in _codes(service_view("限被保险人本人使用，不可转让。"))


def test_a_service_only_one_plan_has_requires_that_plan(service_view):
    assert "addon_required" in _codes(service_view("尊享版专属，标准版不含本服务。"))
    assert "insured_only" not in _codes(service_view("谁能用：被保险人本人，以及其配偶、子女"))


def test_sending_papers_back_after_discharge_is_no_after_discharge_condition(service_view):
    assert "after_discharge" not in _codes(service_view("出院后10日内须将费用票据原件寄回。"))
    assert "after_discharge" in _codes(service_view("出院后30日内提出申请。"))


def test_a_service_for_holders_of_a_rider_requires_the_rider(service_view):
    for text in ("仅适用于附加「海保附加特定药品费用医疗保险」的保单。", "服务对象：投保“小康附加院外特定药品费用医疗保险”的被保险人",
                 "本服务仅适用于附加了特定药品费用医疗保险的保单。", "仅限投保“附加恶性肿瘤保险金”的被保险人"):
        assert "addon_required" in _codes(service_view(text)), text
    assert "addon_required" not in _codes(service_view("本服务无需投保附加险，主险被保险人均可使用。"))


def test_a_paper_a_hospital_of_a_grade_must_issue_sets_the_hospital_level(service_view):
    assert "hospital_level" in _codes(service_view("凭三级医院开具的住院证申请，保险期间内限1次。"))
    assert "hospital_level" in _codes(service_view("住院证须由三级医院出具；急诊入院不适用本服务。"))


def test_a_stay_in_a_hospital_of_a_grade_is_hospitalization_but_arranging_its_bed_is_not(service_view):
    assert "hospitalization" in _codes(service_view("保单有效期内的被保险人；于二级及以上公立医院住院；预估医疗费用超过1万元"))
    assert "hospitalization" in _codes(service_view("如果您在二级及以上公立医院普通部住院，可以申请。"))
    assert "hospitalization" not in _codes(service_view("协助安排三级医院住院床位。"))


@pytest.mark.parametrize("text", ["保单生效的10日后可使用。", "保单生效的 10 日后可使用。"])
def test_days_after_the_policy_takes_effect_are_a_waiting_period_spaced_or_not(service_view, text):
    assert "waiting_period" in _codes(service_view(text))


@pytest.mark.parametrize("text, needed", [
    ("凭医生开具的处方申请。", True), ("处方开具后7日内上传。", True),
    ("视频问诊能否开具处方？答：可开具电子处方。", False), ("医生可以开具处方并提供用药建议。", False)])
def test_a_prescription_the_service_can_issue_is_no_condition(service_view, text, needed):
    assert ("prescription" in _codes(service_view(text))) is needed
