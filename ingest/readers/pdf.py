"""PDF handbooks: pdfium's characters and rulings, pdfplumber's table finder, one pass per page.

pdfium (pypdfium2) gives every character with its box, baseline, font size and weight, and the
page's path objects; a page with ruling lines has them handed to pdfplumber's table finder as
edges, so no page is parsed twice (pdfminer's Python interpreter was almost the whole cost of a
run). Characters inside a ruled table fill its cells, the rest form lines. Columns are read one
after the other, running headers and footers become page furniture, size and weight against
the body text mark headings, and a line reaching its column's right edge is a wrapped one. The
running text between tables goes through `layout.add_lines`, so paragraphs come out as in text
files.
"""
from __future__ import annotations

import ctypes
import logging
import re
import resource
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Callable, Optional, Sequence, Union

from ..errors import (BrokenFileError, EmptyFileError, EncryptedFileError, GarbledTextError,
                      IngestError, NoTextLayerError, TooLargeError)
from ..model import Document, Furniture
from ..textnorm import compatibility_table, display_width, is_cjk, is_page_number, join_lines, normalize_line
from .base import DocumentBuilder, Reader, source_info
from .layout import Line, add_lines

# pdfminer (only asked why pdfium refused a file) logs every repair of a damaged file; without
# this, Python's last-resort handler prints those lines on stderr beside the one-line error.
for _library in ("pdfminer", "pdfplumber"):
    logging.getLogger(_library).addHandler(logging.NullHandler())

_MARGIN_ZONE = 0.08  # share of the page height at top and bottom where headers/footers sit
_HEADING_SIZE = 1.15  # a line this many times the body size is a heading
_HEADING_CHARS = 40  # a heading is short: CJK characters, a Latin letter half of one
_WRAP_SLACK = 2  # body characters short of the right margin still count as a full line
_PARAGRAPH_GAP = 1.0  # a vertical gap of more than this many line heights parts paragraphs
_CJK_SPACE = 0.15  # a space glyph at least this wide between CJK characters was typed (`垫付 · 怎么用`)
_WORD_GAP = 0.25  # a horizontal gap of more than this many char sizes is a space (a Latin word space is about 0.25–0.33)
_DESCENT = 0.12  # share of the font size below the baseline (pdfminer's boxes, near enough)
_GARBLED_SHARE = 0.3
_BOLD_WEIGHT = 600
_BOLD = re.compile(r"(?i:bold|heavy|black|demi)|W[6-9](?!\d)|-B(?![a-z])")
_SENTENCE_END = re.compile("[。；]")
_PAGE_COUNTER = re.compile(r"(?:^|\s)(?:\d{1,4}\s*/\s*\d{1,4}|第\s*\d{1,4}\s*[页頁](?:\s*[/，,]?\s*"
                           r"共\s*\d{1,4}\s*[页頁])?|-\s*\d{1,4}\s*-|page\s*\d{1,4}(?:\s*of\s*\d+)?)$",
                           re.I)
_DATE_FIRST = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|^\d{4}年\d{1,2}月\d{1,2}日")
_PIECE_GAP = 0.7  # a gap wider than this many font sizes parts two runs of a line (CSS columns: 1em)
_GUTTER_CROSSING = 0.15  # share of a page's lines that may cross a column gutter (titles)
_GUTTER_HEIGHT = 0.5  # columns on both sides of a gutter span this share of the text height
_COLUMN_CHARS = 8  # a text column is at least this many characters wide
_AXIS_TOLERANCE = 0.5  # a path segment this close to level or plumb is a ruling
_LONG_RULE = 36  # points: only a level rule this long (half an inch) can run on past a table
_SLANT = 0.05  # text whose baseline turns more than about 6° is not a line of the page
# (a shear alone leaves the baseline level: that is a synthetic italic, still a line)


@dataclass(slots=True)  # hundreds of thousands per handbook: made and read faster so
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    order: int  # its place in the page's drawing order


_TEXT, _X0, _X1, _TOP, _BOTTOM, _SIZE, _BOLD_OF = map(
    attrgetter, ("text", "x0", "x1", "top", "bottom", "size", "bold"))
# (over a line's or a page's characters: `map` with a getter costs half a generator expression)


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
    zone: Optional[str]  # "header"/"footer" in the top or bottom zone, else None
    column: Optional[int] = None  # None: the line spans the page (or it has one column)
    overlaid: bool = False  # printed over other text of the page
    lead: float = 0.0  # width of its first word (of its first character, in CJK text)


@dataclass
class _Table:
    rows: list[list[str]]
    row_pages: list[int]
    top: float
    column: Optional[int] = None  # the column it stands in, on a page of columns
    open_bottom: bool = False  # broken open at a column or page end: its last row runs on


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
    slanted: str  # text set at an angle (a watermark): kept out of the page's lines


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
        furniture = _take_furniture(pages)
        style = _LineStyle(pages)
        items = _join_continued_tables([item for page in pages for item in _page_order(page)], style,
                                       furniture)
        builder = DocumentBuilder()
        _emit(builder, items, style)
        return builder.build(source_info(path, self.format, len(pages)), warnings,
                             sorted(furniture, key=attrgetter("page")))


