"""preconditions: who may use a service and when (waiting period, diagnosis, hospital…)."""
from __future__ import annotations

import re

from ..model import Fact
from ..numbers import parse_number
from ..rules import compile_rule
from .base import Extractor, SectionView, field_rules


_GRADES = {"二": 2, "三": 3}
# What a condition's words may state, by the name of the rule's group: its text and how
# strict it is (a higher grade, amount or number of days asks more of the customer).
_VALUES = {
    "level": lambda words: (f"{words}级及以上", _GRADES.get(words)),
    "amount": lambda words: (f"{words}元", parse_number(words)),
    "days": lambda words: (f"{words}天", parse_number(words)),
    "plan": lambda words: (words, None),
}


def _stated_value(m) -> dict:
    """`value` (as stated: 二级及以上, 1万元, 180天, 尊享计划) and `number`, where the rule's
    pattern captures one (groups `level`, `amount`, `days`, `plan`, optionally numbered)."""
    for group, words in m.groupdict().items():
        kind = group.rstrip("0123456789")
        if words and kind in _VALUES:
            text, number = _VALUES[kind](re.sub(r"\s+", "", words))
            return {"value": text, **({"number": number} if number is not None else {})}
    return {}


def _cell_before(text: str, left: int) -> str:
    """The words of the cell before a clause that opens a table cell (`寄回发票\t出院后10日内`):
    a table row's step names what its time is for, as the words before it in a sentence would."""
    if left == 0 or text[left - 1] != "\t":
        return ""
    start = max(text.rfind("\n", 0, left - 1), text.rfind("\t", 0, left - 1)) + 1
    return text[start:left - 1]


_WINDOW_ONLY = r"\s*{RANGE}\s*(?:个\s*)?{UNIT}\s*(?:以)?内\s*$"  # the rules' own numbers and units


def _line_after(text: str, start: int, end: int) -> str:
    """The next line's words where a line ends right after a time window (`出院后7日内` /
    `归还自付部分`, a poster's lines): what is to be done in it stands there."""
    if text[end:end + 1] != "\n" or not compile_rule(_WINDOW_ONLY).match(text, start, end):
        return ""
    following = text[end + 1:end + 1 + _NEXT_LINE]
    return following.split("\n", 1)[0]


_NEXT_LINE = 24  # characters of the next line read for the act a window is for


class PreconditionExtractor(Extractor):
    family = "preconditions"

    def __call__(self, view: SectionView) -> list[Fact]:
        rules = field_rules()
        facts = []
        text = view.doc.match_text
        for rule in rules["preconditions"]:
            before = compile_rule(rule["reject_before_pattern"]) if "reject_before_pattern" in rule else None
            after = compile_rule(rule["reject_after_pattern"]) if "reject_after_pattern" in rule else None
            for m in view.finditer(compile_rule(rule["pattern"]), with_qualifiers=True):
                left, right = view.clause(m.start(), m.end())
                end = view.sentence(m.start(), m.end())[1]  # what follows may run past a comma
                if (before and before.search(_cell_before(text, left) + text[left:m.start()])) or (
                        after and after.search(text[m.end():end] + _line_after(text, m.end(), end))):
                    continue  # the words describe the network or what is arranged, not a condition
                value = {"code": rule["code"], **_stated_value(m)}
                facts.append(view.fact(self.family, value, m.start(), m.end(), rule["id"],
                                       key=rule["code"]))
        facts += [view.fact(self.family, {"code": "addon_required"}, start, end, "pre.addon.tier_table",
                            key="addon_required", clause=False)
                  for start, end in view.section.labelled.get("not_offered", ())]
        named = {f.value["code"] for f in facts} & set(rules["named_diagnoses"])
        if named:
            facts = [f for f in facts if f.value["code"] != "diagnosis_covered_disease"]
        return facts
