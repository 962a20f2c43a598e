"""PDF handbooks: the text layer read line by line with font hints, ruled tables as tables.

Each page's characters are read once: those inside a ruled table fill its cells, the rest
form lines. Running headers, footers and page numbers are dropped, font size and weight
mark headings, and a line that reaches the right margin is a wrapped one. The running text
between tables goes through `layout.add_lines`, so paragraphs come out as in text files.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Optional, Union

from ..errors import (BrokenFileError, EmptyFileError, EncryptedFileError, GarbledTextError,
                      IngestError, NoTextLayerError, TooLargeError)
from ..model import Document
from ..textnorm import is_cjk, is_page_number, join_lines, normalize_line
from .base import DocumentBuilder, Reader, source_info
from .layout import Line, add_lines

# pdfminer logs every repair of a damaged file; without this, Python's last-resort handler
# prints those lines on stderr beside the one-line error (apps that configure logging see them).
for _library in ("pdfminer", "pdfplumber"):
    logging.getLogger(_library).addHandler(logging.NullHandler())

_MARGIN_ZONE = 0.08  # share of the page height at top and bottom where headers/footers sit
_HEADING_SIZE = 1.15  # a line this many times the body size is a heading
_BOLD_HEADING_CHARS = 40
_WRAP_SLACK = 2  # body characters short of the right margin still count as a full line
_PARAGRAPH_GAP = 1.0  # a vertical gap of more than this many line heights parts paragraphs
_WORD_GAP = 0.5  # a horizontal gap of more than this many char sizes is a space
_GARBLED_SHARE = 0.3
_BOLD = re.compile(r"Bold|Heavy|Black|-B")
_SENTENCE_END = re.compile("[。；]")
_UNDECODED = re.compile(r"\(cid:\d+\)|\ufffd")


@dataclass
class _TextLine:
    """A line of running text where it sits on its page."""

    text: str
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float  # the size most of its characters are set in
    bold: bool
    margin: bool  # in the top or bottom zone where headers and footers sit


@dataclass
class _Table:
    rows: list[list[str]]
    row_pages: list[int]
    top: float


@dataclass
class _Page:
    number: int
    lines: list[_TextLine]
    tables: list[_Table]
    sizes: Counter  # font size -> running-text characters set in it
    bold_chars: int
    decoded: int  # characters with text, tables included
    undecoded: int
    has_images: bool


_Item = Union[_TextLine, _Table]


class PdfReader(Reader):
    format = "pdf"

    def __init__(self, max_pages: Optional[int] = None):
        self.max_pages = max_pages

    @classmethod
    def is_valid(cls, head: bytes) -> bool:
        return b"%PDF-" in head[:1024]

    def read(self, path: Path) -> Document:
        if path.stat().st_size == 0:
            raise EmptyFileError("is empty", str(path))
        pages = _read_pages(path, self.max_pages)
        warnings = _check_text_layer(pages, str(path))
        _drop_running_lines(pages)
        items = _join_continued_tables(_reading_order(pages))
        builder = DocumentBuilder()
        _emit(builder, items, _LineStyle(pages))
        return builder.build(source_info(path, self.format, len(pages)), warnings)


def _read_pages(path: Path, max_pages: Optional[int]) -> list[_Page]:
    """Every page scanned once; pdfminer's failures become errors that name the cause."""
    # Imported here, so that sniffing a file's format or reading a DOCX never loads them.
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            if max_pages is not None and len(pdf.pages) > max_pages:
                raise TooLargeError(f"has {len(pdf.pages)} pages, more than the limit of "
                                    f"{max_pages} (raise it with --max-pages)", str(path))
            pages = []
            for page in pdf.pages:
                pages.append(_scan_page(page))
                page.close()  # drop the page's parsed layout so memory stays flat
    except (PdfminerException, MalformedPDFException, PSException) as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, MemoryError):  # the worker's memory cap, not a damaged file
            raise cause from None
        if isinstance(cause, PDFPasswordIncorrect):
            raise EncryptedFileError("is password-protected: save an unprotected copy",
                                     str(path)) from None
        if isinstance(cause, PDFEncryptionError):
            raise EncryptedFileError(f"uses encryption that cannot be opened ({cause})",
                                     str(path)) from None
        raise BrokenFileError(f"is a damaged or truncated PDF ({_describe(cause)})",
                              str(path)) from None
    except (IngestError, MemoryError):
        raise
    except Exception as exc:  # pdfminer/pdfplumber trip over damaged objects in many ways
        raise BrokenFileError(f"is a damaged PDF ({_describe(exc)})", str(path)) from exc
    if not pages:
        raise BrokenFileError("is a PDF without pages (or a damaged one whose pages cannot be "
                              "found)", str(path))
    return pages


def _describe(exc: BaseException) -> str:
    """`Type: message` on one line, cut short (a damaged stream can fill a message)."""
    text = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
    return text if len(text) <= 160 else text[:159] + "…"


