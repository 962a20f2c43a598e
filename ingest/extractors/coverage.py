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
                # the number before its word, in English (`140 cities`) or after it (`合作医院2,500余家`)
                number = parse_number(next(value for value in m.groupdict().values() if value))
                if number:
                    facts.append(view.fact(self.family, {"key": rule["key"], "value": int(number)},
                                           m.start(), m.end(), rule["id"], key=rule["key"]))
        return facts
