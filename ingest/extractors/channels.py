"""channels: hotlines, WeChat mini programs and official accounts, apps, WeChat contact."""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Fact
from ..numbers import normalize_hotline
from ..rules import compile_rule
from .base import Extractor, SectionView, field_rules


_OPENING_QUOTES = "“「『\"‘"
_KEY_WIDTH = 8  # characters a menu key (`按1  `) may take before the name it opens


def clean_channel_name(raw: str, match: str, rules: dict) -> str:
    """`客户可通过众安互联网医院微信` → `众安互联网医院`: drop the lead-in verb and the word 微信.
    The words are found in `match`, the matching form of `raw` (`通過衆安健康` reads
    `通过众安健康`), and cut from `raw`, which keeps the name as written."""
    keep = [True] * len(raw)
    for word in rules["name_drop_words"]:
        for m in re.finditer(re.escape(word), match):
            keep[m.start():m.end()] = [False] * (m.end() - m.start())
    name = "".join(ch for ch, kept in zip(raw, keep) if kept)
    form = "".join(ch for ch, kept in zip(match, keep) if kept)
    cut = 0
    for word in rules["name_lead_words"]:
        for m in re.finditer(re.escape(word), form):
            if len(form) - m.end() >= 2:
                cut = max(cut, m.end())
    return name[cut:].strip("“”\"'‘’「」 ")


@lru_cache(maxsize=None)
def _with_kinds(pattern: str, kinds: tuple[str, ...]) -> re.Pattern:
    """The rule's empty `(?P<kind>)` filled with the kind words of `kinds`, longest first, so
    that a kind word is named once, beside its channel type; built once per rule."""
    words = sorted(kinds, key=len, reverse=True)
    return compile_rule(pattern.replace("(?P<kind>)", "(?P<kind>" + "|".join(map(re.escape, words)) + ")"))


def _kind_type(word: str, rules: dict) -> str:
    """The channel type of a kind word as written (rules match regardless of case: `Mini Program`)."""
    return {kind.lower(): kind_type for kind, kind_type in rules["kinds"].items()}[word.lower()]


def _is_function_words(name: str, rules: dict) -> bool:
    """`可在`, `客服热线或`, `欢迎通过`: what stood before 小程序 was no name, only words of
    the sentence (or the end of another channel's name and a conjunction)."""
    rest = name
    for word in sorted(rules["name_lead_words"], key=len, reverse=True):
        rest = rest.replace(word, "")
    return not rest or name.endswith(tuple(rules["name_lead_words"]))


