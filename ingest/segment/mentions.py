"""Places that name a service outside its own section: an overview sentence, a group's
introduction, an FAQ answer. What such a place says about the service joins its facts
(GUIDE.md, judgement call 5); a place that names no service stays the handbook's own.

A unit is a paragraph or list item outside every service; a question and its answer are
one unit, which belongs whole to the one service its question names. Elsewhere each name
takes the words from it to the end of its sentence or to the next name
(`重疾绿色通道、多学科会诊（每保单年度1次）及住院陪护` gives MDT its count).
"""
from __future__ import annotations

import re

from ..model import Block, Document, Section
from . import names

_QUESTION = re.compile(r"^\s*(?:问|Q)\s*[：:]", re.I)
_ANSWER = re.compile(r"^\s*(?:答|A)\s*[：:]", re.I)
_MIN_NAME = 3  # shorter cores (`体检`) name too many things to tell a service by


def _covered(sections: list[Section]) -> list[tuple[int, int]]:
    spans = [span for s in sections for span in s.spans]
    spans += [(e.start, e.end) for s in sections for e in s.name_places]
    return sorted(spans)


def _outside(block: Block, covered: list[tuple[int, int]]) -> bool:
    return not any(start < block.end and block.start < end for start, end in covered)


def _units(doc: Document, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraphs and list items outside every service; a question joined to its answer."""
    blocks = [b for b in doc.blocks if b.kind in ("paragraph", "list_item") and _outside(b, covered)]
    units: list[tuple[int, int]] = []
    for block in blocks:
        if units and _ANSWER.match(block.text) and _QUESTION.match(doc.text[units[-1][0]:units[-1][1]]):
            units[-1] = (units[-1][0], block.end)
        else:
            units.append((block.start, block.end))
    return units


def _keys(sections: list[Section]) -> list[tuple[str, int]]:
    """The words that name each service: its name and its core, longest first."""
    keys = []
    for index, section in enumerate(sections):
        plain = names.plain_name(section.name_evidence.text)
        for key in {plain, names.core_name(plain)}:
            if len(key) >= _MIN_NAME:
                keys.append((key, index))
    return sorted(keys, key=lambda k: -len(k[0]))


def _named(doc: Document, start: int, end: int, keys: list[tuple[str, int]]) -> list[tuple[int, int]]:
    """(position, service) of every service named in [start, end), longer names first."""
    from ..textnorm import to_simplified

    text = doc.match_text
    found, taken = [], []
    for key, index in keys:
        key = to_simplified(key)
        for m in re.finditer(re.escape(key), text[start:end]):
            a, b = start + m.start(), start + m.end()
            if not any(a < y and x < b for x, y in taken):
                taken.append((a, b))
                found.append((a, index))
    return sorted(found)


def _sentence_end(text: str, start: int, limit: int) -> int:
    """Where the sentence naming a service ends (its full stop), or the next name."""
    m = _STOP.search(text, start, limit)
    return m.end() if m else limit


_STOP = re.compile(r"[。；;！？!?\n]")


def add_mentions(doc: Document, sections: list[Section]) -> None:
    """Give each service the places outside its sections that name it (in place)."""
    if not sections:
        return
    keys = _keys(sections)
    for start, end in _units(doc, _covered(sections)):
        named = _named(doc, start, end, keys)
        if _QUESTION.match(doc.text[start:end]) and len({index for _, index in named}) == 1:
            sections[named[0][1]].spans.append((start, end))  # an FAQ entry about one service
            continue
        for i, (pos, index) in enumerate(named):
            stop = _sentence_end(doc.text, pos, named[i + 1][0] if i + 1 < len(named) else end)
            sections[index].spans.append((pos, stop))
    for section in sections:
        section.spans.sort()