def _scan_page(page) -> _Page:
    """Split the page's characters between the cells of its ruled tables and running text."""
    grids = [_Grid(table) for table in page.find_tables()]  # one cell alone is no table
    free, decoded, undecoded = [], 0, 0
    for char in page.chars:
        if _UNDECODED.fullmatch(char["text"]):
            undecoded += 1
            continue
        decoded += not char["text"].isspace()
        if not any(grid.take(char) for grid in grids):
            free.append(char)
    texts = [c for c in free if not c["text"].isspace()]
    number, height = page.page_number, float(page.height)
    lines = [line for line in (_text_line(row, number, height) for row in _rows(free))
             if line.text]
    tables = [table for table in (grid.table(number) for grid in grids) if table.rows]
    return _Page(number, lines, tables, Counter(map(_size, texts)),
                 sum(_is_bold(c["fontname"]) for c in texts), decoded, undecoded,
                 bool(page.images))


class _Grid:
    """A ruled table being filled: a character joins the cell it sits in, else the text."""

    def __init__(self, table):
        rows = table.rows
        self.box = table.bbox
        self.cells = [row.cells for row in rows]  # None for the spanned part of a merged cell
        self.tops = [row.bbox[1] for row in rows]
        self.chars: list[list[list[dict]]] = [[[] for _ in cells] for cells in self.cells]

    def take(self, char: dict) -> bool:
        x, y = _middle(char)
        x0, top, x1, bottom = self.box
        if not (x0 <= x < x1 and top <= y < bottom):  # most characters: rejected cheaply
            return False
        for r in range(bisect_right(self.tops, y) - 1, -1, -1):  # a merged cell starts higher
            for c, cell in enumerate(self.cells[r]):
                if cell and cell[0] <= x < cell[2] and cell[1] <= y < cell[3]:
                    self.chars[r][c].append(char)
                    return True
        return False

    def table(self, page: int) -> _Table:
        """Cell texts, wrapped lines joined; the spanned parts of a merged cell stay empty."""
        rows = [[join_lines([_row_text(line) for line in _rows(cell)]) for cell in row]
                for row in self.chars]
        rows = [row for row in rows if any(row)]  # so the first row is the header
        return _Table(rows, [page] * len(rows), self.box[1])


