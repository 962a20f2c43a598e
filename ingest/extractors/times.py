"""duration_limits (how long one use lasts) and slas (how fast, and who must act)."""
from __future__ import annotations

import re

from ..model import Fact
from ..numbers import parse_range, parse_unit
from ..rules import compile_rule
from .base import Extractor, SectionView, field_rules


def time_value(m: re.Match) -> dict | None:
    value, low = parse_range(m.group("range"))
    unit = parse_unit(m.group("unit"))
    if value is None or unit is None or value <= 0:
        return None
    out = {"value": value, "unit": unit}
    if low is not None and low != value:
        out["min"] = low
    return out


class DurationExtractor(Extractor):
    family = "duration_limits"

    def __call__(self, view: SectionView) -> list[Fact]:
        facts = []
        wait = compile_rule(field_rules()["sla"]["bounded_wait"]["pattern"])
        for rule in field_rules()["durations"]:
            superseded = compile_rule(field_rules()["superseded"]["pattern"])
            for m in view.finditer(compile_rule(rule["pattern"])):
                value = time_value(m)
                if value is None or value["unit"] == "working_day" or view.is_claimed(*m.span("range")):
                    continue
                if superseded.match(view.doc.match_text, m.end()):
                    continue  # `由原先的最长10分钟延长至不超过20分钟`: 10 is gone
                if wait.search(view.doc.match_text[view.clause(m.start(), m.end())[0]:m.start("range")]):
                    continue  # `接通等待不超过60秒`: how soon, an SLA
                view.claimed.append(m.span("range"))
                facts.append(view.fact(self.family, value, m.start("range"), m.end("unit"), rule["id"]))
        return facts + self._keyed(view)

    def _keyed(self, view: SectionView) -> list[Fact]:
        """A data export's key naming the unit of a length (`call_minutes_max: 15`,
        `max_days_per_stay: 10`), not of a time limit (`callback_within_hours: 2`)."""
        keyed = field_rules()["keyed_times"]
        rule = keyed["duration"]
        reject = compile_rule(rule["reject_key_pattern"])
        facts = []
        for m in view.finditer(compile_rule(rule["pattern"])):
            unit = keyed["units"].get(m.group("unit").lower())
            if unit is None or reject.search(m.group("key")) or view.is_claimed(*m.span("range")):
                continue
            view.claimed.append(m.span("range"))
            facts.append(view.fact(self.family, {"value": int(m.group("range")), "unit": unit},
                                   m.start(), m.end(), rule["id"], clause=False))
        return facts


_ITEM_MARK = re.compile(r"[：:\t]")  # `手术安排：…`, a table row's first cell


def _promise(party: str, following: str, rules: dict) -> str:
    """What a time commitment promises, from the first action word after it: first contact,
    arrival, a report, a review, an arrangement, completion; a customer's is an application."""
    if party == "customer":
        return "application"
    hits = []
    for order, promise in enumerate(rules["promises"]):
        if promise["kind"] == "application":
            continue
        for m in compile_rule(promise["pattern"]).finditer(following):
            hits.append((m.start(), order, promise["kind"], m.end()))
    if not hits:
        return "other"
    first = min(hits)
    if first[2] == "completion":  # `完成预约`, `完成审核`: what is completed says what is promised
        done = [h for h in hits if h[2] != "completion" and first[3] <= h[0] <= first[3] + 1]
        if done:
            return min(done)[2]
    return first[2]


