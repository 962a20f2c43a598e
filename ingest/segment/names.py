"""Titles and names: the one home of numbering styles, title shapes and name cleaning.

A title is how a handbook marks the start of anything (`3.`, `（二）`, `■`, `【…】`,
`服务名称：`); these helpers say how it is marked and what it is called, and what kind of
name it is (a field label, a chapter concept, a service category). Whether a title is
a service is decided elsewhere, from the evidence of its section.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..families import FACT_FAMILIES
from ..rules import compile_rule, load_rules
from ..rules.marks import brackets, bullets, numbering_styles
from ..textnorm import ideographs, is_cjk

_PARENTHETICAL = re.compile(r"[（(][^（()）]*[)）]")
_TRAILING = re.compile(r"[\s.．。…·]*\d*\s*$")
_LATIN_RUN = r"[A-Za-z][A-Za-z0-9&'’.,\- ]*"
# `24/7 Tele-Doctor 电话医生`, `Mental Health Support / 心理咨询`
_LEADING_LATIN = re.compile(rf"^(?:[0-9/]+\s+)?{_LATIN_RUN}(?:[/／]\s*|\s)\s*(?=[\u3400-\u9fff])")
_ASPECT = re.compile(r"(?:\s[·・]|\s*——|\s[—–-])\s*(?P<aspect>[^·・—–]+)$")  # `住院垫付 · 怎么用`, not `e生·中高端`
_LEADING_PART = re.compile(r"\s*(?P<part>[^·・—–|｜]+?)\s*[·・]\s*")  # `左栏 · 第二诊疗意见`
_TRAILING_LATIN = re.compile(rf"(?<=[\u3400-\u9fff）)])\s+{_LATIN_RUN}$")


def rules() -> dict:
    return load_rules("segmentation")


@lru_cache(maxsize=1 << 15)  # asked of each block by every finder
def numbering(text: str, clauses: bool = False) -> tuple[str, int, int]:
    """(style, canonical level, length of the numbering) of a title; ("none", 0, 0) if unnumbered.
    A clause number (`6　服务质量评价`) counts only when asked for: the caller knows whether
    its sub-clauses follow."""
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    for style, level, pattern in numbering_styles():
        if not clauses and style in subclause_styles():
            continue
        m = pattern.match(stripped)
        if m and m.end() < len(stripped):
            return style, level, lead + m.end()
    return "none", 0, 0


def numbering_style(text: str) -> str:
    return numbering(text)[0]


def bullet(text: str) -> int:
    """Length of a leading symbol bullet (`■ `, `● `, `▌1. …`), 0 when the text has none. A
    dash or a dot right before a digit is a sign or a decimal point (`-5`, `·3`), no bullet."""
    stripped = text.lstrip()
    if stripped and stripped[0] in bullets() and not (stripped[0] in "-·•" and stripped[1:2].isdigit()):
        rest = stripped[1:]
        return len(text) - len(rest.lstrip())
    return 0


def is_title(text: str) -> bool:
    """Short, without sentence punctuation, with words: what a title looks like."""
    shape = rules()["title"]
    plain = text.strip()
    if not 2 <= len(plain) <= shape["max_chars"] or "\t" in plain:
        return False
    if any(ch in shape["sentence_punctuation"] for ch in _PARENTHETICAL.sub("", plain)):
        return False
    stem = plain.rstrip("：:")
    if not stem or any(ch in shape["lead_in_separators"] for ch in stem):
        return False  # `：：`: marks, no words
    if stem[-1] in shape["cut_endings"] or opens_sentence(plain):
        return False  # a line cut inside a phrase, or the start of a sentence
    if re.search(shape["person_endings"]["pattern"], plain_name(plain)):
        return False  # who may use a service (`需要康复的患者`), not what it is called
    if is_value(plain):
        return False  # a card's tag (`每年4次`, `7×24小时`): a value, not a name
    if _deadline().search(plain):
        return False  # `提交完整病历后10个工作日内出具书面意见`: what is done in a time, a sentence
    return sum(1 for ch in plain if is_cjk(ch)) >= 2 or (plain.isascii() and any(c.isalpha() for c in plain))


@lru_cache(maxsize=1)
def _quantity() -> re.Pattern:
    """A count, a time or a usage period, as the field rules write them."""
    fields = load_rules("fields")
    periods = "|".join(period["pattern"] for period in fields["periods"])
    return compile_rule(rf"(?:{periods})|{fields['usage']['unlimited']['pattern']}"
                        rf"|(?:{{RANGE}}\s*[×xX*]\s*)?{{RANGE}}\s*(?:个\s*)?(?:次|{{UNIT}})(?:\s*(?:内|以内))?")


@lru_cache(maxsize=1)
def _deadline() -> re.Pattern:
    """A time limit and what is done within it (`10个工作日内出具`, `2小时内上门`)."""
    return compile_rule(r"{RANGE}\s*(?:个\s*)?{UNIT}\s*(?:内|以内)\s*[\u3400-\u9fff]{2}")


def is_value(text: str) -> bool:
    """Counts, times and periods with nothing else but `每`, `可`, `限` (`每年4次`, `7×24小时`,
    `不限次`, `48小时内`): a field's value, which names nothing."""
    rest = _quantity().sub("", text)
    if rest == text:
        return False
    rest = re.sub(r"[每可限共\s/·]", "", rest)
    return sum(1 for ch in rest if is_cjk(ch)) < 2 and not re.search(r"[A-Za-z]", rest)


