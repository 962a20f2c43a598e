"""The reader protocol and the builder every reader uses to assemble a `Document`."""
from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Optional

from ..model import Block, Cell, Document, Furniture, SourceInfo
from ..textnorm import match_form


class Reader(ABC):
    """One input format. `read` returns a Document or raises an `InputError`."""

    format: str = ""

    @classmethod
    def supported_formats(cls) -> tuple[str, ...]:
        return (cls.format,)

    @classmethod
    @abstractmethod
    def is_valid(cls, head: bytes) -> bool:
        """Whether the first bytes of a file look like this format."""

    @abstractmethod
    def read(self, path: Path) -> Document:
        """Read one file into the document model."""


def source_info(path: Path, fmt: str, page_count: Optional[int] = None) -> SourceInfo:
    data = path.read_bytes()
    return SourceInfo(path=str(path), format=fmt, sha256=hashlib.sha256(data).hexdigest(),
                      size=len(data), page_count=page_count)


class DocumentBuilder:
    """Appends blocks to one normalized text, one block per line group, and tracks pages.

    Blocks are separated by a newline; table rows by newlines and cells by tabs, so
    `text[block.start:block.end]` is always the block's text.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self.blocks: list[Block] = []
        self.page_starts: list[int] = []

    def set_page(self, page: Optional[int]) -> None:
        """Mark that what follows is on `page` (1-based); earlier pages are never reopened."""
        if page is None:
            return
        while len(self.page_starts) < page:
            self.page_starts.append(self._next_start())

    def _next_start(self) -> int:
        return self._pos + (1 if self._parts else 0)

    def _append(self, text: str) -> int:
        if self._parts:
            self._parts.append("\n")
            self._pos += 1
        start = self._pos
        self._parts.append(text)
        self._pos += len(text)
        return start

    def add(self, kind: str, text: str, level: Optional[int] = None,
            page: Optional[int] = None,
            page_breaks: Optional[list[tuple[int, int]]] = None) -> Optional[Block]:
        """Append a block; `page_breaks` lists (offset in text, page) where pages begin."""
        if not page_breaks:
            text = text.strip()
        if not text.strip():
            return None
        self.set_page(page)
        breaks = page_breaks or []
        if breaks and breaks[0][0] == 0:
            self.set_page(breaks[0][1])
        start = self._append(text)
        for offset, number in breaks:
            while len(self.page_starts) < number:
                self.page_starts.append(start + offset)
        block = Block(kind=kind, start=start, end=start + len(text), text=text, level=level)
        self.blocks.append(block)
        return block

    def add_table(self, rows: list[list[str]], header_rows: int = 1,
                  row_pages: Optional[list[Optional[int]]] = None) -> Optional[Block]:
        """A table; `row_pages` gives each row's page when a table crosses pages."""
        pages = row_pages or [None] * len(rows)
        kept = [([" ".join(c.split()) for c in row], page) for row, page in zip(rows, pages)]
        kept = [(row, page) for row, page in kept if any(row)]
        if not kept:
            return None
        rows, pages = [row for row, _ in kept], [page for _, page in kept]
        self.set_page(pages[0])
        start = self._next_start()
        first = len(self._parts) + bool(self._parts)  # the table's own parts, after the newline
        cells: list[list[Cell]] = []
        for i, row in enumerate(rows):
            if i:
                self.set_page(pages[i])
                self._parts.append("\n")
                self._pos += 1
            elif self._parts:
                self._parts.append("\n")
                self._pos += 1
            row_cells = []
            for j, value in enumerate(row):
                if j:
                    self._parts.append("\t")
                    self._pos += 1
                row_cells.append(Cell(self._pos, self._pos + len(value)))
                self._parts.append(value)
                self._pos += len(value)
            cells.append(row_cells)
        text = "".join(self._parts[first:])  # not the whole text so far, for every table
        block = Block(kind="table", start=start, end=self._pos, text=text, rows=cells,
                      header_rows=min(header_rows, len(cells)))
        self.blocks.append(block)
        return block

    def build(self, source: SourceInfo, warnings: Optional[list[str]] = None,
              furniture: Optional[list[Furniture]] = None) -> Document:
        text = "".join(self._parts)
        doc = Document(source=source, text=text, blocks=self.blocks,
                       page_starts=self.page_starts, match_text=match_form(text),
                       warnings=list(warnings or []), furniture=list(furniture or []))
        for block in doc.blocks:
            block.pages = doc.pages_between(block.start, block.end)
        return doc
