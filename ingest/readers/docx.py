"""Word handbooks (.docx, also .docm/.dotx): paragraphs, tables and text boxes in body order.

The XML is walked directly rather than through python-docx's `Paragraph`/`Table`: their
text leaves out runs inside tracked insertions, fields and content controls, and a table's
merged cells come back repeated. DOCX has no pages; they are counted only where the
document breaks them explicitly.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from itertools import takewhile
from pathlib import Path
from typing import Callable, Iterator, Optional

from docx.exceptions import PythonDocxError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import parse_xml
from docx.package import Package
from lxml import etree

from ..errors import BrokenFileError, EmptyFileError, EncryptedFileError, TooLargeError
from ..model import Document
from ..textnorm import join_lines, normalize_line
from .base import DocumentBuilder, Reader, source_info
from .layout import Line, add_lines, is_list_start

MAX_UNCOMPRESSED_BYTES = 200 * 2**20
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_ABOVE_BYTES = 10 * 2**20
DOCUMENT_PART = "word/document.xml"

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_NS = {**nsmap, "mc": _MC, "v": "urn:schemas-microsoft-com:vml",
       "o": "urn:schemas-microsoft-com:office:office"}
_P, _TBL, _TR, _TC, _R, _BR = (qn(f"w:{tag}") for tag in ("p", "tbl", "tr", "tc", "r", "br"))
_PPR, _SECTPR, _TXBX, _VAL = qn("w:pPr"), qn("w:sectPr"), qn("w:txbxContent"), qn("w:val")
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")}  # content controls
# Between a run and its paragraph, these mean the text is not the paragraph's own words:
# a text box (read separately), the fallback copy of a drawing, deleted text, ruby guides.
_NOT_OWN = {_TXBX, f"{{{_MC}}}Fallback", qn("w:del"), qn("w:moveFrom"), qn("w:rt")}
_RUN_CONTENT = {qn("w:t"): None, qn("w:tab"): " ", qn("w:ptab"): " ",
                qn("w:noBreakHyphen"): "-", _BR: "\n", qn("w:cr"): "\n"}
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TITLE_STYLE = re.compile(r"^(?:title|标题)$", re.I)
_SKIPPED = [(etree.XPath(f"({path})[not(ancestor::mc:Fallback)]", namespaces=_NS), what)
            for path, what in [
                (".//a:blip | .//v:imagedata[not(ancestor::w:object)]",
                 "image(s): text inside images is not read"),
                (".//dgm:relIds", "SmartArt diagram(s)"), (".//c:chart", "chart(s)"),
                (".//o:OLEObject", "embedded object(s) such as spreadsheets"),
                (".//w:altChunk", "imported document part(s) (altChunk)")]]
# AttributeError, TypeError: python-docx assumes each part has the shape its name promises.
_PACKAGE_ERRORS = (OpcError, PythonDocxError, KeyError, ValueError, EOFError, OSError,
                   NotImplementedError, zipfile.BadZipFile, zlib.error, etree.LxmlError,
                   AttributeError, TypeError)


class DocxReader(Reader):
    format = "docx"

    @classmethod
    def is_valid(cls, head: bytes) -> bool:
        return head.startswith(b"PK\x03\x04")

    def read(self, path: Path) -> Document:
        path = Path(path)
        _check_archive(path)
        body, styles = _open(path)
        walker = _BodyWalker(body, styles)
        pieces = list(walker.blocks(body))
        page_count = walker.page if walker.page > 1 else None
        builder = DocumentBuilder()
        _add_pieces(builder, pieces, paged=page_count is not None)
        counts = [(len(find(body)), what) for find, what in _SKIPPED]
        warnings = [f"skipped {count} {what}" for count, what in counts if count]
        if not builder.blocks:
            if not warnings:
                raise EmptyFileError("has no text, images or other content", str(path))
            warnings.append("no text found (images only?)")
        return builder.build(source_info(path, self.format, page_count), warnings)


def _check_archive(path: Path) -> None:
    """Refuse what is no Word package, or would inflate too far, before any part is inflated."""
    entries = _zip_entries(path)
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise TooLargeError(f"would inflate to {total // 2**20} MB, over the "
                            f"{MAX_UNCOMPRESSED_BYTES // 2**20} MB limit (zip bomb?)", str(path))
    for entry in entries:
        if (entry.file_size > RATIO_CHECKED_ABOVE_BYTES
                and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)):
            raise TooLargeError(f"has a part ({entry.filename}) compressed more than "
                                f"{MAX_COMPRESSION_RATIO}:1 (zip bomb?)", str(path))
        if entry.flag_bits & 0x1:
            raise EncryptedFileError("has password-protected ZIP entries", str(path))
    if DOCUMENT_PART not in {entry.filename for entry in entries}:
        raise BrokenFileError(f"is not a Word document: the archive lacks {DOCUMENT_PART}",
                              str(path))


def _zip_entries(path: Path) -> list[zipfile.ZipInfo]:
    try:
        if path.stat().st_size == 0:
            raise EmptyFileError("is empty", str(path))
        with zipfile.ZipFile(path) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise BrokenFileError("is not a Word document: not a ZIP archive, or a damaged one",
                              str(path)) from None
    except OSError as exc:
        raise BrokenFileError(f"cannot be read: {exc.strerror or exc}", str(path)) from None


def _open(path: Path) -> tuple[etree._Element, Optional[etree._Element]]:
    """The body and styles of the main part; python-docx's `Document()` would refuse a .docm."""
    try:
        main = Package.open(str(path)).main_document_part
        body = _xml(main).find(qn("w:body"))
        styles = next((_xml(rel.target_part) for rel in main.rels.values()
                       if rel.reltype == RT.STYLES and not rel.is_external), None)
    except _PACKAGE_ERRORS as exc:
        reason = str(exc.args[0]) if exc.args else ""
        raise BrokenFileError("is a damaged Word document: "
                              + (reason.splitlines() or [type(exc).__name__])[0],
                              str(path)) from None
    if body is None:
        raise BrokenFileError(f"is a damaged Word document: {DOCUMENT_PART} has no body",
                              str(path))
    return body, styles