def asked_about(text: str) -> Optional[str]:
    """The service a question or an aspect title is about (`电话医生服务怎么使用？`,
    `住院费用垫付的申请条件和次数`, `住院护工服务规则` → the name before those words), when
    the words before name one (a category, or called a service); else None."""
    m = compile_rule(rules()["title"]["asking"]["pattern"]).search(text)
    if not m or m.start() < 2:
        return None
    name = text[:m.start()].strip()
    return name if is_title(name) and (states_category(name) or name.endswith("服务")) else None


def opens_sentence(text: str) -> bool:
    """`若…`, `您可…`, `客户询问“…”`: words that start a sentence, not a name."""
    return bool(compile_rule(rules()["title"]["sentence_openings"]["pattern"]).match(text.strip()))


def lead_in(text: str) -> int:
    """Length of `名称：` opening a paragraph (its separator included), 0 when there is none."""
    shape = rules()["title"]
    for i, ch in enumerate(text[: shape["lead_in_max_chars"] + 2]):
        if ch in shape["lead_in_separators"] and not text[i - 1:i].isdigit():  # not `8:00`
            return i + 1 if i >= 2 and is_title(text[:i]) and not text[:i].strip().isascii() else 0
    return 0


def bar_label(text: str) -> int:
    """Length of a field label and its bar opening a line (`次数｜不限次`), 0 when there is
    none: a bar after a label sets a field apart, as a colon does (after a name it parts
    a bilingual title, which stays whole)."""
    m = _BAR_LABEL.match(text)
    return m.end() if m and label_family(m.group(1)) else 0


FACT_LABELS = FACT_FAMILIES + ("coverage",)  # the families whose labels name a fact


def _without_field_suffix(name: str) -> int:
    """Length of a name without the label of a fact closing it (`特药直付使用条件` → `特药直付`):
    a title about one fact of the service it names (`住院垫付使用流程` stays: a part of it)."""
    if not category_term(name):
        return len(name)  # no name of a service to cut back to (most titles: checked once)
    for cut in range(2, len(name) - 1):
        if label_family(name[cut:]) in FACT_LABELS and category_term(name[:cut]):
            return cut
    return len(name)


def is_toc_entry(text: str) -> bool:
    """A table-of-contents line: a title followed by dot leaders and a page number."""
    return bool(compile_rule(rules()["toc"]["pattern"]).search(text))


