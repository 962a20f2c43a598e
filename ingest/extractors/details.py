"""What people read a service by: description, materials, steps, exclusions, service
hours, eligible persons and cancellation rules, each a list of quoted sentences."""
from __future__ import annotations

import re

from ..model import Block, Fact
from ..rules import compile_rule
from .base import Extractor, SectionView, field_rules

_STEP_HEADER = re.compile(r"步骤|流程|序号")
_DESCRIPTION_LABEL = re.compile(r"^\s*[(（]?\d*[)）]?\s*(?:服务内容|服务介绍)[:：]?\s*$")


def section_blocks(view: SectionView, whole: bool) -> list[Block]:
    """The blocks starting in the service's spans (`whole`: also ending in them), in text
    order. Looked up by position, so each service costs its own blocks, not the handbook's."""
    found = {}
    for start, end in view.spans:
        for block in view.doc.blocks_in(start, end):
            if not whole or block.end <= end:
                found[id(block)] = block  # once, though two spans may hold it
    return sorted(found.values(), key=lambda block: block.start)


class SentenceExtractor(Extractor):
    """Sentences of a service that match one cue pattern (exclusions, materials…)."""

    def __init__(self, family: str):
        self.family = family

    def __call__(self, view: SectionView) -> list[Fact]:
        rule = field_rules()["sentences"][self.family]
        facts, seen = [], set()
        for m in view.finditer(compile_rule(rule["pattern"])):
            start, end = view.sentence(m.start(), m.end())
            if (start, end) in seen or end <= start:
                continue
            seen.add((start, end))
            facts.append(view.fact(self.family, {"text": view.doc.text[start:end]}, start, end,
                                   rule["id"], clause=False))
        return facts


class DescriptionExtractor(Extractor):
    """The first paragraph of the service's own text (after a 服务内容 label if there is one)."""

    family = "description"

    def __call__(self, view: SectionView) -> list[Fact]:
        for block in section_blocks(view, whole=True):
            if block.kind in ("paragraph", "list_item") and not _DESCRIPTION_LABEL.match(block.text):
                if len(block.text) >= 8:
                    return [view.fact(self.family, {"text": block.text}, block.start, block.end,
                                      "detail.description", clause=False)]
        return []


class StepsExtractor(Extractor):
    """Numbered steps from a procedure table (步骤 | 内容)."""

    family = "steps"

    def __call__(self, view: SectionView) -> list[Fact]:
        facts = []
        for block in section_blocks(view, whole=False):
            if block.kind != "table":
                continue
            header = view.doc.match_text[block.start:block.rows[0][-1].end] if block.rows else ""
            if not _STEP_HEADER.search(header):
                continue
            for row in block.rows[block.header_rows:]:
                cell = max(row, key=lambda c: c.end - c.start)
                if cell.end > cell.start:
                    facts.append(view.fact(self.family, {"text": view.doc.text[cell.start:cell.end]},
                                           cell.start, cell.end, "detail.steps", clause=False))
        return facts
