"""preconditions: who may use a service and when (waiting period, diagnosis, hospital…)."""
from __future__ import annotations

from ..model import Fact
from .base import Extractor, SectionView, compile_rule, field_rules


class PreconditionExtractor(Extractor):
    family = "preconditions"

    def __call__(self, view: SectionView) -> list[Fact]:
        rules = field_rules()
        facts = []
        text = view.doc.match_text
        for rule in rules["preconditions"]:
            before = compile_rule(rule["reject_before"]) if "reject_before" in rule else None
            after = compile_rule(rule["reject_after"]) if "reject_after" in rule else None
            for m in view.finditer(compile_rule(rule["pattern"]), with_qualifiers=True):
                left, right = view.clause(m.start(), m.end())
                if (before and before.search(text[left:m.start()])) or (after and after.search(text[m.end():right])):
                    continue  # the words describe the network or what is arranged, not a condition
                value = {"code": rule["code"]}
                level = m.groupdict().get("level")
                if level:
                    value["value"] = f"{level}级及以上"
                facts.append(view.fact(self.family, value, m.start(), m.end(), rule["id"],
                                       key=rule["code"]))
        facts += [view.fact(self.family, {"code": "addon_required"}, start, end, "pre.addon.tier_table",
                            key="addon_required", clause=False)
                  for start, end in view.section.labelled.get("not_offered", ())]
        named = {f.value["code"] for f in facts} & set(rules["named_diagnoses"])
        if named:
            facts = [f for f in facts if f.value["code"] != "diagnosis_covered_disease"]
        return facts
