"""Plain text and Markdown handbooks, in whatever encoding they arrive."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import EmptyFileError, EncodingError
from ..model import Document
from ..textnorm import normalize_line
from .base import DocumentBuilder, Reader, source_info
from .layout import Line, add_lines

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16")]
_INLINE_MARKUP = re.compile(r"\*\*|__|</?(?:b|strong|em|i|u)>", re.I)
_BOLD_LEAD = re.compile(r"^\s*(?:\*\*|__|<(?:b|strong)>)(.+?)(?:\*\*|__|</(?:b|strong)>)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


_PLAUSIBLE = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\s“”‘’—…·]")


def _plausible(text: str) -> bool:
    """Real handbook text is almost all CJK, ASCII and common punctuation."""
    return bool(text) and len(_PLAUSIBLE.findall(text)) >= 0.95 * len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: accept it only when it decodes to plausible text."""
    if len(data) < 4 or len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text
    return None


def decode_text(data: bytes, path: str = "") -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16/32 or GB18030; never guess silently.

    Returns (text, encoding). Raises EncodingError when no encoding reads the bytes cleanly.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise EncodingError(f"starts with a {encoding} byte-order mark but is not valid "
                                    f"{encoding} (byte {exc.start})", path) from None
    try:
        text = data.decode("utf-8")
        if len(_CONTROL.findall(text)) <= max(2, len(text) // 1000):
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    text = _utf16_without_bom(data)
    if text is not None:
        return text, "utf-16"
    try:
        text = data.decode("gb18030")
        if _plausible(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    raise EncodingError("is not readable text in UTF-8, UTF-16 or GB18030 "
                        "(binary data or a broken encoding)", path)


class TextReader(Reader):
    format = "text"

    @classmethod
    def supported_formats(cls) -> tuple[str, ...]:
        return ("text", "markdown")

    @classmethod
    def is_valid(cls, head: bytes) -> bool:
        """Whether the first bytes decode as text; the sample may end inside a character."""
        for cut in range(4):
            try:
                decode_text(head[: len(head) - cut] if cut else head)
                return True
            except EncodingError:
                continue
        return False

    def read(self, path: Path) -> Document:
        text, encoding = decode_text(path.read_bytes(), str(path))
        builder = DocumentBuilder()
        raws = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        lines = [Line(normalize_line(_INLINE_MARKUP.sub("", raw))) for raw in raws]
        add_lines(builder, lines)
        if not builder.blocks:  # e.g. only a byte-order mark and blank lines
            raise EmptyFileError("is empty (no text once decoded)", str(path))
        doc = builder.build(source_info(path, self.format))
        _mark_bold_leads(doc, raws)
        return doc


def _mark_bold_leads(doc, raws: list[str]) -> None:
    """`**视频问诊**：…`: the markup is dropped from the text, but a block that opens in bold
    keeps the length of its bold words, so a bold lead-in can still be told for a title."""
    leads = {}
    for raw in raws:
        m = _BOLD_LEAD.match(raw)
        if m:
            line = normalize_line(_INLINE_MARKUP.sub("", raw)).strip()
            leads.setdefault(line, len(normalize_line(_INLINE_MARKUP.sub("", m.group(1))).strip()))
    if not leads:
        return
    for block in doc.blocks:
        if block.kind == "table":
            continue
        for line, length in leads.items():
            if block.text.startswith(line):
                block.emphasis = length
                break