def _read_pages(path: Path, max_pages: Optional[int]) -> list[_Page]:
    """Every page scanned once; pdfium's failures become errors that name the cause."""
    pdfium = _pdfium()
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedFileError("is password-protected: save an unprotected copy",
                                     str(path)) from None
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedFileError("uses encryption that cannot be opened", str(path)) from None
        raise _unreadable(path, exc) from None
    try:
        count = len(pdf)
        if not count:
            raise _without_pages(path)
        if max_pages is not None and count > max_pages:
            raise TooLargeError(f"has {count} pages, more than the limit of {max_pages} "
                                "(raise it with --max-pages)", str(path))
        pages = []
        for index in range(count):
            page = pdf[index]
            try:
                pages.append(_scan_page(page, index + 1))
            finally:
                page.close()  # pdfium's page memory goes now, so memory stays flat
        return pages
    except (IngestError, MemoryError):
        raise
    except Exception as exc:  # pdfium reports a page it cannot load as an error
        raise BrokenFileError(f"is a damaged PDF ({_describe(exc)})", str(path)) from exc
    finally:
        pdf.close()


def _pdfium():
    """pypdfium2, imported on the first PDF, so that sniffing a file's format or reading a
    DOCX never loads it. Under a memory cap (a worker's `--max-memory-mb`) there may be no
    room left to map pdfium's library: the document needs more memory than the cap allows."""
    try:
        import pypdfium2
    except OSError:
        if resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY:
            raise
        raise MemoryError from None
    return pypdfium2


def _unreadable(path: Path, exc: Exception) -> BrokenFileError:
    """pdfium refuses an empty page tree as it refuses damage; pdfminer, asked only about
    files pdfium refused, tells the two apart."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            empty = not pdf.pages
    except Exception:  # pdfminer finds the damage too, in one of many ways
        empty = False
    if empty:
        return _without_pages(path)
    return BrokenFileError(f"is a damaged or truncated PDF ({_describe(exc)})", str(path))


def _without_pages(path: Path) -> BrokenFileError:
    return BrokenFileError("is a PDF without pages (or a damaged one whose pages cannot be "
                           "found)", str(path))


def _describe(exc: BaseException) -> str:
    """`Type: message` on one line, cut short (a damaged stream can fill a message)."""
    text = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
    return text if len(text) <= 160 else text[:159] + "…"


def _scan_page(page, number: int) -> _Page:
    """Split the page's characters between the cells of its ruled tables and running text."""
    left, bottom, right, top = page.get_bbox()
    height = top - bottom
    edges, has_images = _page_objects(page.raw, left, top)
    textpage = page.get_textpage()
    try:
        chars, undecoded, slanted = _chars(textpage.raw, left, top)
    finally:
        textpage.close()
    rows = _rows(chars)
    overlay = _overlay(rows)
    edges = _grid_rules(edges)
    closing = _open_ends(edges)
    grids = [_Grid(table, any(abs(table.bbox[3] - rule["top"]) <= 1 for rule in closing))
             for table in _find_tables(edges + closing)]
    decoded = len(chars) - sum(map(str.isspace, map(_TEXT, chars)))
    if overlay or grids:  # rows again of the characters neither on top nor in a table
        on_top = {char.order for char in overlay}
        free = [char for char in chars if char.order not in on_top]
        for grid in grids:  # each grid in turn takes what falls in its cells
            free = grid.take_all(free)
        rows = _rows(free)
    texts = [c for row in rows for c in row if not c.text.isspace()]
    gutters = _gutters(rows, height, [grid.box for grid in grids])
    lines = [line for row in _column_rows(rows, gutters) for line in _row_lines(row, number, height, gutters)
             if line.text]
    lines += [replace(line, overlaid=True) for row in _rows(overlay)
              for line in _row_lines(row, number, height, gutters)]
    tables = [table for table in (grid.table(number, gutters) for grid in grids) if table.rows]
    return _Page(number, lines, tables, Counter(map(_SIZE, texts)),
                 sum(map(_BOLD_OF, texts)), decoded, undecoded, has_images, slanted)


def _chars(textpage, left: float, top: float) -> tuple[list[_Char], int, str]:
    """The page's upright characters in top-down page coordinates, how many have no Unicode
    map, and the text set at an angle.

    pdfium's own line breaks and word spaces (generated characters) are left out: lines and
    spaces come from positions, as for every other character. Text set at an angle is a
    watermark or a stamp (`内部资料`, `样本`) laid over the page, not a line of it.
    """
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return [], 0, ""
    texts = _texts(textpage, count)
    page = ctypes.cast(textpage, ctypes.c_void_p)
    box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    box_ref, matrix_ref, x_ref, y_ref = map(ctypes.byref, (box, matrix, x, y))
    (is_generated, text_object, loose_box, origin,
     object_font, font_size, char_matrix) = _per_char_calls()
    styles: dict[int, tuple[float, bool, bool, bool, float]] = {}  # per text object: size,
    fonts: dict[tuple, tuple[float, bool, bool, bool, float]] = {}  # bold, unmapped, slanted,
    # and the lift: how far the baseline stands over the loose box's bottom (the font's
    # descent at its size), less the descent the model gives every character (_DESCENT)
    chars: list[_Char] = []
    append, char = chars.append, _Char
    slanted: list[str] = []
    undecoded = 0
    for i, text in enumerate(texts):
        if text <= " " and (text != " " or is_generated(page, i)):
            continue  # control characters, the low half of a surrogate pair, pdfium's spaces
        obj = text_object(page, i)
        style = styles.get(obj)
        if style is None:  # many text objects share a font, size and matrix
            char_matrix(page, i, matrix_ref)
            font = (object_font(obj), font_size(page, i), matrix.a, matrix.b, matrix.c, matrix.d)
            style = fonts.get(font)
            if style is None:
                loose_box(page, i, box_ref)
                origin(page, i, x_ref, y_ref)
                looks = _style(textpage, i, font[1], font[2:])
                style = fonts[font] = looks + (y.value - box.bottom - _DESCENT * looks[0],)
            styles[obj] = style
        size, bold, unmapped, tilted, lift = style
        if unmapped or text == "\ufffd":
            undecoded += 1
        elif tilted:
            slanted.append(text)
        else:
            loose_box(page, i, box_ref)
            bottom = top - box.bottom - lift  # the baseline, from the box
            append(char(text, box.left - left, box.right - left, bottom - size, bottom, size, bold, i))
    return chars, undecoded, "".join(slanted).strip()


