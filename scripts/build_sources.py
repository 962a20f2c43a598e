#!/usr/bin/env python3
"""Build original-like PDF and DOCX twins of the seed handbooks, reproducibly.

Each seed in tests/data/seeds/ is the extracted text of a real handbook whose original was
a PDF or a DOCX. This script reads every seed with the project's own text reader and
renders the blocks it finds (headings, paragraphs, list items, tables) in order as a
real PDF (reportlab, embedded CJK TrueType font) or DOCX (python-docx), so the PDF and
DOCX readers can be tested against the text reader on the same content. Nothing is
added or dropped: the only text besides the seed's own is the PDF running header and
page numbers, which a PDF reader is expected to strip.

Tables flattened to text (`安徽 茂名 石家庄 ...` city lists, `1 挂号 ...` step rows) are
recovered by one generic rule: a run of 3 or more consecutive paragraph blocks that are
each a grid line (`ingest.readers.layout.is_grid_line`) becomes a table whose cells are
the whitespace-separated tokens of each line, rows padded to the widest.

Usage:
    python scripts/build_sources.py [--out sources] [--seeds tests/data/seeds] [--font PATH]

Needs a CJK TrueType font for the PDFs: `apt-get install fonts-wqy-zenhei` (Debian).
Builds are byte-reproducible: fixed dates in the PDF (reportlab `invariant=1`) and the
DOCX core properties, and the DOCX zip re-packed with fixed member timestamps.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import re
import sys
import zipfile
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Optional
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing the package
    sys.path.insert(0, str(ROOT))

from ingest.readers.layout import is_grid_line  # noqa: E402
from ingest.readers.text import TextReader  # noqa: E402

# Per-seed inputs: the original's format and what the seed's own text says about it.
# Honest metadata: null wherever the text does not say. No seed states an edition or date.
# 000 and 001 are two editions of one 众安 handbook (001 the later one); neither names the
# product. 004 never names its insurer or product (only the hotline 95511-#-9).
# `title` is the handbook's own title as its text gives it (000 and 004 open with
# 增值服务介绍; 001 is the later edition of 000's handbook; 002 calls itself
# 健康管理服务手册; 003 calls itself 服务手册).
SOURCES: dict[str, dict] = {
    "000_faba9cc386b65afa": {"format": "docx", "insurer": "众安", "product": None,
                             "edition": None, "title": "增值服务介绍"},
    "001_411f35dbfb07ca5e": {"format": "pdf", "insurer": "众安", "product": None,
                             "edition": None, "title": "增值服务介绍"},
    "002_fcd9fceb003ab718": {"format": "pdf", "insurer": "安盛天平", "product": "安盛天平医疗保险",
                             "edition": None, "title": "健康管理服务手册"},
    "003_01c07bc6b9f80855": {"format": "pdf", "insurer": "众安",
                             "product": "尊享e生·中高端医疗保险PLUS",
                             "edition": None, "title": "服务手册"},
    "004_a5dd15a8b2493174": {"format": "docx", "insurer": None, "product": None,
                             "edition": None, "title": "增值服务介绍"},
}

FIXED_DATE = dt.datetime(2024, 1, 1, 0, 0, 0)  # DOCX core properties
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip member can carry
MIN_GRID_RUN = 3
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
]


# --------------------------------------------------------------------------- structure

@dataclass
class Item:
    """One thing to render: a heading, paragraph, list item or table."""

    kind: str
    text: str = ""
    level: Optional[int] = None
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int = 0


def short_name(meta: dict) -> str:
    """Running-header name: insurer and product, without repeating the insurer."""
    insurer, product = meta.get("insurer"), meta.get("product")
    if insurer and product:
        return product if product.startswith(insurer) else f"{insurer} {product}"
    return product or insurer or meta["title"]


def full_title(meta: dict) -> str:
    name = short_name(meta)
    return name if name == meta["title"] else f"{name} {meta['title']}"


def plan(doc) -> list[Item]:
    """The text reader's blocks in order, with flattened grid runs turned into tables."""
    items: list[Item] = []
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "paragraph" and is_grid_line(b.text):
            j = i
            while j < len(blocks) and blocks[j].kind == "paragraph" and is_grid_line(blocks[j].text):
                j += 1
            if j - i >= MIN_GRID_RUN:
                rows = [blk.text.split() for blk in blocks[i:j]]
                width = max(len(r) for r in rows)
                items.append(Item("table", rows=[r + [""] * (width - len(r)) for r in rows],
                                  header_rows=0))
                i = j
                continue
        if b.kind == "table":
            rows = [[doc.text[c.start:c.end] for c in row] for row in b.rows]
            width = max(len(r) for r in rows)
            items.append(Item("table", rows=[r + [""] * (width - len(r)) for r in rows],
                              header_rows=b.header_rows))
        elif b.kind == "heading":
            items.append(Item("heading", b.text, level=b.level or 1))
        else:
            items.append(Item(b.kind, b.text))
        i += 1
    return items


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- DOCX

