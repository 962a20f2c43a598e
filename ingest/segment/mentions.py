"""Places that name a service outside its own section: an overview sentence, a group's
introduction, an FAQ answer. What such a place says about the service joins its facts
(GUIDE.md, judgement call 5); a place that names no service stays the handbook's own.

A unit is a paragraph or list item outside every service; a question and its answer are
one unit, which belongs whole to the one service its question names, and so does a chat
message (`2024-05-06 10:06 小周（健康管家）：…`) that names one service, with the messages
its speaker sends right after it naming none. Elsewhere each name
takes the words of its sentence, from the sentence's start (or the name before it) to the
sentence's end or the next name (`重疾绿色通道、多学科会诊（每保单年度1次）及住院陪护` gives
MDT its count).
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ..model import Block, Document, Section
from ..rules import compile_rule
from ..rules.marks import answer_mark, question_mark
from . import names

_MESSAGE = re.compile(r"^\s*\[?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?\]?\s*"
                      r"(?P<speaker>[^：:\n]{1,24})[：:]")  # a chat turn
_MIN_NAME = 3  # shorter cores (`体检`) name too many things to tell a service by


def _covered(sections: list[Section]) -> list[tuple[int, int]]:
    """The text services own (their sections and the places that name them), as sorted,
    disjoint spans."""
    spans = sorted([span for s in sections for span in s.spans]
                   + [(e.start, e.end) for s in sections for e in s.name_places])
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _outside(block: Block, covered: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect_right(starts, block.start) - 1  # the last span starting at or before the block
    return not any(0 <= j < len(covered) and covered[j][0] < block.end and block.start < covered[j][1]
                   for j in (i, i + 1))


def _units(doc: Document, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraphs and list items outside every service; a question joined to its answer."""
    starts = [start for start, _ in covered]
    blocks = [b for b in doc.blocks if b.kind in ("paragraph", "list_item", "table") and _outside(b, covered, starts)]
    units: list[tuple[int, int]] = []
    for block in blocks:
        if block.kind == "table":  # each row of a table no service owns (`术后康复指导 | 每次住院2次`)
            units += [(row[0].start, row[-1].end) for row in block.rows if row]
        elif units and answer_mark().match(doc.match_text[block.start:block.end]) and question_mark().match(
                doc.match_text[units[-1][0]:units[-1][1]]):  # `問：…` / `答：…` as `问：…` / `答：…`
            units[-1] = (units[-1][0], block.end)
        else:
            units.append((block.start, block.end))
    return units


def _names(sections: list[Section]) -> tuple[re.Pattern | None, dict[str, int]]:
    """One pattern of the words that name each service (its name and its core, in
    Simplified characters, longest first) and the service each names."""
    from ..textnorm import to_simplified

    owner: dict[str, int] = {}
    for index, section in enumerate(sections):
        plain = names.plain_name(section.name_evidence.text)
        for key in (plain, names.core_name(plain)):
            key = to_simplified(key)
            if len(key) >= _MIN_NAME:
                owner.setdefault(key, index)
    if not owner:
        return None, owner
    return re.compile("|".join(map(re.escape, sorted(owner, key=len, reverse=True)))), owner


def _named(doc: Document, start: int, end: int, pattern: re.Pattern,
           owner: dict[str, int]) -> list[tuple[int, int, int]]:
    """(start, end, service) of every service named in [start, end), the longer name first."""
    return [(m.start(), m.end(), owner[m.group()]) for m in pattern.finditer(doc.match_text, start, end)]


def _is_subject(text: str, start: int, name: int) -> bool:
    """The unit opens with the name (after its numbering or bullet): what follows, sentence
    after sentence, is about that service (`3. 住院垫付每次住院限申请1次；已办理入院…`)."""
    opening = text[start:name]
    return len(opening) <= _OPENING and not _OPENING_WORDS.search(opening)


_OPENING = 6  # characters of numbering, a bullet or `注：` before the name
_OPENING_WORDS = re.compile(r"[\u3400-\u9fff]{2}")  # two ideographs: words before it (`本产品提供`)


def _sentence_start(text: str, start: int, pos: int) -> int:
    """Where the sentence naming a service begins: its opening words are about it too
    (`等待期内，“重疾门诊绿通”“住院费用垫付”两项服务暂不受理`), unless the name stands in a
    parenthesis, qualifying what is before it (`覆盖2,000家医疗机构（含住院垫付医疗机构）`)."""
    stops = [m.end() for m in _STOP.finditer(text, start, pos)]
    opening = stops[-1] if stops else start
    before = text[opening:pos]
    if (pos - opening > _OPENING_CLAUSE or before.endswith("除")  # `除电话医生服务另有专线外`: not it
            or before.count("（") + before.count("(") > before.count("）") + before.count(")")):
        return pos
    return opening


def _sentence_end(text: str, start: int, limit: int) -> int:
    """Where the sentence naming a service ends (its full stop), or the next name."""
    m = _STOP.search(text, start, limit)
    return m.end() if m else limit


_STOP = re.compile(r"[。；;！？!?\n]")
_OPENING_CLAUSE = 24  # characters: the opening words of a sentence, not lines run together