def _key_by_promise_and_item(view: SectionView, facts: list[Fact], spans: list[tuple[int, int]],
                             rules: dict) -> None:
    """Two times contradict each other only when they promise the same thing (the same
    customer act) for the same party about the same sub-item (`手术安排：10-15个工作日内完成安排`
    vs `手术安排原则上在10个工作日内完成安排`); three sub-items' times, or a review and then a
    payment, are several facts, not a contradiction."""
    from ..segment.names import label_family, numbering

    act = compile_rule(next(p["pattern"] for p in rules["promises"] if p["kind"] == "application"))
    sentences = []
    for fact in facts:
        text = view.text(*view.sentence(fact.evidence.start, fact.evidence.end))
        sentences.append(text[numbering(text)[2]:])
    heads = [_ITEM_MARK.split(sentence, maxsplit=1) for sentence in sentences]
    items = sorted({head[0] for head in heads if len(head) == 2 and 2 <= len(head[0]) <= 12
                    and not label_family(head[0])}, key=len, reverse=True)
    for fact, (time_start, time_end), sentence, head in zip(facts, spans, sentences, heads):
        if len(head) == 2 and label_family(head[0]):
            sentence = head[1]  # `注意事项：手术安排原则上…` is about 手术安排
        item = next((i for i in items if sentence.startswith(i)), "")
        done = act.search(view.text(time_end, view.clause(time_start, time_end)[1]))
        fact.key = "|".join((fact.value["party"], fact.value["promise"], item,
                             done.group() if done and fact.value["party"] == "customer" else ""))


_NEXT_CLAUSE = 16  # characters of the clause after a time that ends its own


