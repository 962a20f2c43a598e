#!/usr/bin/env python3
"""Render every keyed handbook through the tools real handbooks come from: the producer matrix.

The readers were tested only on files from one producer (scripts/build_sources.py). This
script renders each keyed handbook of tests/data (the seeds and the devset, 15 in all)
through Chromium print-to-PDF, LibreOffice, python-docx with Word numbering, pandoc and
python-docx with direct formatting only, into tests/data/producers/<producer>/, with a
manifest naming the producer, its version and the sha256 of the source text. Tests then
compare each twin's catalog with its text's catalog against the same key, and need none
of these tools.

The structure comes from the project's reader of the source (text, or HTML for a saved
page), used only for the line structure
(heading with its level, paragraph, list item, table rows; `build_sources.plan`). Nothing
is added or dropped, with one exception per producer that real files have too: running
headers, footers and page numbers on PDFs.

Producers:
  chromium            semantic HTML (h1–h6, p, ul/li, table) printed by Chromium, one column,
                      a `position: fixed` running title and a page-number footer
  chromium-2col       the same in two columns (CSS `columns: 2`)
  chromium-hf         one column with Chromium's own date/title header and URL/page footer
  docx-numbering      python-docx: heading styles; Word auto-numbering (numPr into
                      numbering.xml: `一、`, `1.`, `（1）`, bullets) instead of typed numbers;
                      a caption as a merged first table row; header rows repeated (tblHeader);
                      a different first-page header
  docx-direct         python-docx with direct formatting only: every paragraph Normal, titles
                      bold and larger, numbers typed
  pandoc              pandoc Markdown → DOCX (its own styles and list numbering)
  libreoffice         `soffice --convert-to pdf` of docx-numbering
  libreoffice-direct  `soffice --convert-to pdf` of docx-direct

Usage:
    python scripts/build_producers.py [--out tests/data/producers] [--only PRODUCER ...]

Needs (Debian): chromium, libreoffice-writer-nogui, pandoc, fonts-noto-cjk; and Playwright
(a dev dependency) to drive /usr/bin/chromium. Deterministic where the producer allows:
DOCX members carry fixed timestamps and core properties, pandoc runs with
SOURCE_DATE_EPOCH, and PDF dates and IDs are overwritten in place (same length, so the
cross-reference offsets stay valid). Only chromium-hf differs between days: Chromium
prints today's date in its header, as it does for everybody.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "scripts"):
    if str(path) not in sys.path:  # run from a checkout without installing the package
        sys.path.insert(0, str(path))

from build_sources import FIXED_DATE, Item, _repack_zip, _set_east_asian_font, a4_document, plan  # noqa: E402
from ingest.readers import read_document  # noqa: E402

DATA = ROOT / "tests" / "data"
KEYED = [(DATA / "seeds", DATA / "gold"), (DATA / "devset" / "texts", DATA / "devset" / "gold")]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
BASE_URL = "https://handbooks.example.com/"  # served by Playwright itself, nothing fetched
CJK_FONT = "WenQuanYi Zen Hei"  # the smallest subsets of the Debian CJK fonts
# Skia embeds the whole 16 MB WenQuanYi file once a subset passes about 900 glyphs; a
# handbook with more characters than SPLIT_CHARS has the same design split over two faces
# of the collection by code point (a web font face embeds larger, so only then).
SPLIT_CHARS = 800
TWO_FACES = f"""
@font-face {{ font-family: "{CJK_FONT} Split"; src: local("{CJK_FONT}");
             unicode-range: U+0000-6BFF; }}
@font-face {{ font-family: "{CJK_FONT} Split"; src: local("{CJK_FONT} Sharp");
             unicode-range: U+6C00-FFFF; }}
