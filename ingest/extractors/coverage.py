"""coverage: how many cities, provinces and hospitals the service reaches."""
from __future__ import annotations

from ..model import Fact
from ..numbers import parse_number
from ..rules import compile_rule
from .base import Extractor, SectionView, field_rules


class CoverageExtractor(Extractor):
    family = "coverage"

    def __call__(self, view: SectionView) -> list[Fact]:
        facts = []
        for rule in field_rules()["coverage"]:
            for m in view.finditer(compile_rule(rule["pattern"])):
                number = parse_number(m.group("n") or m.group("en"))  # Chinese, or English (`140 cities`)
                if number:
                    facts.append(view.fact(self.family, {"key": rule["key"], "value": int(number)},
                                           m.start(), m.end(), rule["id"], key=rule["key"]))
        return facts