_BAR_LABEL = re.compile(r"\s*([^\s｜|，。；：:]{1,8})\s*[｜|]\s*")


_MEMO = 1 << 15  # distinct strings a worker remembers an answer for: titles and labels recur


@lru_cache(maxsize=_MEMO)
def display_span(title: str) -> tuple[int, int]:
    """Where the name lies in a title with its marks removed: no numbering, no trailing dots
    or page numbers; of a bilingual title only the Chinese part, and of a name with a
    tagline (`视频问诊 | 半夜也有医生在`) the part that names a service."""
    start, end = 0, len(title)
    parts = [m for m in re.finditer(r"[^｜|]+", title)]
    if len(parts) > 1:
        named = [m for m in parts if ideographs(m.group()) >= 2 and category_term(m.group())]
        best = named[0] if named else max(parts, key=lambda m: ideographs(m.group()))
        start, end = best.span()
    gap = _COLUMN_GAP.search(title, start, end)
    if gap and ideographs(title[start:gap.start("gap")]) >= 2:
        end = gap.start("gap")  # `视频医生   POST /services/…`: what stands past a wide gap is another column
    place = _LEADING_PART.match(title, start, end)
    if place and (compile_rule(rules()["title"]["layout_places"]["pattern"]).match(place["part"])
                  or is_other_chapter(place["part"]) and place.end() < end):
        start = place.end()  # `左栏 · 第二诊疗意见`, `服务说明 · 肿瘤绿色通道`: where it stands or what of it, then its name
    text = title[start:end]
    m = _LEADING_LATIN.match(text)
    if m:
        start += m.end()
    text = title[start:end]
    m = _TRAILING_LATIN.search(text)
    if m:
        end = start + m.start()
    footnote = compile_rule(rules()["title"]["footnote_references"]["pattern"]).search(title, start, end)
    if footnote and footnote.start() > start:
        end = footnote.start()
    text = title[start:end]
    trailing = _TRAILING.search(text)
    if trailing and trailing.start() > 0 and not text[trailing.start() - 1].isdigit():
        end = start + trailing.start()
    while (m := _ASPECT.search(title, start, end)) and m.start() > start and is_other_chapter(m["aspect"]):
        end = m.start()  # an aspect of the service after it (`重疾绿通 · 服务细则`): another page of it
    end = start + _without_field_suffix(title[start:end])
    tag = _TRAILING_TAG.search(title, start, end)
    if tag and tag.start() > start:
        end = tag.start()  # `图文问诊 [优先级1]`: a mind map's or a tracker's marker after the name
    openings, closings, _ = brackets()
    opened = start
    while start < end and (title[start] in " 　\t*#" or title[start] in openings or _symbol(title[start])):
        start += 1
    if any(title[i] in openings for i in range(opened, start)):
        start += numbering(title[start:end], clauses=True)[2]  # `【3 重疾绿色通道】`: numbered inside its brackets
    while end > start and (title[end - 1] in " 　\t*#：:" or title[end - 1] in closings or _symbol(title[end - 1])):
        end -= 1
    quoted = _WHOLLY_QUOTED.fullmatch(title, start, end)
    return (start + 1, end - 1) if quoted else (start, end)


_COLUMN_GAP = re.compile(r"\S(?P<gap> {3,}|\t)\S")
_TRAILING_TAG = re.compile(r"(?:\s+\[[^\[\]]{1,12}\])+\s*$")
_WHOLLY_QUOTED = re.compile(r"“[^“”]+”|‘[^‘’]+’|\"[^\"]+\"")  # `“视频医生”`: the name inside its quotes


def _symbol(char: str) -> bool:
    """An emoji or a pictograph (`🩺 视频问诊`, `✅`) and its variation selector: no part of a name."""
    return unicodedata.category(char) in ("So", "Mn")