def _set_east_asian_font(style, name: str) -> None:
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)
    # A theme font attribute would win over the explicit one.
    fonts.attrib.pop(qn("w:eastAsiaTheme"), None)


def _repack_zip(data: bytes) -> bytes:
    """Same members in the same order, with fixed timestamps and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 3
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def a4_document(body_pt: float, font: str):
    """An empty python-docx document on A4 with 2 cm margins and its body font set."""
    import docx
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = document.styles["Normal"]
    normal.font.size = Pt(body_pt)
    _set_east_asian_font(normal, font)
    return document


def build_docx(items: list[Item], meta: dict) -> bytes:
    from docx.shared import Pt

    document = a4_document(10.5, "宋体")
    for level in range(1, 7):
        _set_east_asian_font(document.styles[f"Heading {level}"], "黑体")

    for item in items:
        if item.kind == "heading":
            document.add_paragraph(item.text, style=f"Heading {min(max(item.level, 1), 6)}")
        elif item.kind == "list_item":
            document.add_paragraph(item.text, style="List Paragraph")
        elif item.kind == "table":
            ncols = max(len(r) for r in item.rows)
            table = document.add_table(rows=len(item.rows), cols=ncols)
            table.style = document.styles["Table Grid"]
            for r, row in enumerate(item.rows):
                for c, value in enumerate(row):
                    paragraph = table.cell(r, c).paragraphs[0]
                    run = paragraph.add_run(value)
                    if r < item.header_rows:
                        run.bold = True
        else:
            document.add_paragraph(item.text, style="Normal")

    props = document.core_properties
    props.title = full_title(meta)
    props.author = meta.get("insurer") or ""
    props.last_modified_by = ""
    props.comments = "built by scripts/build_sources.py from its seed text"
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.last_printed = FIXED_DATE
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _repack_zip(buffer.getvalue())


# --------------------------------------------------------------------------- PDF

REGULAR, BOLD = "CJK", "CJK-Bold"
BODY_SIZE = 10.5
HEADING_SIZES = {1: 18, 2: 15, 3: 13}


def find_font(explicit: Optional[str]) -> str:
    for path in ([explicit] if explicit else []) + [os.environ.get("CJK_FONT", "")] + FONT_CANDIDATES:
        if path and Path(path).is_file():
            return path
    raise SystemExit("no CJK TrueType font found: apt-get install -y fonts-wqy-zenhei "
                     "(or pass --font PATH to a .ttf/.ttc with TrueType outlines)")


def register_fonts(path: str) -> None:
    """Register the font twice; the second copy is named "...-Bold" inside the PDF.

    reportlab names an embedded subset after the face's PostScript name, not the
    registered name, so the bold copy's face is renamed: its subsets then appear as
    `AAAAAA+<name>-Bold`, and a PDF reader can see weight in the font name.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    regular = TTFont(REGULAR, path, subfontIndex=0)
    bold = TTFont(BOLD, path, subfontIndex=0)
    regular.face.subfontNameX = b""
    bold.face.subfontNameX = b""
    bold.face.name = bold.face.name + b"-Bold"
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)