body {{ font-family: "{CJK_FONT} Split", sans-serif; }}
"""
FONT = f'"{CJK_FONT}", sans-serif'
SOURCE_DATE_EPOCH = "1704067200"  # 2024-01-01, the date build_sources.py fixes too
HEADING_PT = {1: 18, 2: 15, 3: 13}
BODY_PT = 10.5
CAPTION = re.compile(r"清单|列表|名单|一览|范围|对照|明细|表$")
MAX_CAPTION = 24


@dataclass
class Handbook:
    stem: str
    source: Path
    title: str
    items: list[Item]


def handbooks() -> list[Handbook]:
    """Every keyed text handbook, with its rendering plan and a title for running headers."""
    found = []
    for texts, gold in KEYED:
        for key in sorted(gold.glob("*.json")):
            source = texts / f"{key.stem}.txt"
            doc = read_document(source)  # a page saved as HTML is read from its markup
            title = next((b.text for b in doc.blocks if b.kind == "heading"), key.stem)
            found.append(Handbook(key.stem, source, title, plan(doc)))
    return found


def caption_of(items: list[Item], i: int) -> bool:
    """Whether item i is a short table title standing right before a table."""
    item = items[i]
    return (item.kind == "paragraph" and i + 1 < len(items) and items[i + 1].kind == "table"
            and len(item.text) <= MAX_CAPTION and bool(CAPTION.search(item.text))
            and max(len(r) for r in items[i + 1].rows) >= 2)


# --------------------------------------------------------------------------- HTML → PDF

CSS = f"""
@page {{ size: A4; margin: 24mm 18mm 20mm 18mm; }}
body {{ font-family: {FONT}; font-size: {BODY_PT}pt; line-height: 1.6; margin: 0; }}
h1 {{ font-size: 18pt; }} h2 {{ font-size: 15pt; }} h3 {{ font-size: 13pt; }}
h4, h5, h6 {{ font-size: 11.5pt; }}
h1, h2, h3, h4, h5, h6 {{ margin: 0.8em 0 0.4em; break-after: avoid; }}
p {{ margin: 0 0 0.5em; }}
ul.plain {{ list-style: none; padding-left: 1em; margin: 0 0 0.5em; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; }}
th, td {{ border: 0.5pt solid #000; padding: 2pt 4pt; vertical-align: top; text-align: left; }}
th {{ background: #e6e6e6; }}
"""
RUNNING_CSS = f"""
.running {{ position: fixed; top: -16mm; left: 0; right: 0; font-size: 9pt; color: #555;
           border-bottom: 0.5pt solid #999; }}
@page {{ @bottom-center {{ content: "第 " counter(page) " 页 共 " counter(pages) " 页";
                         font-family: {FONT}; font-size: 9pt; color: #555; }} }}
"""
TWO_COLUMNS = "main { columns: 2; column-gap: 8mm; } table { font-size: 9pt; }"


def to_html(book: Handbook, running: bool, columns: int) -> str:
    """Semantic HTML of the plan; list items keep their typed markers (list-style: none)."""
    esc = html.escape
    out, open_list = [], False
    items = book.items
    for i, item in enumerate(items):
        if open_list and item.kind != "list_item":
            out.append("</ul>")
            open_list = False
        if item.kind == "heading":
            level = min(max(item.level or 1, 1), 6)
            out.append(f"<h{level}>{esc(item.text)}</h{level}>")
        elif item.kind == "list_item":
            if not open_list:
                out.append('<ul class="plain">')
                open_list = True
            out.append(f"<li>{esc(item.text)}</li>")
        elif item.kind == "table":
            caption = f"<caption>{esc(items[i - 1].text)}</caption>" if i and caption_of(items, i - 1) else ""
            head = item.rows[:item.header_rows]
            body = item.rows[item.header_rows:]
            rows = [f"<tr>{''.join(f'<th>{esc(c)}</th>' for c in r)}</tr>" for r in head]
            out.append(f"<table>{caption}"
                       + (f"<thead>{''.join(rows)}</thead>" if rows else "")
                       + "<tbody>" + "".join(f"<tr>{''.join(f'<td>{esc(c)}</td>' for c in r)}</tr>"
                                             for r in body) + "</tbody></table>")
        elif not caption_of(items, i):
            out.append(f"<p>{esc(item.text)}</p>")
    if open_list:
        out.append("</ul>")
    characters = {c for item in items for c in item.text + "".join(map("".join, item.rows))}
    css = CSS + (TWO_FACES if len(characters) > SPLIT_CHARS else "") + (
        RUNNING_CSS if running else "") + (TWO_COLUMNS if columns == 2 else "")
    header = f'<div class="running">{esc(book.title)}</div>' if running else ""
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{esc(book.title)}</title><style>{css}</style></head>"
            f"<body>{header}<main>{''.join(out)}</main></body></html>")


CHROMIUM_VARIANTS = {
    "chromium": dict(running=True, columns=1, header_footer=False),
    "chromium-2col": dict(running=True, columns=2, header_footer=False),
    "chromium-hf": dict(running=False, columns=1, header_footer=True),
}


def print_pdfs(jobs: list[tuple[str, Handbook, Path]]) -> None:
    """Print each (variant, handbook, target) with one headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        pages: dict[str, str] = {}
        page.route(f"{BASE_URL}**", lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8",
            body=pages[route.request.url]))
        for variant, book, target in jobs:
            options = CHROMIUM_VARIANTS[variant]
            url = f"{BASE_URL}{book.stem}.html"
            pages[url] = to_html(book, options["running"], options["columns"])
            page.goto(url)
            page.evaluate("document.fonts.ready")
            margins = {"top": "24mm", "bottom": "20mm", "left": "18mm", "right": "18mm"}
            data = page.pdf(format="A4", print_background=True, prefer_css_page_size=True,
                            display_header_footer=options["header_footer"], margin=margins)
            target.write_bytes(fix_pdf_metadata(data))
        browser.close()


_PDF_DATE = re.compile(rb"D:\d{14}")
_XMP_DATE = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\]")
_HEX = re.compile(rb"<[0-9A-Fa-f]+>")
_XMP_UUID = re.compile(rb"uuid:[0-9a-fA-F\-]{36}")
_CHECKSUM = re.compile(rb"/DocChecksum /[0-9A-F]{32}")  # LibreOffice's, over the dated bytes


def fix_pdf_metadata(data: bytes) -> bytes:
    """Fixed dates (builds run in UTC) and IDs, each written over the old bytes with the
    same length, so the cross-reference offsets stay valid."""
    data = _PDF_DATE.sub(b"D:20240101000000", data)
    data = _XMP_DATE.sub(b"2024-01-01T00:00:00", data)
    data = _PDF_ID.sub(lambda m: _HEX.sub(lambda h: b"<" + b"0" * (len(h.group(0)) - 2) + b">",
                                          m.group(0)), data)
    data = _CHECKSUM.sub(b"/DocChecksum /" + b"0" * 32, data)
    return _XMP_UUID.sub(b"uuid:00000000-0000-0000-0000-000000000000", data)


# --------------------------------------------------------------------------- DOCX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Typed numbers Word would have made: (pattern, Word number format, level text).
NUMBER_FORMATS = [
    (re.compile(r"^([一二三四五六七八九十]+)、\s*"), "chineseCounting", "%1、"),
    (re.compile(r"^（([一二三四五六七八九十]+)）\s*"), "chineseCounting", "（%1）"),
    (re.compile(r"^\((\d{1,2})\)\s*"), "decimal", "(%1)"),
    (re.compile(r"^（(\d{1,2})）\s*"), "decimal", "（%1）"),
    (re.compile(r"^(\d{1,2})、\s*"), "decimal", "%1、"),
    (re.compile(r"^(\d{1,2})\)\s*"), "decimal", "%1)"),
    (re.compile(r"^(\d{1,2})\.(?!\d)\s*"), "decimal", "%1."),
    (re.compile(r"^([a-z])\.\s*"), "lowerLetter", "%1."),
    (re.compile(r"^([①-⑳])\s*"), "decimalEnclosedCircle", "%1"),
    (re.compile(r"^([●■◆•·])\s*"), "bullet", None),
]
_CHINESE = "一二三四五六七八九"


def chinese_number(text: str) -> int:
    """一 … 九十九, as Word's chineseCounting writes them."""
    if "十" not in text:
        return _CHINESE.index(text) + 1
    tens, _, units = text.partition("十")
    return (_CHINESE.index(tens) + 1 if tens else 1) * 10 + (_CHINESE.index(units) + 1 if units else 0)


def typed_number(text: str) -> Optional[tuple[str, str, int, str, str]]:
    """(number format, level text, value, suffix, rest) of a typed list number, else None."""
    for pattern, fmt, level_text in NUMBER_FORMATS:
        m = pattern.match(text)
        if not m or not text[m.end():].strip():
            continue
        token = m.group(1)
        value = {"chineseCounting": chinese_number, "decimal": int,
                 "lowerLetter": lambda t: ord(t) - 96,
                 "decimalEnclosedCircle": lambda t: ord(t) - 0x245F,
                 "bullet": lambda t: 1}[fmt](token)
        suffix = "space" if m.group(0) != m.group(0).rstrip() else "nothing"
        return fmt, level_text or token, value, suffix, text[m.end():]
    return None


class Numbering:
    """Lists in numbering.xml: a typed number continues the open list of its kind when it
    is the next number, else starts a new list at its value (one abstractNum per list)."""

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        self.open: dict[tuple[str, str, str], tuple[int, int]] = {}  # kind -> (numId, last)
        self.next_id = 1000

    def num_id(self, fmt: str, level_text: str, value: int, suffix: str) -> int:
        kind = (fmt, level_text, suffix)
        num_id, last = self.open.get(kind, (None, None))
        if num_id is None or (fmt != "bullet" and value != last + 1):
            num_id = self._new_list(fmt, level_text, value, suffix)
        self.open[kind] = (num_id, value)
        return num_id

    def _new_list(self, fmt: str, level_text: str, start: int, suffix: str) -> int:
        from docx.oxml import parse_xml

        self.next_id += 1
        ident = self.next_id
        abstract = parse_xml(
            f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{ident}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{html.escape(level_text)}"/>'
            '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr>'
            "</w:lvl></w:abstractNum>")
        first_num = self.root.find(f"{{{W}}}num")
        if first_num is None:
            self.root.append(abstract)
        else:
            first_num.addprevious(abstract)
        self.root.append(parse_xml(f'<w:num xmlns:w="{W}" w:numId="{ident}">'
                                   f'<w:abstractNumId w:val="{ident}"/></w:num>'))
        return ident


def _new_document(title: str):
    document = a4_document(BODY_PT, CJK_FONT)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, "", ""
    props.comments = "built by scripts/build_producers.py from its text"
    props.created = props.modified = props.last_printed = FIXED_DATE
    props.revision = 1
    return document


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return _repack_zip(buffer.getvalue())


def _table(document, rows: list[list[str]], header_rows: int, caption: Optional[str] = None,
           bold_header: bool = True):
    """A gridded table; a caption becomes a first row merged across the width."""
    from docx.oxml import parse_xml

    ncols = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows) + bool(caption), cols=ncols)
    table.style = document.styles["Table Grid"]
    offset = 0
    if caption:
        merged = table.cell(0, 0).merge(table.cell(0, ncols - 1))
        merged.paragraphs[0].add_run(caption).bold = True
        offset = 1
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r + offset, c).paragraphs[0].add_run(value).bold = (
                bold_header and r < header_rows)
        if r < header_rows:
            table.rows[r + offset]._tr.get_or_add_trPr().append(
                parse_xml(f'<w:tblHeader xmlns:w="{W}"/>'))
    return table


def build_docx_numbering(book: Handbook) -> bytes:
    """Heading styles, Word numbering instead of typed numbers, caption rows, tblHeader,
    and a first page whose header differs from the others'."""
    from docx.oxml import parse_xml

    document = _new_document(book.title)
    for level in range(1, 7):
        _set_east_asian_font(document.styles[f"Heading {level}"], CJK_FONT)
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = book.title
    section.header.paragraphs[0].text = book.title
    numbering = Numbering(document)
    items = book.items
    for i, item in enumerate(items):
        if item.kind == "table":
            caption = items[i - 1].text if i and caption_of(items, i - 1) else None
            _table(document, item.rows, item.header_rows, caption)
            continue
        if caption_of(items, i):
            continue
        style = {"heading": f"Heading {min(max(item.level or 1, 1), 6)}",
                 "list_item": "List Paragraph"}.get(item.kind, "Normal")
        number = typed_number(item.text) if item.kind in ("heading", "list_item") else None
        paragraph = document.add_paragraph(number[4] if number else item.text, style=style)
        if number:
            fmt, level_text, value, suffix, _ = number
            num_id = numbering.num_id(fmt, level_text, value, suffix)
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return _save(document)


def build_docx_direct(book: Handbook) -> bytes:
    """Every paragraph in the Normal style; titles only bold and larger; numbers typed."""
    from docx.shared import Pt

    document = _new_document(book.title)
    for item in book.items:
        if item.kind == "table":
            _table(document, item.rows, item.header_rows)
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(item.text)
        if item.kind == "heading":
            run.bold = True
            run.font.size = Pt(HEADING_PT.get(item.level or 1, 12))
    return _save(document)


# --------------------------------------------------------------------------- pandoc

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^$])")
_MD_LINE_START = re.compile(r"^(\d+|[a-zA-Z]|[IVXLC]+)([.)])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_markdown(book: Handbook) -> str:
    """Markdown an author would write: `#` titles, `1.`/`(1)` lists, `-` bullets, pipe
    tables; other text escaped so pandoc keeps it as typed."""
    out = []
    for item in book.items:
        if item.kind == "heading":
            out.append("#" * min(max(item.level or 1, 1), 6) + " " + md_escape(item.text))
        elif item.kind == "table":
            width = max(len(r) for r in item.rows)
            rows = [r + [""] * (width - len(r)) for r in item.rows]
            head = rows[0] if item.header_rows else [""] * width
            body = rows[1:] if item.header_rows else rows
            line = lambda cells: "| " + " | ".join(md_escape(c) or " " for c in cells) + " |"
            out.append("\n".join([line(head), "|" + "---|" * width] + [line(r) for r in body]))
        elif item.kind == "list_item" and re.match(r"^(\d{1,2}[.)]|\(\d{1,2}\))\s", item.text):
            out.append(item.text.split(None, 1)[0] + " " + md_escape(item.text.split(None, 1)[1]))
        else:
            out.append(_MD_LINE_START.sub(r"\1\\\2", md_escape(item.text)))
    return "\n\n".join(out) + "\n"


def build_pandoc(book: Handbook) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.md", Path(tmp) / "out.docx"
        source.write_text(to_markdown(book), encoding="utf-8")
        subprocess.run(["pandoc", "-f", "markdown-smart", "-t", "docx", "-o", str(target),
                        "--metadata", f"title-meta={book.title}", str(source)], check=True,
                       env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
        return _repack_zip(target.read_bytes())


# --------------------------------------------------------------------------- LibreOffice

def soffice_to_pdf(docx_files: list[Path], out_dir: Path) -> None:
    """One headless LibreOffice converts every file, with a throwaway profile."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir),
                        *map(str, docx_files)], check=True, capture_output=True, timeout=900)
    for pdf in out_dir.glob("*.pdf"):
        pdf.write_bytes(fix_pdf_metadata(pdf.read_bytes()))


# --------------------------------------------------------------------------- main

DOCX_BUILDERS = {"docx-numbering": build_docx_numbering, "docx-direct": build_docx_direct,
                 "pandoc": build_pandoc}
LIBREOFFICE_FROM = {"libreoffice": "docx-numbering", "libreoffice-direct": "docx-direct"}
PRODUCERS = [*CHROMIUM_VARIANTS, *DOCX_BUILDERS, *LIBREOFFICE_FROM]


def tool_versions() -> dict[str, str]:
    import docx
    from importlib.metadata import version

    def first_line(*command: str) -> str:
        result = subprocess.run(command, capture_output=True, text=True)
        return (result.stdout or result.stderr).strip().splitlines()[0]

    chromium = first_line(CHROMIUM, "--version")
    python_docx = f"python-docx {version('python-docx')}"
    soffice = first_line("soffice", "--version")
    return {"chromium": f"{chromium} via playwright {version('playwright')}",
            "chromium-2col": f"{chromium} via playwright {version('playwright')}",
            "chromium-hf": f"{chromium} via playwright {version('playwright')}",
            "docx-numbering": python_docx, "docx-direct": python_docx,
            "pandoc": first_line("pandoc", "--version"),
            "libreoffice": f"{soffice} from docx-numbering",
            "libreoffice-direct": f"{soffice} from docx-direct"}


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(DATA / "producers"))
    parser.add_argument("--only", nargs="*", choices=PRODUCERS, default=PRODUCERS)
    args = parser.parse_args(argv)
    os.environ["TZ"] = "UTC"  # PDF dates carry the zone; every tool started here inherits it
    out = Path(args.out)
    books = handbooks()
    versions = tool_versions()
    for producer in args.only:
        folder = out / producer
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for producer in [p for p in args.only if p in DOCX_BUILDERS or p in LIBREOFFICE_FROM]:
        build = DOCX_BUILDERS.get(producer) or DOCX_BUILDERS[LIBREOFFICE_FROM[producer]]
        if producer in DOCX_BUILDERS:
            for book in books:
                (out / producer / f"{book.stem}.docx").write_bytes(build(book))
        else:
            with tempfile.TemporaryDirectory() as tmp:
                inputs = []
                for book in books:
                    inputs.append(Path(tmp) / f"{book.stem}.docx")
                    inputs[-1].write_bytes(build(book))
                soffice_to_pdf(inputs, out / producer)
    jobs = [(p, book, out / p / f"{book.stem}.pdf") for p in args.only if p in CHROMIUM_VARIANTS
            for book in books]
    if jobs:
        print_pdfs(jobs)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else []
    manifest = [entry for entry in manifest if entry["producer"] not in args.only]
    for producer in args.only:
        for book in books:
            (target,) = (out / producer).glob(f"{book.stem}.*")
            manifest.append({
                "producer": producer, "file": f"{producer}/{target.name}",
                "format": target.suffix[1:], "tool": versions[producer],
                "source": str(book.source.relative_to(ROOT)),
                "source_sha256": hashlib.sha256(book.source.read_bytes()).hexdigest(),
                "size": target.stat().st_size})
        size = sum(p.stat().st_size for p in (out / producer).iterdir())
        print(f"wrote {producer}: {len(books)} files, {size // 1024} KiB")
    manifest.sort(key=lambda e: (PRODUCERS.index(e["producer"]), e["file"]))
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