class ChannelExtractor(Extractor):
    family = "channels"

    def __call__(self, view: SectionView) -> list[Fact]:
        rules = field_rules()["channels"]
        hotlines = self._hotlines(view, rules) + self._named_lines(view, rules) + self._menu_key(view, rules)
        return _without_general_lines(hotlines) + self._named(view, rules) + self._contacts(view, rules)

    def _hotlines(self, view: SectionView, rules: dict) -> list[Fact]:
        """Numbers in the shapes hotlines take, with their extension (`转3`, `-#-3`, `-3`),
        where a cue word stands before them or a label or column says they are channels."""
        text = view.doc.match_text
        cue = compile_rule(rules["hotline_cue_pattern"])
        facts = []
        for rule in rules["hotlines"]:
            for m in view.finditer(compile_rule(rule["pattern"] + rules["hotline_extension_pattern"])):
                window = text[max(0, m.start() - rules["hotline_cue_window"]):m.start()]
                if not (cue.search(window) or view.labelled_as("channels", m.start())):
                    continue
                number = normalize_hotline(text[m.start():m.start("ext") if m.group("ext") else m.end()])
                if m.group("ext"):
                    number += "#" + m.group("ext")
                facts.append(view.fact(self.family, {"type": "hotline", "number": number},
                                       m.start(), m.end(), rule["id"], clause=False))
        return facts

    def _named_lines(self, view: SectionView, rules: dict) -> list[Fact]:
        """A line named with only its extension (`申请方式：健康服务专线转2`): the number the
        handbook states for a line of that name, with the extension. The fact cites the
        service's words; `number_evidence` cites where the number stands."""
        named_line = rules["named_line"]
        facts = []
        for m in view.finditer(compile_rule(named_line["pattern"])):
            stated = _stated_number(view.doc.match_text, m.group("line"), rules)
            if stated is None:
                continue
            cut, number, start, end = stated
            value = {"type": "hotline", "number": f"{number}#{m.group('ext')}",
                     "number_evidence": view.evidence(start, end).to_dict()}
            facts.append(view.fact(self.family, value, m.start() + cut, m.end(), named_line["id"], clause=False))
        return facts

    def _menu_key(self, view: SectionView, rules: dict) -> list[Fact]:
        """A voice menu's key before the service's name (`按1  电话医生`, a branch of an IVR
        script): the extension of the line the script answers, the first hotline the handbook
        states (`健康服务专线 400-733-5081`). The fact cites the key; `number_evidence` the number."""
        name = view.section.name_evidence
        blocks = view.doc.blocks_in(max(0, name.start - _KEY_WIDTH), name.start + 1)  # the title's block
        key = compile_rule(rules["menu_key"]["pattern"]).match(
            view.doc.match_text[blocks[-1].start:name.start]) if blocks else None
        stated = _first_hotline(view.doc.match_text) if key else None
        if stated is None:
            return []
        number, start, end = stated
        value = {"type": "hotline", "number": f"{number}#{key.group('ext')}",
                 "number_evidence": view.evidence(start, end).to_dict()}
        at = blocks[-1].start
        return [view.fact(self.family, value, at + key.start("key"), at + key.end("key"), rules["menu_key"]["id"],
                          clause=False)]

    def _named(self, view: SectionView, rules: dict) -> list[Fact]:
        """Mini programs, official accounts and apps named where a customer applies, not
        where a record is only viewed (`记录可在公众号查看`, `名单以APP公布为准`)."""
        viewing, applying = compile_rule(rules["viewing"]["pattern"]), compile_rule(rules["applying"]["pattern"])
        kinds = tuple(rules["kinds"])
        any_kind = _with_kinds("(?P<kind>)", kinds)  # every match holds a kind word: spans without one are skipped
        facts, kinds_named = [], []
        for named in (rules["named"], rules["named_after"]):  # `“众安健康”公众号`, then `APP“众安健康”`
            pattern = _with_kinds(named["pattern"], kinds)
            for m in view.finditer(pattern, requires=any_kind, breaks=named.get("breaks", "")):
                kind = m.span("kind")
                if any(kind[0] < e and s < kind[1] for s, e in kinds_named):
                    continue  # its name stands before it: what follows is a menu (`公众号“服务”`)
                written = view.doc.text[m.start("name"):m.end("name")]  # as written: Traditional stays
                quoted = view.doc.text[m.start("name") - 1:m.start("name")] in _OPENING_QUOTES
                form = view.text(m.start("name"), m.end("name"))
                name = written.strip() if quoted else clean_channel_name(written, form, rules)  # `「仁和健康」`: whole
                if len(name) < 2 or _is_function_words(name, rules):
                    continue
                kinds_named.append(kind)
                left, right = view.clause(m.start(), m.end())
                clause = view.text(left, right)
                if viewing.search(clause) and not applying.search(clause):
                    continue
                value = {"type": _kind_type(m.group("kind"), rules), "name": name}
                start = min(m.start("name") + max(written.find(name), 0), kind[0])
                facts.append(view.fact(self.family, value, start, m.end(), named["id"], clause=False))
        return facts

    def _contacts(self, view: SectionView, rules: dict) -> list[Fact]:
        contact = rules["wechat_contact"]
        return [view.fact(self.family, {"type": "wechat_contact"}, m.start(), m.end(), contact["id"])
                for m in view.finditer(compile_rule(contact["pattern"]))]


def _without_general_lines(hotlines: list[Fact]) -> list[Fact]:
    """A number the service also gives with an extension (`400-611-7430转3`) is, without one,
    the handbook's general line (`客服热线：400-611-7430`, `如有疑问请致电…`): the extension
    is where this service is applied for."""
    extended = {f.value["number"].partition("#")[0] for f in hotlines if "#" in f.value["number"]}
    return [f for f in hotlines if "#" in f.value["number"] or f.value["number"] not in extended]


@lru_cache(maxsize=4)
def _first_hotline(text: str) -> tuple[str, int, int] | None:
    """(number, start, end) of the first hotline the text states after a cue word: found once
    per document, not once per service of its voice menu."""
    rules = field_rules()["channels"]
    cue = compile_rule(rules["hotline_cue_pattern"])
    found = [m for rule in rules["hotlines"] for m in compile_rule(rule["pattern"]).finditer(text)
             if cue.search(text[max(0, m.start() - rules["hotline_cue_window"]):m.start()])]
    first = min(found, key=lambda m: m.start(), default=None)
    return (normalize_hotline(first.group()), first.start(), first.end()) if first else None


def _stated_number(text: str, line: str, rules: dict) -> tuple[int, str, int, int] | None:
    """(characters cut from `line`, number, start, end of the words stating it) of the first
    place the handbook gives a number for the line `line` names (`健康服务专线：400-627-5841`),
    trying the name without the words before it (`拨打健康服务专线` → `健康服务专线`), down to
    one word and the kind (`服务专线`)."""
    for cut in range(0, max(0, len(line) - 4) + 1):
        m = _line_stated(line[cut:], rules).search(text)
        if m:
            return cut, normalize_hotline(m.group("number")), m.start(), m.end()
    return None


@lru_cache(maxsize=256)
def _line_stated_pattern(name: str, stated: str, numbers: tuple[str, ...]) -> re.Pattern:
    return re.compile(re.escape(name) + stated + "(?P<number>" + "|".join(f"(?:{n})" for n in numbers) + ")")


def _line_stated(name: str, rules: dict) -> re.Pattern:
    return _line_stated_pattern(name, rules["named_line"]["stated_pattern"],
                                tuple(rule["pattern"] for rule in rules["hotlines"]))
