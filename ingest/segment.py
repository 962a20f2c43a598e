"""Segmentation: find the services a handbook describes and every place that describes each.

Services are named by headings (`3. 重疾绿通服务`, `（二）垫付医疗服务`, `## 远程问诊`) and by
rows of summary tables (`服务项目 | 服务内容 | 服务约定`). A heading's section runs until the
next service heading, the next heading of its own rank (same level and numbering style),
or a numbered heading of a higher rank (the next chapter).
A service described twice (a summary row and a detailed section; an overview chapter and a
numbered item) is merged into one `Section` with both places.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Optional

from .model import Block, Document, Evidence, Section
from .rules import load_rules

_NUMBERING = re.compile(
    r"^\s*(?:#+\s*)?(?:第[一二三四五六七八九十百零\d]+[章节部分篇]|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}(?:\.\d{1,2})*[.．、]?(?!\d))?\s*")
_TRAILING = re.compile(r"[.．。…·\s]*\d*\s*$")
_PARENTHETICAL = re.compile(r"[（(][^（()）]*[)）]")
_MAX_UNNUMBERED_NAME = 16  # longer unnumbered "titles" are sentence fragments of narrow columns
_SUMMARY_HEADER = re.compile(r"^(?:服务)?(?:项目|名称)(?:名称)?$|^服务$")
_STYLES = [("chapter", r"^第[一二三四五六七八九十百零\d]+[章节部分篇]"), ("cn_dot", r"^[一二三四五六七八九十]+[、.．]"),
           ("paren_cn", r"^[（(][一二三四五六七八九十]+[)）]"), ("paren_num", r"^[（(]\d+[)）]"),
           ("num3", r"^\d+\.\d+\.\d+"), ("num2", r"^\d+\.\d+"), ("num1", r"^\d+[.．、]")]


def numbering_style(text: str) -> str:
    for style, pattern in _STYLES:
        if re.match(pattern, text.strip()):
            return style
    return "none"


def service_name(text: str) -> str:
    """A heading without its numbering, trailing dots or page number (`3. 重疾绿通服务` → …)."""
    return _TRAILING.sub("", _NUMBERING.sub("", text, count=1)).strip()


@dataclass
class Classification:
    category: str
    term: Optional[str]


def classify(name: str) -> Optional[Classification]:
    """The category a service name belongs to, or None when the name is not a service."""
    taxonomy = load_rules("taxonomy")
    plain = _PARENTHETICAL.sub("", name).strip()
    if not plain or len(plain) > 40:
        return None
    if plain in taxonomy["not_services"] or plain.endswith(tuple(taxonomy["part_suffixes"])):
        return None
    if any(plain.endswith(word) or plain == word for word in taxonomy["not_services"]):
        return None
    for category in taxonomy["categories"]:
        for term in category["terms"]:
            if term.lower() in plain.lower():
                return Classification(category["code"], term)
    if plain.endswith("服务") and len(plain) > 2:
        return Classification("other", None)
    return None


@dataclass
class _Candidate:
    section: Section
    order: int
    core: str


def _evidence(doc: Document, start: int, end: int) -> Evidence:
    return Evidence(doc.text[start:end], start, end, doc.page_at(start))


def _core(name: str) -> str:
    return re.sub(r"服务$", "", _PARENTHETICAL.sub("", name)).strip()


def _heading_candidates(doc: Document) -> tuple[list[_Candidate], list[tuple[int, int]]]:
    """Services named by headings, and the spans those sections cover."""
    headings = [(i, b) for i, b in enumerate(doc.blocks) if b.kind == "heading"]
    found: list[tuple[int, Block, str, Classification]] = []
    for index, block in headings:
        name = service_name(doc.match_text[block.start:block.end])
        kind = classify(name)
        numbered = numbering_style(block.text) != "none"
        if kind and (numbered or len(_PARENTHETICAL.sub("", name)) <= _MAX_UNNUMBERED_NAME):
            found.append((index, block, name, kind))
    service_indexes = {index for index, *_ in found}
    candidates, covered = [], []
    for index, block, name, kind in found:
        style = numbering_style(block.text)
        end = doc.blocks[-1].end
        for later, other in headings:
            if later <= index:
                continue
            other_style = numbering_style(other.text)
            sibling = other.level == block.level and other_style == style
            higher_chapter = other_style != "none" and (other.level or 9) < (block.level or 9)
            if later in service_indexes or sibling or higher_chapter:
                end = doc.blocks[later].start
                break
        display = service_name(block.text)
        name_start = block.start + block.text.find(display) if display in block.text else block.start
        body_start = min(block.end + 1, end)
        qualifiers = [(name_start + m.start(), name_start + m.end())
                      for m in _PARENTHETICAL.finditer(display)]
        section = Section(name=display, name_evidence=_evidence(doc, name_start, name_start + len(display)),
                          category=kind.category, category_term=kind.term,
                          spans=[(body_start, end)] if body_start < end else [],
                          group=f"h{block.level}:{style}",
                          qualifier_spans=qualifiers)
        section.name_places = [section.name_evidence]
        candidates.append(_Candidate(section, block.start, _core(name)))
        covered.append((block.start, end))
    return candidates, covered


def _table_candidates(doc: Document, covered: list[tuple[int, int]]) -> list[_Candidate]:
    """Services named by the rows of a summary table that stands outside service sections."""
    candidates = []
    for block in doc.blocks:
        if block.kind != "table" or len(block.rows) < 2 or any(s <= block.start < e for s, e in covered):
            continue
        header = [doc.match_text[c.start:c.end].strip() for c in block.rows[0]]
        if not header or not _SUMMARY_HEADER.match(header[0]):
            continue
        for row in block.rows[block.header_rows or 1:]:
            if not row:
                continue
            name_cell = row[0]
            display = doc.text[name_cell.start:name_cell.end].strip()
            kind = classify(service_name(doc.match_text[name_cell.start:name_cell.end]))
            if not display or not kind or kind.term is None:
                continue
            body = [(c.start, c.end) for c in row[1:] if c.end > c.start]
            section = Section(name=display, name_evidence=_evidence(doc, name_cell.start, name_cell.end),
                              category=kind.category, category_term=kind.term, spans=body,
                              group=f"t{block.start}")
            section.name_places = [section.name_evidence]
            candidates.append(_Candidate(section, name_cell.start, _core(service_name(display))))
    return candidates


def _merge_duplicates(candidates: list[_Candidate]) -> list[_Candidate]:
    """One service described in two groups (summary + detail) becomes one, with both places."""
    pairs = []
    for i, a in enumerate(candidates):
        for j in range(i + 1, len(candidates)):
            b = candidates[j]
            if a.section.group == b.section.group or a.section.category != b.section.category:
                continue
            ratio = SequenceMatcher(None, a.core, b.core).ratio()
            if a.core in b.core or b.core in a.core:
                ratio = max(ratio, 0.8)
            if ratio >= 0.5:
                pairs.append((ratio, i, j))
    merged_into: dict[int, int] = {}
    used: set[tuple[int, str]] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if i in merged_into or j in merged_into:
            continue
        if (i, candidates[j].section.group) in used or (j, candidates[i].section.group) in used:
            continue
        merged_into[j] = i
        used.add((i, candidates[j].section.group))
    out = []
    for i, cand in enumerate(candidates):
        if i in merged_into:
            continue
        for j, target in merged_into.items():
            if target == i:
                cand = _combine(cand, candidates[j])
        out.append(cand)
    return out


def _combine(a: _Candidate, b: _Candidate) -> _Candidate:
    """Keep the more specific name (the longer core; the later place on a tie)."""
    first, second = (a, b) if a.order <= b.order else (b, a)
    keep = first if len(first.core) > len(second.core) else second
    section = Section(name=keep.section.name, name_evidence=keep.section.name_evidence,
                      category=keep.section.category, category_term=keep.section.category_term,
                      spans=sorted(first.section.spans + second.section.spans),
                      group=keep.section.group,
                      qualifier_spans=first.section.qualifier_spans + second.section.qualifier_spans,
                      name_places=first.section.name_places + second.section.name_places)
    return _Candidate(section, first.order, keep.core)


def segment(doc: Document) -> list[Section]:
    """The services of a handbook, in the order they first appear."""
    headings, covered = _heading_candidates(doc)
    candidates = _merge_duplicates(headings + _table_candidates(doc, covered))
    return [c.section for c in sorted(candidates, key=lambda c: c.order)]