def _styles():
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=REGULAR, fontSize=BODY_SIZE, leading=16,
                          wordWrap="CJK", spaceAfter=5)
    listed = ParagraphStyle("list", parent=body, leftIndent=BODY_SIZE, spaceAfter=3)
    cell = ParagraphStyle("cell", parent=body, leading=14, spaceAfter=0)
    headings = {}
    for level in range(1, 7):
        size = HEADING_SIZES.get(level, 12)
        headings[level] = ParagraphStyle(f"h{level}", parent=body, fontName=BOLD, fontSize=size,
                                         leading=round(size * 1.4), spaceBefore=round(size * 0.8),
                                         spaceAfter=round(size * 0.45), keepWithNext=1)
    return body, listed, cell, headings


def _heading_flowable(text: str, style):
    """A Paragraph drawn with a thin stroke over its fill, so the single-weight font looks bold."""
    from reportlab.platypus import Paragraph

    class BoldParagraph(Paragraph):
        def draw(self):
            canvas = self.canv
            canvas.saveState()
            canvas.setLineWidth(style.fontSize / 40)
            canvas._code.append("2 Tr")  # text render mode: fill, then stroke
            Paragraph.draw(self)
            canvas.restoreState()

    return BoldParagraph(escape(text), style)


def _column_widths(rows: list[list[str]], available: float) -> list[float]:
    """Share the width by each column's natural width; narrow columns keep theirs."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    ncols = max(len(r) for r in rows)
    pad = 8
    natural = [max(stringWidth(r[c], REGULAR, BODY_SIZE) if c < len(r) else 0 for r in rows) + pad
               for c in range(ncols)]
    natural = [max(n, BODY_SIZE * 2 + pad) for n in natural]
    widths: list[Optional[float]] = [None] * ncols
    remaining, open_cols = available, list(range(ncols))
    while open_cols:
        share = remaining / len(open_cols)
        narrow = [c for c in open_cols if natural[c] <= share]
        if not narrow:
            for c in open_cols:
                widths[c] = share
            break
        for c in narrow:
            widths[c] = natural[c]
            remaining -= natural[c]
        open_cols = [c for c in open_cols if c not in narrow]
    total = sum(widths)
    return [w * available / total for w in widths]


def build_pdf(items: list[Item], meta: dict, font_path: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_fonts(font_path)
    body, listed, cell, headings = _styles()
    margin = 2 * cm
    header = short_name(meta)

    def decorate(canvas, doc):
        canvas.saveState()
        width, height = A4
        canvas.setFont(REGULAR, 9)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(margin, height - 1.3 * cm, header)
        canvas.drawCentredString(width / 2, 1.2 * cm, f"- {doc.page} -")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin,
                            topMargin=margin, bottomMargin=margin, title=full_title(meta),
                            author=meta.get("insurer") or "", subject=meta["title"],
                            creator="scripts/build_sources.py", invariant=1,
                            initialFontName=REGULAR, initialFontSize=BODY_SIZE)
    story = []
    for item in items:
        if item.kind == "heading":
            story.append(_heading_flowable(item.text, headings[min(max(item.level, 1), 6)]))
        elif item.kind == "list_item":
            story.append(Paragraph(escape(item.text), listed))
        elif item.kind == "table":
            data = [[Paragraph(escape(v), cell) for v in row] for row in item.rows]
            table = Table(data, colWidths=_column_widths(item.rows, doc.width), repeatRows=0,
                          splitByRow=1, hAlign="LEFT")
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                     ("FONT", (0, 0), (-1, -1), REGULAR, BODY_SIZE),
                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                     ("LEFTPADDING", (0, 0), (-1, -1), 4),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                     ("TOPPADDING", (0, 0), (-1, -1), 2),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
            if item.header_rows:
                style.append(("BACKGROUND", (0, 0), (-1, item.header_rows - 1),
                              colors.HexColor("#e6e6e6")))
            table.setStyle(TableStyle(style))
            story.extend([Spacer(1, 3), table, Spacer(1, 6)])
        else:
            story.append(Paragraph(escape(item.text), body))
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def verify_pdf(path: Path, doc, meta: dict) -> tuple[int, float]:
    """Check extraction, fonts and similarity; return the page count and similarity.

    pdfplumber must find every heading, every font must be embedded, headings must use
    the "-Bold" font, and the extracted text (less running header and page numbers) must
    be at least 99 % similar to the seed's text, whitespace removed.
    """
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    header = compact(short_name(meta))
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
        texts, fontnames, unembedded = [], set(), set()
        for number, page in enumerate(pdf.pages, start=1):
            lines = (page.extract_text() or "").split("\n")
            if lines and compact(lines[0]) == header:
                lines = lines[1:]
            if lines and compact(lines[-1]) == f"-{number}-":
                lines = lines[:-1]
            texts.append("\n".join(lines))
            fontnames.update(c["fontname"] for c in page.chars)
            for font in resolve1(page.page_obj.resources.get("Font", {})).values():
                font = resolve1(font)
                descriptor = resolve1(font.get("FontDescriptor"))
                if not descriptor or not any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3")):
                    unembedded.add(str(resolve1(font.get("BaseFont"))))
    extracted = compact("\n".join(texts))
    missing = [b.text for b in doc.blocks if b.kind == "heading" and compact(b.text) not in extracted]
    if missing:
        raise SystemExit(f"{path}: headings not extracted by pdfplumber: {missing[:5]}")
    if unembedded:
        raise SystemExit(f"{path}: fonts not embedded: {sorted(unembedded)}")
    if not any("Bold" in name for name in fontnames):
        raise SystemExit(f"{path}: no bold-named font for headings (fonts: {sorted(fontnames)})")
    ratio = SequenceMatcher(None, compact(doc.text), extracted, autojunk=False).ratio()
    if ratio < 0.99:
        raise SystemExit(f"{path}: extracted text is only {ratio:.4f} similar to the seed")
    return pages, ratio


# --------------------------------------------------------------------------- main

def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "sources"), help="output folder (sources)")
    parser.add_argument("--seeds", default=str(ROOT / "tests" / "data" / "seeds"),
                        help="folder of seed .txt files (tests/data/seeds)")
    parser.add_argument("--font", default=None, help="CJK TrueType font (.ttf/.ttc) for the PDFs")
    args = parser.parse_args(argv)

    out, seeds = Path(args.out), Path(args.seeds)
    out.mkdir(parents=True, exist_ok=True)
    seed_files = {p.stem: p for p in seeds.glob("*.txt")}
    unknown = sorted(set(seed_files) - set(SOURCES))
    absent = sorted(set(SOURCES) - set(seed_files))
    if unknown or absent:
        raise SystemExit(f"seed/metadata mismatch: no metadata for {unknown}, no seed for {absent}")
    font_path = find_font(args.font) if any(m["format"] == "pdf" for m in SOURCES.values()) else ""

    manifest = []
    for stem in sorted(SOURCES):
        meta = SOURCES[stem]
        doc = TextReader().read(seed_files[stem])
        items = plan(doc)
        target = out / f"{stem}.{meta['format']}"
        pages, ratio = None, None
        if meta["format"] == "pdf":
            target.write_bytes(build_pdf(items, meta, font_path))
            pages, ratio = verify_pdf(target, doc, meta)
        else:
            target.write_bytes(build_docx(items, meta))
        manifest.append({"file": target.name, "seed": seed_files[stem].name,
                         "format": meta["format"], "insurer": meta["insurer"],
                         "product": meta["product"], "edition": meta["edition"],
                         "title": meta["title"], "pages": pages})
        tables = sum(1 for it in items if it.kind == "table")
        detail = f"{pages} pages, text {ratio:.2%} like the seed, " if pages else ""
        print(f"wrote {_shown(target)} ({meta['format']}, {detail}{len(items)} items, {tables} tables, "
              f"{target.stat().st_size} bytes)")
    manifest_path = out / "manifest.json"
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    print(f"wrote {_shown(manifest_path)} ({len(manifest)} sources)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
