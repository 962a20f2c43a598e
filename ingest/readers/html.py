"""Web pages saved as HTML (a CMS article, a browser's "save page"), in any encoding the
text reader accepts.

The markup says what a plain-text copy loses: `<h1>`–`<h6>` are headings, a paragraph set
all in `<strong>`/`<b>` is a bold title, `<li>` a list item, `<tr>`/`<td>` a table row and
its cells, `<br>` a line break. Scripts, styles, the `<head>` and comments are no text;
entities are decoded (`&nbsp;`, `&ldquo;`). The page is written out as Markdown-like lines
and laid out by the same text layout as a plain-text handbook, so its headings, tables and
lists become blocks the same way. Rows a CMS left outside `<tr>` (tab-separated text
inside a `<table>`) stay rows.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ..errors import EmptyFileError
from ..model import Document
from ..textnorm import join_lines
from .base import Reader
from .text import decode_text, text_document

_BLOCKS = {"p", "div", "section", "article", "header", "footer", "nav", "aside", "main", "ul",
           "ol", "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption", "form",
           "address", "hr", "caption", "center", "fieldset", "details", "summary", "body"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_HIDDEN = {"script", "style", "head", "noscript", "template", "svg", "iframe", "object", "select"}
_BOLD = {"strong", "b"}
_CELLS = {"td", "th"}
_SPACE = re.compile(r"[ \t\r\n\f]+")
_MARKUP = re.compile(rb"<(?:p|div|table|tr|td|li|h[1-6]|body|section|article)\b", re.I)
_TAG_COUNT = 5  # a text opening with a tag and this many block tags in its first bytes is HTML


class _Page(HTMLParser):
    """Collects the page's lines: a line is text up to the next block boundary."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._text: list[tuple[str, bool]] = []  # (text, bold) pieces of the open line
        self._hidden = 0
        self._bold = 0
        self._heading = 0
        self._items: list[str] = []  # open list kinds, "ul"/"ol"
        self._item = False
        self._rows: list[list[str]] | None = None  # the open table's rows
        self._cell: list[str] | None = None
        self._loose: list[str] = []  # text inside a table but outside its cells

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif self._hidden:
            return
        elif tag in _BOLD:
            self._bold += 1
        elif tag == "br":
            if self._cell is not None:
                self._cell.append("\n")
            else:
                self._flush()
        elif tag == "table":
            self._flush()
            self._rows = []
        elif tag == "tr" and self._rows is not None:
            self._loose_rows()
            self._rows.append([])
        elif tag in _CELLS and self._rows is not None:
            if not self._rows:
                self._rows.append([])
            self._cell = []
        elif tag in _HEADINGS:
            self._flush()
            self._heading = _HEADINGS[tag]
        elif tag == "li":
            self._flush()
            self._item = True
        elif tag in ("ul", "ol"):
            self._flush()
            self._items.append(tag)
        elif tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif self._hidden:
            return
        elif tag in _BOLD:
            self._bold = max(0, self._bold - 1)
        elif tag in _CELLS and self._cell is not None and self._rows is not None:
            cell = "".join(self._cell)
            self._rows[-1].append(join_lines(
                [part for part in (_SPACE.sub(" ", line).strip() for line in cell.split("\n")) if part]))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self._loose_rows()
            self.lines += ["\t".join(row) for row in self._rows if any(row)] + [""]
            self._rows = None
        elif tag in _HEADINGS:
            self._flush()
            self._heading = 0
        elif tag == "li":
            self._flush()
            self._item = False
        elif tag in ("ul", "ol") and self._items:
            self._flush()
            self._items.pop()
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._rows is not None:
            self._loose.append(data)
        else:
            self._text.append((data, self._bold > 0))

    def _loose_rows(self) -> None:
        """Tab-separated lines a CMS left between a table's rows are rows of it."""
        if self._rows is None:
            return
        for line in "".join(self._loose).split("\n"):
            if "\t" in line and line.strip():
                self._rows.append([cell.strip() for cell in line.strip().split("\t")])
        self._loose = []

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(piece for piece, _ in self._text)).strip()
        filled = [is_bold for piece, is_bold in self._text if piece.strip()]
        all_bold = bool(filled) and all(filled)
        self._text = []
        if not text:
            return
        if self._heading:
            text = "#" * self._heading + " " + text
        elif all_bold:
            text = f"**{text}**"
        elif self._item and self._items and self._items[-1] == "ul":
            text = "• " + text
        self.lines += [text, ""]

    def close(self) -> None:
        super().close()
        self._flush()


def page_lines(html: str) -> list[str]:
    """The lines a page of HTML reads as (headings marked `#`, bold titles `**…**`)."""
    page = _Page()
    page.feed(html)
    page.close()
    return page.lines


class HtmlReader(Reader):
    format = "html"

    @classmethod
    def is_valid(cls, head: bytes) -> bool:
        """A page that says it is HTML (`<!DOCTYPE html>`, `<html>`), or opens with a tag and
        is full of block tags (a CMS fragment); Markdown with a `<br>` in its tables is not."""
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
        if start.startswith((b"<!doctype html", b"<html", b"<?xml")):
            return b"<html" in head.lower()
        return start.startswith(b"<") and len(_MARKUP.findall(head)) >= _TAG_COUNT

    def read(self, path: Path) -> Document:
        html, _ = decode_text(path.read_bytes(), str(path))
        lines = page_lines(html)
        if not any(line.strip() for line in lines):
            raise EmptyFileError("is an HTML page without text", str(path))
        return text_document(lines, path, self.format)