def _texts(textpage, count: int) -> Sequence[str]:
    """The text of each of the page's characters, by its index, compatibility forms folded
    (`⼯` → `工`). pdfium's text of the page has one unit per character unless a character
    has no Unicode (an emoji drawn from an unmapped font: no unit) or lies beyond the BMP
    (two): then every later character would take its neighbour's box, so such a page asks
    for each character's code, and a pair's low half has no text of its own."""
    import pypdfium2.raw as pdfium_c

    buffer = (ctypes.c_ushort * (2 * count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer) - 1  # less the final NUL
    codes = buffer[:count]
    fold = compatibility_table()
    if written == count and not any(0xD800 <= code < 0xE000 for code in codes):
        return "".join(map(chr, codes)).translate(fold)
    codes = [pdfium_c.FPDFText_GetUnicode(textpage, i) for i in range(count)]
    texts = []
    for i, code in enumerate(codes):
        if 0xD800 <= code < 0xDC00 and i + 1 < count and 0xDC00 <= codes[i + 1] < 0xE000:
            code = 0x10000 + ((code - 0xD800) << 10) + codes[i + 1] - 0xDC00
        elif 0xDC00 <= code < 0xE000 and i and 0xD800 <= codes[i - 1] < 0xDC00:
            code = 0  # the low half of the pair before
        texts.append(chr(fold.get(code, code)))
    return texts


def _overlay(rows: list[list[_Char]]) -> list[_Char]:
    """The characters printed over other text of the page: where two
    characters of different text cover the same place, the one drawn later lies on top, and
    so does the run of characters drawn with it on its line. A web page's `position: fixed`
    title printed to PDF lands on every page, over whatever line or table cell is there;
    left in, its characters interleave with theirs (`柏众安盛保健险康`)."""
    on_top = {max(a.order, b.order) for row in rows for a, b in zip(row, row[1:])
              if b.x0 < a.x1 and a.text != b.text and _covers(a, b)}  # rows run left to right
    if not on_top:
        return []
    drawn = sorted((char for row in rows for char in row), key=attrgetter("order"))
    index = {char.order: i for i, char in enumerate(drawn)}
    taken = set()
    for start in map(index.get, on_top):  # the run drawn with it: neighbours in drawing order
        taken.add(start)
        for step in (-1, 1):
            i = start
            while 0 <= i + step < len(drawn) and _same_run(drawn[i], drawn[i + step]):
                i += step
                taken.add(i)
    return [drawn[i] for i in sorted(taken)]


def _covers(a: _Char, b: _Char) -> bool:
    """Over half of the narrower character's width and height in common."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    return (width > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0) and
            height > 0.5 * min(a.bottom - a.top, b.bottom - b.top))


def _same_run(a: _Char, b: _Char) -> bool:
    """Drawn one after the other on one baseline, side by side: one piece of text."""
    left, right = sorted((a, b), key=attrgetter("x0"))
    return (a.size == b.size and abs(a.bottom - b.bottom) < 0.2 * a.size
            and abs(right.x0 - left.x1) < a.size)


def _plain(function, restype, *argtypes) -> Callable:
    """A pypdfium2 function declared with plain C types, called as pypdfium2 calls it (cdecl).

    pypdfium2's typed pointers cost more than the calls themselves (each pointer argument
    checked, each pointer returned wrapped); an address is also a key (to a text object's
    style)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


@lru_cache(maxsize=1)
def _per_char_calls() -> tuple[Callable, ...]:
    """pdfium's IsGenerated, GetTextObject and GetLooseCharBox, and for the first
    character of each text object (almost every other one) TextObj_GetFont, GetFontSize and
    GetMatrix, and of each font GetCharOrigin (the baseline stands as high over the loose
    box's bottom for every character of a font at one size), on plain addresses (`_plain`:
    3.7 µs of pdfium calls per character typed, 2.0 so).
    """
    import pypdfium2.raw as pdfium_c

    pointer, integer = ctypes.c_void_p, ctypes.c_int
    return (_plain(pdfium_c.FPDFText_IsGenerated, integer, pointer, integer),
            _plain(pdfium_c.FPDFText_GetTextObject, pointer, pointer, integer),
            _plain(pdfium_c.FPDFText_GetLooseCharBox, integer, pointer, integer, pointer),
            _plain(pdfium_c.FPDFText_GetCharOrigin, integer, pointer, integer, pointer, pointer),
            _plain(pdfium_c.FPDFTextObj_GetFont, pointer, pointer),
            _plain(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, pointer, integer),
            _plain(pdfium_c.FPDFText_GetMatrix, integer, pointer, integer, pointer))