def _xml(part: Part) -> etree._Element:
    return part.element if isinstance(part, XmlPart) else parse_xml(part.blob)


_Chain = list[tuple[str, Optional[etree._Element]]]  # (style name, pPr), nearest first


@dataclass
class _Paragraph:
    text: str
    page: int
    level: Optional[int]  # from a heading style or outline level
    numbered: bool  # Word numbering or bullets


@dataclass
class _Table:
    rows: list[list[str]]
    row_pages: list[int]
    header_rows: int

    @property
    def text(self) -> str:
        """All cell text on one line, for a table nested in a cell."""
        return " ".join(cell for row in self.rows for cell in row if cell)


class _BodyWalker:
    """Paragraphs and tables in reading order, counting pages at explicit breaks."""

    def __init__(self, body: etree._Element, styles: Optional[etree._Element]):
        self.styles = _Styles(styles)
        self.section_turns_page = _section_breaks(body)
        self.page = 1
        self.started = False

    def blocks(self, container: etree._Element) -> Iterator[_Paragraph | _Table]:
        for element in _children(container, (_P, _TBL)):
            if element.tag == _TBL:
                yield self.table(element)
            else:
                yield from self.paragraph(element)
            self.started = True

    def paragraph(self, p: etree._Element) -> Iterator[_Paragraph | _Table]:
        """The paragraph, then what its text boxes hold; its section break may turn the page."""
        level, numbered, break_before = self.styles.format_of(p)
        if break_before and self.started:  # Word ignores it on the first paragraph
            self.page += 1
        text, page = self.own_text(p)
        if text:
            yield _Paragraph(text, page, level, numbered)
        for box in p.iter(_TXBX):
            if _owned_by(box, p):
                yield from self.blocks(box)
        ppr = p.find(_PPR)
        if ppr is not None and self.section_turns_page.get(ppr.find(_SECTPR)):
            self.page += 1

    def own_text(self, p: etree._Element) -> tuple[str, int]:
        """The paragraph's normalized text and the page it starts on, past any page break."""
        lines, start_page = [""], None
        for element in p.iter(*_RUN_CONTENT):
            if element.getparent().tag != _R or not _owned_by(element, p):
                continue
            content = _RUN_CONTENT[element.tag]
            if content == "\n":
                if element.tag == _BR and element.get(qn("w:type")) == "page":
                    self.page += 1
                lines.append("")
                continue
            content = (element.text or "") if content is None else content
            if start_page is None and content.strip():
                start_page = self.page
            lines[-1] += content
        return join_lines([normalize_line(line) for line in lines]), start_page or self.page

    def table(self, tbl: etree._Element) -> _Table:
        rows, pages, headers = [], [], []
        for tr in _children(tbl, (_TR,)):
            page, cells = self.page, self.row(tr)
            if any(cells):
                rows.append(cells)
                pages.append(page)
                headers.append(_is_on(_property(tr, "w:trPr", "w:tblHeader")))
        return _Table(rows, pages, header_rows=sum(1 for _ in takewhile(bool, headers)) or 1)

    def row(self, tr: etree._Element) -> list[str]:
        """One text per grid column: a merged cell's text once, "" where the merge spans."""
        cells = [""] * _small_int(_property(tr, "w:trPr", "w:gridBefore"), 0)
        for tc in _children(tr, (_TC,)):
            merge = _property(tc, "w:tcPr", "w:vMerge")
            continued = merge is not None and merge.get(_VAL) != "restart"
            cells.append("" if continued else self.cell_text(tc))
            cells.extend([""] * (_small_int(_property(tc, "w:tcPr", "w:gridSpan"), 1) - 1))
        return cells + [""] * _small_int(_property(tr, "w:trPr", "w:gridAfter"), 0)

    def cell_text(self, tc: etree._Element) -> str:
        """A cell's paragraphs joined by a space, with nested tables flattened in."""
        return " ".join(piece.text for piece in self.blocks(tc))