def service_name(text: str) -> str:
    """A title without its numbering, bullet, trailing dots or page number (`3. 重疾绿通服务` → …)."""
    text = text.strip().lstrip("#").strip()
    text = text[bullet(text):]
    text = text[numbering(text)[2]:]
    start, end = display_span(text)
    return text[start:end].strip()


ENUMERATION = re.compile(r"\s*[、，,/和及与]\s*")


def enumerated(text: str) -> list[str]:
    """The items of an enumeration (`院内陪诊、术后上门护理` → both names)."""
    return [part for part in ENUMERATION.split(text) if part]


def plain_name(name: str) -> str:
    return _PARENTHETICAL.sub("", name).strip()


def core_name(name: str) -> str:
    """What two places naming one service share: no qualifier, no trailing 服务."""
    return re.sub(r"服务$", "", plain_name(name)).strip()


def parentheticals(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PARENTHETICAL.finditer(text)]


@lru_cache(maxsize=_MEMO)
def label_family(name: str) -> Optional[str]:
    """The field family a label names (`服务时效` → slas), or None when it is no label."""
    plain = re.sub(r"\s+", "", plain_name(name))
    for label in rules()["field_labels"]:
        if compile_rule(label["pattern"]).search(plain):
            return label["family"]
    return None


def is_concept(name: str) -> bool:
    """A chapter that is no service itself: one that holds services (`服务内容`, `增值服务`)
    or one about something else (contents, letters, channels, process, FAQ, notes, lists…)."""
    return is_service_chapter(name) or is_other_chapter(name)


def is_handbook_chapter(name: str, style: str = "") -> bool:
    """Notes, FAQ, exclusions, appendices: chapters about the whole handbook, never a part
    of one service, by their name or by a numbering style that numbers such chapters (`附：`)."""
    return style in _handbook_chapter_styles() or bool(
        compile_rule(rules()["handbook_chapters"]["pattern"]).search(plain_name(name)))


@lru_cache(maxsize=1)
def _handbook_chapter_styles() -> frozenset:
    return frozenset(n["style"] for n in rules()["numbering"] if n.get("handbook_chapter"))


@lru_cache(maxsize=1)
def subclause_styles() -> frozenset:
    """Numbering styles that number a clause only where sub-clauses follow (`6` → `6.1`)."""
    return frozenset(n["style"] for n in rules()["numbering"] if n.get("subclauses"))


def is_service_chapter(name: str) -> bool:
    return bool(compile_rule(rules()["service_chapters"]["pattern"]).search(plain_name(name)))


def is_other_chapter(name: str) -> bool:
    """Contents, letters, channels, process, FAQ, notes, exclusions, lists: no service is
    described here, except one whose name states its category."""
    return (not is_service_chapter(name)
            and bool(compile_rule(rules()["not_service_names"]["pattern"]).search(plain_name(name))))


@dataclass(frozen=True)
class Classification:
    category: str
    term: Optional[str]


@lru_cache(maxsize=_MEMO)
def category_term(text: str) -> Optional[Classification]:
    """The first category (in the taxonomy's order) one of whose terms occurs in `text`."""
    lowered = text.lower()
    for category in load_rules("taxonomy")["categories"]:
        for term in category["terms"]:
            if term.lower() in lowered:
                return Classification(category["code"], term)
    return None


def states_category(name: str) -> bool:
    """Whether the name states its category by one of the taxonomy's terms (`住院垫付`), not
    only by ending in 服务."""
    found = classify(name)
    return bool(found and found.term)


def classify(name: str) -> Optional[Classification]:
    """The category a service name states, or None for labels, chapters and bare words."""
    plain = plain_name(name)
    if not plain or len(plain) > 40 or label_family(plain) or is_concept(plain):
        return None
    found = category_term(plain)
    if found:
        return found
    if plain.endswith("服务") and len(plain) > 2:
        return Classification("other", None)
    return None