def _style(textpage, index: int, font_size: float,
           matrix: tuple[float, ...]) -> tuple[float, bool, bool, bool]:
    """(size in points, bold, without Unicode map, slanted) of the font of character `index`.

    pdfium's font size is the one set with `Tf`; Chromium sets 16 and scales the text by 0.75,
    so the size on the page is that times the text matrix's scale. A font without a Unicode
    map has pdfium guess each character from its code: such text is undecoded.
    """
    import pypdfium2.raw as pdfium_c

    a, b, c, d = matrix
    size = round(font_size * ((abs(a * d - b * c)) ** 0.5 or 1.0) * 2) / 2
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(flags))
    weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
    return (size, weight >= _BOLD_WEIGHT or _is_bold(name.value.decode("latin-1")),
            pdfium_c.FPDFText_HasUnicodeMapError(textpage, index) == 1,
            abs(b) > _SLANT * (abs(a) + abs(d)))


@lru_cache(maxsize=None)
def _is_bold(fontname: str) -> bool:
    return bool(_BOLD.search(fontname))


def _page_objects(page, left: float, top: float) -> tuple[list[dict], bool]:
    """The page's straight path segments as pdfplumber edges, and whether it holds an image.

    Form XObjects are entered, their matrices composed, as pdfplumber would see their paths.
    Every object of the page is looked at (a text object per word or glyph on many pages),
    so objects are walked as plain addresses; only paths and forms are read further.
    """
    import pypdfium2.raw as pdfium_c

    get_object, get_type, form_object = _page_object_calls()
    address = ctypes.cast(page, ctypes.c_void_p)
    edges: list[dict] = []
    images = False
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack = [(get_object(address, i), identity) for i in range(pdfium_c.FPDFPage_CountObjects(page))]
    while stack:
        address, outer = stack.pop()
        kind = get_type(address)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            obj = ctypes.cast(address, pdfium_c.FPDF_PAGEOBJECT)
            edges += _path_edges(obj, _compose(outer, _matrix(obj)), left, top)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            obj = ctypes.cast(address, pdfium_c.FPDF_PAGEOBJECT)
            inner = _compose(outer, _matrix(obj))
            stack += [(form_object(address, i), inner)
                      for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))]
    return edges, images


@lru_cache(maxsize=1)
def _page_object_calls() -> tuple[Callable, ...]:
    """pdfium's Page_GetObject, PageObj_GetType and FormObj_GetObject on plain addresses
    (see `_plain`)."""
    import pypdfium2.raw as pdfium_c

    pointer, integer = ctypes.c_void_p, ctypes.c_int
    return (_plain(pdfium_c.FPDFPage_GetObject, pointer, pointer, integer),
            _plain(pdfium_c.FPDFPageObj_GetType, integer, pointer),
            _plain(pdfium_c.FPDFFormObj_GetObject, pointer, pointer, ctypes.c_ulong))


def _matrix(obj) -> tuple[float, ...]:
    import pypdfium2.raw as pdfium_c

    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(outer: tuple[float, ...], inner: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying `inner`, then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _path_edges(obj, matrix: tuple[float, ...], left: float, top: float) -> list[dict]:
    """The level and plumb segments of a painted path, in top-down page coordinates."""
    import pypdfium2.raw as pdfium_c

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) or (
            not fill.value and not stroke.value):
        return []
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    edges: list[dict] = []
    start = current = None
    for j in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, j)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (a * x.value + c * y.value + e - left, top - (b * x.value + d * y.value + f))
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and current is not None:
            _add_edge(edges, current, point)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or start is None:
            start = point
        current = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_edge(edges, current, start)
            current = start
    return edges