def _listed_together(text: str, name: tuple[int, int, int], following: tuple[int, int, int]) -> bool:
    """`院内陪诊、术后上门护理：均须…`: names listed one after the other share the words after
    the list; a parenthesis after a name is its own (`多学科会诊（每保单年度1次）及住院陪护`)."""
    between = text[name[1]:following[0]].strip(names.rules()["introductions"]["quotes"])  # `“X”“Y”`
    return (not between.strip() or bool(names.ENUMERATION.fullmatch(between))) and (
        text[following[1]:following[1] + 1] not in "（(")


def _stories(doc: Document, story: re.Pattern) -> list[tuple[int, int]]:
    """The chapters that tell customers' stories (`服务案例`): from the heading to the next
    heading of its level or a higher one."""
    headings = [b for b in doc.blocks if b.kind == "heading"]
    spans = []
    for i, heading in enumerate(headings):
        if story.search(names.service_name(doc.match_text[heading.start:heading.end])):
            level = heading.level or 0
            end = next((h.start for h in headings[i + 1:] if (h.level or 0) <= level), len(doc.text))
            spans.append((heading.start, end))
    return spans


def _names_only(text: str, start: int, name: tuple[int, int, int]) -> bool:
    """The unit is the name and nothing else (a card's title line in an overview)."""
    rest = text[:name[0] - start] + text[name[1] - start:]
    return not re.sub(r"[\W_]|服务", "", names.plain_name(rest))


def _is_tag(text: str) -> bool:
    """A card's tag: a count, a time or a period alone, or beside a word or two
    (`不限次`, `每保单年度2次`, `上传报告 · 不限次`)."""
    return any(names.is_value(part) for part in re.split(r"\s*[·|｜/]\s*|\s{2,}", text.strip()) if part)


def add_mentions(doc: Document, sections: list[Section]) -> None:
    """Give each service the places outside its sections that name it (in place)."""
    if not sections:
        return
    pattern, owner = _names(sections)
    if pattern is None:
        return
    change_record = compile_rule(names.rules()["change_record"]["pattern"])
    story = compile_rule(names.rules()["stories"]["pattern"])
    stories = _stories(doc, story)
    legend = compile_rule(names.rules()["mark_legend"]["pattern"])
    thread: tuple[str, int] | None = None  # (speaker, service) of the chat message just before
    card: int | None = None  # the service a card names on a line of its own, while its tags follow
    for start, end in _units(doc, _covered(sections)):
        if change_record.match(doc.match_text[start:end]):
            continue  # `V1.3 2024-08-01 专家门诊预约（尊享版）由2次调整为3回`: history, not the terms
        if story.search(doc.match_text[start:end]) or any(s <= start < e for s, e in stories):
            continue  # `张先生确诊肺部恶性肿瘤后，通过重疾绿色通道…`: one customer's story, not the terms
        marked = legend.match(doc.match_text[start:end])
        if marked:  # `※ 标注的服务仅适用于…`: a note on every service whose name carries the mark
            for section in sections:
                if any(doc.text[place.end:place.end + 4].lstrip().startswith(marked["mark"])
                       for place in section.name_places):
                    section.spans.append((start, end))
            continue
        named = _named(doc, start, end, pattern, owner)
        if card is not None and not named and _is_tag(doc.match_text[start:end]):
            sections[card].spans.append((start, end))  # `视频问诊` then `不限次`: the card's value
            continue
        card = named[0][2] if len(named) == 1 and _names_only(doc.match_text[start:end], start, named[0]) else None
        message = _MESSAGE.match(doc.text[start:end])
        about = {index for *_, index in named}
        if message and not named and thread and thread[0] == message["speaker"]:
            sections[thread[1]].spans.append((start, end))  # the same speaker goes on about it
            continue
        thread = (message["speaker"], named[0][2]) if message and len(about) == 1 else None
        if (question_mark().match(doc.match_text[start:end]) or message) and len(about) == 1:
            sections[named[0][2]].spans.append((start, end))  # an FAQ entry, a chat message about one service
            continue
        if len(about) == 1 and _is_subject(doc.text, start, named[0][0]):
            sections[named[0][2]].spans.append((named[0][0], end))  # a note about it: every sentence
            continue
        stops = [_sentence_end(doc.text, pos, named[i + 1][0] if i + 1 < len(named) else end)
                 for i, (pos, *_) in enumerate(named)]
        together = [_listed_together(doc.text, named[i], named[i + 1]) for i in range(len(named) - 1)]
        for i in range(len(named) - 2, -1, -1):
            if together[i]:
                stops[i] = stops[i + 1]
        begins = []
        for i, (pos, *_) in enumerate(named):
            opening = _sentence_start(doc.text, start, pos)
            if i and opening <= named[i - 1][0]:  # another name before it in its sentence
                opening = begins[-1] if together[i - 1] else pos
            begins.append(opening)
        if message:  # a chat turn goes on about the service it last named, sentence after sentence
            stops = [max(stop, following) for stop, following in zip(stops, begins[1:] + [end])]
        for (_, _, index), begin, stop in zip(named, begins, stops):
            sections[index].spans.append((begin, stop))
    for section in sections:
        section.spans.sort()
