"""preconditions: who may use a service and when (waiting period, diagnosis, hospital…)."""
from __future__ import annotations

from ..model import Fact
from .base import Extractor, SectionView, compile_rule, field_rules


class PreconditionExtractor(Extractor):
    family = "preconditions"

    def __call__(self, view: SectionView) -> list[Fact]:
        rules = field_rules()
        facts = []
        for rule in rules["preconditions"]:
            for m in view.finditer(compile_rule(rule["pattern"]), with_qualifiers=True):
                value = {"code": rule["code"]}
                level = m.groupdict().get("level")
                if level:
                    value["value"] = f"{level}级及以上"
                facts.append(view.fact(self.family, value, m.start(), m.end(), rule["id"],
                                       key=rule["code"]))
        named = {f.value["code"] for f in facts} & set(rules["named_diagnoses"])
        if named:
            facts = [f for f in facts if f.value["code"] != "diagnosis_covered_disease"]
        return facts
