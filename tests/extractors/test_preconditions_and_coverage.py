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


def test_precondition_extractor_ignores_descriptive_mentions(service_view):
    view = service_view("提供疾病诊断、用药处方等诊疗服务，可减少患者出院后往返医院次数，由多家公立三甲医院设计。")
    assert _codes(view) == set()


def test_precondition_extractor_reads_addon_from_the_name_qualifier(read_text):
    from ingest.catalog import handbook_record

    doc = read_text("臻选健康管理服务（限臻选版计划使用）\n包括5项可选服务，选定后不得变更。\n")
    (service,) = handbook_record(doc)["services"]
    assert {p["code"] for p in service["preconditions"]} == {"addon_required"}


def test_coverage_extractor_reads_cities_provinces_and_hospitals(service_view):
    facts = CoverageExtractor()(service_view("覆盖全国 31 个省份，近 100 个城市，900 多家重点综合医院。"))
    assert {(f.value["key"], f.value["value"]) for f in facts} == {
        ("provinces", 31), ("cities", 100), ("hospitals", 900)}
