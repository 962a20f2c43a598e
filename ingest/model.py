"""The one document model every stage shares.

A reader turns a file into a `Document`: one normalized full text plus ordered `Block`s
that point into it by character offsets. Later stages never re-read the file; they cite
`Document.text[start:end]` so every extracted value can be traced to its words and page.

This module imports nothing from the rest of the package (a test enforces it).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Optional

BLOCK_KINDS = ("heading", "paragraph", "list_item", "table")


@dataclass(frozen=True)
class Cell:
    """One table cell: its span in `Document.text` (the text may be empty)."""

    start: int
    end: int


@dataclass
class Block:
    """A heading, paragraph, list item or table, as a span of the document text.

    Table text is its rows joined by newlines and its cells by tabs; `rows` keeps the
    span of every cell, and `header_rows` says how many leading rows are headers.
    """

    kind: str
    start: int
    end: int
    text: str
    pages: list[int] = field(default_factory=list)
    level: Optional[int] = None
    rows: list[list[Cell]] = field(default_factory=list)
    header_rows: int = 0
    emphasis: int = 0  # how many leading characters are set in bold (a bold lead-in title)

    @property
    def page(self) -> Optional[int]:
        return self.pages[0] if self.pages else None

    def to_dict(self) -> dict:
        out = {"kind": self.kind, "level": self.level, "page": self.page, "pages": self.pages,
               "start": self.start, "end": self.end, "text": self.text}
        if self.emphasis:
            out["emphasis"] = self.emphasis
        if self.kind == "table":
            out["header_rows"] = self.header_rows
            out["rows"] = [[[c.start, c.end] for c in row] for row in self.rows]
        return out


@dataclass
class SourceInfo:
    """Where a document came from, so a catalog entry can name its file exactly."""

    path: str
    format: str
    sha256: str
    size: int
    page_count: Optional[int] = None

    def to_dict(self) -> dict:
        return {"path": self.path, "format": self.format, "sha256": self.sha256,
                "size": self.size, "page_count": self.page_count}


@dataclass(frozen=True)
class Furniture:
    """A running header or footer (title, date, URL, page counter), a watermark laid over
    the page at an angle, an earlier e-mail quoted below a reply, or a tracked change's
    deleted words and a reviewer's comment, kept out of the text."""

    page: int
    text: str
    position: str  # "header", "footer", "watermark", "quoted", "deleted" or "comment"

    def to_dict(self) -> dict:
        return {"page": self.page, "text": self.text, "position": self.position}


@dataclass
class Document:
    """A handbook as read: normalized text, its blocks, and where each page starts.

    `match_text` has the same length as `text` (character-for-character Simplified
    Chinese), so matchers can search it and cite offsets that are valid in `text`.
    `page_starts[i]` is the offset where page i+1 begins; empty when the format has
    no pages. `furniture` holds the running headers and footers a PDF repeats on its
    pages, which are not part of `text`.
    """

    source: SourceInfo
    text: str
    blocks: list[Block]
    page_starts: list[int] = field(default_factory=list)
    match_text: str = ""
    warnings: list[str] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    _block_starts: Optional[list[int]] = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.match_text:
            self.match_text = self.text
        if len(self.match_text) != len(self.text):
            raise ValueError("match_text must align with text character for character")

    def page_at(self, offset: int) -> Optional[int]:
        """The 1-based page holding `offset`, or None for page-less formats."""
        if not self.page_starts:
            return None
        return max(1, bisect_right(self.page_starts, offset))

    def pages_between(self, start: int, end: int) -> list[int]:
        if not self.page_starts:
            return []
        first, last = self.page_at(start), self.page_at(max(start, end - 1))
        return list(range(first, last + 1))

    def blocks_in(self, start: int, end: int) -> list[Block]:
        """The blocks that start in [start, end), in order (the last may run past `end`).

        Found by bisection over block starts (built on first use; blocks are in text order
        and not changed after reading), so a lookup costs the blocks it returns, not the
        document's length: record building stays linear however many services there are.
        """
        if self._block_starts is None:
            self._block_starts = [block.start for block in self.blocks]
        low = bisect_left(self._block_starts, start)
        return self.blocks[low:bisect_left(self._block_starts, end, low)]

    def cell_text(self, cell: Cell) -> str:
        return self.text[cell.start:cell.end]

    def to_dict(self) -> dict:
        return {"source": self.source.to_dict(), "text": self.text,
                "page_starts": self.page_starts, "warnings": self.warnings,
                "blocks": [b.to_dict() for b in self.blocks],
                "furniture": [f.to_dict() for f in self.furniture]}

    @classmethod
    def from_dict(cls, data: dict, match_text: str = "") -> "Document":
        """The inverse of `to_dict` (which leaves out `match_text`, derived from `text`)."""
        blocks = [Block(kind=b["kind"], start=b["start"], end=b["end"], text=b["text"],
                        pages=b["pages"], level=b["level"], header_rows=b.get("header_rows", 0),
                        emphasis=b.get("emphasis", 0),
                        rows=[[Cell(*cell) for cell in row] for row in b.get("rows", [])])
                  for b in data["blocks"]]
        return cls(source=SourceInfo(**data["source"]), text=data["text"], blocks=blocks,
                   page_starts=data["page_starts"], match_text=match_text,
                   warnings=data["warnings"],
                   furniture=[Furniture(**f) for f in data.get("furniture", [])])


@dataclass(frozen=True)
class Evidence:
    """The exact words a value came from: `Document.text[start:end] == text`."""

    text: str
    start: int
    end: int
    page: Optional[int]

    def to_dict(self) -> dict:
        return {"text": self.text, "page": self.page, "start": self.start, "end": self.end}


@dataclass
class Section:
    """One service as segmentation found it: its name and every place that describes it."""

    name: str
    name_evidence: Evidence
    category: str
    category_term: Optional[str]
    spans: list[tuple[int, int]]
    group: str
    qualifier_spans: list[tuple[int, int]] = field(default_factory=list)
    name_places: list[Evidence] = field(default_factory=list)
    # spans known to hold one field family: labelled values (`服务时效：…`) and table
    # columns (`服务次数`); `not_offered` holds plan cells saying the plan lacks the service
    labelled: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    parent: str = ""  # the group heading the service stands under (诊前服务, 基础版服务)


@dataclass
class Fact:
    """One extracted value of a field family, with its evidence and the rule that found it."""

    family: str
    value: dict
    evidence: Evidence
    rule: str
    key: Optional[str] = None  # what the value is about, to tell contradictions from variety
