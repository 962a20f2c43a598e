"""Segmentation: find the services a handbook describes and every place that describes each.

    find_titles (finders) → build the outline → decide which titles are services
    → summary-table rows → merge places of one service → places that name a service
    elsewhere (mentions) → `Section`s

Services are found by the structure of the document: any way a title is marked (see
`finders`), ranked into an outline (see `outline`), and judged by what its section says.
Vocabularies only name the category. A service described twice (a summary row and a
detailed section; an overview and a numbered item) becomes one `Section` with both places.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..model import Document, Evidence, Section
from ..rules import compile_rule
from . import names
from .finders import find_titles
from .names import Classification, classify, numbering_style, service_name  # noqa: F401
from .outline import Node, build, decide
from .mentions import add_mentions
from .tables import field_rows, summary_rows

__all__ = ["segment", "classify", "service_name", "numbering_style", "Classification"]


@dataclass
class _Candidate:
    section: Section
    order: int
    core: str


def _evidence(doc: Document, start: int, end: int) -> Evidence:
    return Evidence(doc.text[start:end], start, end, doc.page_at(start))


def _category(doc: Document, node: Node) -> Classification:
    """From the name, then from the first words of the section, then `other`."""
    if node.category and node.category.term:
        return node.category
    title = node.title
    opening = doc.match_text[title.body_start:min(node.end, title.body_start + 80)]
    from_body = names.category_term(opening)
    return from_body or node.category or Classification("other", None)


class _Labels:
    """The field labels of a handbook (`服务时效：5个工作日内`, and the rows of tables of fields:
    `服务次数 | 每年2次`) in document order, so that each service finds those inside its
    section by bisection."""

    def __init__(self, nodes: list[Node], doc: Document):
        found = sorted([(n.title.body_start, self._value_end(n, doc), n.title.family) for n in nodes
                        if n.title.kind == "label" and n.title.family]
                       + [row for block in doc.blocks for row in field_rows(doc, block)])
        self.labels = found
        self.starts = [start for start, _, _ in found]

    @staticmethod
    def _value_end(node: Node, doc: Document) -> int:
        """A label's value is the rest of its line (`服务时效：5个工作日内`), or, for a label
        alone on its line (`「服务标准」`), what follows it up to the next title."""
        line_end = doc.blocks[node.title.block].end
        return line_end if node.title.body_start < line_end else max(line_end, node.end)

    def within(self, start: int, end: int) -> dict[str, list[tuple[int, int]]]:
        """Value spans of the labels whose value starts inside [start, end), by family."""
        out: dict[str, list[tuple[int, int]]] = {}
        for value_start, value_end, family in self.labels[bisect_left(self.starts, start):
                                                          bisect_left(self.starts, end)]:
            out.setdefault(family, []).append((value_start, value_end))
        return out


def _group_name(node: Node) -> str:
    parent = node.parent
    while parent is not None and parent.role != "group":
        parent = parent.parent
    return parent.title.name if parent is not None else ""


def _heading_candidates(doc: Document) -> tuple[list[_Candidate], list[tuple[int, int]]]:
    nodes = build(doc, find_titles(doc))
    labels = _Labels(nodes, doc)
    candidates, covered = [], []
    for node in decide(doc, nodes):
        title = node.title
        kind = _category(doc, node)
        body = (title.body_start, node.end) if title.body_start < node.end else None
        section = Section(
            name=title.name, name_evidence=_evidence(doc, title.name_start, title.name_end),
            category=kind.category, category_term=kind.term, spans=[body] if body else [],
            group=f"{title.tier}:{title.level}:{title.style}", qualifier_spans=title.qualifiers,
            labelled=labels.within(title.body_start, node.end), parent=_group_name(node))
        section.name_places = [section.name_evidence]
        candidates.append(_Candidate(section, title.name_start,
                                     names.core_name(title.match_name)))
        covered.append((doc.blocks[title.block].start, node.end))
    return candidates, covered


def _table_candidates(doc: Document, covered: list[tuple[int, int]]) -> list[_Candidate]:
    """Services named by the rows of a summary table that stands outside service sections."""
    candidates = []
    for block in doc.blocks:
        if block.kind != "table" or any(s <= block.start < e for s, e in covered):
            continue
        for row in summary_rows(doc, block):
            kind = row.category or names.category_term(doc.match_text[row.cells[0][0]:row.cells[0][1]]
                                                       if row.cells else "") or Classification("other", None)
            section = Section(name=row.name, name_evidence=_evidence(doc, row.name_start, row.name_end),
                              category=kind.category, category_term=kind.term, spans=row.cells,
                              group=f"t{block.start}", labelled=row.labelled)
            section.name_places = [section.name_evidence]
            candidates.append(_Candidate(section, row.name_start,
                                         names.core_name(doc.match_text[row.name_start:row.name_end])))
    return candidates


def _merge_duplicates(candidates: list[_Candidate]) -> list[_Candidate]:
    """One service described in two places (summary + detail, or twice under one name)
    becomes one, with both places."""
    pairs = []
    for i, a in enumerate(candidates):
        for j in range(i + 1, len(candidates)):
            b = candidates[j]
            if a.section.category != b.section.category:
                continue
            if a.section.group == b.section.group and a.core != b.core:
                continue  # siblings of one list are different services, unless named alike
            ratio = SequenceMatcher(None, a.core, b.core).ratio()
            if a.core and b.core and (a.core in b.core or b.core in a.core):
                ratio = max(ratio, 0.8)
            if ratio >= 0.5:
                pairs.append((ratio, i, j))
    merged_into: dict[int, int] = {}
    used: set[tuple[int, str]] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if i in merged_into or j in merged_into or i in merged_into.values() and j in merged_into.values():
            continue
        if ((i, candidates[j].section.group) in used or (j, candidates[i].section.group) in used) \
                and candidates[i].core != candidates[j].core:
            continue
        merged_into[j] = i
        used.add((i, candidates[j].section.group))
    def root(index: int) -> int:  # a place merged into one that was merged in turn
        while index in merged_into:
            index = merged_into[index]
        return index

    out = []
    for i, cand in enumerate(candidates):
        if i in merged_into:
            continue
        for j in range(len(candidates)):
            if j != i and root(j) == i:
                cand = _combine(cand, candidates[j])
        out.append(cand)
    return out


def _combine(a: _Candidate, b: _Candidate) -> _Candidate:
    """Keep the more specific name (the longer core; the later place on a tie)."""
    first, second = (a, b) if a.order <= b.order else (b, a)
    keep = first if len(first.core) > len(second.core) else second
    labelled = {k: list(v) for k, v in first.section.labelled.items()}
    for family, spans in second.section.labelled.items():
        labelled.setdefault(family, []).extend(spans)
    section = Section(name=keep.section.name, name_evidence=keep.section.name_evidence,
                      category=keep.section.category, category_term=keep.section.category_term,
                      spans=sorted(first.section.spans + second.section.spans),
                      group=keep.section.group,
                      qualifier_spans=first.section.qualifier_spans + second.section.qualifier_spans,
                      name_places=first.section.name_places + second.section.name_places,
                      labelled=labelled, parent=keep.section.parent or first.section.parent)
    return _Candidate(section, first.order, keep.core)


def _without_enumerations(sections: list[Section]) -> list[Section]:
    """A title that lists services named elsewhere (`注6 院内陪诊、术后上门护理：…`, a note on
    both) is no service: its words become a place of each (`add_mentions`)."""
    cores = {names.core_name(s.name) for s in sections}

    def lists_others(section: Section) -> bool:
        parts = names.enumerated(names.plain_name(section.name))
        return len(parts) > 1 and all(names.core_name(part) in cores for part in parts)

    return [s for s in sections if not lists_others(s)]


def _without_superseded(doc: Document, sections: list[Section]) -> None:
    """Columns that hold no terms of the service are no place of it: a change notice's
    terms before the change (`原服务内容`, `调整前`), a report's measurements (`平均响应`,
    `达标率`)."""
    rules = names.rules()
    columns = [compile_rule(rules[key]["pattern"]) for key in ("superseded_column", "measured_column")]
    cuts = []
    for block in doc.blocks:
        if block.kind == "table" and len(block.rows) > 1:
            for i, head in enumerate(block.rows[0]):
                if any(column.search(doc.match_text[head.start:head.end].strip()) for column in columns):
                    cuts += [(row[i].start, row[i].end) for row in block.rows[1:] if len(row) > i]
    if not cuts:
        return
    for section in sections:
        section.spans = [piece for span in section.spans for piece in _minus(span, cuts)]


def _minus(span: tuple[int, int], cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`span` without the parts inside any of `cuts`."""
    pieces = [span]
    for cut_start, cut_end in cuts:
        pieces = [part for start, end in pieces
                  for part in ((start, min(end, cut_start)), (max(start, cut_end), end)) if part[0] < part[1]]
    return pieces


def segment(doc: Document) -> list[Section]:
    """The services of a handbook, in the order they first appear."""
    headings, covered = _heading_candidates(doc)
    candidates = _merge_duplicates(headings + _table_candidates(doc, covered))
    sections = _without_enumerations([c.section for c in sorted(candidates, key=lambda c: c.order)])
    add_mentions(doc, sections)
    _without_superseded(doc, sections)
    return sections