def _add_edge(edges: list[dict], p0: tuple[float, float], p1: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p0, p1
    if abs(y0 - y1) <= _AXIS_TOLERANCE and abs(x0 - x1) > _AXIS_TOLERANCE:
        y = (y0 + y1) / 2
        edges.append({"object_type": "line", "orientation": "h", "x0": min(x0, x1),
                      "x1": max(x0, x1), "top": y, "bottom": y, "width": abs(x1 - x0),
                      "height": 0.0})
    elif abs(x0 - x1) <= _AXIS_TOLERANCE and abs(y0 - y1) > _AXIS_TOLERANCE:
        x = (x0 + x1) / 2
        edges.append({"object_type": "line", "orientation": "v", "x0": x, "x1": x,
                      "top": min(y0, y1), "bottom": max(y0, y1), "width": 0.0,
                      "height": abs(y1 - y0)})


class _Rulings:
    """What pdfplumber's table finder reads of a page with its "lines" strategies: the edges."""

    def __init__(self, edges: list[dict]):
        self.edges = edges


def _find_tables(edges: list[dict]) -> list:
    """pdfplumber's tables on a page with at least two level and two plumb rulings (a grid).

    A page with no grid (a rule under a header, a frame around a box) costs nothing more.
    """
    if sum(e["orientation"] == "h" for e in edges) < 2 or sum(
            e["orientation"] == "v" for e in edges) < 2:
        return []
    return _table_finder()(_Rulings(edges)).tables


def _grid_rules(edges: list[dict]) -> list[dict]:
    """The rulings without level rules that run on past the plumb rules they cross for
    further than those span: a page-wide rule of a running header or footer drawn over a
    table in one column is no rule of the table (it would cut a row in two)."""
    plumb = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0"))
    plumb_xs = [v["x0"] for v in plumb]
    kept = []
    for e in edges:
        if e["orientation"] == "h" and e["width"] >= _LONG_RULE:  # the plumb rules within its reach
            near = plumb[bisect_left(plumb_xs, e["x0"] - 1):bisect_right(plumb_xs, e["x1"] + 1)]
            xs = [v["x0"] for v in near if v["top"] < e["top"] - 1 and v["bottom"] > e["top"] + 1]
            if len(xs) >= 2 and max(min(xs) - e["x0"], e["x1"] - max(xs)) > max(xs) - min(xs):
                continue
        kept.append(e)
    return kept


def _open_ends(edges: list[dict]) -> list[dict]:
    """Level rules closing a grid where its plumb rules end together with no rule across
    them: a table broken at the end of a column or page and drawn open there (Chromium
    splits a row so), so that the text of its last, split row is a row too."""
    level = [e for e in edges if e["orientation"] == "h"]
    ends = sorted((y, e["x0"]) for e in edges if e["orientation"] == "v" for y in (e["top"], e["bottom"]))
    groups: list[list[tuple[float, float]]] = []  # plumb ends at one height, within a point
    for end in ends:
        if groups and end[0] - groups[-1][-1][0] <= 1:
            groups[-1].append(end)
        else:
            groups.append([end])
    closing = []
    for group in groups:
        y, xs = sum(end[0] for end in group) / len(group), [end[1] for end in group]
        x0, x1 = min(xs), max(xs)
        if len(xs) < 2 or _covered([h for h in level if abs(h["top"] - y) <= 1], x0, x1) > 0.5:
            continue
        if not any(_covered([h for h in level if abs(h["top"] - row) <= 1], x0, x1) > 0.9
                   for row in {h["top"] for h in level}):
            continue
        closing.append({"object_type": "line", "orientation": "h", "x0": x0, "x1": x1,
                        "top": y, "bottom": y, "width": x1 - x0, "height": 0.0})
    return closing


def _covered(rules: list[dict], x0: float, x1: float) -> float:
    """The share of x0…x1 that the level rules cover (a rule drawn cell by cell too)."""
    covered, reach = 0.0, x0
    for a, b in sorted((rule["x0"], rule["x1"]) for rule in rules):
        a, b = max(a, reach), min(b, x1)
        if b > a:
            covered += b - a
            reach = b
    return covered / (x1 - x0) if x1 > x0 else 1.0


@lru_cache(maxsize=1)
def _table_finder() -> type:
    """pdfplumber's TableFinder (imported on the first grid), its cells found by `_cells`."""
    from pdfplumber.table import (Table, TableFinder, TableSettings, cells_to_tables,
                                  edges_to_intersections)

    class Finder(TableFinder):
        def __init__(self, page):  # TableFinder.__init__ with its default settings
            self.page, self.settings = page, TableSettings.resolve(None)
            self.edges = self.get_edges()
            self.intersections = edges_to_intersections(
                self.edges, self.settings.intersection_x_tolerance,
                self.settings.intersection_y_tolerance)
            self.cells = _cells(self.intersections)
            self.tables = [Table(page, cells) for cells in cells_to_tables(self.cells)]

    return Finder


def _cells(intersections: dict) -> list[tuple[float, float, float, float]]:
    """pdfplumber's `intersections_to_cells`, five times faster: each point's edges made a
    set once (not at every test whether two points share an edge), and the points below
    and right of a point looked up in its column and row (not among all later points).

    From each intersection, in order, the smallest cell it opens: the first point below
    and the first point right, each joined to it by an edge, whose corner across is an
    intersection joined to both."""
    from pdfplumber.utils import obj_to_bbox

    plumb = {point: {obj_to_bbox(e) for e in found["v"]} for point, found in intersections.items()}
    level = {point: {obj_to_bbox(e) for e in found["h"]} for point, found in intersections.items()}

    def joined(p1: tuple, p2: tuple) -> bool:
        return (p1[0] == p2[0] and not plumb[p1].isdisjoint(plumb[p2])) or (
            p1[1] == p2[1] and not level[p1].isdisjoint(level[p2]))

    points = sorted(intersections)
    columns: dict[float, list[tuple]] = {}
    rows: dict[float, list[tuple]] = {}
    for point in points:  # each column top to bottom, each row left to right
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)

    def smallest_cell(point: tuple) -> Optional[tuple[float, float, float, float]]:
        column, row = columns[point[0]], rows[point[1]]
        for below in column[column.index(point) + 1:]:
            if not joined(point, below):
                continue
            for right in row[row.index(point) + 1:]:
                corner = (right[0], below[1])
                if (joined(point, right) and corner in intersections and joined(corner, right)
                        and joined(corner, below)):
                    return (*point, *corner)
        return None

    return [cell for cell in map(smallest_cell, points) if cell]


class _Grid:
    """A ruled table being filled: a character joins the cell it sits in, else the text."""

    def __init__(self, table, open_bottom: bool):
        rows = table.rows
        self.open_bottom = open_bottom
        self.box = table.bbox
        self.cells = [row.cells for row in rows]  # None for the spanned part of a merged cell
        self.tops = [row.bbox[1] for row in rows]
        self.chars: list[list[list[_Char]]] = [[[] for _ in cells] for cells in self.cells]

    def take_all(self, chars: list[_Char]) -> list[_Char]:
        """The characters none of its cells took, in their order."""
        take = self.take
        return [char for char in chars if not take(char)]

    def take(self, char: _Char) -> bool:
        x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
        x0, top, x1, bottom = self.box
        if not (x0 <= x < x1 and top <= y < bottom):  # most characters: rejected cheaply
            return False
        for r in range(bisect_right(self.tops, y) - 1, -1, -1):  # a merged cell starts higher
            for c, cell in enumerate(self.cells[r]):
                if cell and cell[0] <= x < cell[2] and cell[1] <= y < cell[3]:
                    self.chars[r][c].append(char)
                    return True
        return False

    def table(self, page: int, gutters: list[tuple[float, float]]) -> _Table:
        """Cell texts, wrapped lines joined; the spanned parts of a merged cell stay empty.
        A table within one column of a page of columns is read in that column's turn."""
        rows = [[join_lines([_row_text(line) for line in _rows(cell)]) for cell in row]
                for row in self.chars]
        rows = [row for row in rows if any(row)]  # so the first row is the header
        x0, x1 = self.box[0], self.box[2]
        middles = [(g0 + g1) / 2 for g0, g1 in gutters]
        column = None if not middles or any(x0 < m < x1 for m in middles) else sum(x0 >= m for m in middles)
        return _Table(rows, [page] * len(rows), self.box[1], column, self.open_bottom)


