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
from collections import Counter
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
from ..textnorm import display_width, is_cjk, join_lines, normalize_line
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
_DEFAULT_SIZE = 20  # half-points: Word's 10 pt when no style says
_TITLE_SIZE = 1.1  # a paragraph this many times the body size is a title
_FORMATTED_TITLE_CHARS = 40  # in CJK characters: a Latin letter is half as wide
_SENTENCE_END = re.compile("[。；]")
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
        body, styles, numbering = _open(path)
        walker = _BodyWalker(body, styles, numbering)
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


def _open(path: Path) -> tuple[etree._Element, Optional[etree._Element], Optional[etree._Element]]:
    """The body, styles and numbering of the main part; python-docx's `Document()` would
    refuse a .docm."""
    try:
        main = Package.open(str(path)).main_document_part
        body = _xml(main).find(qn("w:body"))
        styles, numbering = (next((_xml(rel.target_part) for rel in main.rels.values()
                                   if rel.reltype == kind and not rel.is_external), None)
                             for kind in (RT.STYLES, RT.NUMBERING))
    except _PACKAGE_ERRORS as exc:
        reason = str(exc.args[0]) if exc.args else ""
        raise BrokenFileError("is a damaged Word document: "
                              + (reason.splitlines() or [type(exc).__name__])[0],
                              str(path)) from None
    if body is None:
        raise BrokenFileError(f"is a damaged Word document: {DOCUMENT_PART} has no body",
                              str(path))
    return body, styles, numbering


def _xml(part: Part) -> etree._Element:
    return part.element if isinstance(part, XmlPart) else parse_xml(part.blob)


_Chain = list[tuple[str, Optional[etree._Element]]]  # (style name, pPr), nearest first