class _Styles:
    """Paragraph formatting resolved like Word: the paragraph, then its style chain."""

    def __init__(self, styles: Optional[etree._Element]):
        paragraph_styles = [] if styles is None else [
            s for s in styles.iterchildren(qn("w:style")) if s.get(qn("w:type")) == "paragraph"]
        self.by_id = {s.get(qn("w:styleId")): s for s in paragraph_styles}
        self.default = next((s for s in paragraph_styles
                             if s.get(qn("w:default")) in ("1", "true", "on")), None)
        self.chains: dict[Optional[str], _Chain] = {}

    def format_of(self, p: etree._Element) -> tuple[Optional[int], bool, bool]:
        """(heading level, numbered, page break before) of a paragraph."""
        ppr = p.find(_PPR)
        chain = [("", ppr), *self.chain(_val(_property(p, "w:pPr", "w:pStyle")))]
        numbering = _first(chain, "w:numPr")
        numbered = numbering is not None and _val(numbering.find(qn("w:numId"))) != "0"
        return _heading_level(chain), numbered, _is_on(_first(chain, "w:pageBreakBefore"))

    def chain(self, style_id: Optional[str]) -> _Chain:
        """(name, pPr) of the style and the styles it is based on, nearest first."""
        if style_id not in self.chains:
            chain, style, seen = [], self.by_id.get(style_id, self.default), set()
            while style is not None and id(style) not in seen:
                seen.add(id(style))
                chain.append((_val(style.find(qn("w:name"))) or "", style.find(_PPR)))
                style = self.by_id.get(_val(style.find(qn("w:basedOn"))))
            self.chains[style_id] = chain
        return self.chains[style_id]


def _heading_level(chain: _Chain) -> Optional[int]:
    """Level from a heading style's name or the nearest outline level (9 means body text)."""
    for name, ppr in chain:
        heading = _HEADING_STYLE.match(name)
        if heading or _TITLE_STYLE.match(name):
            return int(heading.group(1)) if heading else 1
        outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if outline is not None:
            level = _small_int(outline, 9)
            return level + 1 if level < 9 else None
    return None


def _add_pieces(builder: DocumentBuilder, pieces: list[_Paragraph | _Table], paged: bool) -> None:
    """Word heading styles say what a heading is; without any, the text heuristics decide."""
    styled = any(isinstance(piece, _Paragraph) and piece.level for piece in pieces)
    page_or_none = (lambda page: page) if paged else (lambda page: None)
    run: list[_Paragraph] = []
    for piece in pieces:
        if isinstance(piece, _Table):
            _add_run(builder, run, page_or_none)
            run = []
            builder.add_table(piece.rows, piece.header_rows,
                              [page_or_none(page) for page in piece.row_pages])
        elif styled:
            builder.add(_styled_kind(piece), piece.text, level=piece.level,
                        page=page_or_none(piece.page))
        else:
            run.append(piece)
    _add_run(builder, run, page_or_none)


def _styled_kind(paragraph: _Paragraph) -> str:
    if paragraph.level:
        return "heading"
    return "list_item" if paragraph.numbered or is_list_start(paragraph.text) else "paragraph"


def _add_run(builder: DocumentBuilder, run: list[_Paragraph],
             page_or_none: Callable[[int], Optional[int]]) -> None:
    """Paragraphs between tables, laid out by the text heuristics; Word numbering still
    marks list items, which the heuristics cannot see (the numbers are not in the text)."""
    first_new = len(builder.blocks)
    add_lines(builder, [Line(p.text, page=page_or_none(p.page), full=False) for p in run],
              font_headings=False)
    numbered = {p.text for p in run if p.numbered}
    for block in builder.blocks[first_new:]:
        if block.kind != "table" and block.text in numbered:
            block.kind, block.level = "list_item", None


def _section_breaks(body: etree._Element) -> dict[etree._Element, bool]:
    """For each section ending in a paragraph: whether the next section starts a new page."""
    sections = [s for s in body.iter(_SECTPR) if s.getparent().tag in (_PPR, qn("w:body"))]
    return {section: _val(following.find(qn("w:type"))) not in ("continuous", "nextColumn")
            for section, following in zip(sections, sections[1:])}


def _children(parent: etree._Element, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Child elements with one of `tags`, looking through content controls."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tags)


def _owned_by(element: etree._Element, paragraph: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in _NOT_OWN:
            return False
        parent = parent.getparent()
    return True


def _property(element: etree._Element, props: str, name: str) -> Optional[etree._Element]:
    container = element.find(qn(props))
    return container.find(qn(name)) if container is not None else None


def _first(chain: _Chain, name: str) -> Optional[etree._Element]:
    """The nearest definition of a paragraph property along the style chain."""
    found = (ppr.find(qn(name)) for _, ppr in chain if ppr is not None)
    return next((element for element in found if element is not None), None)


def _val(element: Optional[etree._Element]) -> Optional[str]:
    return element.get(_VAL) if element is not None else None


def _is_on(element: Optional[etree._Element]) -> bool:
    return element is not None and element.get(_VAL, "true") not in ("0", "false", "off")


def _small_int(element: Optional[etree._Element], default: int) -> int:
    """A count or level; Word keeps these below 64, so longer numbers are damage."""
    value = _val(element) or ""
    return int(value) if value.isdigit() and len(value) <= 2 else default