def _rows(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into lines: a char whose middle is above the line's bottom joins it."""
    rows: list[list[_Char]] = []
    bottom = 0.0
    for char in sorted(chars, key=_TOP):
        if rows and (char.top + char.bottom) / 2 < bottom:
            rows[-1].append(char)
            if char.bottom > bottom:
                bottom = char.bottom
        else:
            rows.append([char])
            bottom = char.bottom
    return [sorted(row, key=_X0) for row in rows]


def _row_text(row: list[_Char]) -> str:
    """Chars left to right; a space where a gap or a space char sits beside non-CJK text."""
    out: list[str] = []
    previous: Optional[_Char] = None
    spaced = False
    for char in row:
        text = char.text
        if text.isspace():
            spaced = True
            continue
        if previous is not None and (spaced or char.x0 - previous.x1 > _WORD_GAP * char.size) and (
                not (is_cjk(previous.text) and is_cjk(text))
                or spaced and char.x0 - previous.x1 > _CJK_SPACE * char.size):  # the gap first: most have none
            out.append(" ")
        out.append(text)
        previous, spaced = char, False
    return normalize_line("".join(out))


def _zone(top: float, bottom: float, height: float) -> Optional[str]:
    if top < _MARGIN_ZONE * height:
        return "header"
    if bottom > (1 - _MARGIN_ZONE) * height:
        return "footer"
    return None


def _gutters(rows: list[list[_Char]], height: float,
             tables: list[tuple[float, float, float, float]]) -> list[tuple[float, float]]:
    """The x-ranges between text columns: empty of text (but for a few titles crossing them)
    over most of the page's text height, with wrapped running text or tables on each side.
    A ruled table is column evidence as wide as its box, a line's worth per line of body
    text it is high (a column can hold only a table); it crosses a gutter only once, and a
    table across the page is no part of the height the columns must fill.
    """
    text = [piece for row in rows if not _zone(row[0].top, row[-1].bottom, height)
            for piece in _pieces(row)]
    if len(text) + len(tables) < 6 or not text:
        return []
    size = sorted(p[4] for p in text)[len(text) // 2]
    boxes = [(x0, x1, top, bottom, size) for x0, top, x1, bottom in tables]
    pieces = text + [(x0, x1, top + step, top + step + size, size) for x0, x1, top, bottom, _ in boxes
                     for step in _line_steps(bottom - top, size)]
    left, right = min(p[0] for p in pieces), max(p[1] for p in pieces)
    allowed = _GUTTER_CROSSING * (len(text) + len(boxes))
    cuts = sorted({p[0] for p in pieces} | {p[1] for p in pieces})
    runs: list[list[tuple[float, float, int]]] = []  # x-ranges crossed by few lines, merged
    for x0, x1 in zip(cuts, cuts[1:]):
        middle = (x0 + x1) / 2
        crossing = sum(p[0] < middle < p[1] for p in (*text, *boxes))
        if crossing > allowed:
            continue
        if runs and runs[-1][-1][1] == x0:
            runs[-1].append((x0, x1, crossing))
        else:
            runs.append([(x0, x1, crossing)])
    gutters = []
    for run in runs:  # the gutter is the part of a run the fewest lines cross
        least = min(crossing for *_, crossing in run)
        core = [(x0, x1) for x0, x1, crossing in run if crossing == least]
        gutters.append((core[0][0], core[-1][1]))
    return [(g0, g1) for g0, g1 in gutters
            if g1 - g0 >= _PIECE_GAP * size and left < g0 and g1 < right
            and _column_beside(pieces, g0, g1, _height(text, boxes, (g0 + g1) / 2), size)]


def _height(text: list[tuple], boxes: list[tuple], middle: float) -> float:
    """How high the text and the tables beside (not across) the gutter's middle stand."""
    standing = text + [box for box in boxes if not box[0] < middle < box[1]]
    return max(p[3] for p in standing) - min(p[2] for p in standing)


def _line_steps(height: float, size: float) -> list[float]:
    """Offsets of the body lines (1.5 sizes apart) a box this high would hold."""
    lines = max(1, round(height / (1.5 * size)))
    return [i * height / lines for i in range(lines)]


def _pieces(row: list[_Char]) -> list[tuple[float, float, float, float, float]]:
    """(x0, x1, top, bottom, size) of each run of a row's characters without a wide gap."""
    out = []
    start = row[0]
    last = row[0]
    for char in row[1:]:
        if char.x0 - last.x1 > _PIECE_GAP * (char.size if char.size > last.size else last.size):
            out.append((start.x0, last.x1, start.top, last.bottom, start.size))
            start = char
        last = char
    out.append((start.x0, last.x1, start.top, last.bottom, start.size))
    return out


def _column_beside(pieces, g0: float, g1: float, text_height: float, size: float) -> bool:
    """Text on both sides of the gutter over most of the text height, in lines far wider
    than the gutter (running text, not labels set apart from their values)."""
    for side in ([p for p in pieces if p[1] <= g0], [p for p in pieces if p[0] >= g1]):
        if len(side) < 3 or max(p[3] for p in side) - min(p[2] for p in side) < (
                _GUTTER_HEIGHT * text_height):
            return False
        widths = sorted(p[1] - p[0] for p in side)  # the upper quartile: running text, not the
        if widths[3 * len(widths) // 4] < max(_COLUMN_CHARS * size, 2 * (g1 - g0)):  # short entries
            return False
    return True


def _column_rows(rows: list[list[_Char]], gutters: list[tuple[float, float]]) -> list[list[_Char]]:
    """On a page of columns, lines grouped again within each column: page-wide rows chain
    lines of columns whose baselines do not line up (`…15分钟` and the next paragraph of
    the same column became one row). Rows crossing a gutter (titles) stay as they are."""
    if not gutters:
        return rows
    middles = [(g0 + g1) / 2 for g0, g1 in gutters]
    spanning, by_column = [], {}
    for row in rows:
        if any(p[0] < m < p[1] for p in _pieces(row) for m in middles):
            spanning.append(row)
            continue
        for char in row:
            column = sum((char.x0 + char.x1) / 2 >= m for m in middles)
            by_column.setdefault(column, []).append(char)
    regrouped = spanning + [row for chars in by_column.values() for row in _rows(chars)]
    return sorted(regrouped, key=lambda row: min(c.top for c in row))


def _row_lines(row: list[_Char], page: int, height: float,
               gutters: list[tuple[float, float]]) -> list[_TextLine]:
    """The row as one line, or one per column where the page has columns and the row
    keeps out of every gutter."""
    zone = _zone(min(map(_TOP, row)), max(map(_BOTTOM, row)), height)
    if not gutters or any(p[0] < (g0 + g1) / 2 < p[1] for p in _pieces(row)
                          for g0, g1 in gutters):  # crossing the gutter's middle, as found
        return [_text_line(row, page, zone, None)]
    columns: dict[int, list[_Char]] = {}
    for char in row:
        middle = (char.x0 + char.x1) / 2
        columns.setdefault(sum(middle >= (g0 + g1) / 2 for g0, g1 in gutters), []).append(char)
    return [_text_line(chars, page, zone, column) for column, chars in sorted(columns.items())]


def _text_line(row: list[_Char], page: int, zone: Optional[str],
               column: Optional[int]) -> _TextLine:
    texts = [c for c in row if not c.text.isspace()] or row
    sizes = list(map(_SIZE, texts))
    size = sizes[0] if min(sizes) == max(sizes) else Counter(sizes).most_common(1)[0][0]
    bold = 2 * sum(map(_BOLD_OF, texts)) > len(texts)
    return _TextLine(_row_text(row), page, min(map(_TOP, row)), max(map(_BOTTOM, row)),
                     row[0].x0, max(map(_X1, row)), size, bold, zone, column,
                     lead=_first_word(texts))


def _first_word(row: list[_Char]) -> float:
    """How wide the line's first word is: a run of Latin letters or digits without a gap
    (`38139960`, `Online`), or its first character in CJK text."""
    last = row[0]
    if not is_cjk(last.text):
        for char in row[1:]:
            if is_cjk(char.text) or char.x0 - last.x1 > _WORD_GAP * char.size:
                break
            last = char
    return last.x1 - row[0].x0


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


def _take_furniture(pages: list[_Page]) -> list[Furniture]:
    """Take running headers and footers out of the text: lines in the top or bottom zone that
    repeat on half the pages (same text but for digits: titles, dates, `第 3 页`), page
    numbers and page counters (`- 3 -`, `2/5`, a URL then `1/5`), or a leading print date;
    and a running title set inside the margins: a line printed at the same place in the same
    size on most pages, on half of them as the page's first or last line or over other text.
    It must recur on three pages, or on two when it is smaller than the body text, since two
    pages may well end on the same sentence."""
    def shape(line: _TextLine) -> str:
        return re.sub(r"\d+", "#", line.text)

    seen = Counter(text for page in pages
                   for text in {shape(line) for line in page.lines if line.zone})
    repeated = {text for text, count in seen.items() if count >= 2 and 2 * count >= len(pages)}
    sizes = sum((page.sizes for page in pages), Counter())
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    placed = Counter(key for page in pages
                     for key in {_placed(line) for line in page.lines if not line.zone})
    outermost = Counter(key for page in pages
                        for key in {_placed(line) for line in _outermost(page) if not line.zone})
    pinned = {key for key, count in outermost.items()
              if 3 * placed[key] >= 2 * len(pages) and 2 * count >= placed[key]
              and (placed[key] >= 3 or (placed[key] == 2 and key[3] < body))}
    furniture = []
    for page in pages:
        kept = []
        middle = (min((l.top for l in page.lines), default=0) + max((l.top for l in page.lines), default=0)) / 2
        for line in page.lines:
            if line.zone and (is_page_number(line.text) or shape(line) in repeated
                              or _PAGE_COUNTER.search(line.text)
                              or (line.zone == "header" and _DATE_FIRST.match(line.text))):
                furniture.append(Furniture(page.number, line.text, line.zone))
            elif not line.zone and _placed(line) in pinned:  # a fixed running title inside the margins
                furniture.append(Furniture(page.number, line.text, "header" if line.top < middle else "footer"))
            else:
                kept.append(line)
        page.lines = kept
        if page.slanted:
            furniture.append(Furniture(page.number, page.slanted, "watermark"))
    return furniture


def _outermost(page: _Page) -> list[_TextLine]:
    """The first and the last line of a page's text, and text printed over other text: where
    a title the page prints stands. A body sentence that happens to stand at the same place
    on two pages is not one."""
    if not page.lines:
        return []
    return [min(page.lines, key=lambda l: l.top), max(page.lines, key=lambda l: l.bottom),
            *(line for line in page.lines if line.overlaid)]


def _placed(line: _TextLine) -> tuple:
    """A line's words, where it stands and its size: the same on most pages means printed
    by the page."""
    return line.text, round(line.top), round(line.x0), line.size


def _page_order(page: _Page) -> list[_Item]:
    """Top to bottom; between lines that span the page (and tables), column after column."""
    out: list[_Item] = []
    band: list[_TextLine] = []
    for item in sorted([*page.lines, *page.tables], key=attrgetter("top")):
        if item.column is not None:
            band.append(item)
            continue
        out += sorted(band, key=attrgetter("column", "top"))
        band = []
        out.append(item)
    return out + sorted(band, key=attrgetter("column", "top"))


def _join_continued_tables(items: list[_Item], style: "_LineStyle",
                           furniture: list[Furniture]) -> list[_Item]:
    """One table where a page ends in a table and the next begins with one as wide; lines in
    the page margins between the two parts (a running header no other page repeats) are page
    furniture. A heading there (a title at the foot of a page) starts a new section: the
    tables stay two."""
    out: list[_Item] = []
    for item in items:
        end = len(out)
        while isinstance(item, _Table) and end and _in_margin(out[end - 1]):
            end -= 1
        last = out[end - 1] if end else None
        if not (isinstance(item, _Table) and isinstance(last, _Table) and _continues(last, item)
                and len(item.rows[0]) == len(last.rows[0])
                and not any(style.is_heading(line) for line in out[end:])):
            out.append(item)
            continue
        furniture += [Furniture(line.page, line.text, line.zone) for line in out[end:]]
        del out[end:]
        rows, pages = item.rows[item.rows[0] == last.rows[0]:], item.row_pages  # a repeated header once
        if last.open_bottom and rows:  # a row split at the break: its two parts are one row
            last.rows[-1] = [join_lines([a, b]) for a, b in zip(last.rows[-1], rows[0])]
            rows = rows[1:]
        last.rows += rows
        last.row_pages += pages[len(pages) - len(rows):]
        last.open_bottom = item.open_bottom
    return out


def _continues(last: _Table, item: _Table) -> bool:
    """The table begins where the other was cut off: at the top of the next page, or of a
    later column of the same page."""
    page, before = item.row_pages[0], last.row_pages[-1]
    return page == before + 1 or (page == before and None not in (item.column, last.column)
                                  and item.column > last.column)


def _in_margin(item: _Item) -> bool:
    return isinstance(item, _TextLine) and item.zone is not None


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
        """A short line set larger than the body text, or bold where bold stands out,
        whatever its numbering (the segmenter reads that)."""
        if display_width(line.text) > 2 * _HEADING_CHARS or _SENTENCE_END.search(line.text):
            return None
        if line.size >= self.body * _HEADING_SIZE or (self.bold_marks and line.bold):
            return line.size
        return None

    def is_heading(self, line: _TextLine) -> bool:
        return self._heading_size(line) is not None

    def line(self, line: _TextLine, following: Optional[_Item]) -> Line:
        """A line is full (wrapped) when it reaches its right margin, or when the next line's
        first word would not have fitted in the room left (`…热线 021-` / `38139960 …`)."""
        room = self.right_edges[line.page, line.column] - line.x1
        full = room <= self.slack or (isinstance(following, _TextLine) and following.lead > room)
        return Line(line.text, line.page, self.levels.get(self._heading_size(line)), full=full)


def _right_edges(pages: list[_Page], slack: float) -> dict[tuple, float]:
    """Each page's (or column's) right text margin; infinite on a page where no line spans
    the document's text width, so a page of short lines has no wrapped ones."""
    spans: dict[tuple, tuple[float, float]] = {}
    for page in pages:
        for line in page.lines:
            key = (page.number, line.column)
            left, right = spans.get(key, (line.x0, line.x1))
            spans[key] = (min(left, line.x0), max(right, line.x1))
    width = max((right - left for (_, column), (left, right) in spans.items()
                 if column is None), default=0.0)
    return {key: right if key[1] is not None or right - left >= width - slack else float("inf")
            for key, (left, right) in spans.items()}


def _emit(builder: DocumentBuilder, items: list[_Item], style: _LineStyle) -> None:
    """Running text between tables goes through add_lines; fonts give headings when they vary.

    A blank Line stands for a vertical gap wider than a line, so add_lines ends the paragraph.
    """
    font_headings = bool(style.levels)
    run: list[Line] = []
    previous: Optional[_Item] = None
    for item, following in zip(items, [*items[1:], None]):
        if isinstance(item, _Table):
            add_lines(builder, run, font_headings=font_headings)
            run = []
            builder.add_table(item.rows, header_rows=1, row_pages=item.row_pages)
        else:
            if _paragraph_gap(previous, item):
                run.append(Line("", item.page))
            run.append(style.line(item, following))
        previous = item
    add_lines(builder, run, font_headings=font_headings)


def _paragraph_gap(previous: Optional[_Item], line: _TextLine) -> bool:
    return (isinstance(previous, _TextLine) and previous.page == line.page
            and line.top - previous.bottom > _PARAGRAPH_GAP * (previous.bottom - previous.top))
