"""How each catalog value reads in a report, and how times compare across units.

Compare and diff both show the same facts; keeping their wording here means a value reads
the same in the matrix, the change list and the CSV.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..schemas import load_schema

CATEGORY_LABELS = {
    "advance_payment": "垫付", "direct_billing": "直付医疗", "pre_authorization": "预授权",
    "green_channel": "就医绿通", "specialty_drug": "特药", "overseas_drug": "国际特药",
    "genetic_testing": "基因检测", "proton_heavy_ion": "质子重离子", "escort": "陪诊",
    "inpatient_care": "住院护工", "home_nursing": "上门护理", "online_consultation": "在线问诊",
    "family_doctor": "家庭医生", "expert_consultation": "专家咨询", "second_opinion": "第二诊疗意见",
    "mdt": "多学科会诊", "follow_up": "随访", "health_record": "健康档案", "rehabilitation": "康复",
    "nutrition": "营养", "cancer_screening": "癌症早筛", "wellness_package": "健康管理套餐",
    "drug_discount": "购药折扣", "overseas_treatment": "海外就医", "household_service": "家财服务",
    "other": "其他",
}
UNIT_LABELS = {"working_day": "工作日", "natural_day": "自然日", "hour": "小时", "minute": "分钟",
               "second": "秒", "week": "周", "month": "月"}
PERIOD_LABELS = {"policy_year": "保单年度", "policy_term": "保险期间", "per_event": "每次"}
CHANNEL_LABELS = {"hotline": "热线", "wechat_mini_program": "小程序", "app": "APP",
                  "wechat_official_account": "公众号", "wechat_contact": "微信联系"}
PRECONDITION_LABELS = {
    "policy_in_force": "保单有效期内", "waiting_period": "等待期后", "insured_only": "限被保险人本人",
    "first_diagnosis": "初次确诊", "diagnosis_critical_illness": "确诊重疾",
    "diagnosis_malignant_tumor": "确诊恶性肿瘤", "diagnosis_rare_disease": "确诊罕见病",
    "diagnosis_covered_disease": "确诊保障范围内疾病", "hospital_level": "医院等级",
    "public_hospital": "公立医院", "general_department": "普通部", "social_insurance_designated": "社保定点",
    "hospitalization": "住院", "surgery": "手术", "after_discharge": "出院后",
    "addon_required": "需附加责任", "cost_threshold": "费用门槛", "prescription": "需处方",
    "prior_service": "需先用其他服务", "not_yet_admitted": "尚未入院",
}
COVERAGE_LABELS = {"cities": "个城市", "provinces": "个省份", "hospitals": "家医院"}

# Hours per unit, so that SLAs and durations stated in different units can be ranked.
WORKING_DAY_IN_NATURAL_DAYS = 1.4
HOURS_PER_UNIT = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1.0, "natural_day": 24.0,
                  "working_day": 24.0 * WORKING_DAY_IN_NATURAL_DAYS, "week": 24.0 * 7,
                  "month": 24.0 * 30}
UNIT_NOTE = (f"Times in different units are compared in hours: 1 工作日 = {WORKING_DAY_IN_NATURAL_DAYS:g} "
             "自然日 (5 working days ≈ 7 calendar days); 1 自然日 = 24 h; 1 周 = 7 自然日; "
             "1 月 = 30 自然日. A range counts by its upper bound.")

_SPACE_NEAR_CJK = re.compile(r"\s+(?=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f])"
                             r"|(?<=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f])\s+")


@lru_cache(maxsize=None)
def category_order() -> tuple[str, ...]:
    """The taxonomy order of the published schema, which reports keep for their rows."""
    return tuple(load_schema("handbook")["$defs"]["category"]["enum"])


def category_label(code: str) -> str:
    return f"{CATEGORY_LABELS.get(code, code)} · {code}"


def plain_text(text: str) -> str:
    """Text with layout spaces dropped (PDF lines put spaces around numbers and at breaks),
    so that two editions compare by their words, not by their line breaks."""
    return _SPACE_NEAR_CJK.sub("", re.sub(r"\s+", " ", text)).strip()


def plain_lines(text: str) -> str:
    """`plain_text` line by line, for showing a text with its paragraphs."""
    return "\n".join(plain_text(line) for line in text.splitlines() if line.strip())


def hours(item: dict) -> float:
    """An SLA or duration limit in hours (a range by its upper bound)."""
    return item["value"] * HOURS_PER_UNIT[item["unit"]]


def _time(item: dict) -> str:
    low = f"{item['min']:g}–" if "min" in item else ""
    return f"≤{low}{item['value']:g} {UNIT_LABELS[item['unit']]}"


def describe_usage(item: dict) -> str:
    count = "不限次" if item["unlimited"] else f"{item['count']} 次"
    return f"{count}/{PERIOD_LABELS[item['period']]}" if item["period"] else count


def describe_duration(item: dict) -> str:
    return _time(item)


def describe_sla(item: dict) -> str:
    return f"{_time(item)} ({item['party']})"


def describe_channel(item: dict) -> str:
    what = item.get("number") or item.get("name") or ""
    return f"{CHANNEL_LABELS[item['type']]} {what}".strip()


def describe_precondition(item: dict) -> str:
    label = PRECONDITION_LABELS[item["code"]]
    return f"{label}：{item['value']}" if item.get("value") else label


def describe_coverage(key: str, number: int) -> str:
    return f"{number} {COVERAGE_LABELS[key]}"


def describe_text(item: dict) -> str:
    return item["text"]


def sla_order(item: dict) -> tuple:
    """Provider promises before customer duties, each fastest first."""
    return (item["party"] != "provider", hours(item))


def coverage_items(service: dict) -> list[tuple[str, int, dict]]:
    """(key, number, evidence) for each coverage number the service states."""
    coverage = service["coverage"]
    return [(key, coverage[key], coverage["evidence"][key]) for key in COVERAGE_LABELS
            if coverage[key] is not None]


def service_passages(service: dict) -> list[dict]:
    """The service's own words as far as its record knows them: every value's evidence that
    is not inside an earlier one, in document order (like a section, without the heading)."""
    evidences = list(service["coverage"]["evidence"].values())
    for key, value in service.items():
        if isinstance(value, list) and key != "places":
            evidences += [item["evidence"] for item in value if isinstance(item, dict) and "evidence" in item]
    passages: list[dict] = []
    for evidence in sorted(evidences, key=lambda e: (e["start"], -e["end"])):
        if not passages or evidence["end"] > passages[-1]["end"]:
            passages.append(evidence)
    return passages


def stitched_text(passages: list[dict]) -> str:
    """Passages in document order joined into one text, each character once (passages may
    overlap); a gap between two passages becomes a line break."""
    pieces: list[str] = []
    covered = -1
    for passage in passages:
        if pieces and passage["start"] > covered:
            pieces.append("\n")
        pieces.append(passage["text"][max(0, covered - passage["start"]):])
        covered = passage["end"]
    return "".join(pieces)