def _middle(char: dict) -> tuple[float, float]:
    return (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2


def _size(char: dict) -> float:
    return round(char["size"] * 2) / 2


@lru_cache(maxsize=None)
def _is_bold(fontname: str) -> bool:
    return bool(_BOLD.search(fontname))


def _rows(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into lines: a char whose middle is above the line's bottom joins it."""
    rows: list[list[dict]] = []
    bottom = 0.0
    for char in sorted(chars, key=itemgetter("top")):
        if rows and (char["top"] + char["bottom"]) / 2 < bottom:
            rows[-1].append(char)
            bottom = max(bottom, char["bottom"])
        else:
            rows.append([char])
            bottom = char["bottom"]
    return [sorted(row, key=itemgetter("x0")) for row in rows]


def _row_text(row: list[dict]) -> str:
    """Chars left to right; a space where a gap or a space char sits beside non-CJK text."""
    out: list[str] = []
    previous: Optional[dict] = None
    spaced = False
    for char in row:
        text = char["text"]
        if text.isspace():
            spaced = True
            continue
        if previous is not None and not (is_cjk(out[-1][-1]) and is_cjk(text[0])) and (
                spaced or char["x0"] - previous["x1"] > _WORD_GAP * char["size"]):
            out.append(" ")
        out.append(text)
        previous, spaced = char, False
    return normalize_line("".join(out))


def _text_line(row: list[dict], page: int, height: float) -> _TextLine:
    texts = [c for c in row if not c["text"].isspace()] or row
    size = Counter(map(_size, texts)).most_common(1)[0][0]
    bold = 2 * sum(_is_bold(c["fontname"]) for c in texts) > len(texts)
    top, bottom = min(c["top"] for c in row), max(c["bottom"] for c in row)
    margin = top < _MARGIN_ZONE * height or bottom > (1 - _MARGIN_ZONE) * height
    return _TextLine(_row_text(row), page, top, bottom, row[0]["x0"], max(c["x1"] for c in row),
                     size, bold, margin)


def _check_text_layer(pages: list[_Page], path: str) -> list[str]:
    """Refuse PDFs without usable text; warn about single pages that lack it."""
    decoded = sum(page.decoded for page in pages)
    undecoded = sum(page.undecoded for page in pages)
    if not decoded + undecoded:
        raise NoTextLayerError(f"has no text layer on any of its {len(pages)} pages "
                               "(scanned images?): it needs OCR first", path)
    if undecoded > _GARBLED_SHARE * (decoded + undecoded):
        raise GarbledTextError(f"{undecoded} of {decoded + undecoded} characters extract as "
                               "(cid:N) codes (fonts without a Unicode map): re-export the PDF "
                               "or OCR it", path)
    warnings = [f"page {page.number} has no text layer (scanned?)"
                for page in pages if not page.decoded and page.has_images]
    if undecoded:
        warnings.append(f"{undecoded} characters could not be decoded and were left out")
    return warnings


def _drop_running_lines(pages: list[_Page]) -> None:
    """Drop page numbers in the top/bottom zones, and lines repeated there on half the pages."""
    def shape(line: _TextLine) -> str:
        return re.sub(r"\d+", "#", line.text)

    seen = Counter(text for page in pages
                   for text in {shape(line) for line in page.lines if line.margin})
    repeated = {text for text, count in seen.items()
                if len(pages) >= 3 and 2 * count >= len(pages)}
    for page in pages:
        page.lines = [line for line in page.lines if not line.margin or not (
            is_page_number(line.text) or shape(line) in repeated)]


def _reading_order(pages: list[_Page]) -> list[_Item]:
    return [item for page in pages
            for item in sorted([*page.lines, *page.tables], key=attrgetter("top"))]


def _join_continued_tables(items: list[_Item]) -> list[_Item]:
    """One table where a page ends in a table and the next begins with one as wide; header
    and footer lines between the two parts go."""
    out: list[_Item] = []
    for item in items:
        end = len(out)
        while isinstance(item, _Table) and end and _in_margin(out[end - 1]):
            end -= 1
        last = out[end - 1] if end else None
        if not (isinstance(item, _Table) and isinstance(last, _Table)
                and item.row_pages[0] == last.row_pages[-1] + 1
                and len(item.rows[0]) == len(last.rows[0])):
            out.append(item)
            continue
        del out[end:]
        repeated_header = item.rows[0] == last.rows[0]
        last.rows += item.rows[repeated_header:]
        last.row_pages += item.row_pages[repeated_header:]
    return out


def _in_margin(item: _Item) -> bool:
    return isinstance(item, _TextLine) and item.margin


class _LineStyle:
    """What fonts and margins say about a line: its heading level and whether it wraps."""

    def __init__(self, pages: list[_Page]):
        sizes = sum((page.sizes for page in pages), Counter())
        self.body = sizes.most_common(1)[0][0] if sizes else 10.0
        self.bold_marks = 2 * sum(page.bold_chars for page in pages) < sum(sizes.values())
        heading_sizes = {self._heading_size(line) for page in pages for line in page.lines}
        ranked = sorted(heading_sizes - {None}, reverse=True)
        self.levels = {size: rank for rank, size in enumerate(ranked, 1)}
        self.slack = _WRAP_SLACK * self.body
        self.right_edges = _right_edges(pages, self.slack)

    def _heading_size(self, line: _TextLine) -> Optional[float]:
        """Larger than body text, or bold where bold stands out, as a short title."""
        if line.size >= self.body * _HEADING_SIZE or (
                self.bold_marks and line.bold and len(line.text) <= _BOLD_HEADING_CHARS
                and not _SENTENCE_END.search(line.text)):
            return line.size
        return None

    def line(self, line: _TextLine) -> Line:
        return Line(line.text, line.page, self.levels.get(self._heading_size(line)),
                    full=line.x1 >= self.right_edges[line.page] - self.slack)


def _right_edges(pages: list[_Page], slack: float) -> dict[int, float]:
    """Each page's right text margin; infinite where no line spans the document's text width,
    so a page of short lines has no wrapped ones."""
    spans = {page.number: (min(l.x0 for l in page.lines), max(l.x1 for l in page.lines))
             for page in pages if page.lines}
    width = max((right - left for left, right in spans.values()), default=0.0)
    return {number: right if right - left >= width - slack else float("inf")
            for number, (left, right) in spans.items()}


def _emit(builder: DocumentBuilder, items: list[_Item], style: _LineStyle) -> None:
    """Running text between tables goes through add_lines; fonts give headings when they vary.

    A blank Line stands for a vertical gap wider than a line, so add_lines ends the paragraph.
    """
    font_headings = bool(style.levels)
    run: list[Line] = []
    previous: Optional[_Item] = None
    for item in items:
        if isinstance(item, _Table):
            add_lines(builder, run, font_headings=font_headings)
            run = []
            builder.add_table(item.rows, header_rows=1, row_pages=item.row_pages)
        else:
            if _paragraph_gap(previous, item):
                run.append(Line("", item.page))
            run.append(style.line(item))
        previous = item
    add_lines(builder, run, font_headings=font_headings)


def _paragraph_gap(previous: Optional[_Item], line: _TextLine) -> bool:
    return (isinstance(previous, _TextLine) and previous.page == line.page
            and line.top - previous.bottom > _PARAGRAPH_GAP * (previous.bottom - previous.top))