class SlaExtractor(Extractor):
    family = "slas"

    def __call__(self, view: SectionView) -> list[Fact]:
        rules = field_rules()["sla"]
        text = view.doc.match_text
        facts, spans = [], []
        for m in view.finditer(compile_rule(rules["candidate"]["pattern"])):
            if view.is_claimed(*m.span("range")):
                continue
            left, right = view.clause(m.start(), m.end())
            before, after = text[left:m.start()], text[m.end():right]
            if compile_rule(rules["reject_before"]["pattern"]).search(before):
                continue
            if compile_rule(rules["measured"]["pattern"]).search(before):
                continue  # `平均审核用时5.6小时`: what was measured, not what is promised
            if compile_rule(rules["announcement"]["pattern"]).search(after):
                continue  # `调整前将提前30日公告`: how early a change is announced
            if compile_rule(field_rules()["superseded"]["pattern"]).match(text, m.end()):
                continue  # `由120秒更改为90秒`: the time before the change is no longer the service's
            within = compile_rule(rules["within"]["pattern"]).match(after)
            advance = compile_rule(rules["in_advance"]["pattern"]).search(before)
            verb = self._first_verb(after[:rules["action_window"] + 2], rules)
            named = compile_rule(rules["named_inline"]["pattern"]).search(before)  # `服务时效为…5-7个工作日`
            wait = compile_rule(rules["bounded_wait"]["pattern"]).search(before)  # `接通等待不超过60秒`
            offset = compile_rule(rules["day_offset"]["pattern"]).search(before)  # `T+3个工作日`: by a day named T
            taken = compile_rule(rules["time_needed"]["pattern"]).search(before)  # `预约一般需要3-5个工作日`
            if not (within or advance or verb or named or wait or offset or taken
                    or view.labelled_as("slas", m.start())):
                continue
            value = time_value(m)
            if value is None:
                continue
            value["party"] = next((party for party in ("customer", "provider")
                                   if view.labelled_as(f"{party}_party", m.start())),
                                  None) or self._party(view, before, after, bool(advance), right, rules)
            value["promise"] = _promise(value["party"], text[m.end():view.sentence(m.start(), m.end())[1]], rules)
            facts.append(view.fact(self.family, value, m.start(), m.end(), rules["candidate"]["id"]))
            spans.append(m.span())
        for fact, span in self._keyed(view, rules):
            facts.append(fact)
            spans.append(span)
        _key_by_promise_and_item(view, facts, spans, rules)
        return facts

    def _keyed(self, view: SectionView, rules: dict) -> list[tuple[Fact, tuple[int, int]]]:
        """A data export's time limit as keys (`{desc: 审核通过后垫付到院, within: 2, unit: working_day,
        owner: 服务商}`): its number or range, the unit its `unit` field names, and the party its
        `owner` says (a time to keep `before` something, with no owner, is the customer's)."""
        keyed = field_rules()["keyed_times"]
        out = []
        for m in view.finditer(compile_rule(keyed["sla"]["pattern"])):
            numbers = [int(n) for n in re.findall(r"\d+", m.group("range"))]
            unit = keyed["units"].get(m.group("unit").lower())
            if unit is None or not numbers or max(numbers) <= 0 or view.is_claimed(*m.span("range")):
                continue
            owner = (m.group("owner") or "").lower()
            if owner:
                party = "customer" if any(word in owner for word in keyed["customer_owners"]) else "provider"
            else:
                party = "provider" if m.group("kind").lower() == "within" else "customer"
            value = {"value": max(numbers), "unit": unit, "party": party}
            if min(numbers) != max(numbers):
                value["min"] = min(numbers)
            value["promise"] = _promise(party, view.text(view.clause(m.start(), m.end())[0], m.end()), rules)
            out.append((view.fact(self.family, value, m.start(), m.end(), keyed["sla"]["id"], clause=False),
                        m.span()))
        return out

    @staticmethod
    def _first_verb(after: str, rules: dict) -> str | None:
        """The first provider or customer action word after the time, as 'provider'/'customer'.
        A customer's verb done to the customer (`通知您`, `告知客户`) is the provider's act."""
        hits = [(after.find(v), -len(v), "provider") for v in rules["provider_verbs"] if v in after]
        for verb in rules["customer_verbs"]:
            at = after.find(verb)
            if at >= 0:
                done_to_customer = after[at + len(verb):].startswith(tuple(rules["customer_subjects"]))
                hits.append((at, -len(verb), "provider" if done_to_customer else "customer"))
        return min(hits)[2] if hits else None

    def _party(self, view: SectionView, before: str, after: str, advance: bool,
               clause_end: int, rules: dict) -> str:
        """Who must keep the time: the clause's subject, its modal verb, then its action."""
        subject = self._first_subject(before, rules)
        if subject == "provider":
            return "provider"
        if advance and compile_rule(rules["before_arrival"]["pattern"]).search(before):
            return "provider"  # `上门前30分钟电话确认`: the notice of the one who comes
        if not after.strip() and advance:
            following = view.doc.match_text[clause_end + 1:clause_end + 12]
            if self._first_subject(following, rules) == "provider":
                return "provider"
        needed = compile_rule(rules["time_needed"]["pattern"]).search(before) and subject is None
        verb = self._first_verb(after, rules)
        modals = [m.group() for m in compile_rule(rules["customer_modal"]["pattern"]).finditer(before)]
        weak = compile_rule(rules["weak_modal"]["pattern"])
        binds_the_actor = modals and all(weak.match(modal) for modal in modals) and verb == "provider"
        if (modals and not needed and not binds_the_actor) or advance:
            return "customer"  # `需提前…`, `须在…内`, but not `翻译需要5个工作日` (how long the work takes)
        if compile_rule(rules["named_deadline"]["pattern"]).search(before):
            return "customer"  # `申请时限可延长至入院后72小时内`
        from ..segment.names import label_family

        after_clause = view.doc.match_text[clause_end:clause_end + 1]
        if after_clause == "\n" and compile_rule(rules["within"]["pattern"]).sub("", after, count=1).strip():
            after_clause = ""  # words follow the time on its line: the next line is no part of it
        if verb is None and after_clause and after_clause in "，,\n":
            # `处方开具后7天内，通过App上传处方`: the act is the next clause's; a line cut right
            # after the time (`出院后7日内` / `归还自付部分`, a poster's lines) opens the next with it
            following = view.doc.match_text[clause_end + 1:clause_end + 1 + _NEXT_CLAUSE]
            first = re.split(r"[，,。；;\n]", following)[0]
            opens = first.startswith(tuple(rules["provider_verbs"] + rules["customer_verbs"])) and not label_family(
                re.split(r"[\t：:]", first)[0].strip())  # `申请方式\t…` is the next field's label
            verb = self._first_verb(first, rules) if after_clause != "\n" or opens else None
        return verb or "provider"

    @staticmethod
    def _first_subject(text: str, rules: dict) -> str | None:
        """Who the clause is about first: a customer word, or a provider (a named one, or a
        role such as 陪诊员, 康复师, 专员, 服务机构)."""
        hits = [(text.find(w), "customer") for w in rules["customer_subjects"] if w in text]
        hits += [(text.find(w), "provider") for w in rules["provider_subjects"] if w in text]
        role = compile_rule(rules["provider_roles"]["pattern"]).search(text)
        if role:
            hits.append((role.start(), "provider"))
        return min(hits)[1] if hits else None
