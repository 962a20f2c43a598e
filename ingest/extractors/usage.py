"""usage_limits: how many times a service may be used, and per what period."""
from __future__ import annotations

from ..model import Fact
from ..numbers import parse_number
from ..rules import compile_rule
from .base import Extractor, SectionView, field_rules


def period_near(view: SectionView, start: int, end: int) -> str | None:
    """The period named in the same sentence, the nearest one to the count; one in the
    count's own clause first (`每保单年度最多可使用3次，但每次住院只能申请1次`: each count
    has its own)."""
    left, right = view.sentence(start, end)
    clause_left, clause_right = view.clause(start, end)
    best = None
    for rule in field_rules()["periods"]:
        for m in compile_rule(rule["pattern"]).finditer(view.doc.match_text, left, right):
            outside = m.end() <= clause_left or m.start() >= clause_right
            distance = (outside, min(abs(m.start() - start), abs(m.end() - end)))
            if best is None or distance < best[0]:
                best = (distance, rule["value"])
    return best[1] if best else None


class UsageExtractor(Extractor):
    family = "usage_limits"

    def __call__(self, view: SectionView) -> list[Fact]:
        rules = field_rules()["usage"]
        text = view.doc.match_text
        denied = compile_rule(rules["denied"]["pattern"])  # `不是每年3次`: a correction, no limit

        def words_before(m, clause_start: int) -> str:  # the clause's last 8 characters before the match
            return text[max(clause_start, m.start() - 8):m.start()]

        facts = []
        for m in view.finditer(compile_rule(rules["unlimited"]["pattern"])):
            if denied.search(words_before(m, view.clause(m.start(), m.end())[0])):
                continue
            value = {"count": None, "unlimited": True, "period": period_near(view, m.start(), m.end())}
            facts.append(view.fact(self.family, value, m.start(), m.end(), rules["unlimited"]["id"]))
        before, after = compile_rule(rules["count_before"]["pattern"]), compile_rule(rules["count_after"]["pattern"])
        superseded = compile_rule(field_rules()["superseded"]["pattern"])  # `由每保单年度2次调整为3次`: 2 is gone
        not_a_count = compile_rule(rules["not_a_count"]["pattern"])
        for m in view.finditer(compile_rule(rules["count"]["pattern"])):
            left, right = view.clause(m.start(), m.end())
            words = words_before(m, left)
            if not_a_count.search(words) or denied.search(words) or superseded.match(text, m.end()):
                continue  # `视为已使用一次` (what counts as a use), `不是每年3次`, `2次调整为3次`: no limit
            if not (before.search(words)
                    or after.match(text[m.end():right + 1])
                    or view.labelled_as("usage_limits", m.start())):
                continue
            count = parse_number(m.group("n") or m.group("n2"))  # `2次`, or a key's value (`times_per_year: 2`)
            if count is None:
                continue
            value = {"count": int(count), "unlimited": False, "period": period_near(view, m.start(), m.end())}
            facts.append(view.fact(self.family, value, m.start(), m.end(), rules["count"]["id"]))
        return facts