@dataclass
class _Paragraph:
    text: str
    page: int
    level: Optional[int]  # from a heading style or outline level
    numbered: bool  # Word numbering or bullets
    bold: bool = False  # every character bold
    size: Optional[int] = None  # the font size (half-points) of most characters


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

    def __init__(self, body: etree._Element, styles: Optional[etree._Element],
                 numbering: Optional[etree._Element] = None):
        self.styles = _Styles(styles)
        self.numbering = _Numbering(numbering)
        self.section_turns_page = _section_breaks(body)
        self.page = 1
        self.started = False

    def blocks(self, container: etree._Element) -> Iterator[_Paragraph | _Table]:
        for element in _children(container, (_P, _TBL)):
            if element.tag == _TBL:
                yield from self.table(element)
            else:
                yield from self.paragraph(element)
            self.started = True

    def paragraph(self, p: etree._Element) -> Iterator[_Paragraph | _Table]:
        """The paragraph, then what its text boxes hold; its section break may turn the page."""
        level, numbering, break_before = self.styles.format_of(p)
        if break_before and self.started:  # Word ignores it on the first paragraph
            self.page += 1
        label = self.numbering.label(numbering)
        text, page, bold, size = self.own_text(p)
        if text:
            yield _Paragraph(normalize_line(label + text), page, level, numbering is not None,
                             bold, size)
        for box in p.iter(_TXBX):
            if _owned_by(box, p):
                yield from self.blocks(box)
        ppr = p.find(_PPR)
        if ppr is not None and self.section_turns_page.get(ppr.find(_SECTPR)):
            self.page += 1

    def own_text(self, p: etree._Element) -> tuple[str, int, bool, Optional[int]]:
        """The paragraph's normalized text, the page it starts on (past any page break),
        whether all of it is bold and the font size of most of it."""
        lines, start_page = [""], None
        chain = self.styles.run_chain(p)
        bold_chars, sizes = 0, Counter()
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
            visible = len(content.strip())
            if visible:
                bold, size = self.styles.run_format(element.getparent(), chain)
                bold_chars += bold * visible
                sizes[size] += visible
        size = sizes.most_common(1)[0][0] if sizes else None
        return (join_lines([normalize_line(line) for line in lines]), start_page or self.page,
                bool(sizes) and bold_chars == sum(sizes.values()), size)

    def table(self, tbl: etree._Element) -> Iterator[_Paragraph | _Table]:
        """The table; leading rows that are one cell merged across its width are its
        captions, read once as paragraphs before it."""
        rows, pages, headers, whole = [], [], [], []
        for tr in _children(tbl, (_TR,)):
            page, cells = self.page, self.row(tr)
            if any(cells):
                rows.append(cells)
                pages.append(page)
                headers.append(_is_on(_property(tr, "w:trPr", "w:tblHeader")))
                whole.append(len(list(_children(tr, (_TC,)))) == 1)
        width = max(map(len, rows), default=0)
        captions = sum(1 for _ in takewhile(bool, whole)) if width > 1 else 0
        if captions == len(rows):
            captions = 0
        for cells, page in zip(rows[:captions], pages[:captions]):
            yield _Paragraph(cells[0], page, None, False)
        del rows[:captions], pages[:captions], headers[:captions]
        yield _Table(rows, pages, header_rows=sum(1 for _ in takewhile(bool, headers)) or 1)

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
        every = [] if styles is None else list(styles.iterchildren(qn("w:style")))
        run_styles = {s.get(qn("w:styleId")): s for s in every}
        self.run_props = {key: _based_on(style, run_styles)
                          for key, style in [*self.by_id.items(), (None, self.default)]
                          if style is not None}
        self.character = {s.get(qn("w:styleId")): _based_on(s, run_styles) for s in every
                          if s.get(qn("w:type")) == "character"}
        defaults = None if styles is None else styles.find(
            f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.defaults = [] if defaults is None else [defaults]

    def format_of(self, p: etree._Element) -> tuple[Optional[int], Optional[tuple[str, int]],
                                                    bool]:
        """(heading level, (numId, level) of its numbering or None, page break before)."""
        ppr = p.find(_PPR)
        chain = [("", ppr), *self.chain(_val(_property(p, "w:pPr", "w:pStyle")))]
        numbering = _first(chain, "w:numPr")
        num_id = _val(numbering.find(qn("w:numId"))) if numbering is not None else None
        if num_id is None:  # a numPr with only a level takes the style's list
            styled = (props.find(qn("w:numPr")) for _, props in chain[1:] if props is not None)
            num_id = next((_val(n.find(qn("w:numId"))) for n in styled
                           if n is not None and n.find(qn("w:numId")) is not None), None)
        number = None
        if num_id not in (None, "0"):
            number = (num_id, _small_int(numbering.find(qn("w:ilvl")), 0))
        return _heading_level(chain), number, _is_on(_first(chain, "w:pageBreakBefore"))

    def run_chain(self, p: etree._Element) -> list[etree._Element]:
        """The run properties a paragraph's runs inherit: its style chain, then defaults."""
        style_id = _val(_property(p, "w:pPr", "w:pStyle"))
        return [*self.run_props.get(style_id, self.run_props.get(None, [])), *self.defaults]

    def run_format(self, run: etree._Element, chain: list[etree._Element]) -> tuple[bool, int]:
        """(bold, size in half-points) of a run, resolved like Word."""
        own = run.find(qn("w:rPr"))
        character = self.character.get(_val(own.find(qn("w:rStyle")))) if own is not None else None
        props = [p for p in (own, *(character or []), *chain) if p is not None]
        bold = next((_is_on(b) for b in (p.find(qn("w:b")) for p in props) if b is not None),
                    False)
        size = next((_small_int(s, 0, digits=3) for s in (p.find(qn("w:sz")) for p in props)
                     if s is not None), _DEFAULT_SIZE)
        return bold, size or _DEFAULT_SIZE

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


class _Numbering:
    """Word's list numbers as it shows them (`一、`, `1.`, `（1）`, `第1步`): numbering.xml
    level texts filled with each list's counters, counted in body order."""

    def __init__(self, numbering: Optional[etree._Element]):
        root = numbering if numbering is not None else etree.Element(qn("w:numbering"))
        abstracts = {a.get(qn("w:abstractNumId")): a
                     for a in root.iterchildren(qn("w:abstractNum"))}
        self.levels: dict[str, dict[int, etree._Element]] = {}
        self.starts: dict[str, dict[int, int]] = {}
        for num in root.iterchildren(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            abstract = abstracts.get(_val(num.find(qn("w:abstractNumId"))))
            levels = {} if abstract is None else {
                _small_int_attr(lvl, "w:ilvl"): lvl for lvl in abstract.iterchildren(qn("w:lvl"))}
            starts = {_small_int_attr(lvl, "w:ilvl"): _small_int(lvl.find(qn("w:start")), 0, 4)
                      for lvl in levels.values()}
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = _small_int_attr(override, "w:ilvl")
                if override.find(qn("w:lvl")) is not None:
                    levels[ilvl] = override.find(qn("w:lvl"))
                    starts[ilvl] = _small_int(levels[ilvl].find(qn("w:start")), 0, 4)
                if override.find(qn("w:startOverride")) is not None:
                    starts[ilvl] = _small_int(override.find(qn("w:startOverride")), 0, 4)
            self.levels[num_id], self.starts[num_id] = levels, starts
        self.counters: dict[str, dict[int, int]] = {}

    def label(self, number: Optional[tuple[str, int]]) -> str:
        """The next label of list `numId` at `level`, with the space Word's tab stands for."""
        if number is None or number[0] not in self.levels:
            return ""
        num_id, ilvl = number
        levels, starts = self.levels[num_id], self.starts[num_id]
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else starts.get(ilvl, 0)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        legal = _is_on(lvl.find(qn("w:isLgl")))

        def fill(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            value = counters.get(at, starts.get(at, 0))
            fmt = "decimal" if legal else _val(_format_of(levels.get(at))) or "decimal"
            return format_number(value, fmt)

        text = _PLACEHOLDER.sub(fill, _val(lvl.find(qn("w:lvlText"))) or "")
        text = "".join(_SYMBOL_BULLETS.get(c, "•") if "\ue000" <= c <= "\uf8ff" else c
                       for c in text).strip()
        if not text:
            return ""
        suffix = _val(lvl.find(qn("w:suff"))) or "tab"  # a tab reads as a space after a digit
        return text + {"space": " ", "nothing": ""}.get(suffix, "" if is_cjk(text[-1]) else " ")


def _format_of(lvl: Optional[etree._Element]) -> Optional[etree._Element]:
    return lvl.find(qn("w:numFmt")) if lvl is not None else None


def _small_int_attr(element: etree._Element, name: str) -> int:
    value = element.get(qn(name)) or ""
    return int(value) if value.isdigit() and len(value) <= 2 else 0


_PLACEHOLDER = re.compile(r"%([1-9])")
# Bullets drawn from the Symbol and Wingdings fonts sit in the private use area.
_SYMBOL_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf06c": "●", "\uf06e": "■", "\uf075": "◆",
                   "\uf076": "❖", "\uf0d8": "➢", "\uf0fc": "✓", "\uf0a8": "◆"}
_CHINESE_COUNTING = "零一二三四五六七八九"
_CHINESE_DIGITS = "〇一二三四五六七八九"
_CHINESE_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TEN_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _chinese_counting(n: int, digits: str = _CHINESE_COUNTING, units: str = "十百千") -> str:
    """十一, 二十, 一百零五: how Word counts in Chinese (below ten thousand)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = n // power % 10
        if digit:
            out += (digits[0] if zero and out else "") + (
                "" if unit == units[0] and digit == 1 and not out and digits is _CHINESE_COUNTING
                else digits[digit]) + unit
            zero = False
        elif out:
            zero = True
    return out


def _letters(n: int) -> str:
    """a … z, then aa, bb: Word repeats the letter."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        while 0 < value <= n:
            out, n = out + numeral, n - value
    return out or "0"


def format_number(n: int, fmt: str) -> str:
    """One counter in a Word number format (`chineseCounting`, `decimal`, `upperRoman`…)."""
    cyclic = {"ideographTraditional": _TEN_STEMS, "ideographZodiac": _ZODIAC}
    if fmt in cyclic:
        return cyclic[fmt][(n - 1) % len(cyclic[fmt])] if n > 0 else str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographLegalTraditional"):
        return _chinese_counting(n)
    if fmt == "chineseLegalSimplified":
        return _chinese_counting(n, _CHINESE_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_CHINESE_DIGITS[int(d)] for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        return _letters(n) if fmt == "lowerLetter" else _letters(n).upper()
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal, decimalFullWidth and formats read as plain numbers


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


def _formatted_levels(paragraphs: list[_Paragraph]) -> None:
    """Without heading styles, titles set apart by direct formatting (larger than the body
    text, or bold all through where bold is rare) get levels by size, largest first."""
    paragraphs = [p for p in paragraphs if p.size]  # not table captions
    sizes = Counter()
    for p in paragraphs:
        sizes[p.size] += len(p.text)
    if not sizes:
        return
    body = sizes.most_common(1)[0][0]
    bold_rare = 2 * sum(len(p.text) for p in paragraphs if p.bold) < sum(sizes.values())

    def title_size(p: _Paragraph) -> Optional[int]:
        if display_width(p.text) > 2 * _FORMATTED_TITLE_CHARS or _SENTENCE_END.search(p.text):
            return None
        return p.size if (p.size >= body * _TITLE_SIZE or (bold_rare and p.bold)) else None

    ranked = sorted({title_size(p) for p in paragraphs} - {None}, reverse=True)
    levels = {size: rank for rank, size in enumerate(ranked, 1)}
    for p in paragraphs:
        p.level = levels.get(title_size(p))


def _add_pieces(builder: DocumentBuilder, pieces: list[_Paragraph | _Table], paged: bool) -> None:
    """Word heading styles say what a heading is; without any, direct formatting does;
    without either, the text heuristics decide."""
    styled = any(isinstance(piece, _Paragraph) and piece.level for piece in pieces)
    if not styled:
        _formatted_levels([piece for piece in pieces if isinstance(piece, _Paragraph)])
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
    """Paragraphs between tables, laid out by the text heuristics; a paragraph in a Word
    list is a list item, whatever its number looks like."""
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


def _small_int(element: Optional[etree._Element], default: int, digits: int = 2) -> int:
    """A count or level; Word keeps these below 64 (sizes below 3278), so longer numbers
    are damage."""
    value = _val(element) or ""
    return int(value) if value.isdigit() and len(value) <= digits else default


def _based_on(style: etree._Element, styles: dict) -> list[etree._Element]:
    """The run properties of a style and of the styles it is based on, nearest first."""
    found, seen = [], set()
    while style is not None and id(style) not in seen:
        seen.add(id(style))
        props = style.find(qn("w:rPr"))
        if props is not None:
            found.append(props)
        style = styles.get(_val(style.find(qn("w:basedOn"))))
    return found
