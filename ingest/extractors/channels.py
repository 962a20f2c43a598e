"""channels: hotlines, WeChat mini programs and official accounts, apps, WeChat contact."""
from __future__ import annotations

import re

from ..model import Fact
from ..numbers import normalize_hotline
from .base import Extractor, SectionView, compile_rule, field_rules


def clean_channel_name(raw: str, rules: dict) -> str:
    """`客户可通过众安互联网医院微信` → `众安互联网医院`: drop the lead-in verb and the word 微信."""
    name = raw.strip("“”\"'‘’ ")
    for word in rules["name_drop_words"]:
        name = name.replace(word, "")
    cut = 0
    for word in rules["name_lead_words"]:
        for m in re.finditer(re.escape(word), name):
            if len(name) - m.end() >= 2:
                cut = max(cut, m.end())
    return name[cut:].strip("“”\"'‘’ ")


class ChannelExtractor(Extractor):
    family = "channels"

    def __call__(self, view: SectionView) -> list[Fact]:
        rules = field_rules()["channels"]
        text = view.doc.match_text
        cue = compile_rule(rules["hotline_cue"])
        facts = []
        for rule in rules["hotlines"]:
            for m in view.finditer(compile_rule(rule["pattern"])):
                window = text[max(0, m.start() - rules["hotline_cue_window"]):m.start()]
                if cue.search(window):
                    value = {"type": "hotline", "number": normalize_hotline(m.group())}
                    facts.append(view.fact(self.family, value, m.start(), m.end(), rule["id"], clause=False))
        named = rules["named"]
        for m in view.finditer(compile_rule(named["pattern"])):
            name = clean_channel_name(m.group("name"), rules)
            if len(name) >= 2:
                value = {"type": rules["kinds"][m.group("kind")], "name": name}
                start = m.start("name") + m.group("name").find(name[0]) if name[0] in m.group("name") else m.start()
                facts.append(view.fact(self.family, value, start, m.end(), named["id"], clause=False))
        contact = rules["wechat_contact"]
        for m in view.finditer(compile_rule(contact["pattern"])):
            facts.append(view.fact(self.family, {"type": "wechat_contact"}, m.start(), m.end(),
                                   contact["id"]))
        return facts
